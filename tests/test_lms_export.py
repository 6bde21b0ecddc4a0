"""The LMS export: a simulated class in a real nbgrader gradebook, every status present, checked
against hand-written expected files (tests/lms_export*_expected.csv). No notebook is executed."""

from __future__ import annotations

import os
import shutil
import sys
import warnings
from datetime import UTC, datetime
from pathlib import Path

import pytest
from nbgrader.api import Gradebook
from sqlalchemy.exc import SAWarning
from traitlets.config import Config

from coursekit.grading import autograde, export, ledger
from coursekit.grading.autograde import Outcome

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent
EXPORTER = "--exporter=coursekit.grading.export.LmsExport"
# One simulated class (a gradebook) per session: its tests stay on one xdist worker.
pytestmark = [pytest.mark.grading, pytest.mark.xdist_group("lms-export")]

STUDENTS = [  # id, first, last, email, lms_user_id
    ("ana", "Ana", "Ames", "ana@example.org", "1001"),
    ("ben", "Ben", "Bell", "ben@example.org", "1002"),
    ("cai", "Cai", "Cole", "cai@example.org", "1003"),
    ("dee", "Dee", "Diaz", None, "1004"),
    ("eli", "Eli", "Eze", "eli@example.org", None),
]
# (quiz, student): submission time, auto points (of 4), written points (of 2; None: not marked yet), late penalty
SUBMITTED = {
    ("01_anatomy", "ana"): ("2026-11-19 10:00:00", 4, 1.5, None),
    ("01_anatomy", "ben"): ("2026-11-19 11:00:00", 3, None, None),
    ("01_anatomy", "eli"): ("2026-11-21 08:00:00", 4, 2, 1.0),
    ("02_relaxation", "ben"): ("2026-11-26 10:00:00", 2, 2, None),
    ("02_relaxation", "cai"): ("2026-11-26 12:00:00", 4, 2, None),
}
COLLECTED_ONLY = [("02_relaxation", "ana"), ("02_relaxation", "eli"), ("01_anatomy", "cai")]


def simulated_class(course: Path) -> None:
    """A gradebook, the collected folders and four coursekit-grade runs' ledger, in ``course``."""
    course.mkdir(parents=True)
    shutil.copy(ROOT / "grading" / "nbgrader_config.py", course)
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", "safer-anal-training") as gb:
        for name, due in (("01_anatomy", "2026-11-20 09:00:00 UTC"), ("02_relaxation", "2026-11-27 09:00:00 UTC")):
            gb.add_assignment(name, duedate=due)
            gb.add_notebook("quiz", name)
            gb.add_grade_cell("auto", "quiz", name, max_score=4, cell_type="code")
            gb.add_grade_cell("written", "quiz", name, max_score=2, cell_type="markdown")
        for sid, first, last, email, lms in STUDENTS:
            gb.add_student(sid, first_name=first, last_name=last, email=email, lms_user_id=lms)
        for (quiz, sid), (stamp, auto, written, penalty) in SUBMITTED.items():
            gb.add_submission(quiz, sid, timestamp=stamp + " UTC")
            grade = gb.find_grade("auto", "quiz", quiz, sid)
            grade.auto_score, grade.needs_manual_grade = auto, False
            if written is not None:
                grade = gb.find_grade("written", "quiz", quiz, sid)
                grade.manual_score, grade.needs_manual_grade = written, False
            if penalty is not None:
                gb.find_submission_notebook("quiz", quiz, sid).late_submission_penalty = penalty
            gb.db.commit()
    for quiz, sid in [*SUBMITTED, *COLLECTED_ONLY]:
        (course / "submitted" / sid / quiz).mkdir(parents=True)
    # Four runs; the ledger keeps the first run's rows when later runs grade another quiz.
    ledger.record(
        course,
        [
            Outcome("ana", "01_anatomy", "graded", "", 4, 6),
            Outcome("ben", "01_anatomy", "graded", "", 3, 6),
            Outcome("cai", "01_anatomy", "failed", "autograde error: NameError: name 'x' is not defined"),
            Outcome("eli", "01_anatomy", "graded", "", 4, 6),
        ],
    )
    ledger.record(
        course,
        [
            Outcome("ana", "02_relaxation", "interrupted", "stopped by Ctrl-C"),
            Outcome("ben", "02_relaxation", "graded", "", 2, 6),
            Outcome("cai", "02_relaxation", "failed", "dead kernel: the kernel died while running the notebook"),
        ],
    )
    ledger.record(course, [Outcome("cai", "02_relaxation", "graded", "", 4, 6)])
    ledger.record(course, [Outcome("ben", "02_relaxation", "skipped", "graded earlier, unchanged since", 4, 6)])


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    # nbgrader runs `alembic` by name when it creates a gradebook.
    old = os.environ["PATH"]
    os.environ["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), old])
    try:
        folder = tmp_path_factory.mktemp("lms") / "grading"
        with warnings.catch_warnings():
            # nbgrader 0.9.6's add_submission trips SQLAlchemy's autoflush warning; the rows are right.
            warnings.simplefilter("ignore", SAWarning)
            simulated_class(folder)
    finally:
        os.environ["PATH"] = old
    return folder


def env() -> dict:
    return {k: v for k, v in os.environ.items() if not k.startswith("COURSEKIT_")}


def test_ledger_is_cumulative_across_runs(course):
    rows = ledger.read(course)
    assert rows[("01_anatomy", "cai")]["status"] == "failed"  # from run 1, kept through runs 2-4
    assert rows[("02_relaxation", "cai")]["status"] == "graded"  # run 3 replaced run 2's failure
    assert rows[("02_relaxation", "ana")]["status"] == "not graded yet"
    assert rows[("02_relaxation", "ben")]["status"] == "graded"  # a skip keeps the earlier row
    assert len(rows) == 7


def test_rows_layout_matches_the_hand_written_file(course, tmp_path):
    out = tmp_path / "grades.csv"
    run = autograde.nbgrader(course, "export", EXPORTER, f"--to={out}", env=env())
    assert run.returncode == 0, run.stdout + run.stderr
    assert out.read_text(encoding="utf-8") == (HERE / "lms_export_expected.csv").read_text(encoding="utf-8")
    statuses = {line.split(",")[7] for line in out.read_text().splitlines()[1:]}
    assert statuses == {"graded", "failed", "not submitted", "written answer not yet marked", "not graded yet"}


def test_canvas_layout_matches_the_hand_written_file(course, tmp_path, caplog):
    # In process, set through traitlets config as `--LmsExport.layout=canvas` would be.
    out = tmp_path / "canvas.csv"
    config = Config()
    config.LmsExport.layout = "canvas"
    config.LmsExport.to = str(out)
    config.LmsExport.course = str(course)
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", "safer-anal-training") as gb:
        export.LmsExport(config=config).export(gb)
    assert out.read_text(encoding="utf-8") == (HERE / "lms_export_canvas_expected.csv").read_text(encoding="utf-8")
    assert "No lms_user_id for eli" in caplog.text  # the one student an LMS cannot match is named


def test_moodle_layout_matches_the_hand_written_file(course, tmp_path):
    out = tmp_path / "moodle.csv"
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", "safer-anal-training") as gb:
        export.write(out, export.collect(gb, course), "moodle")
    assert out.read_text(encoding="utf-8") == (HERE / "lms_export_moodle_expected.csv").read_text(encoding="utf-8")


def test_filters_and_missing_as_zero(course):
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", "safer-anal-training") as gb:
        rows = export.collect(gb, course, ["01_anatomy"], ["dee", "cai"], missing_as_zero=True)
    assert [(r["student_id"], r["status"], r["score"]) for r in rows] == [
        ("cai", "failed", ""),  # a failure never becomes a zero
        ("dee", "not submitted", "0"),
    ]


def test_ledger_write_is_atomic_and_stamped(tmp_path):
    when = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)
    ledger.record(tmp_path, [Outcome("ana", "q", "graded", "", 2.0, 3.0)], now=when)
    text = (tmp_path / ledger.LEDGER).read_text()
    assert text.splitlines()[1] == "q,ana,graded,2,3,,2026-11-30T12:00:00Z"
    assert not list(tmp_path.glob(".autograde-status-*"))  # no temporary file left behind


def test_a_later_plain_nbgrader_autograde_overrides_an_old_failure(course, tmp_path):
    copy = tmp_path / "grading"
    shutil.copytree(course, copy)
    failed_at = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)
    ledger.record(copy, [Outcome("ana", "01_anatomy", "failed", "dead kernel")], now=failed_at)
    graded = copy / "autograded" / "ana" / "01_anatomy" / "quiz.ipynb"
    graded.parent.mkdir(parents=True)
    graded.write_text("{}")

    def status() -> str:
        with Gradebook(f"sqlite:///{copy / 'gradebook.db'}", "safer-anal-training") as gb:
            return export.collect(gb, copy, ["01_anatomy"], ["ana"])[0]["status"]

    os.utime(graded, (failed_at.timestamp() - 60,) * 2)  # graded before the failing run: still failed
    assert status() == "failed"
    os.utime(graded, (failed_at.timestamp() + 60,) * 2)  # graded after it, by plain nbgrader
    assert status() == "graded"
