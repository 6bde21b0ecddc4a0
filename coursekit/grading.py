"""Run nbgrader's autograde one submission at a time and report failures instead of silent zeros."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

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


def nbgrader(course: Path, *args: str, env: dict | None = None, timeout: float | None = None):
    """Run one nbgrader command in ``course`` (the folder holding nbgrader_config.py).

    The environment's bin folder goes first on PATH: nbgrader runs ``alembic`` by name when it
    creates a gradebook, and fails if the virtual environment is not activated.
    """
    env = dict(os.environ if env is None else env)
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
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


def diagnose(course: Path, student: str, assignment: str, log: str) -> str:
    """Why a submission could not be graded, in words a grader can act on."""
    folder = Path(course) / "submitted" / student / assignment
    notebooks = sorted(folder.glob("*.ipynb"))
    if not notebooks:
        return "missing file: no notebook in the submission"
    for nb in notebooks:
        try:
            json.loads(nb.read_text(encoding="utf-8"))
        except (ValueError, UnicodeDecodeError):
            return f"invalid notebook: {nb.name} is not valid JSON"
    lowered = log.lower()
    if "dead kernel" in lowered or "kernel died" in lowered:
        return "dead kernel: the kernel died while running the notebook"
    if "timeout" in lowered or "timed out" in lowered:
        return "timeout: the notebook took too long"
    last = [line for line in log.strip().splitlines() if line.strip()][-1:] or ["unknown error"]
    return f"autograde error: {last[0][:200]}"


def autograde_one(course: Path, assignment: str, student: str, env: dict | None = None) -> Outcome:
    """Autograde one student's submission; never returns a silent zero."""
    run = nbgrader(course, "autograde", assignment, "--student", student, "--create", "--force", env=env)
    graded = Path(course) / "autograded" / student / assignment
    log = run.stdout + run.stderr
    if run.returncode != 0 or not any(graded.glob("*.ipynb")) or "There was an error processing" in log:
        return Outcome(student, assignment, "failed", diagnose(course, student, assignment, log))
    return Outcome(student, assignment, "graded")


def scores(course: Path, assignment: str, outcomes: list[Outcome], db_url: str | None = None) -> list[Outcome]:
    """Attach gradebook scores to graded (and skipped: graded earlier) outcomes; failed ones keep None."""
    db_url = db_url or f"sqlite:///{Path(course) / 'gradebook.db'}"
    out = []
    with Gradebook(db_url) as gb:
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
