"""The question model and its pure marking, light enough for every graded notebook cell to import."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

TYPES = ("single", "multiple", "truefalse", "ordering", "short")


@dataclass(frozen=True)
class Option:
    key: str
    text: str
    explanation: str = ""


@dataclass(frozen=True)
class Question:
    """One question of any type; ``answer`` is None only for short written answers."""

    id: str
    type: str
    prompt: str
    explanation: str
    refs: tuple[str, ...]
    options: tuple[Option, ...] = ()
    answer: Any = None
    points: int = 0
    grade_id: str = ""
    rubric: tuple[tuple[int, str], ...] = ()
    model_answer: str = ""

    @property
    def keys(self) -> tuple[str, ...]:
        return ("true", "false") if self.type == "truefalse" else tuple(o.key for o in self.options)

    def option(self, key: str) -> Option:
        return next(o for o in self.options if o.key == key)


@dataclass(frozen=True)
class Result:
    """The outcome of grading one response: correct is None when nothing gradable was given."""

    correct: bool | None
    message: str
    chosen: tuple[str, ...] = ()


# ---------------------------------------------------------------------------
# Pure grading
# ---------------------------------------------------------------------------


def normalise(q: Question, response: Any) -> Any:
    """Turn a response into the canonical form for ``q``; raise ValueError saying what is expected.

    >>> q = Question("x", "multiple", "", "", (), (Option("a", "A"), Option("b", "B")))
    >>> normalise(q, {"B", " a"})
    ('a', 'b')
    >>> normalise(q, "c")
    Traceback (most recent call last):
    ...
    ValueError: 'c' is not an option; choose from a, b
    """
    if q.type == "short":
        if not isinstance(response, str) or not response.strip():
            raise ValueError("write a few sentences in words")
        return response.strip()
    if response is None or (isinstance(response, str | list | tuple | set | frozenset) and not response):
        raise ValueError("no answer given yet")
    if q.type == "truefalse":
        if isinstance(response, bool):
            return response
        if isinstance(response, str) and response.strip().lower() in ("true", "false"):
            return response.strip().lower() == "true"
        raise ValueError("answer True or False")
    if q.type == "single":
        if not isinstance(response, str):
            raise ValueError(f'give one option key in quotes, like "{q.keys[0]}"')
        return _key(q, response)
    items = _as_items(response)
    if q.type == "multiple":
        return tuple(sorted({_key(q, item) for item in items}))
    ordered = tuple(_key(q, item) for item in items)  # ordering
    if sorted(ordered) != sorted(q.keys):
        raise ValueError(f"put every option in order exactly once: {', '.join(q.keys)}")
    return ordered


def _as_items(response: Any) -> list:
    if isinstance(response, str):
        return [part for part in re.split(r"[,\s]+", response) if part]
    if isinstance(response, set | frozenset | list | tuple):
        if not all(isinstance(item, str) for item in response):
            raise ValueError('use option keys in quotes, like "a"')
        return list(response)
    raise ValueError(f"expected option keys, got {type(response).__name__}")


def _key(q: Question, item: str) -> str:
    key = item.strip().strip("\"'").lower()
    if key not in q.keys:
        raise ValueError(f"{item.strip()!r} is not an option; choose from {', '.join(q.keys)}")
    return key


def grade(q: Question, response: Any) -> Result:
    """Grade a response; never raises for odd input.

    >>> q = Question("x", "single", "", "", (), (Option("a", "A"), Option("b", "B")), answer="b")
    >>> grade(q, "B").correct, grade(q, "a").correct, grade(q, None).correct
    (True, False, None)
    """
    from .strings import text  # here, not at the top: graded notebooks import this module and need no data

    if q.type == "short":
        try:
            normalise(q, response)
        except ValueError as exc:
            return Result(None, text("course", "nothing_to_compare", problem=exc))
        return Result(None, text("course", "written_not_marked"))
    try:
        value = normalise(q, response)
    except ValueError as exc:
        return Result(None, text("course", "not_checked", problem=exc))
    chosen = (("true" if value else "false"),) if q.type == "truefalse" else (value,) if q.type == "single" else value
    if value == q.answer:
        return Result(True, text("course", "result_correct"), chosen)
    return Result(False, text("course", "result_not_quite"), chosen)
