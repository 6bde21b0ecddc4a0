"""Idempotent re-runs: what a grade depends on, and the marker a finished grading leaves behind."""

from __future__ import annotations

import hashlib
from pathlib import Path

MARKER = ".coursekit-graded"


def _hash_folder(digest, folder: Path) -> None:
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes() + b"\0")


def basis(course: Path, assignment: str, db_url: str) -> str:
    """What a grade depends on besides the submission: master notebook, config and gradebook.

    Editing a hidden test (``source/`` then ``generate_assignment``), changing the config (a cell
    timeout) or moving to another gradebook changes it, so a plain re-run grades everyone again.
    """
    digest = hashlib.sha256(db_url.encode() + b"\0")
    _hash_folder(digest, Path(course) / "source" / assignment)
    config = Path(course) / "nbgrader_config.py"
    digest.update(config.read_bytes() if config.is_file() else b"")
    return digest.hexdigest()


def fingerprint(course: Path, student: str, assignment: str, base: str = "") -> str:
    """A hash of the submitted files and the basis: a resubmission (``collect --update``) changes it."""
    digest = hashlib.sha256(base.encode() + b"\0")
    _hash_folder(digest, Path(course) / "submitted" / student / assignment)
    return digest.hexdigest()


def is_done(course: Path, student: str, assignment: str, base: str = "") -> bool:
    """True when this exact submission was graded, on the same basis, by an earlier run that finished."""
    marker = Path(course) / "autograded" / student / assignment / MARKER
    return marker.is_file() and marker.read_text() == fingerprint(course, student, assignment, base)
