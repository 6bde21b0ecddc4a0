"""Item analysis of graded quizzes: how hard each question was, whether it tells stronger students
from weaker ones, and which options were chosen. Pure statistics; no student is named in the output.

The inputs are :class:`Response` records (one per student and question); :mod:`coursekit.grading.itemreport`
reads them from a graded class (gradebook scores plus the answer values in the autograded notebooks)
or simulates a class, and writes the CSV and the HTML page.

The flag thresholds are course defaults for reading the numbers, not evidence: a question is worth
a second look when it is flagged, and a flag is no verdict.
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass, field
from pathlib import Path

#: Share correct above which a question is flagged "too easy", and below which "too hard".
TOO_EASY = 0.90
TOO_HARD = 0.30
#: Below this many answers the numbers swing a lot; the row says so.
FEW = 20
#: Share of each end of the class (by total score) in the upper-lower index.
TAIL = 0.27


@dataclass(frozen=True)
class Response:
    """One student's answer to one question.

    ``chosen`` holds the option keys picked (``("true",)`` or ``("false",)`` for a true/false
    question, the order for an ordering question, empty when there was no gradable answer).
    ``score`` and ``points`` are what the marking gave and could give.
    """

    student: str
    assignment: str
    question: str
    chosen: tuple[str, ...]
    score: float
    points: float


@dataclass
class ItemStats:
    """The analysis of one question."""

    assignment: str
    question: str
    grade_id: str
    type: str
    n: int
    difficulty: float | None  # share of the points earned: 1.0 everyone right
    discrimination: float | None  # point-biserial, item score against the rest of the quiz
    upper_lower: float | None  # difficulty in the top 27% minus in the bottom 27%
    options: dict[str, int] = field(default_factory=dict)  # key -> how many chose it
    keyed: tuple[str, ...] = ()
    flags: list[str] = field(default_factory=list)


def pearson(xs: list[float], ys: list[float]) -> float | None:
    """Pearson correlation, or None when either side does not vary.

    >>> pearson([0, 0, 1, 1], [1, 2, 3, 4])
    0.894
    >>> pearson([1, 1], [1, 2]) is None
    True
    """
    n = len(xs)
    if n < 2:
        return None
    mx, my = sum(xs) / n, sum(ys) / n
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    if sxx <= 1e-12 or syy <= 1e-12:
        return None
    return round(sxy / math.sqrt(sxx * syy), 3)


def _option_counts(question, answers: list[Response]) -> dict[str, int]:
    """How many students picked each option (for ordering: put each option first)."""
    if question.type == "short":
        return {}
    counts = dict.fromkeys(question.keys, 0)
    for r in answers:
        picked = r.chosen[:1] if question.type == "ordering" else r.chosen
        for key in picked:
            if key in counts:
                counts[key] += 1
    return counts


def keyed_options(question) -> tuple[str, ...]:
    """The options the key expects to be chosen (first in order, for an ordering question)."""
    if question.type == "truefalse":
        return ("true" if question.answer else "false",)
    if question.type == "single":
        return (question.answer,)
    if question.type == "multiple":
        return tuple(question.answer)
    if question.type == "ordering":
        return (question.answer[0],)
    return ()


def flags_for(stats: ItemStats) -> list[str]:
    """Words for what stands out: too easy, too hard, negative discrimination, unused options."""
    flags = []
    if stats.n == 0:
        return ["no answers"]
    if stats.difficulty is not None and stats.difficulty > TOO_EASY:
        flags.append("too easy")
    if stats.difficulty is not None and stats.difficulty < TOO_HARD:
        flags.append("too hard")
    if stats.discrimination is not None and stats.discrimination < 0:
        flags.append("negative discrimination")
    unused = [k for k, v in stats.options.items() if v == 0]
    if unused and stats.type != "ordering":
        flags.append("option nobody chose: " + ", ".join(unused))
    if stats.n < FEW:
        flags.append(f"few answers (n={stats.n}): read with care")
    return flags


def analyse(bank: dict, responses: list[Response]) -> list[ItemStats]:
    """Statistics and flags for every question of ``bank`` from the class's ``responses``.

    Parameters
    ----------
    bank : dict
        A graded bank as :func:`coursekit.course.banks.load_bank` returns it.
    responses : list of Response
        The class's answers to this bank (other assignments are ignored).
    """
    module = bank["module"]
    mine = [r for r in responses if r.assignment == module]
    totals: dict[str, float] = {}
    for r in mine:
        totals[r.student] = totals.get(r.student, 0.0) + r.score
    ranked = sorted(totals, key=lambda s: totals[s])
    tail = max(1, int(round(len(ranked) * TAIL))) if ranked else 0
    lower, upper = set(ranked[:tail]), set(ranked[-tail:]) if tail else set()
    out = []
    for q in bank["questions"]:
        answers = [r for r in mine if r.question == q.id]
        item = [r.score / r.points if r.points else 0.0 for r in answers]
        rest = [totals[r.student] - r.score for r in answers]
        n = len(answers)

        def share(group: set, answers=answers) -> float | None:
            picked = [r.score / r.points for r in answers if r.student in group and r.points]
            return sum(picked) / len(picked) if picked else None

        hi, lo = share(upper), share(lower)
        stats = ItemStats(
            assignment=module,
            question=q.id,
            grade_id=q.grade_id,
            type=q.type,
            n=n,
            difficulty=round(sum(item) / n, 3) if n else None,
            discrimination=pearson(item, rest),
            upper_lower=round(hi - lo, 3) if hi is not None and lo is not None and len(ranked) > 1 else None,
            options=_option_counts(q, answers),
            keyed=keyed_options(q),
        )
        stats.flags = flags_for(stats)
        out.append(stats)
    return out


COLUMNS = (
    "assignment",
    "question",
    "grade_id",
    "type",
    "n",
    "difficulty",
    "discrimination",
    "upper_lower",
    "keyed",
    "option_counts",
    "flags",
)


def _fmt(value) -> str:
    return "" if value is None else f"{value:g}" if isinstance(value, float) else str(value)


def write_csv(path: Path, items: list[ItemStats]) -> None:
    """One row per question; option counts as ``a=3 b=0``; flags joined with ``; ``."""
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(COLUMNS)
        for s in items:
            writer.writerow(
                [
                    s.assignment,
                    s.question,
                    s.grade_id,
                    s.type,
                    s.n,
                    _fmt(s.difficulty),
                    _fmt(s.discrimination),
                    _fmt(s.upper_lower),
                    " ".join(s.keyed),
                    " ".join(f"{k}={v}" for k, v in s.options.items()),
                    "; ".join(s.flags),
                ]
            )
