"""The course's small schema language: specs, validation with messages that name the file and key, look-ups."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any


class ContentError(ValueError):
    """A data file is malformed; the message names the file and the key."""


# ---------------------------------------------------------------------------
# A tiny schema language. A spec is one of:
#   str, int, float, bool          a value of that type (an int is accepted for float)
#   Ref                            a reference id that exists in references.yaml
#   Date                           a calendar date written YYYY-MM-DD (YAML reads it as a date)
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


class _DateType:
    def __repr__(self) -> str:
        return "Date"


Date = _DateType()


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
    coursekit.course.schema.ContentError: x.yaml: unknown key 'm' (allowed: id)
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
    if spec is Date:
        return _date(value, where)
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


def _date(value: Any, where: str) -> dt.date:
    """A date written YYYY-MM-DD: YAML reads it as a date; a quoted one arrives as text.

    >>> _date("2026-11-30", "x.yaml")
    datetime.date(2026, 11, 30)
    >>> _date("30 November 2026", "x.yaml")
    Traceback (most recent call last):
    ...
    coursekit.course.schema.ContentError: x.yaml: expected a date written YYYY-MM-DD, got '30 November 2026'
    """
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            raise ContentError(f"{where}: {value!r} is not a real date") from None
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    raise ContentError(f"{where}: expected a date written YYYY-MM-DD, got {value!r}")


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
    coursekit.course.schema.UnknownChoice: unknown colour 'b'; choose one of: a
    """
    for item in items:
        if item["id"] == item_id:
            return item
    raise UnknownChoice(f"unknown {what} {item_id!r}; {hint}: {', '.join(i['id'] for i in items)}")
