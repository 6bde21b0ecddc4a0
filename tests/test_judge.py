"""The judge that marks answers outside the student's kernel: fast checks, no kernel, no nbgrader run."""

from __future__ import annotations

from pathlib import Path

import nbformat

from coursekit.grading import judge
from coursekit.grading.capture import MIME, encode
from coursekit.grading.checks import digest
from tests.test_grade_class import MODULE, questions

ROOT = Path(__file__).resolve().parent.parent


def _record(qid, kind, value):
    return {"output_type": "display_data", "data": {MIME: {"question": qid, "answer": {"t": kind, "v": value}}}}


def test_the_judge_takes_one_well_formed_answer_and_nothing_else():
    q = next(q for q in questions() if q.type == "single")
    check = judge.Check("g", q.id, "single", "".join(q.keys), "answer_1", digest(q.id, q.answer), "")
    wrong = next(k for k in q.keys if k != q.answer)
    assert judge.verdict(check, [_record(q.id, "str", q.answer)]) == (True, "")
    assert not judge.verdict(check, [_record(q.id, "str", wrong)])[0]
    assert not judge.verdict(check, [])[0]  # nothing recorded
    both = [_record(q.id, "str", q.answer), _record(q.id, "str", wrong)]
    assert judge.verdict(check, both) == (False, "more than one answer was recorded")
    assert not judge.verdict(check, [_record("another", "str", q.answer)])[0]
    for bad in ({"t": "other", "type": "Eq"}, {"t": "str", "v": 5}, {"t": "set", "v": [{"t": "set", "v": []}]}, "a"):
        out = {"output_type": "display_data", "data": {MIME: {"question": q.id, "answer": bad}}}
        assert not judge.verdict(check, [out])[0], bad


def test_master_keys_never_reach_the_kernel():
    master = nbformat.read(ROOT / "grading" / "source" / MODULE / "quiz.ipynb", as_version=4)
    checks = {}
    for cell in master.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("grade") and meta.get("points") and cell.cell_type == "code":  # not the 0-point rubric cells
            checks[meta["grade_id"]] = judge.parse(meta["grade_id"], cell.source)
    assert checks and all(checks.values())
    sent = nbformat.from_dict(master)
    copied = next(c for c in master.cells if c.metadata.get("nbgrader", {}).get("grade_id") in checks)
    sent.cells.append(nbformat.v4.new_code_cell(copied.source))  # a test cell pasted without its metadata
    originals = judge.swap_in(sent, checks)
    text = "".join(c.source for c in sent.cells)
    assert "BEGIN HIDDEN TESTS" not in text and not any(c.key in text for c in checks.values())
    judge.mark(sent, checks, originals)
    assert [c.source for c in sent.cells] == originals


def test_captured_values_survive_the_round_trip_as_plain_data():
    class Sneaky(str):
        def __eq__(self, other):
            return True

        __hash__ = str.__hash__

    for value in ("a", True, False, ["c", "a"], {"a", "b"}, ("b",), None, 3):
        assert judge.decode(encode(value)) == value
    assert type(judge.decode(encode(Sneaky("b")))) is str  # a subclass arrives as a plain string
    assert judge.decode(encode(Sneaky("b"))) != "a"
