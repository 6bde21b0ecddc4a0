"""Find, read and validate the course's data files: topics, references, glossary, question banks.

Course data ships inside the package (``coursekit.assets``, written in ``assets/`` at the top of the
repository), so it is read through ``importlib.resources`` and works from a wheel as from a clone.
Graded banks hold answer keys: they live in the instructor's course folder, never in the package.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import re
from importlib.resources import files
from pathlib import Path
from typing import Any

import yaml

from .schema import ContentError, Date, Maybe, OneOf, Ref, validate

PACKAGE_ASSETS = Path(str(files("coursekit.assets")))
# COURSEKIT_ASSETS points the course at another copy of assets/: a localiser trying a new region or
# language without touching the installed package (docs/localising.md), and the localisation test.
ASSETS = Path(os.environ["COURSEKIT_ASSETS"]) if os.environ.get("COURSEKIT_ASSETS") else PACKAGE_ASSETS
DATA = ASSETS / "data"
QUIZZES = ASSETS / "quizzes"
LOCALES = ASSETS / "locales"
# In a clone, ROOT is the repository and grading/banks holds the graded banks; an installed wheel has
# no banks (answer keys stay with the instructor), and loading one says the file cannot be read.
ROOT = PACKAGE_ASSETS.parent
BANKS = ROOT / "grading" / "banks"
DEFAULT_LANGUAGE = "en"
_LANGUAGE_CODE = re.compile(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})*")
# libyaml's parser when PyYAML was built with it (about ten times faster: every lesson reads the
# references); the pure-Python one otherwise (the in-browser edition). Both give the same data.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

REFERENCE_KINDS = ("government", "guideline", "journal", "clinic", "university", "charity", "educator")


def read_yaml(path: Path) -> Any:
    """Parse one YAML file, turning syntax errors into ContentError."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise ContentError(f"{path}: cannot read ({exc.strerror})") from exc
    try:
        return yaml.load(text, Loader=_LOADER)  # noqa: S506 (a safe loader, C or Python)
    except yaml.YAMLError as exc:
        raise ContentError(f"{path}: not valid YAML ({exc})") from exc
    except ValueError as exc:  # YAML reads 2026-13-01 as a date and the calendar refuses it
        raise ContentError(f"{path}: a date that does not exist ({exc})") from exc


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


# Every module's data file also says when its content was last reviewed (shown in its lesson).
TOPIC_COMMON = {"last_reviewed": Date}


def topic_spec(spec: Any) -> Any:
    """A topic module's spec plus the keys every module's data file carries (``last_reviewed``)."""
    return {**TOPIC_COMMON, **spec} if isinstance(spec, dict) else spec


def language() -> str:
    """The language the learner reads: ``COURSEKIT_LANG`` (e.g. ``fr``, ``pt-BR``), English by default."""
    code = os.environ.get("COURSEKIT_LANG", "").strip() or DEFAULT_LANGUAGE
    if not _LANGUAGE_CODE.fullmatch(code):
        raise ContentError(f"COURSEKIT_LANG={code!r}: expected a language code such as 'en' or 'pt-BR'")
    return code


def topic_path(name: str) -> Path:
    """``assets/locales/<language>/<name>.yaml`` when that translation exists, else ``assets/data/<name>.yaml``."""
    translated = LOCALES / language() / f"{name}.yaml"
    return translated if language() != DEFAULT_LANGUAGE and translated.exists() else DATA / f"{name}.yaml"


def load_topic(name: str, spec: Any) -> Any:
    """Load a module's data (in the learner's language if translated) against its spec (plus ``last_reviewed``)."""
    return load_file(topic_path(name), topic_spec(spec), reference_ids())


@functools.cache
def last_reviewed(name: str, path: Path | None = None) -> dt.date:
    """When module ``name``'s content was last reviewed: the ``last_reviewed`` date of its data file.

    >>> last_reviewed("anatomy").year >= 2026
    True
    """
    path = Path(path) if path else DATA / f"{name}.yaml"
    raw = read_yaml(path)
    if not isinstance(raw, dict) or "last_reviewed" not in raw:
        raise ContentError(f"{path.name}: missing required key 'last_reviewed' (a date written YYYY-MM-DD)")
    return validate(raw["last_reviewed"], Date, f"{path.name}: last_reviewed")


def topic_files() -> list[Path]:
    """The per-module data files (everything in assets/data but the shared ones)."""
    shared = {"references.yaml", "glossary.yaml"}
    return sorted(p for p in DATA.glob("*.yaml") if p.name not in shared)
