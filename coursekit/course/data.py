"""Find, read and validate the course's data files: topics, references, glossary, question banks.

Course data ships inside the package (``coursekit.assets``, written in ``assets/`` at the top of the
repository), so it is read through ``importlib.resources`` and works from a wheel as from a clone.
Graded banks hold answer keys: they live in the instructor's course folder, never in the package.
"""

from __future__ import annotations

import functools
from importlib.resources import files
from pathlib import Path
from typing import Any

import yaml

from .schema import ContentError, Maybe, OneOf, Ref, validate

ASSETS = Path(str(files("coursekit.assets")))
DATA = ASSETS / "data"
QUIZZES = ASSETS / "quizzes"
# In a clone, ROOT is the repository and grading/banks holds the graded banks; an installed wheel has
# no banks (answer keys stay with the instructor), and loading one says the file cannot be read.
ROOT = ASSETS.parent
BANKS = ROOT / "grading" / "banks"

REFERENCE_KINDS = ("government", "guideline", "journal", "clinic", "university", "charity", "educator")


def read_yaml(path: Path) -> Any:
    """Parse one YAML file, turning syntax errors into ContentError."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise ContentError(f"{path}: cannot read ({exc.strerror})") from exc
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ContentError(f"{path}: not valid YAML ({exc})") from exc


def load_file(path: Path, spec: Any, ref_ids: frozenset[str] | None = None) -> Any:
    """Read ``path`` and validate it against ``spec``; errors name the file and key."""
    path = Path(path)
    return validate(read_yaml(path), spec, path.name, ref_ids)


# ---------------------------------------------------------------------------
# The shared files: references and glossary.
# ---------------------------------------------------------------------------

REFERENCE_SPEC = {
    "references": [
        {
            "id": str,
            "title": str,
            "publisher": str,
            "year": Maybe(int),
            "url": str,
            "kind": OneOf(*REFERENCE_KINDS),
            "?note": str,
        }
    ]
}

GLOSSARY_SPEC = {
    "terms": [
        {
            "id": str,
            "term": str,
            "?aliases": [str],
            "definition": str,
            "?module": str,
            "?refs": [Ref],
        }
    ]
}


@functools.cache
def load_references(path: Path = DATA / "references.yaml") -> dict[str, dict]:
    """Return every reference, keyed by id.

    >>> refs = load_references()
    >>> all(r["url"].startswith("http") for r in refs.values())
    True
    """
    data = load_file(path, REFERENCE_SPEC)
    for i, ref in enumerate(data["references"]):
        if not ref["url"].startswith(("https://", "http://")):
            raise ContentError(f"{Path(path).name}: references[{i}].url: not a web address")
    return {r["id"]: r for r in data["references"]}


def reference_ids() -> frozenset[str]:
    return frozenset(load_references())


@functools.cache
def load_glossary(path: Path = DATA / "glossary.yaml") -> list[dict]:
    """Return the glossary terms, validated (every cited reference must exist)."""
    return load_file(path, GLOSSARY_SPEC, reference_ids())["terms"]


def load_topic(name: str, spec: Any) -> Any:
    """Load ``assets/data/<name>.yaml`` against a topic module's spec."""
    return load_file(DATA / f"{name}.yaml", spec, reference_ids())


def topic_files() -> list[Path]:
    """The per-module data files (everything in assets/data but the shared ones)."""
    shared = {"references.yaml", "glossary.yaml"}
    return sorted(p for p in DATA.glob("*.yaml") if p.name not in shared)
