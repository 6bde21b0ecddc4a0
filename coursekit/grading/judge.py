"""Mark graded answers in the grader's own process, never in the student's kernel.

A graded test cell in a master holds ``assert check_answer(id, type, keys, answer_N, digest)`` in
its hidden region. Before the notebook runs, :func:`swap_in` replaces that region with a call to
:func:`coursekit.grading.capture.record`, so the kernel sees neither the digest nor the check, and
strips hidden regions from every other cell. After it ran, :func:`mark` reads the one recorded
answer from each test cell's outputs, checks it against the key taken from the gradebook (the
master, not the submission), puts the original source back and leaves an error output for a wrong
answer: nbgrader's ``SaveAutoGrades`` then scores the cell as it always does.

Whatever the kernel does (redefine ``check_answer``, patch builtins, swap ``sys.modules``, print
look-alike records) it can only change which answer is recorded, never how it is marked.
"""

from __future__ import annotations

import ast
import copy
from dataclasses import dataclass

from nbformat import NotebookNode

from coursekit.course.questions import Option, Question, normalise
from coursekit.grading.capture import MIME
from coursekit.grading.checks import digest
from coursekit.grading.feedback import strip_regions

BEGIN, END = "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"
WRONG = "Not the expected answer."
RECORD = '__import__("coursekit.grading.capture", fromlist=["record"]).record({qid!r}, {expr})'


@dataclass(frozen=True)
class Check:
    """One answer check taken from a master's graded test cell."""

    grade_id: str
    question: str
    qtype: str
    keys: str
    expr: str  # the answer expression, e.g. "answer_3"
    key: str  # the salted digest of the right answer
    visible: str  # the cell's source before its hidden region (the form check)


def parse(grade_id: str, source: str) -> Check | None:
    """The check in a master test cell's source, or None when it is not a course answer check.

    >>> c = parse("q1", "check_form('single', 'ab', answer_1)\\n" + BEGIN +
    ...           "\\nassert check_answer('q1', 'single', 'ab', answer_1, 'f00'), 'no'\\n" + END)
    >>> (c.question, c.expr, c.key)
    ('q1', 'answer_1', 'f00')
    """
    if BEGIN not in source or END not in source:
        return None
    visible, _, rest = source.partition(BEGIN)
    hidden = rest.partition(END)[0]
    try:
        tree = ast.parse(hidden)
    except SyntaxError:
        return None
    asserts = [node for node in tree.body if isinstance(node, ast.Assert)]
    if len(asserts) != 1 or len(tree.body) != 1:
        return None
    call = asserts[0].test
    if not (isinstance(call, ast.Call) and getattr(call.func, "id", "") == "check_answer" and len(call.args) == 5):
        return None
    qid, qtype, keys, expr, key = call.args
    if not all(isinstance(a, ast.Constant) and isinstance(a.value, str) for a in (qid, qtype, keys, key)):
        return None
    return Check(grade_id, qid.value, qtype.value, keys.value, ast.unparse(expr), key.value, visible.rstrip("\n"))


def _grade_id(cell) -> str | None:
    return cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")


def _is_grade(cell) -> bool:
    return bool(cell.get("metadata", {}).get("nbgrader", {}).get("grade"))


def _points(cell) -> float:
    try:
        return float(cell.metadata.get("nbgrader", {}).get("points") or 0)
    except (TypeError, ValueError):
        return 0.0


def swap_in(nb: NotebookNode, checks: dict[str, Check]) -> list[str]:
    """Give the kernel only what it may run; return every cell's original source for :func:`mark`."""
    originals = [cell.source for cell in nb.cells]
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        check = checks.get(_grade_id(cell))
        if check is not None and _is_grade(cell):
            record = RECORD.format(qid=check.question, expr=check.expr)
            cell.source = f"{check.visible}\n{record}" if check.visible.strip() else record
        elif BEGIN in cell.source and not (_is_grade(cell) and _grade_id(cell) not in checks and _points(cell)):
            # A look-alike of a test cell (an edited grade flag, say) must not carry a key in, nor a
            # 0-point rubric cell its model answer (a hook in the kernel could print it into feedback).
            cell.source = strip_regions(cell.source, "# (hidden checks run outside the notebook)")
    return originals


def decode(data):
    """The Python value :func:`coursekit.grading.capture.encode` described, or ValueError."""
    if not isinstance(data, dict) or not isinstance(data.get("t"), str):
        raise ValueError("not a recorded answer")
    kind, value = data["t"], data.get("v")
    if kind == "none":
        return None
    scalars = {"str": str, "bool": bool, "int": int, "float": float}
    if kind in scalars:
        if type(value) is not scalars[kind] and not (kind == "float" and type(value) is int):
            raise ValueError("a recorded answer of the wrong type")
        if kind == "str" and len(value) > 200:
            raise ValueError("a recorded answer that is too long")
        return value
    if kind in ("list", "tuple", "set", "frozenset") and isinstance(value, list) and len(value) <= 64:
        items = []
        for item in value:
            if isinstance(item, dict) and item.get("t") in ("list", "tuple", "set", "frozenset"):
                raise ValueError("a nested collection")
            items.append(decode(item))
        return {"list": list, "tuple": tuple, "set": set, "frozenset": set}[kind](items)
    raise ValueError(f"an answer of a kind the quiz does not take ({data.get('type', kind)})")


def verdict(check: Check, outputs: list) -> tuple[bool, str]:
    """(right, why) for one test cell from the outputs its kernel produced."""
    records = [
        o for o in outputs if o.get("output_type") in ("display_data", "execute_result") and MIME in o.get("data", {})
    ]
    if not records:
        return False, "no answer was recorded"
    if len(records) > 1:
        return False, "more than one answer was recorded"
    data = records[0]["data"][MIME]
    if not isinstance(data, dict) or data.get("question") != check.question:
        return False, "the recorded answer is for another question"
    try:
        value = decode(data.get("answer"))
        q = Question(check.question, check.qtype, "", "", (), tuple(Option(k, k) for k in check.keys))
        return digest(check.question, normalise(q, value)) == check.key, ""
    except (ValueError, TypeError) as exc:
        return False, str(exc)


def _error(message: str) -> NotebookNode:
    return NotebookNode(
        output_type="error", ename="AssertionError", evalue=message, traceback=[f"AssertionError: {message}"]
    )


def mark(nb: NotebookNode, checks: dict[str, Check], originals: list[str]) -> dict[str, bool]:
    """Put the sources back and leave each judged cell's outputs as nbgrader should score them."""
    results = {}
    for cell, source in zip(nb.cells, originals, strict=True):
        cell.source = source
        check = checks.get(_grade_id(cell))
        if cell.cell_type != "code" or check is None or not _is_grade(cell):
            continue
        right, _why = verdict(check, cell.get("outputs", []))
        results[check.grade_id] = right
        kept = [copy.deepcopy(o) for o in cell.get("outputs", []) if MIME not in o.get("data", {})]
        if right:  # the mark is ours: nothing the kernel printed can take it away
            cell.outputs = [o for o in kept if o.get("output_type") != "error"]
        else:  # a form error from the visible check explains itself; otherwise say it is wrong
            cell.outputs = kept if any(o.get("output_type") == "error" for o in kept) else [*kept, _error(WRONG)]
    return results
