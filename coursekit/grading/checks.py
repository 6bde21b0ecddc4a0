"""The answer checks that run inside every graded notebook: form checks and salted digests.

Imported by each graded cell, so it stays light: the standard library and the question model only.
"""

import hashlib
from collections.abc import Iterable
from typing import Any

from coursekit.course.questions import Option, Question, normalise

FORM_HINTS = {
    "single": 'one option key in quotes, for example "a"',
    "multiple": 'a set of option keys, for example {"a", "c"}',
    "truefalse": "True or False, without quotes",
    "ordering": 'a list of every option key in order, for example ["c", "a", "b"]',
}


def digest(question_id: str, value: Any) -> str:
    """A salted fingerprint of a canonical answer, so tests can check it without showing it."""
    text = ",".join(value) if isinstance(value, tuple) else str(value).lower()
    return hashlib.sha256(f"{question_id}|{text}".encode()).hexdigest()[:20]


def check_form(qtype: str, keys: Iterable[str], response: Any) -> None:
    """Raise AssertionError in plain words if ``response`` is not of the expected form."""
    q = Question("form", qtype, "", "", (), tuple(Option(k, k) for k in keys))
    try:
        normalise(q, response)
    except ValueError as exc:
        raise AssertionError(f"Your answer should be {FORM_HINTS[qtype]}: {exc}.") from None


def check_answer(question_id: str, qtype: str, keys: Iterable[str], response: Any, expected: str) -> bool:
    """True when ``response`` matches the answer whose digest is ``expected``."""
    q = Question(question_id, qtype, "", "", (), tuple(Option(k, k) for k in keys))
    try:
        return digest(question_id, normalise(q, response)) == expected
    except ValueError:
        return False
