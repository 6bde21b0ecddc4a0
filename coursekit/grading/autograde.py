"""Run nbgrader's autograde one submission at a time and report failures instead of silent zeros."""

from __future__ import annotations

import csv
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import nbformat
from nbgrader.api import Gradebook, MissingEntry


@dataclass(frozen=True)
class Outcome:
    """How one submission fared: 'graded', 'failed', 'skipped' (graded earlier) or 'interrupted'."""

    student: str
    assignment: str
    status: str
    reason: str = ""
    score: float | None = None
    max_score: float | None = None


def nbgrader_env(env: dict | None = None) -> dict:
    """A copy of ``env`` (default: this process's) fit for running nbgrader.

    The environment's bin folder goes first on PATH: nbgrader runs ``alembic`` by name when it
    creates a gradebook, and fails if the virtual environment is not activated.
    """
    env = dict(os.environ if env is None else env)
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    return env


def graded_cleanly(course: Path, student: str, assignment: str, log: str) -> bool:
    """nbgrader finished this submission: an autograded notebook exists and the log names no error."""
    graded = Path(course) / "autograded" / student / assignment
    return "There was an error processing" not in log and any(graded.glob("*.ipynb"))


def nbgrader(course: Path, *args: str, env: dict | None = None, timeout: float | None = None):
    """Run one nbgrader command in ``course`` (the folder holding nbgrader_config.py)."""
    env = nbgrader_env(env)
    return subprocess.run(
        [sys.executable, "-m", "nbgrader", *args],
        cwd=course,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def submissions(course: Path, assignment: str) -> list[str]:
    folder = Path(course) / "submitted"
    return sorted(p.name for p in folder.iterdir() if (p / assignment).is_dir()) if folder.is_dir() else []


def first_error(log: str) -> str | None:
    """The first exception nbgrader logged (``SomeError: message``), not its closing summary.

    >>> first_error("[ERROR] Traceback...\\n    File x\\n    ValueError: bad cell\\nNbGraderException: see above")
    'ValueError: bad cell'
    """
    for line in log.splitlines():
        match = re.match(r"\s*((?:[A-Za-z_][\w]*\.)*[A-Za-z_]\w*(?:Error|Exception|Exit|Interrupt)): (.+)", line)
        if match and not match.group(2).startswith("Please see the"):
            return f"{match.group(1).rsplit('.', 1)[-1]}: {match.group(2).strip()}"
    return None


def is_dead_kernel(log: str) -> bool:
    """nbgrader's log says the kernel died (nbclient's DeadKernelError)."""
    lowered = log.lower()
    return "deadkernelerror" in lowered or "kernel died" in lowered


def diagnose(course: Path, student: str, assignment: str, log: str) -> str:
    """Why a submission could not be graded, in words a grader can act on."""
    course = Path(course)
    folder = course / "submitted" / student / assignment
    notebooks = sorted(folder.glob("*.ipynb"))
    if not notebooks:
        return "missing file: no notebook in the submission"
    for nb in notebooks:
        try:
            nbformat.validate(nbformat.reads(nb.read_text(encoding="utf-8"), as_version=4))
        except (nbformat.reader.NotJSONError, UnicodeDecodeError, OSError):
            return f"invalid notebook: {nb.name} is not valid JSON"
        except Exception as exc:  # noqa: BLE001 (nbformat raises several kinds for a malformed notebook)
            detail = str(exc).strip().splitlines()[0][:120] if str(exc).strip() else type(exc).__name__
            return f"invalid notebook: {nb.name} is JSON but not a notebook ({detail})"
    expected = sorted(p.name for p in (course / "source" / assignment).glob("*.ipynb"))
    absent = [name for name in expected if not (folder / name).is_file()]
    if absent:
        found = ", ".join(p.name for p in notebooks)
        return f"missing file: expected {', '.join(absent)}, found {found} (renamed?)"
    if is_dead_kernel(log):
        return "dead kernel: the kernel died while running the notebook"
    error = first_error(log)
    if error:
        return f"autograde error: {error[:200]}"
    last = [line for line in log.strip().splitlines() if line.strip()][-1:] or ["unknown error"]
    return f"autograde error: {last[0][:200]}"


def scores(
    course: Path, assignment: str, outcomes: list[Outcome], db_url: str | None = None, course_id: str = ""
) -> list[Outcome]:
    """Attach gradebook scores to graded (and skipped: graded earlier) outcomes; failed ones keep None."""
    db_url = db_url or f"sqlite:///{Path(course) / 'gradebook.db'}"
    out = []
    with Gradebook(db_url, course_id) as gb:
        for o in outcomes:
            if o.status not in ("graded", "skipped"):
                out.append(o)
                continue
            try:
                sub = gb.find_submission(assignment, o.student)
            except MissingEntry:
                out.append(Outcome(o.student, assignment, "failed", "missing from the gradebook"))
                continue
            out.append(Outcome(o.student, assignment, o.status, o.reason, sub.score, sub.max_score))
    return out


def write_report(path: Path, outcomes: list[Outcome]) -> None:
    """A CSV with a status column, so a failed submission never reads as a zero."""
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["assignment", "student", "status", "score", "max_score", "reason"])
        for o in outcomes:
            writer.writerow(
                [
                    o.assignment,
                    o.student,
                    o.status,
                    "" if o.score is None else o.score,
                    "" if o.max_score is None else o.max_score,
                    o.reason,
                ]
            )


LOGS = "autograde-logs"  # <course>/autograde-logs/<assignment>/<student>.log: full log of each failure


def summary(outcomes: list[Outcome], course: Path | None = None) -> str:
    """The end-of-run report: counts, then every failed submission with its reason."""
    counts = {k: sum(o.status == k for o in outcomes) for k in ("graded", "failed", "skipped", "interrupted")}
    lines = ["Autograde report: " + ", ".join(f"{v} {k}" for k, v in counts.items() if v or k != "interrupted")]
    for o in outcomes:
        if o.status == "failed":
            lines.append(f"  FAILED {o.assignment}/{o.student}: {o.reason}")
    if counts["failed"] and course is not None:
        lines.append(f"  Full logs of failed submissions: {Path(course) / LOGS}/<assignment>/<student>.log")
    if counts["interrupted"]:
        lines.append(f"  {counts['interrupted']} not finished: run the same command again to grade the rest.")
    return "\n".join(lines)


def assignments(course: Path) -> list[str]:
    """Every assignment with at least one collected submission, whatever banks exist."""
    folder = Path(course) / "submitted"
    if not folder.is_dir():
        return []
    return sorted({p.name for student in folder.iterdir() if student.is_dir() for p in student.iterdir() if p.is_dir()})
