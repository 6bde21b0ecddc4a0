"""The grading ledger: every submission's latest autograde status, kept across runs.

``coursekit-grade`` writes a per-run report (``--report``). The ledger,
``<course>/autograde-status.csv``, is cumulative: each run updates the rows of the submissions it
touched and keeps every other row, so a failure found on Monday is still known on Friday after a
run that graded another quiz. The LMS export (:mod:`coursekit.grading.export`) reads it to tell a
failed submission from a graded one.

``classrun.main`` calls :func:`record` once per run, after the per-run report.
"""

from __future__ import annotations

import csv
import os
import tempfile
from datetime import UTC, datetime
from pathlib import Path

LEDGER = "autograde-status.csv"
COLUMNS = ("assignment", "student", "status", "score", "max_score", "reason", "updated")


def ledger_path(course: Path) -> Path:
    """Where the ledger of the course folder ``course`` lives."""
    return Path(course) / LEDGER


def read(course: Path) -> dict[tuple[str, str], dict[str, str]]:
    """The ledger as ``{(assignment, student): row}``; empty when no run has written one yet."""
    path = ledger_path(course)
    if not path.is_file():
        return {}
    with open(path, newline="", encoding="utf-8") as fh:
        return {(row["assignment"], row["student"]): row for row in csv.DictReader(fh)}


def _merge(old: dict[str, str] | None, outcome, now: str) -> dict[str, str] | None:
    """The new row for one outcome; None keeps the old row unchanged."""
    status = outcome.status
    if status == "skipped":  # graded earlier, unchanged since: keep the row that says so
        if old and old["status"] == "graded":
            return None
        status = "graded"
    if status == "interrupted":
        # A stopped run discards that submission's output: it is not graded now, whatever it was.
        status = "not graded yet"
    score = "" if outcome.score is None or status != "graded" else f"{outcome.score:g}"
    max_score = "" if outcome.max_score is None else f"{outcome.max_score:g}"
    return {
        "assignment": outcome.assignment,
        "student": outcome.student,
        "status": status,
        "score": score,
        "max_score": max_score,
        "reason": outcome.reason,
        "updated": now,
    }


def record(course: Path, outcomes, now: datetime | None = None) -> Path:
    """Merge one run's outcomes into the course's ledger and return its path.

    Parameters
    ----------
    course : Path
        The course folder (holds ``nbgrader_config.py``).
    outcomes : iterable of coursekit.grading.autograde.Outcome
        What the run found: graded, failed, skipped (graded earlier) or interrupted.
    now : datetime, optional
        The time stamped on updated rows (UTC; default: now).

    Returns
    -------
    Path
        The ledger file. It is replaced atomically, so a crash never leaves half a file.

    Examples
    --------
    >>> import tempfile
    >>> from coursekit.grading.autograde import Outcome
    >>> d = Path(tempfile.mkdtemp())
    >>> _ = record(d, [Outcome("ana", "q1", "failed", "dead kernel")])
    >>> _ = record(d, [Outcome("ben", "q1", "graded", "", 5.0, 6.0)])
    >>> sorted((k[1], v["status"]) for k, v in read(d).items())
    [('ana', 'failed'), ('ben', 'graded')]
    """
    stamp = (now or datetime.now(UTC)).strftime("%Y-%m-%dT%H:%M:%SZ")
    rows = read(course)
    for outcome in outcomes:
        key = (outcome.assignment, outcome.student)
        new = _merge(rows.get(key), outcome, stamp)
        if new is not None:
            rows[key] = new
    path = ledger_path(course)
    fd, tmp = tempfile.mkstemp(prefix=".autograde-status-", suffix=".csv", dir=path.parent)
    with os.fdopen(fd, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=COLUMNS)
        writer.writeheader()
        for key in sorted(rows):
            writer.writerow({c: rows[key].get(c, "") for c in COLUMNS})
    os.replace(tmp, path)
    return path
