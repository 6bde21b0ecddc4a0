"""Question banks, self-check and graded: loading and checking them (no widgets)."""

from __future__ import annotations

import functools
import re
from pathlib import Path

from .data import BANKS, QUIZZES, read_yaml, reference_ids
from .questions import TYPES, Option, Question, normalise
from .schema import ContentError, OneOf, Ref, validate

QUESTION_SPEC = {
    "id": str,
    "type": OneOf(*TYPES),
    "prompt": str,
    "?options": [{"key": str, "text": str, "?explanation": str}],
    "?answer": object,
    "explanation": str,
    "refs": [Ref],
    # graded banks only
    "?points": int,
    "?grade_id": str,
    "?rubric": [{"points": int, "criterion": str}],
    # short answers
    "?model_answer": str,
}

BANK_SPEC = {
    "module": str,
    "title": str,
    "kind": OneOf("self-check", "graded"),
    "questions": [QUESTION_SPEC],
}


# ---------------------------------------------------------------------------
# Loading banks
# ---------------------------------------------------------------------------


def load_bank(path: Path) -> dict:
    """Load a question bank (self-check or graded) and check each question's answer."""
    path = Path(path)
    data = validate(read_yaml(path), BANK_SPEC, path.name, reference_ids())
    questions = []
    grade_ids = set()
    for i, raw in enumerate(data["questions"]):
        where = f"{path.name}: questions[{i}] ({raw['id']})"
        q = _make_question(raw, where)
        if data["kind"] == "graded":
            _check_graded(q, where, grade_ids)
        elif q.type in ("single", "multiple") and not all(o.explanation for o in q.options):
            raise ContentError(f"{where}: every option of a self-check needs an explanation")
        questions.append(q)
    return {**data, "questions": tuple(questions)}


def _make_question(raw: dict, where: str) -> Question:
    qtype = raw["type"]
    options = tuple(Option(**o) for o in raw.get("options", ()))
    keys = [o.key for o in options]
    if len(set(keys)) != len(keys):
        raise ContentError(f"{where}.options: duplicate option key")
    needs_options = qtype in ("single", "multiple", "ordering")
    if needs_options and len(options) < 2:
        raise ContentError(f"{where}: a {qtype} question needs at least two options")
    if not needs_options and options:
        raise ContentError(f"{where}: a {qtype} question takes no options")
    answer = raw.get("answer")
    if qtype == "short":
        if answer is not None:
            raise ContentError(f"{where}: a short answer has no 'answer' key; use model_answer")
        if "model_answer" not in raw:
            raise ContentError(f"{where}: missing required key 'model_answer'")
    else:
        q = Question(id=raw["id"], type=qtype, prompt="", explanation="", refs=(), options=options)
        try:
            answer = normalise(q, answer)
        except ValueError as exc:
            raise ContentError(f"{where}.answer: {exc}") from None
        if qtype == "ordering":
            _check_order_is_not_printed(keys, list(answer), where)
    return Question(
        id=raw["id"],
        type=qtype,
        prompt=raw["prompt"].strip(),
        explanation=raw["explanation"].strip(),
        refs=tuple(raw["refs"]),
        options=options,
        answer=answer,
        points=raw.get("points", 0),
        grade_id=raw.get("grade_id", ""),
        rubric=tuple((r["points"], r["criterion"]) for r in raw.get("rubric", ())),
        model_answer=raw.get("model_answer", "").strip(),
    )


def _check_order_is_not_printed(printed: list[str], answer: list[str], where: str) -> None:
    """An ordering item whose key is the printed order (or its reverse) measures nothing: refuse it."""
    if len(printed) < 3:
        raise ContentError(f"{where}: an ordering question needs at least three options")
    if answer in (printed, printed[::-1]):
        raise ContentError(
            f"{where}: the answer {answer} is the order the options are printed in (or its reverse); "
            "list the options in another order so the key is not given away"
        )


def _check_graded(q: Question, where: str, grade_ids: set) -> None:
    if q.points <= 0:
        raise ContentError(f"{where}: a graded question needs 'points' above 0")
    if not re.fullmatch(r"[a-z][a-z0-9_]*", q.grade_id):
        raise ContentError(f"{where}: 'grade_id' must be snake_case, got {q.grade_id!r}")
    if q.grade_id in grade_ids:
        raise ContentError(f"{where}: duplicate grade_id {q.grade_id!r}")
    grade_ids.add(q.grade_id)
    if q.type == "short":
        if not q.rubric:
            raise ContentError(f"{where}: a graded short answer needs a 'rubric'")
        if sum(p for p, _ in q.rubric) != q.points:
            raise ContentError(f"{where}: rubric points must add up to the question's points")


@functools.cache
def load_module_bank(module: str, graded: bool = False) -> dict:
    """The self-check bank (assets/quizzes) or graded bank (grading/banks) of a module."""
    return load_bank((BANKS if graded else QUIZZES) / f"{module}.yaml")
