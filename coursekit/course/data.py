"""Load and validate the course's data files (assets/ and grading/banks/)."""

from __future__ import annotations

import functools
import html
import importlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
ASSETS = ROOT / "assets"
DATA = ASSETS / "data"
QUIZZES = ASSETS / "quizzes"
BANKS = ROOT / "grading" / "banks"

REFERENCE_KINDS = ("government", "guideline", "journal", "clinic", "university", "charity", "educator")


class ContentError(ValueError):
    """A data file is malformed; the message names the file and the key."""


# ---------------------------------------------------------------------------
# A tiny schema language. A spec is one of:
#   str, int, float, bool          a value of that type (an int is accepted for float)
#   Ref                            a reference id that exists in references.yaml
#   OneOf("a", "b")                one of these values
#   [spec]                         a non-empty list of spec
#   {"key": spec, "?opt": spec}    a mapping with exactly these keys ("?" = optional)
#   MapOf(spec)                    a mapping from free string keys to spec
#   Maybe(spec)                    spec or null
#   object                         anything (the caller checks it further)
# Lists of mappings that have an "id" key must have unique ids.
# ---------------------------------------------------------------------------


class _RefType:
    def __repr__(self) -> str:
        return "Ref"


Ref = _RefType()


@dataclass(frozen=True)
class OneOf:
    choices: tuple

    def __init__(self, *choices):
        object.__setattr__(self, "choices", tuple(choices))


@dataclass(frozen=True)
class MapOf:
    value: Any


@dataclass(frozen=True)
class Maybe:
    value: Any


_TYPE_NAMES = {str: "text", int: "a whole number", float: "a number", bool: "true or false"}


def validate(value: Any, spec: Any, where: str, ref_ids: frozenset[str] | None = None) -> Any:
    """Check ``value`` against ``spec``; raise ContentError naming ``where``.

    >>> validate({"id": "a", "n": 2}, {"id": str, "n": int}, "x.yaml")
    {'id': 'a', 'n': 2}
    >>> validate({"id": "a", "m": 2}, {"id": str}, "x.yaml")
    Traceback (most recent call last):
    ...
    coursekit.content.ContentError: x.yaml: unknown key 'm' (allowed: id)
    """
    if spec is object:
        return value
    if isinstance(spec, Maybe):
        return None if value is None else validate(value, spec.value, where, ref_ids)
    if spec is Ref:
        if not isinstance(value, str):
            raise ContentError(f"{where}: expected a reference id, got {value!r}")
        if ref_ids is not None and value not in ref_ids:
            raise ContentError(f"{where}: reference id {value!r} does not exist in references.yaml")
        return value
    if isinstance(spec, OneOf):
        if value not in spec.choices:
            allowed = ", ".join(map(str, spec.choices))
            raise ContentError(f"{where}: {value!r} is not one of: {allowed}")
        return value
    if isinstance(spec, list):
        if not isinstance(value, list) or not value:
            raise ContentError(f"{where}: expected a non-empty list, got {type(value).__name__}")
        items = [validate(v, spec[0], f"{where}[{i}]", ref_ids) for i, v in enumerate(value)]
        _check_unique_ids(items, where)
        return items
    if isinstance(spec, MapOf):
        if not isinstance(value, dict):
            raise ContentError(f"{where}: expected a mapping, got {type(value).__name__}")
        return {str(k): validate(v, spec.value, _join(where, k), ref_ids) for k, v in value.items()}
    if isinstance(spec, dict):
        return _validate_mapping(value, spec, where, ref_ids)
    if spec is float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ContentError(f"{where}: expected a number, got {value!r}")
        return float(value)
    if spec in _TYPE_NAMES:
        if not isinstance(value, spec) or (spec is int and isinstance(value, bool)):
            raise ContentError(f"{where}: expected {_TYPE_NAMES[spec]}, got {value!r}")
        if spec is str and not value.strip():
            raise ContentError(f"{where}: must not be empty")
        return value
    raise TypeError(f"bad spec {spec!r}")  # a programming error, not a content error


def _validate_mapping(value, spec, where, ref_ids):
    if not isinstance(value, dict):
        raise ContentError(f"{where}: expected a mapping, got {type(value).__name__}")
    keys = {k.lstrip("?"): k.startswith("?") for k in spec}
    unknown = [k for k in value if k not in keys]
    if unknown:
        allowed = ", ".join(sorted(keys))
        raise ContentError(f"{where}: unknown key {unknown[0]!r} (allowed: {allowed})")
    out = {}
    for key, optional in keys.items():
        sub = _join(where, key)
        if key not in value:
            if optional:
                continue
            raise ContentError(f"{where}: missing required key {key!r}")
        out[key] = validate(value[key], spec[("?" if optional else "") + key], sub, ref_ids)
    return out


def _join(where: str, key: Any) -> str:
    # "anatomy.yaml" + "structures" -> "anatomy.yaml: structures"; deeper levels use dots.
    return f"{where}.{key}" if ": " in where or where.endswith("]") else f"{where}: {key}"


def _check_unique_ids(items: list, where: str) -> None:
    seen: set = set()
    for i, item in enumerate(items):
        if isinstance(item, dict) and "id" in item:
            if item["id"] in seen:
                raise ContentError(f"{where}[{i}].id: duplicate id {item['id']!r}")
            seen.add(item["id"])


class UnknownChoice(KeyError, ValueError):
    """An id that is not among the choices; the message lists the valid ones."""

    def __str__(self) -> str:
        return str(self.args[0])


def find_by_id(items: list[dict], item_id: object, what: str, hint: str = "choose one of") -> dict:
    """The item whose ``id`` is ``item_id``; otherwise UnknownChoice naming every valid id.

    >>> find_by_id([{"id": "a"}], "a", "colour")["id"]
    'a'
    >>> find_by_id([{"id": "a"}], "b", "colour")
    Traceback (most recent call last):
    ...
    coursekit.content.UnknownChoice: unknown colour 'b'; choose one of: a
    """
    for item in items:
        if item["id"] == item_id:
            return item
    raise UnknownChoice(f"unknown {what} {item_id!r}; {hint}: {', '.join(i['id'] for i in items)}")


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


def load_all() -> dict[str, Any]:
    """Validate every data file and question bank; return them by name.

    Each topic file ``assets/data/<topic>.yaml`` is checked against the ``SPEC``
    of the module ``coursekit.<topic>``, so a new module adds its own schema.
    """
    from . import quiz  # local import: quiz imports this module

    out: dict[str, Any] = {"references": load_references(), "glossary": load_glossary()}
    for path in topic_files():
        module = importlib.import_module(f"coursekit.{path.stem}")
        out[path.stem] = load_topic(path.stem, module.SPEC)
    for path in sorted(QUIZZES.glob("*.yaml")) + sorted(BANKS.glob("*.yaml")):
        out[f"{path.parent.name}/{path.stem}"] = quiz.load_bank(path)
    return out


def cite(ref_ids: list[str] | tuple[str, ...]) -> str:
    """Format reference ids as a short citation: publisher and year of each.

    >>> cite([]) == ""
    True
    """
    refs = load_references()
    parts = []
    for rid in ref_ids:
        if rid not in refs:
            raise ContentError(f"unknown reference id {rid!r}")
        ref = refs[rid]
        part = f"{ref['publisher']}, {ref['year'] or 'n.d.'}"
        if part not in parts:  # several pages of one publisher read as one citation
            parts.append(part)
    return "(" + "; ".join(parts) + ")" if parts else ""


def reference_line(rid: str) -> str:
    """One reference as a line of text: title, publisher, year and address."""
    ref = load_references()[rid]
    return f"{ref['title']}. {ref['publisher']}, {ref['year'] or 'n.d.'}. {ref['url']}"


def reference_list(ref_ids: list[str] | tuple[str, ...]):
    """The references section of a lesson: a numbered list widget, in the order given."""
    import ipywidgets as w

    refs = load_references()
    missing = [r for r in ref_ids if r not in refs]
    if missing:
        raise ContentError(f"unknown reference id(s): {', '.join(missing)}")
    items = "".join(f'<li id="ref-{r}"><code>{r}</code>: {html.escape(reference_line(r))}</li>' for r in ref_ids)
    return w.HTML(f"<ol>{items}</ol>")
