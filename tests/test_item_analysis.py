"""Item analysis: a simulated class with planted patterns, and the flags that must find them."""

from __future__ import annotations

import os
import shutil
import sys
import warnings
from pathlib import Path

import nbformat
import pytest
from nbgrader.api import Gradebook
from sqlalchemy.exc import SAWarning

from coursekit.course.banks import load_bank
from coursekit.course.data import BANKS
from coursekit.course.questions import Option, Question
from coursekit.grading import analysis, itemreport, simclass

ROOT = Path(__file__).resolve().parent.parent
OPTS = tuple(Option(k, k.upper()) for k in "abcd")


def q(qid, qtype, answer, options=OPTS, points=1, rubric=()):
    return Question(qid, qtype, "p", "e", (), options if qtype != "truefalse" else (), answer, points, qid, rubric)


BANK = {
    "module": "planted",
    "questions": (
        q("plain", "single", "c"),  # stronger students get it right more often: no flag
        q("reversed", "single", "a"),  # the stronger half gets it wrong: negative discrimination
        q("dead_option", "single", "b"),  # nobody ever picks d
        q("giveaway", "truefalse", True),  # everyone right: too easy
        q("brutal", "ordering", ("b", "d", "a", "c")),  # almost nobody right: too hard
        q("essay", "short", None, points=2, rubric=((1, "x"), (1, "y"))),
    ),
}


def planted_class(n: int = 60) -> list[analysis.Response]:
    """Student k has rank k (0 weakest); answers follow the patterns named in BANK."""
    out = []
    for k in range(n):
        s = f"s{k:02d}"

        def add(qid, chosen, right, points=1.0, score=None, s=s):
            value = (points if right else 0.0) if score is None else score
            out.append(analysis.Response(s, "planted", qid, chosen, value, points))

        add("plain", ("c",) if k >= 20 else (("a", "b", "d")[k % 3],), k >= 20)
        add("reversed", ("a",) if k < 30 else ("b",), k < 30)
        add("dead_option", ("b",) if k >= 15 else (("a", "c")[k % 2],), k >= 15)
        add("giveaway", ("true",), True)
        add("brutal", ("b", "d", "a", "c") if k >= 55 else ("a", "b", "c", "d"), k >= 55)
        add("essay", (), None, 2.0, score=float(round(2 * k / (n - 1))))
    return out


@pytest.fixture(scope="module")
def items():
    return {s.question: s for s in analysis.analyse(BANK, planted_class())}


def test_planted_patterns_are_flagged(items):
    assert items["plain"].flags == []
    assert "negative discrimination" in items["reversed"].flags
    assert items["reversed"].discrimination < 0 and items["reversed"].upper_lower < 0
    assert "option nobody chose: d" in items["dead_option"].flags
    assert "too easy" in items["giveaway"].flags
    assert "too hard" in items["brutal"].flags
    assert items["essay"].flags == []


def test_numbers(items):
    assert items["plain"].difficulty == pytest.approx(40 / 60, abs=1e-3)
    assert items["plain"].discrimination > 0.3 and items["plain"].upper_lower == pytest.approx(1.0)
    assert items["reversed"].difficulty == 0.5
    assert items["giveaway"].discrimination is None  # no spread: no correlation to report
    assert items["dead_option"].options == {"a": 8, "b": 45, "c": 7, "d": 0}
    assert items["brutal"].options["b"] == 5  # ordering: how often each option was put first
    assert items["essay"].options == {}


def test_a_small_class_is_marked_as_such():
    few = analysis.analyse(BANK, planted_class(12))
    assert all(any(f.startswith("few answers (n=12)") for f in s.flags) for s in few)


def test_answer_values_are_read_as_data_never_run(tmp_path):
    marker = tmp_path / "ran"
    assert itemreport.answer_value(f"answer_1 = open({str(marker)!r}, 'w')") is None
    assert itemreport.answer_value("answer_2 = ['b', 'a']\nanswer_2 = {'a'}") == {"a"}
    assert itemreport.answer_value('answer_1 = "c') is None  # a syntax error is no answer
    assert not marker.exists()


def test_simulated_course_run_writes_csv_and_offline_html(tmp_path):
    code = itemreport.main(["01_anatomy", "02_relaxation", "--simulate", "40", "--out", str(tmp_path)])
    assert code == 0
    rows = (tmp_path / "item-analysis.csv").read_text().splitlines()
    assert rows[0].startswith("assignment,question,grade_id,type,n,difficulty,discrimination")
    assert len(rows) == 1 + sum(len(b["questions"]) for b in itemreport.banks(["01_anatomy", "02_relaxation"]))
    page = (tmp_path / "item-analysis.html").read_text()
    assert "<script src=" not in page and "cdn.plot.ly/plotly" not in page  # plotly.js is inside the page
    assert page.count("Plotly.newPlot") == 4  # difficulty, scatter, one option chart per quiz
    assert "sim000" not in page  # no student is named


def test_simulated_formats_behave_as_expected():
    # Equal hardness for every question: true/false items are guessed far more often than orderings.
    bank = load_bank(BANKS / "01_anatomy.yaml")
    stats = {s.type: s for s in analysis.analyse(bank, simclass.simulate([bank], 400, seed=2))}
    assert stats["truefalse"].difficulty > stats["ordering"].difficulty


def test_reads_a_graded_course(tmp_path, monkeypatch):
    """Gradebook scores plus answer cells of autograded notebooks become responses."""
    monkeypatch.setenv("PATH", os.pathsep.join([str(Path(sys.executable).parent), os.environ["PATH"]]))
    monkeypatch.delenv("COURSEKIT_DB_URL", raising=False)
    bank = load_bank(BANKS / "01_anatomy.yaml")
    course = tmp_path / "grading"
    course.mkdir()
    shutil.copy(ROOT / "grading" / "nbgrader_config.py", course)
    first = bank["questions"][0]  # a single-choice question keyed "c"
    with warnings.catch_warnings(), Gradebook(f"sqlite:///{course / 'gradebook.db'}", "safer-anal-training") as gb:
        warnings.simplefilter("ignore", SAWarning)  # nbgrader 0.9.6's add_submission autoflush warning
        gb.add_assignment("01_anatomy")
        gb.add_notebook("quiz", "01_anatomy")
        gb.add_grade_cell(first.grade_id, "quiz", "01_anatomy", max_score=first.points, cell_type="code")
        for student, pick in (("ana", "c"), ("ben", "a")):
            gb.add_student(student)
            gb.add_submission("01_anatomy", student)
            grade = gb.find_grade(first.grade_id, "quiz", "01_anatomy", student)
            grade.auto_score, grade.needs_manual_grade = (first.points if pick == "c" else 0), False
            gb.db.commit()
            cell = nbformat.v4.new_code_cell(f"answer_1 = {pick!r}")
            cell.metadata["nbgrader"] = {"grade_id": f"{first.grade_id}_answer", "solution": True}
            folder = course / "autograded" / student / "01_anatomy"
            folder.mkdir(parents=True)
            nbformat.write(nbformat.v4.new_notebook(cells=[cell]), folder / "quiz.ipynb")
    got = sorted(itemreport.course_responses(course, [bank]), key=lambda r: r.student)
    assert [(r.student, r.question, r.chosen, r.score) for r in got] == [
        ("ana", first.id, ("c",), float(first.points)),
        ("ben", first.id, ("a",), 0.0),
    ]
