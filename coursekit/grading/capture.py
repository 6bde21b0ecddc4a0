"""Inside the student's kernel during autograde: hand an answer out as data, nothing more.

The marking tests are not run in the kernel. Each graded test cell is rewritten (by
:mod:`coursekit.grading.judge`, outside the sandbox) to call :func:`record`, which shows the answer
as a display output of its own MIME type. The grader reads that output and compares it with the
key in its own process. A student can break or replace this module (it runs in their kernel), but
all that wins them is a different answer of their own, which is marked like any other.

Kept to the standard library and IPython: it is imported in every graded kernel.
"""

from __future__ import annotations

MIME = "application/vnd.coursekit.answer+json"
SCALARS = (str, bool, int, float)
MAX_ITEMS = 64


def encode(value, depth: int = 0) -> dict:
    """A tagged, JSON-safe copy of an answer: plain strings, booleans, numbers and collections of them.

    >>> encode({"b", "a"})
    {'t': 'set', 'v': [{'t': 'str', 'v': 'a'}, {'t': 'str', 'v': 'b'}]}
    >>> encode(object())["t"]
    'other'
    """
    if value is None:
        return {"t": "none"}
    for kind in (bool, str, int, float):  # bool first: it is also an int
        if isinstance(value, kind):
            return {"t": kind.__name__, "v": kind(value) if kind is not bool else value is True}
    if depth == 0 and isinstance(value, list | tuple | set | frozenset) and len(value) <= MAX_ITEMS:
        items = [encode(item, 1) for item in value]
        if isinstance(value, set | frozenset):
            items.sort(key=repr)
        return {"t": type(value).__name__ if type(value) in (list, tuple, set, frozenset) else "list", "v": items}
    return {"t": "other", "type": type(value).__name__[:40]}


def record(question_id: str, value) -> None:
    """Show ``value`` to the grader as the answer to ``question_id`` (one display output, data only)."""
    from IPython.display import display

    display({MIME: {"question": str(question_id), "answer": encode(value)}}, raw=True)
