"""The rubric cell under each written answer: students see that a person marks it, graders (formgrader,
which shows the autograded notebook) see the criteria and the model answer, and feedback hides both again."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import nbformat
import pytest

from coursekit.course.banks import load_bank
from coursekit.course.data import BANKS
from coursekit.grading import autograde, feedback, masters, rubric

ROOT = Path(__file__).resolve().parent.parent
MODULE = "01_anatomy"
pytestmark = pytest.mark.grading


def short_question():
    return next(q for q in load_bank(BANKS / f"{MODULE}.yaml")["questions"] if q.type == "short")


def master_with_rubric() -> nbformat.NotebookNode:
    """make_master's notebook, with the rubric cell under the written answer if it lacks one yet."""
    bank = load_bank(BANKS / f"{MODULE}.yaml")
    nb = masters.make_master(bank)
    q = short_question()
    ids = [c.metadata["nbgrader"]["grade_id"] for c in nb.cells]
    if f"{q.grade_id}_rubric" not in ids:
        nb.cells.insert(ids.index(q.grade_id) + 1, rubric.rubric_cell(q))
    return nb


def test_rubric_cell_sits_right_under_the_answer_and_is_worth_nothing():
    nb = master_with_rubric()
    q = short_question()
    ids = [c.metadata["nbgrader"]["grade_id"] for c in nb.cells]
    cell = nb.cells[ids.index(q.grade_id) + 1]
    assert cell.metadata["nbgrader"] == {
        "grade": True,
        "grade_id": f"{q.grade_id}_rubric",
        "locked": True,
        "points": 0,
        "schema_version": 3,
        "solution": False,
    }
    compile(cell.source, "rubric", "exec")  # comments only: runs in no time, raises nothing
    assert all(line.startswith("#") for line in cell.source.splitlines())
    for points, criterion in q.rubric:
        assert f"({points} pt)" in cell.source and criterion.split()[0] in cell.source


def test_graders_get_the_criteria_and_model_answer_and_students_neither(tmp_path):
    """nbgrader generate_assignment strips the model answer from the students' copy and keeps the
    whole cell in the gradebook, which autograde writes back into the notebook formgrader shows."""
    from nbgrader.api import Gradebook

    course = tmp_path / "grading"
    (course / "source" / MODULE).mkdir(parents=True)
    shutil.copy(ROOT / "grading" / "nbgrader_config.py", course)
    (course / "source" / MODULE / "quiz.ipynb").write_text(masters.dumps(master_with_rubric()), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("COURSEKIT_")}
    run = autograde.nbgrader(course, "generate_assignment", MODULE, "--force", env=env)
    assert run.returncode == 0, run.stderr
    q = short_question()
    gid = f"{q.grade_id}_rubric"
    released = nbformat.read(course / "release" / MODULE / "quiz.ipynb", as_version=4)
    student = next(c for c in released.cells if c.metadata.get("nbgrader", {}).get("grade_id") == gid)
    assert "marked by a person" in student.source
    assert "Model answer" not in student.source and q.model_answer.split()[0] not in student.source
    assert "Rubric" not in student.source and not any(c in student.source for _, c in q.rubric)
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", "safer-anal-training") as gb:
        saved = gb.find_source_cell(gid, "quiz", MODULE)
        assert saved.locked and "Model answer (graders only)" in saved.source  # what OverwriteCells restores
        assert all(c.split()[0] in saved.source for _, c in q.rubric)
        assert gb.find_graded_cell(gid, "quiz", MODULE).max_score == 0
    # The feedback preprocessor takes the model answer out again before students see feedback.
    assert "Model answer" not in feedback.strip_regions(saved.source)
    assert "Rubric" not in feedback.strip_regions(saved.source)
