"""The real nbgrader pipeline on a copy of the course: generate, release, a class of students,
autograde, feedback, export. Scores are exact, failures are reported, feedback leaks nothing."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from coursekit.course.banks import load_bank
from coursekit.course.data import BANKS
from coursekit.grading import autograde, build, classrun

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.grading


def answer_value(q, correct=True):
    if q.type == "single":
        value = q.answer if correct else next(k for k in q.keys if k != q.answer)
    elif q.type == "multiple":
        value = set(q.answer) if correct else {k for k in q.keys if k not in q.answer}
    elif q.type == "truefalse":
        value = q.answer if correct else not q.answer
    else:
        value = list(q.answer) if correct else list(reversed(q.answer))
    return repr(value)


def answer_cells(nb):
    return [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id", "").endswith("_answer")]


def fill(nb, questions, correct=True):
    auto = [q for q in questions if q.type != "short"]
    for n, (cell, q) in enumerate(zip(answer_cells(nb), auto, strict=True), start=1):
        cell.source = f"answer_{n} = {answer_value(q, correct)}"
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if cell.cell_type == "markdown" and meta.get("solution"):
            cell.source = "The rectum has no end-stop, so a flared base keeps things retrievable."
    return nb


MODULES = build.modules()

# Several instructor steps in one process, through nbgrader's own Python API (NbGraderAPI, which the
# formgrader calls; same converters and config as the commands): each `nbgrader` command costs about
# 2.5 CPU-seconds just to start. The commands themselves are run as written by test_setup.py's
# README block and by coursekit-build.
API_STEPS = """
import json, sys
from nbgrader.apps import NbGraderAPI
from nbgrader.apps.generateassignmentapp import GenerateAssignmentApp
app = GenerateAssignmentApp()
app.raise_config_file_errors = True
app.initialize([])
api = NbGraderAPI(coursedir=app.coursedir, parent=app)
for step, name in json.loads(sys.argv[1]):
    result = getattr(api, step)(name)
    if not result["success"]:
        sys.exit(" ".join((step, name, "failed:", str(result.get("error")), str(result.get("log")))))
"""


def nbgrader_steps(course: Path, env: dict, *steps: tuple[str, str]) -> None:
    """Run ``(method, assignment)`` steps of NbGraderAPI in ``course``, in order, in one process."""
    cmd = [sys.executable, "-c", API_STEPS, json.dumps(steps)]
    run = subprocess.run(cmd, cwd=course, env=autograde.nbgrader_env(env), capture_output=True, text=True)
    assert run.returncode == 0, run.stderr[-3000:]


def submit_class(course: Path, module: str) -> list[dict]:
    """The same seven students for one quiz: right, wrong, blank, broken in four ways."""
    questions = load_bank(BANKS / f"{module}.yaml")["questions"]
    released = course / "release" / module / "quiz.ipynb"

    def submit(student, nb=None, raw=None):
        folder = course / "submitted" / student / module
        folder.mkdir(parents=True)
        if raw is not None:
            (folder / "quiz.ipynb").write_text(raw)
        else:
            nbformat.write(nb, folder / "quiz.ipynb")
        (folder / "timestamp.txt").write_text("2026-11-23 09:00:00.000000 UTC")

    def fresh():
        return nbformat.read(released, as_version=4)

    submit("all_correct", fill(fresh(), questions))
    submit("all_wrong", fill(fresh(), questions, correct=False))
    submit("blank", fresh())
    nb = fill(fresh(), questions)
    answer_cells(nb)[0].source = 'answer_1 = "c'
    submit("syntax_error", nb)
    nb = fill(fresh(), questions)
    # A cell that never ends: nbgrader interrupts it at the cell timeout. The first quiz's student spins
    # the CPU, as a runaway would; the others sleep, which takes the same path (the cell is interrupted
    # and marked) without 5 CPU-seconds of spinning each on a 2-core machine.
    spin = module == MODULES[0]
    answer_cells(nb)[1].source = "while True:\n    pass" if spin else "import time\nwhile True:\n    time.sleep(1)"
    submit("infinite_loop", nb)
    nb = fill(fresh(), questions)
    doomed = answer_cells(nb)[2]
    auto = [q for q in questions if q.type != "short"]
    test_cell = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == auto[3].grade_id)
    nb.cells = [c for c in nb.cells if c is not doomed and c is not test_cell]
    submit("deleted_cells", nb)
    submit("broken_json", raw='{"cells": [ this is not json')
    return questions


@pytest.fixture(scope="module")
def whole_class(tmp_path_factory):
    """A copy of grading/ with every quiz generated and released, and one class submitted to each.

    One course for all quizzes, as an instructor runs it: generation and feedback run once for every
    quiz ("*"), and one grading run takes the whole class through every quiz. Every graded bank gets
    the same class, so a new module is in the round trip by existing.
    """
    course = tmp_path_factory.mktemp("course") / "grading"
    course.mkdir()
    shutil.copy(ROOT / "grading" / "nbgrader_config.py", course)
    shutil.copytree(ROOT / "grading" / "source", course / "source")
    env = {k: v for k, v in os.environ.items() if not k.startswith("COURSEKIT_")}
    env["COURSEKIT_CELL_TIMEOUT"] = "5"
    # release_assignment takes one quiz at a time
    nbgrader_steps(course, env, ("generate_assignment", "*"), *(("release_assignment", m) for m in MODULES))
    assert sorted(p.name for p in (course / "release").iterdir()) == MODULES
    questions = {module: submit_class(course, module) for module in MODULES}

    # The instructor's path (coursekit-grade): two long-lived workers grade the class, quiz by quiz.
    outcomes, interrupted = classrun.grade_class(course, MODULES, workers=2, env=env, stream=io.StringIO())
    assert not interrupted
    run = autograde.nbgrader(course, "generate_feedback", "*", "--force", env=env)
    assert run.returncode == 0, run.stderr
    run = autograde.nbgrader(course, "export", env=env)
    assert run.returncode == 0, run.stderr
    return {"path": course, "outcomes": outcomes, "questions": questions}


@pytest.fixture(params=MODULES)
def course(request, whole_class):
    """One quiz's view of the graded class."""
    module = request.param
    outcomes = {o.student: o for o in whole_class["outcomes"] if o.assignment == module}
    return {**whole_class, "module": module, "outcomes": outcomes, "questions": whole_class["questions"][module]}


def test_each_student_gets_the_exact_score(course):
    qs = course["questions"]
    auto = [q for q in qs if q.type != "short"]
    auto_total = sum(q.points for q in auto)
    expected = {
        "all_correct": auto_total,
        "all_wrong": 0,
        "blank": 0,
        "syntax_error": auto_total - auto[0].points,
        "infinite_loop": auto_total - auto[1].points,
        # the answer to Q3 was deleted (0 points); the deleted test cell for Q4 is restored and passes
        "deleted_cells": auto_total - auto[2].points,
    }
    got = {s: o.score for s, o in course["outcomes"].items() if o.status == "graded"}
    assert got == expected
    assert all(o.max_score == sum(q.points for q in qs) for o in course["outcomes"].values() if o.score is not None)


def test_a_broken_submission_is_reported_not_zeroed(course):
    broken = course["outcomes"]["broken_json"]
    assert broken.status == "failed" and broken.score is None
    assert broken.reason.startswith("invalid notebook")
    report = course["path"] / f"report-{course['module']}.csv"
    autograde.write_report(report, list(course["outcomes"].values()))
    rows = {r["student"]: r for r in csv.DictReader(report.open())}
    assert rows["broken_json"]["status"] == "failed" and rows["broken_json"]["score"] == ""
    assert rows["blank"]["status"] == "graded" and float(rows["blank"]["score"]) == 0


def test_nbgrader_export_alone_would_hide_the_failure(course):
    # This is why the course reports status: nbgrader's own export shows the broken one as 0.
    rows = list(csv.DictReader((course["path"] / "grades.csv").open()))
    broken = [r for r in rows if r["student_id"] == "broken_json" and r["assignment"] == course["module"]]
    assert not broken or float(broken[0]["raw_score"] or 0) == 0


def test_feedback_shows_no_key_no_hidden_test_no_rubric(course):
    module = course["module"]
    files = sorted((course["path"] / "feedback").glob(f"*/{module}/quiz.html"))
    assert len(files) == 6
    bank_text = (BANKS / f"{module}.yaml").read_text()
    secrets = ["BEGIN HIDDEN TESTS", "check_answer(", "Model answer", "Rubric"]
    from coursekit.grading.checks import digest

    secrets += [digest(q.id, q.answer) for q in course["questions"] if q.type != "short"]
    for path in files:
        html = path.read_text()
        for secret in secrets:
            assert secret not in html, f"{path.parent.parent.name}: feedback shows {secret!r}"
        # (a student's own answer cell may keep its traceback: it reveals only their code)
    assert "model_answer" in bank_text  # the secret list is meaningful
    # A wrong answer is still explained, in one line that names no key.
    wrong = (course["path"] / "feedback" / "all_wrong" / module / "quiz.html").read_text()
    assert "AssertionError: Not the expected answer." in wrong


def test_restored_cell_is_flagged_and_autograded_notebooks_are_small(course):
    module = course["module"]
    graded = course["path"] / "autograded" / "deleted_cells" / module / "quiz.ipynb"
    nb = json.loads(graded.read_text())
    assert any("was missing from the submission" in "".join(c["source"]) for c in nb["cells"])
    assert "widgets" not in nb["metadata"]


# The exchange does not depend on the quiz: one module's round trip is enough (test_grade_class.py
# takes a class through fetch, submit, collect and feedback).
@pytest.mark.parametrize("course", MODULES[:1], indirect=True)
def test_students_can_fetch_and_submit_through_the_exchange(tmp_path, course):
    module = course["module"]
    # One student's path through the real exchange: fetch the released quiz, submit it back.
    home = tmp_path / "student_home"
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("COURSEKIT_")}
    env["HOME"] = str(home)
    env["COURSEKIT_EXCHANGE"] = str(course["path"] / "exchange")
    (home / "nbgrader_config.py").write_text(
        f"c = get_config()\nc.Exchange.root = {str(course['path'] / 'exchange')!r}\n"
        "c.CourseDirectory.course_id = 'safer-anal-training'\n"
    )
    run = autograde.nbgrader(home, "fetch_assignment", module, env=env)
    assert run.returncode == 0, run.stderr
    assert (home / module / "quiz.ipynb").exists()
    run = autograde.nbgrader(home, "submit", module, env=env)
    assert run.returncode == 0, run.stderr
    inbound = list((course["path"] / "exchange" / "safer-anal-training" / "inbound").iterdir())
    assert inbound
