"""Find, read and validate the course's data files: topics, references, glossary, question banks.

Course data ships inside the package (``coursekit.assets``, written in ``assets/`` at the top of the
repository), so it is read through ``importlib.resources`` and works from a wheel as from a clone.
Graded banks hold answer keys: they live in the instructor's course folder, never in the package.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import os
import re
from importlib.resources import files
from pathlib import Path
from typing import Any

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
# The in-browser edition's build parses every YAML file once and ships the result beside it as
# ``<name>.yaml.json`` (coursekit/editions/lite.py): Pyodide has only PyYAML's pure-Python parser,
# which took seconds per lesson there. The file holds the SHA-256 of the YAML text it came from and is
# used only while that still matches; dates are written as {"$date": "YYYY-MM-DD"}.
PARSED_SUFFIX = ".json"
_DATE_TAG = "$date"
_STALE = object()


def encode_parsed(text: str, data: Any) -> str:
    """The pre-parsed form of a YAML file's ``data`` (``text``: the file's text, for its hash)."""

    def tag(value: Any) -> dict:
        if isinstance(value, dt.date):
            return {_DATE_TAG: value.isoformat()}
        raise TypeError(f"cannot store {type(value).__name__}")

    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return json.dumps({"sha256": digest, "data": data}, default=tag, ensure_ascii=False)


def decode_parsed(text: str, stored: str) -> Any:
    """The data of a pre-parsed file, or ``_STALE`` if it was made from another text or is damaged."""

    def untag(obj: dict) -> Any:
        if len(obj) == 1 and _DATE_TAG in obj:
            value = obj[_DATE_TAG]
            return dt.datetime.fromisoformat(value) if "T" in value else dt.date.fromisoformat(value)
        return obj

    try:
        parsed = json.loads(stored, object_hook=untag)
    except ValueError:  # damaged: the YAML itself is read instead
        return _STALE
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    if not isinstance(parsed, dict) or "data" not in parsed or parsed.get("sha256") != digest:
        return _STALE
    return parsed["data"]


def parse_yaml(text: str) -> Any:
    """YAML text to data with a safe loader: libyaml's when PyYAML was built with it (about ten times
    faster), the pure-Python one otherwise. Both give the same data."""
    import yaml  # here, not at the top: the in-browser edition reads pre-parsed files and never needs it

    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506 (a safe loader)


REFERENCE_KINDS = ("government", "guideline", "journal", "clinic", "university", "charity", "educator")


def read_yaml(path: Path) -> Any:
    """Parse one YAML file, turning syntax errors into ContentError."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise ContentError(f"{path}: cannot read ({exc.strerror})") from exc
    parsed = Path(str(path) + PARSED_SUFFIX)
    if parsed.exists():  # only in the in-browser edition's build
        data = decode_parsed(text, parsed.read_text(encoding="utf-8"))
        if data is not _STALE:
            return data
    import yaml

    try:
        return parse_yaml(text)
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


# The validated ``last_reviewed`` of each data file load_topic has read, so a lesson's upkeep line
# does not parse its module's file a second time (the in-browser edition parses YAML in pure Python).
_REVIEWED: dict[Path, dt.date] = {}


def load_topic(name: str, spec: Any) -> Any:
    """Load a module's data (in the learner's language if translated) against its spec (plus ``last_reviewed``)."""
    path = topic_path(name)
    data = load_file(path, topic_spec(spec), reference_ids())
    if isinstance(data, dict) and isinstance(data.get("last_reviewed"), dt.date):
        _REVIEWED[path] = data["last_reviewed"]
    return data


@functools.cache
def last_reviewed(name: str, path: Path | None = None) -> dt.date:
    """When module ``name``'s content was last reviewed: the ``last_reviewed`` date of its data file.

    >>> last_reviewed("anatomy").year >= 2026
    True
    """
    path = Path(path) if path else DATA / f"{name}.yaml"
    if path in _REVIEWED:  # already read and validated by load_topic
        return _REVIEWED[path]
    raw = read_yaml(path)
    if not isinstance(raw, dict) or "last_reviewed" not in raw:
        raise ContentError(f"{path.name}: missing required key 'last_reviewed' (a date written YYYY-MM-DD)")
    return validate(raw["last_reviewed"], Date, f"{path.name}: last_reviewed")


def topic_files() -> list[Path]:
    """The per-module data files (everything in assets/data but the shared ones)."""
    shared = {"references.yaml", "glossary.yaml"}
    return sorted(p for p in DATA.glob("*.yaml") if p.name not in shared)
