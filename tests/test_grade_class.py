"""Grading a real class with `python -m coursekit.grading.classrun`: parallel nbgrader processes, progress,
a failure report, idempotent re-runs, Ctrl-C, a PostgreSQL gradebook and the exchange."""

from __future__ import annotations

import atexit
import csv
import functools
import os
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
import pytest
from nbgrader.api import Gradebook

from coursekit.course.banks import load_bank
from coursekit.course.data import BANKS
from coursekit.grading import autograde
from tests.conftest import free_port, require
from tests.test_grading import answer_cells, fill, nbgrader_steps

ROOT = Path(__file__).resolve().parent.parent
MODULE = "01_anatomy"  # the pattern module; the per-module round trip lives in test_grading.py
# Debian's postgresql package puts the server binaries here, one folder per major version.
PG_BIN = max(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name), default=Path("/absent"))
pytestmark = pytest.mark.grading


def base_env() -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("COURSEKIT_")}
    env["COURSEKIT_CELL_TIMEOUT"] = "5"
    return env


def questions():
    return load_bank(BANKS / f"{MODULE}.yaml")["questions"]


def auto_total() -> float:
    return sum(q.points for q in questions() if q.type != "short")


def generate(course: Path, env: dict) -> Path:
    """A copy of grading/ in ``course`` with the quiz generated and released (into the env's gradebook)."""
    course.mkdir(parents=True)
    shutil.copy(ROOT / "grading" / "nbgrader_config.py", course)
    shutil.copytree(ROOT / "grading" / "source" / MODULE, course / "source" / MODULE)
    nbgrader_steps(course, env, ("generate_assignment", MODULE), ("release_assignment", MODULE))
    return course


@functools.cache
def generated() -> Path:
    """A course with the default sqlite gradebook and exchange, made once per test process (nbgrader's
    two steps cost about 6 CPU seconds) and copied by every test that needs one."""
    folder = Path(tempfile.mkdtemp(prefix="coursekit-course-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return generate(folder / "grading", base_env())


def new_course(parent: Path, env: dict) -> Path:
    """A course of its own in ``parent``: a copy of ``generated()``, unless ``env`` moves the gradebook or
    the exchange elsewhere, which needs a generation of its own."""
    if any(env.get(k) for k in ("COURSEKIT_DB_URL", "COURSEKIT_EXCHANGE")):
        return generate(parent / "grading", env)
    return Path(shutil.copytree(generated(), parent / "grading", symlinks=True))


def submit(course: Path, student: str, kind: str) -> None:
    """Put one student's submission in submitted/, as `nbgrader collect` would."""
    folder = course / "submitted" / student / MODULE
    folder.mkdir(parents=True)
    (folder / "timestamp.txt").write_text("2026-11-23 09:00:00.000000 UTC")
    nb = nbformat.read(course / "release" / MODULE / "quiz.ipynb", as_version=4)
    if kind == "broken_json":
        (folder / "quiz.ipynb").write_text('{"cells": [ not json')
        return
    if kind == "missing":
        return  # a submission folder without the notebook
    if kind == "not_a_notebook":
        (folder / "quiz.ipynb").write_text('{"answers": ["a", "b"]}')  # valid JSON, not a notebook
        return
    if kind == "renamed":
        nbformat.write(nb, folder / "quiz-Copy1.ipynb")
        return
    if kind in ("correct", "wrong"):
        fill(nb, questions(), correct=kind == "correct")
    if kind == "dead_kernel":
        fill(nb, questions())
        answer_cells(nb)[0].source = "import os\nos._exit(1)"
    if kind == "slow":  # longer than the grader's --timeout
        fill(nb, questions(), correct=True)
        answer_cells(nb)[0].source = "import time\ntime.sleep(60)"
    if kind == "kills_grader":  # ends the process that is grading it, not only its own kernel
        fill(nb, questions(), correct=True)
        answer_cells(nb)[0].source = "import os, signal\nos.kill(os.getppid(), signal.SIGKILL)"
    nbformat.write(nb, folder / "quiz.ipynb")


CLASS = {
    "s01_correct": "correct",
    "s02_wrong": "wrong",
    "s03_blank": "blank",
    "s04_broken_json": "broken_json",
    "s05_missing": "missing",
    "s06_dead_kernel": "dead_kernel",
    "s07_not_a_notebook": "not_a_notebook",
    "s08_renamed": "renamed",
}
FAILED = ("s04_broken_json", "s05_missing", "s06_dead_kernel", "s07_not_a_notebook", "s08_renamed")


def grade(course: Path, env: dict, *args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    cmd = [sys.executable, "-m", "coursekit.grading.classrun", MODULE, "--course", str(course), *args]
    return subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout)


def report(course: Path) -> dict[str, dict]:
    return {r["student"]: r for r in csv.DictReader((course / "grades-status.csv").open())}


def gradebook_rows(url: str) -> tuple[int, int, int]:
    """Submissions, grades and students in the gradebook: a re-run must not add any."""
    with Gradebook(url) as gb:
        subs = gb.assignment_submissions(MODULE)
        grades = sum(len(nb.grades) for s in subs for nb in s.notebooks)
        return len(subs), grades, len(gb.students)


@pytest.fixture(scope="module")
def graded_class(tmp_path_factory):
    env = base_env()
    course = new_course(tmp_path_factory.mktemp("class"), env)
    for student, kind in CLASS.items():
        submit(course, student, kind)
    run = grade(course, env, "--workers", "2")
    return {"course": course, "env": env, "run": run, "report": report(course)}


def test_parallel_grade_gives_exact_scores_and_names_each_failure(graded_class):
    run, rows = graded_class["run"], graded_class["report"]
    assert run.returncode == 1, run.stdout + run.stderr  # 1: some submissions failed
    assert "Autograde report: 3 graded, 5 failed, 0 skipped" in run.stdout
    assert {s: r["status"] for s, r in rows.items()} == {s: "failed" if s in FAILED else "graded" for s in CLASS}
    assert float(rows["s01_correct"]["score"]) == auto_total()
    assert float(rows["s02_wrong"]["score"]) == 0 and float(rows["s03_blank"]["score"]) == 0
    assert rows["s04_broken_json"]["reason"].startswith("invalid notebook")
    assert rows["s05_missing"]["reason"].startswith("missing file")
    assert rows["s06_dead_kernel"]["reason"].startswith("dead kernel")
    assert rows["s07_not_a_notebook"]["reason"].startswith("invalid notebook: quiz.ipynb is JSON but not a notebook")
    assert rows["s08_renamed"]["reason"] == "missing file: expected quiz.ipynb, found quiz-Copy1.ipynb (renamed?)"
    logs = graded_class["course"] / "autograde-logs" / MODULE
    for student in FAILED:
        assert rows[student]["score"] == "", f"{student} must not read as a zero"
        assert f"FAILED {MODULE}/{student}" in run.stdout
        # no half-graded output is left to look like a result
        assert not (graded_class["course"] / "autograded" / student / MODULE).exists()
        # nbgrader's own log of the failure is kept for the grader
        assert (logs / f"{student}.log").stat().st_size > 0
    assert sorted(p.stem for p in logs.iterdir()) == sorted(FAILED)


def test_progress_shows_counts_and_time_left(graded_class):
    lines = [ln for ln in graded_class["run"].stderr.splitlines() if ln.startswith("[")]
    assert len(lines) == len(CLASS)
    assert lines[-1].startswith("[" + "#" * 30 + f"] {len(CLASS)}/{len(CLASS)} graded 3 failed 5 skipped 0")
    assert all(" left" in ln for ln in lines)


def test_rerun_is_idempotent_and_force_gives_the_same_scores(graded_class):
    course, env = graded_class["course"], graded_class["env"]
    url = f"sqlite:///{course / 'gradebook.db'}"
    before = gradebook_rows(url)
    first = {s: (r["status"], r["score"]) for s, r in graded_class["report"].items()}
    run = grade(course, env, "--workers", "2")
    # graded ones are skipped (unchanged); failed ones are tried again and fail again
    assert "Autograde report: 0 graded, 5 failed, 3 skipped" in run.stdout, run.stdout + run.stderr
    # Skipped submissions take no time, so they say nothing about the time left.
    progress = [ln for ln in run.stderr.splitlines() if ln.startswith("[")]
    assert all("time left unknown" in ln for ln in progress if ln.endswith(": skipped"))
    again = {s: ("graded" if r["status"] == "skipped" else r["status"], r["score"]) for s, r in report(course).items()}
    assert again == first
    assert gradebook_rows(url) == before
    run = grade(course, env, "--workers", "2", "--force")
    assert "Autograde report: 3 graded, 5 failed, 0 skipped" in run.stdout, run.stdout + run.stderr
    assert {s: (r["status"], r["score"]) for s, r in report(course).items()} == first
    assert gradebook_rows(url) == before


def test_a_mistyped_assignment_or_option_is_an_error_not_an_empty_success(graded_class):
    course, env = graded_class["course"], graded_class["env"]
    cmd = [sys.executable, "-m", "coursekit.grading.classrun", "--course", str(course)]
    before = (course / "grades-status.csv").stat().st_mtime_ns
    typo = subprocess.run([*cmd, "01_anatomyy"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert typo.returncode == 2
    assert f"no collected submissions for 01_anatomyy; collected assignments: {MODULE}" in typo.stderr
    for bad in (["--workers", "0"], ["--timeout", "-1"]):
        run = subprocess.run([*cmd, MODULE, *bad], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
        assert run.returncode == 2 and bad[0] in run.stderr
    assert (course / "grades-status.csv").stat().st_mtime_ns == before  # nothing graded, no report rewritten


def test_a_resubmission_is_graded_again(graded_class):
    course, env = graded_class["course"], graded_class["env"]
    shutil.rmtree(course / "submitted" / "s02_wrong")
    submit(course, "s02_wrong", "correct")
    run = grade(course, env, "--workers", "2")
    assert "1 graded, 5 failed, 2 skipped" in run.stdout, run.stdout + run.stderr
    assert float(report(course)["s02_wrong"]["score"]) == auto_total()


def test_a_changed_config_or_master_grades_everyone_again(graded_class):
    course, env = graded_class["course"], graded_class["env"]
    config = course / "nbgrader_config.py"
    config.write_text(config.read_text() + "\n# the instructor changed something\n")
    run = grade(course, env, "--workers", "2", MODULE, MODULE)  # a name given twice counts once
    assert "Autograde report: 3 graded, 5 failed, 0 skipped" in run.stdout, run.stdout + run.stderr
    assert len(report(course)) == len(CLASS)


def test_a_broken_config_stops_the_run_before_anyone_is_graded(tmp_path):
    env = base_env()
    course = new_course(tmp_path, env)
    submit(course, "s01", "correct")
    config = course / "nbgrader_config.py"
    config.write_text(config.read_text() + "\nimport a_module_that_is_not_there\n")
    run = grade(course, env)
    assert run.returncode == 3, run.stdout + run.stderr
    assert "Nothing graded: the grading worker died while starting" in run.stderr
    assert "a_module_that_is_not_there" in run.stderr
    assert not (course / "autograded").exists() and not (course / "grades-status.csv").exists()


def processes_in(folder: Path) -> list[str]:
    """Command lines of live processes whose working folder is inside ``folder`` (kernels, workers)."""
    found = []
    for proc in Path("/proc").glob("[0-9]*"):
        try:
            if os.readlink(proc / "cwd").startswith(str(folder)):
                found.append((proc / "cmdline").read_bytes().replace(b"\0", b" ").decode())
        except OSError:
            continue  # gone meanwhile, or not ours to read
    return found


def test_a_runaway_submission_fails_alone_and_the_next_ones_are_graded(tmp_path):
    env = base_env()
    env["COURSEKIT_CELL_TIMEOUT"] = "120"  # nbgrader's own cell limit out of the way: --timeout acts
    course = new_course(tmp_path, env)
    kinds = {"s01_slow": "slow", "s02_kills_grader": "kills_grader", "s03_correct": "correct", "s04_correct": "correct"}
    for student, kind in kinds.items():
        submit(course, student, kind)
    # Without the sandbox, so that a kernel can reach its grader (test_sandbox.py: inside it, it cannot).
    run = grade(course, env, "--workers", "1", "--timeout", "10", "--no-sandbox")
    assert "Autograde report: 2 graded, 2 failed, 0 skipped" in run.stdout, run.stdout + run.stderr
    rows = report(course)
    assert rows["s01_slow"]["reason"] == "timeout: no result after 10 s"
    assert rows["s02_kills_grader"]["reason"].startswith("worker crashed")
    # One worker, in order: each of the two correct ones was graded by a worker started afresh.
    assert float(rows["s03_correct"]["score"]) == float(rows["s04_correct"]["score"]) == auto_total()
    for student in ("s01_slow", "s02_kills_grader"):
        assert rows[student]["score"] == ""
        assert not (course / "autograded" / student / MODULE).exists()
    deadline = time.monotonic() + 10  # an orphaned kernel notices its parent is gone within a second
    while processes_in(course) and time.monotonic() < deadline:
        time.sleep(0.5)
    assert processes_in(course) == [], "a worker or kernel outlived the run"


def test_ctrl_c_leaves_a_consistent_gradebook_and_a_rerun_finishes(tmp_path):
    env = base_env()
    course = new_course(tmp_path, env)
    students = [f"s{n:02d}" for n in range(6)]
    for student in students:
        submit(course, student, "correct")
    cmd = [sys.executable, "-m", "coursekit.grading.classrun", MODULE, "--course", str(course), "--workers", "1"]
    # A shell starts a background job (`pytest … &`) with Ctrl-C ignored, and a child inherits that; the
    # grader must get Ctrl-C as it would at a terminal, so it starts with Ctrl-C not ignored.
    ignored = signal.getsignal(signal.SIGINT) == signal.SIG_IGN
    if ignored:
        signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    finally:
        if ignored:
            signal.signal(signal.SIGINT, signal.SIG_IGN)
    # Read the pipe's file descriptor directly: select() on the text wrapper misses lines it has already
    # buffered, and under load that delayed the Ctrl-C until after the run had finished.
    deadline, seen, fd = time.monotonic() + 120, b"", proc.stderr.fileno()
    while time.monotonic() < deadline and not any(line.startswith(b"[") for line in seen.split(b"\n")[:-1]):
        ready, _, _ = select.select([fd], [], [], 5)
        chunk = os.read(fd, 65536) if ready else b""
        if ready and not chunk:
            break  # the run ended (or crashed) before any progress line
        seen += chunk
    assert any(line.startswith(b"[") for line in seen.split(b"\n")), f"no progress line within 120 s: {seen!r}"
    proc.send_signal(signal.SIGINT)  # what Ctrl-C at the terminal sends
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, out + seen.decode(errors="replace") + err
    assert "not finished: run the same command again" in out
    done = [s for s in students if (course / "autograded" / s / MODULE / ".coursekit-graded").exists()]
    assert 1 <= len(done) < len(students)
    # Nothing half-written: every autograded folder left behind is a finished one.
    assert sorted(p.parent.name for p in (course / "autograded").glob(f"*/{MODULE}")) == done
    url = f"sqlite:///{course / 'gradebook.db'}"
    with Gradebook(url) as gb:  # the gradebook still opens, and finished scores are there
        assert all(gb.find_submission(MODULE, s).score == auto_total() for s in done)
    run = grade(course, env, "--workers", "2")
    assert f"{len(students) - len(done)} graded, 0 failed, {len(done)} skipped" in run.stdout, run.stdout + run.stderr
    rows = report(course)
    assert {s: float(r["score"]) for s, r in rows.items()} == dict.fromkeys(students, auto_total())
    assert gradebook_rows(url)[:2] == (len(students), len(students) * len(gb_grade_ids(course)))


def gb_grade_ids(course: Path) -> list[str]:
    nb = nbformat.read(course / "release" / MODULE / "quiz.ipynb", as_version=4)
    return [c.metadata["nbgrader"]["grade_id"] for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade")]


# --- PostgreSQL: a real server on loopback, in a temp data directory --------------------------


@pytest.fixture(scope="module")
def postgres():
    require((PG_BIN / "initdb").exists(), "PostgreSQL server binaries are absent (apt-get install postgresql)")
    require(shutil.which("runuser") is not None or os.geteuid() != 0, "runuser is needed to run PostgreSQL as root")
    # /tmp directly: pytest's temp folders are private to root and the server runs as `postgres`.
    tmp = Path(tempfile.mkdtemp(prefix="coursekit-pg-"))
    as_pg = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    if os.geteuid() == 0:
        shutil.chown(tmp, "postgres", "postgres")
    port = free_port()
    data, log = tmp / "data", tmp / "server.log"

    def pg(*args, timeout=120):
        return subprocess.run([*as_pg, *args], capture_output=True, text=True, timeout=timeout)

    run = pg(str(PG_BIN / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8")
    assert run.returncode == 0, run.stderr
    opts = f"-h 127.0.0.1 -p {port} -k {tmp}"
    run = pg(str(PG_BIN / "pg_ctl"), "-D", str(data), "-o", opts, "-l", str(log), "-w", "-t", "60", "start")
    assert run.returncode == 0, run.stderr + (log.read_text() if log.exists() else "")
    try:
        run = pg(str(PG_BIN / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "gradebook")
        assert run.returncode == 0, run.stderr
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/gradebook"
    finally:
        pg(str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "-t", "60", "stop")
        shutil.rmtree(tmp, ignore_errors=True)


def test_postgresql_gradebook_gives_the_same_scores_as_sqlite(tmp_path, postgres, graded_class):
    env = base_env()
    env["COURSEKIT_DB_URL"] = postgres
    course = new_course(tmp_path, env)
    kinds = {"s01_correct": "correct", "s03_blank": "blank", "s04_broken_json": "broken_json"}
    for student, kind in kinds.items():
        submit(course, student, kind)
    run = grade(course, env, "--workers", "2")
    assert "2 graded, 1 failed" in run.stdout, run.stdout + run.stderr
    assert not (course / "gradebook.db").exists(), "the sqlite gradebook was used instead of PostgreSQL"
    pg_rows = {s: (r["status"], r["score"]) for s, r in report(course).items()}
    sqlite_rows = {s: (r["status"], r["score"]) for s, r in graded_class["report"].items() if s in kinds}
    assert pg_rows == sqlite_rows
    with Gradebook(postgres) as gb:
        assert gb.find_submission(MODULE, "s01_correct").score == auto_total()
    # nbgrader's own export reads the same PostgreSQL gradebook
    run = autograde.nbgrader(course, "export", "--to", str(tmp_path / "grades.csv"), env=env)
    assert run.returncode == 0, run.stderr
    exported = {r["student_id"]: r for r in csv.DictReader((tmp_path / "grades.csv").open())}
    assert float(exported["s01_correct"]["raw_score"]) == auto_total()


# --- The exchange: release, fetch, submit, collect, grade, feedback, fetch_feedback ----------


def test_every_student_gets_their_own_feedback_through_the_exchange(tmp_path):
    env = base_env()
    env["COURSEKIT_EXCHANGE"] = str(tmp_path / "exchange")
    course = new_course(tmp_path / "instructor", env)
    students = {"ada": "correct", "ben": "wrong", "cy": "blank"}

    def as_student(name: str) -> tuple[Path, dict]:
        home = tmp_path / "home" / name
        home.mkdir(parents=True, exist_ok=True)
        (home / "nbgrader_config.py").write_text(
            f"c = get_config()\nc.Exchange.root = {env['COURSEKIT_EXCHANGE']!r}\n"
            "c.CourseDirectory.course_id = 'safer-anal-training'\n"
        )
        return home, {**base_env(), "HOME": str(home), "USER": name}

    def student_nbgrader(name: str, *args: str) -> subprocess.CompletedProcess:
        # nbgrader names a student after the OS account (pwd, not $USER). The one stand-in in this
        # file: each simulated student gets their login name from $USER instead of a real account,
        # so the test needs no useradd; everything else is the real exchange.
        home, senv = as_student(name)
        senv = autograde.nbgrader_env(senv)
        shim = (
            "import os, sys; import nbgrader.utils as u; u.get_osusername = lambda: os.environ['USER']; "
            "sys.argv = ['nbgrader', *sys.argv[1:]]; from nbgrader.apps.nbgraderapp import main; main()"
        )
        cmd = [sys.executable, "-c", shim, *args]
        return subprocess.run(cmd, cwd=home, env=senv, capture_output=True, text=True, timeout=120)

    for name, kind in students.items():
        home, _ = as_student(name)
        run = student_nbgrader(name, "fetch_assignment", MODULE)
        assert run.returncode == 0, run.stderr
        path = home / MODULE / "quiz.ipynb"
        nb = nbformat.read(path, as_version=4)
        if kind != "blank":
            fill(nb, questions(), correct=kind == "correct")
        for cell in nb.cells:
            if cell.cell_type == "markdown" and cell.metadata.get("nbgrader", {}).get("solution"):
                cell.source = f"Written by {name}-signature."
        nbformat.write(nb, path)
        run = student_nbgrader(name, "submit", MODULE)
        assert run.returncode == 0, run.stderr

    run = autograde.nbgrader(course, "collect", MODULE, env=env)
    assert run.returncode == 0, run.stderr
    assert sorted(p.name for p in (course / "submitted").iterdir()) == sorted(students)
    run = grade(course, env, "--workers", "2")
    assert run.returncode == 0 and "3 graded, 0 failed" in run.stdout, run.stdout + run.stderr
    for cmd in ("generate_feedback", "release_feedback"):
        run = autograde.nbgrader(course, cmd, MODULE, env=env)
        assert run.returncode == 0, run.stderr

    for name in students:
        home, _ = as_student(name)
        run = student_nbgrader(name, "fetch_feedback", MODULE)
        assert run.returncode == 0, run.stderr
        pages = list((home / MODULE / "feedback").glob("*/quiz.html"))
        assert len(pages) == 1, f"{name} got {len(pages)} feedback files"
        html = pages[0].read_text()
        assert f"{name}-signature" in html
        others = [o for o in students if o != name and f"{o}-signature" in html]
        assert not others, f"{name} received feedback written for {others}"
    rows = report(course)
    assert float(rows["ada"]["score"]) == auto_total() and float(rows["ben"]["score"]) == 0
