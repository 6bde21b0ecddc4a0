"""Setting up and running the course as the README says: console commands, make's Python check,
.gitignore for student data, and the README's grading block run exactly as written."""

from __future__ import annotations

import csv
import os
import re
import shlex
import shutil
import subprocess
import sys
import tomllib
from importlib import metadata
from pathlib import Path

import nbformat
import pytest

import coursekit
from coursekit import cli
from coursekit.course.banks import load_bank
from coursekit.course.data import BANKS
from tests.test_grading import fill

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent  # the environment's bin folder: .venv/bin after make
README = (ROOT / "README.md").read_text()
COMMANDS = {
    "coursekit-grade": "--workers",
    "coursekit-build": "--check",
    "coursekit-nbgrader": "generate_assignment",
    "coursekit-items": "--simulate",
    "coursekit-banks": "--gift",
}


def run(cmd: list[str], timeout: float = 120, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, **kwargs)


def code_blocks(text: str) -> list[str]:
    return re.findall(r"^```(?:bash|sh)?\n(.*?)^```", text, flags=re.S | re.M)


def section(text: str, heading: str) -> str:
    start = text.index(f"\n{heading}\n")
    end = text.find("\n## ", start + 1)
    return text[start : end if end > 0 else None]


# --- console commands -----------------------------------------------------------------------


def test_pyproject_declares_the_console_commands():
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]
    assert sorted(scripts) == sorted(COMMANDS)
    assert coursekit.__version__ == metadata.version("coursekit")


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_console_command_answers_help_and_version(name):
    exe = BIN / name
    assert exe.is_file(), f"{exe} is missing: reinstall the package (make env)"
    version = run([str(exe), "--version"])
    assert version.returncode == 0, version.stderr
    assert version.stdout.startswith(f"{name} (coursekit) {coursekit.__version__}")
    helped = run([str(exe), "--help"])
    assert helped.returncode == 0, helped.stderr
    assert name in helped.stdout and COMMANDS[name] in helped.stdout


def test_coursekit_nbgrader_fails_when_nbgrader_logs_an_error_but_exits_0(tmp_path, monkeypatch):
    # A stand-in for `python -m nbgrader` that behaves as nbgrader does when alembic is not on PATH.
    fake = tmp_path / "python"
    fake.write_text("#!/bin/sh\necho '[GenerateAssignmentApp | ERROR] There was an error processing' >&2\nexit 0\n")
    fake.chmod(0o755)
    monkeypatch.setattr(sys, "executable", str(fake))
    monkeypatch.chdir(ROOT)
    assert cli.nbgrader(["generate_assignment", "01_anatomy"]) == 1
    fake.write_text("#!/bin/sh\necho '[GenerateAssignmentApp | INFO] Writing 1 file' >&2\nexit 0\n")
    assert cli.nbgrader(["generate_assignment", "01_anatomy"]) == 0


# --- make ----------------------------------------------------------------------------------


def make(*args: str) -> subprocess.CompletedProcess:
    return run(["make", "--no-print-directory", "-C", str(ROOT), *args])


@pytest.fixture()
def old_python(tmp_path) -> Path:
    fake = tmp_path / "python3.9"
    fake.write_text('#!/bin/sh\n[ "$1" = "--version" ] && { echo "Python 3.9.18"; exit 0; }\nexit 1\n')
    fake.chmod(0o755)
    return fake


def test_make_stops_before_any_install_when_python_is_too_old(tmp_path, old_python):
    venv = tmp_path / "venv"
    for target in ("course", "test"):
        out = make(target, f"PYTHON={old_python}", f"VENV={venv}")
        assert out.returncode != 0
        assert "This course needs Python 3.11 or newer" in out.stderr, out.stdout + out.stderr
        assert "Python 3.9.18" in out.stderr and "PYTHON=python3.12" in out.stderr and "conda" in out.stderr
        assert "pip install" not in out.stdout and not venv.exists(), "something was installed"
    missing = make("check-python", f"PYTHON={tmp_path / 'no-such-python'}", f"VENV={venv}")
    assert missing.returncode != 0 and "no Python found" in missing.stderr


def test_make_accepts_this_python(tmp_path):
    out = make("check-python", f"PYTHON={sys.executable}", f"VENV={tmp_path / 'venv'}")
    assert out.returncode == 0, out.stderr


def test_every_make_target_and_command_the_docs_show_exists():
    targets = set(re.findall(r"^([\w-]+):", (ROOT / "Makefile").read_text(), flags=re.M))
    shown = README + "".join(p.read_text() for p in (ROOT / "docs").glob("*.md"))
    blocks = "\n".join(code_blocks(shown)) + "\n" + "\n".join(re.findall(r"`([^`\n]+)`", shown))
    for target in set(re.findall(r"(?:^|\s)make ([a-z][\w-]*)", blocks)):
        assert target in targets, f"the docs show `make {target}`, which the Makefile lacks"
    for command in set(re.findall(r"\.venv/bin/([\w-]+)", blocks)):
        assert (BIN / command).is_file(), f"the docs show .venv/bin/{command}, which is not installed"
    assert "make course" in README and "make test" in README
    assert "make test" in (ROOT / ".ci" / "run").read_text()


# --- .gitignore ------------------------------------------------------------------------------

STUDENT_DATA = [
    "grades.csv",
    "students.csv",
    "grading/grades.csv",
    "grading/grades-status.csv",
    "grading/gradebook.db",
    "grading/gradebook.db-journal",
    "grading/.nbgrader.log",
    ".nbgrader.log",
    "grading/.coursekit-grade.lock",
    "grading/autograde-logs/01_anatomy/ada.log",
    "grading/submitted/ada/01_anatomy/quiz.ipynb",
    "grading/autograded/ada/01_anatomy/quiz.ipynb",
    "grading/feedback/ada/01_anatomy/quiz.html",
    "grading/release/01_anatomy/quiz.ipynb",
    "grading/exchange/safer-anal-training/inbound/ada+01_anatomy/quiz.ipynb",
    "grading/downloaded/01_anatomy/archive/ada_quiz.ipynb",
    "01_anatomy/quiz.ipynb",
    "notebooks/02_relaxation/saved/plan.json",
]


def test_gitignore_covers_every_file_with_student_data():
    if shutil.which("git") is None or run(["git", "-C", str(ROOT), "rev-parse"]).returncode != 0:
        pytest.skip("not a git work tree")
    out = run(
        ["git", "-C", str(ROOT), "check-ignore", "--no-index", "--stdin", "-v", "-n"], input="\n".join(STUDENT_DATA)
    )
    ignored = {line.split("\t")[1] for line in out.stdout.splitlines() if not line.startswith("::")}
    assert sorted(set(STUDENT_DATA) - ignored) == []
    tracked = run(["git", "-C", str(ROOT), "ls-files", "-ci", "--exclude-standard"]).stdout.split()
    assert tracked == [], f"tracked files that .gitignore would hide: {tracked}"


# --- the README's grading block, as written -------------------------------------------------

MODULE = "01_anatomy"


def grading_commands() -> list[str]:
    blocks = code_blocks(section(README, "## Grading (instructors)"))
    lines = [line.split("#", 1)[0].strip() for line in blocks[0].splitlines()]
    return [line for line in lines if line]


def plant_submission(course: Path, student: str) -> float:
    """A correct submission in submitted/, where `nbgrader collect` puts one; returns its score."""
    questions = load_bank(BANKS / f"{MODULE}.yaml")["questions"]
    folder = course / "submitted" / student / MODULE
    folder.mkdir(parents=True)
    (folder / "timestamp.txt").write_text("2026-11-23 09:00:00.000000 UTC")
    nb = nbformat.read(course / "release" / MODULE / "quiz.ipynb", as_version=4)
    nbformat.write(fill(nb, questions, correct=True), folder / "quiz.ipynb")
    return sum(q.points for q in questions if q.type != "short")


@pytest.mark.grading
def test_readme_grading_block_runs_as_written(tmp_path):
    commands = grading_commands()
    assert commands[0] == "make env", "the block starts by building the environment"
    # The suite runs inside the environment `make env` builds; a copy of the course uses it.
    repo = tmp_path / "repo"
    (repo / "grading").mkdir(parents=True)
    shutil.copy(ROOT / "nbgrader_config.py", repo)
    shutil.copy(ROOT / "grading" / "nbgrader_config.py", repo / "grading")
    shutil.copytree(ROOT / "grading" / "source" / MODULE, repo / "grading" / "source" / MODULE)
    (repo / ".venv").symlink_to(Path(sys.prefix), target_is_directory=True)
    # As in a fresh terminal: the environment is not activated, nothing of it on PATH.
    env = {k: v for k, v in os.environ.items() if not k.startswith(("COURSEKIT_", "VIRTUAL_ENV"))}
    env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep) if p and Path(p) != BIN)
    env["COURSEKIT_CELL_TIMEOUT"] = "10"
    course, total = repo / "grading", None
    ran = []
    for line in commands[1:]:
        argv = shlex.split(line)
        assert argv[0].startswith(".venv/bin/coursekit-"), f"{line!r}: use a console command that sets the environment"
        if argv[0].endswith("coursekit-grade"):
            total = plant_submission(course, "ada")
        out = run(argv, cwd=repo, env=env, timeout=300)
        assert out.returncode == 0, f"{line}\n{out.stdout}\n{out.stderr}"
        assert "| ERROR]" not in out.stderr and "Traceback" not in out.stderr, f"{line}\n{out.stderr}"
        ran.append((argv, out))
    by_step = {a[1] if a[0].endswith("nbgrader") else "grade": out for a, out in ran}
    assert set(by_step) >= {"generate_assignment", "release_assignment", "grade", "generate_feedback", "export"}
    assert (course / "release" / MODULE / "quiz.ipynb").is_file()
    assert (course / "exchange" / "safer-anal-training" / "outbound" / MODULE / "quiz.ipynb").is_file()
    assert "Autograde report: 1 graded, 0 failed, 0 skipped" in by_step["grade"].stdout
    assert (course / "feedback" / "ada" / MODULE / "quiz.html").is_file()
    exported = {r["student_id"]: r for r in csv.DictReader((course / "grades.csv").open())}
    assert float(exported["ada"]["raw_score"]) == total
