"""A simulated class for the item analysis: made-up answers, never real students.

Each simulated student has an ability; each question a hidden hardness (by default the same for
every question). A student who "knows" a question (more likely the abler they are) answers it
right; one who does not guesses: one option at random, a random set for a choose-all question, a
random order for an ordering question. So the report of a simulated class shows what the question
*formats* do (true/false questions are easy to guess, all-or-nothing orderings are not), not what
real learners find hard.
"""

from __future__ import annotations

import math
import random

from coursekit.grading.analysis import Response


def _guess(q, rng: random.Random):
    if q.type == "truefalse":
        return (rng.choice(("true", "false")),)
    if q.type == "single":
        return (rng.choice(q.keys),)
    if q.type == "multiple":
        picked = tuple(k for k in q.keys if rng.random() < 0.5)
        return picked or (rng.choice(q.keys),)
    order = list(q.keys)
    rng.shuffle(order)
    return tuple(order)


def _key(q) -> tuple[str, ...]:
    if q.type == "truefalse":
        return ("true" if q.answer else "false",)
    return (q.answer,) if q.type == "single" else tuple(q.answer)


def simulate(bank_list: list[dict], students: int, seed: int = 1, spread: float = 0.0) -> list[Response]:
    """Answers of ``students`` simulated students to every question of ``bank_list``.

    ``spread`` is the standard deviation of the questions' hidden hardness: 0 (the default) makes
    every question equally hard to know, so what differs between them is how easily it is guessed.

    >>> from coursekit.grading.itemreport import banks
    >>> rs = simulate(banks(["01_anatomy"]), 5, seed=3)
    >>> len({r.student for r in rs}), all(0 <= r.score <= r.points for r in rs)
    (5, True)
    """
    rng = random.Random(seed)
    ability = {f"sim{i:03d}": rng.gauss(0, 1) for i in range(students)}
    out = []
    for bank in bank_list:
        hardness = {q.id: rng.gauss(0, spread) for q in bank["questions"]}
        for student, theta in ability.items():
            for q in bank["questions"]:
                know = 1 / (1 + math.exp(-1.5 * (theta - hardness[q.id])))
                if q.type == "short":  # each rubric point earned with the chance of knowing
                    score = sum(p for p, _ in q.rubric if rng.random() < know)
                    out.append(Response(student, bank["module"], q.id, (), float(score), float(q.points)))
                    continue
                chosen = _key(q) if rng.random() < know else _guess(q, rng)
                if q.type == "multiple":
                    chosen = tuple(sorted(chosen))
                score = float(q.points) if chosen == _key(q) else 0.0
                out.append(Response(student, bank["module"], q.id, chosen, score, float(q.points)))
    return out
