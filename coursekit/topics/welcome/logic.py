"""Module 00 rules: the glossary look-up and the care routes (no widgets)."""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata
from dataclasses import dataclass, field

from coursekit.course.data import load_glossary, load_topic
from coursekit.course.schema import Ref
from coursekit.course.strings import text

SPEC = {
    "modules": [{"id": str, "number": int, "title": str, "minutes": int, "covers": str, "widgets": [str]}],
    "fries": [{"id": str, "word": str, "meaning": str, "refs": [Ref]}],
    "care_routes": [{"id": str, "where": str, "when": str, "?refs": [Ref]}],
    "care_words": [{"id": str, "words": [str], "message": str}],
}

MAX_QUERY = 200  # characters; longer input is cut, not refused


@functools.cache
def load() -> dict:
    return load_topic("welcome", SPEC)


@dataclass(frozen=True)
class Lookup:
    """A glossary answer: ``entry`` is the matched term or None; ``suggestions`` are near misses."""

    query: str
    entry: dict | None
    suggestions: tuple[str, ...] = field(default=())
    message: str = ""
    care: str = ""  # id of the care route the look-up points to, when the word is about getting help


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


@functools.cache
def _index() -> dict[str, dict]:
    index = {}
    for entry in load_glossary():
        for name in (entry["term"], *entry.get("aliases", ())):
            index[_fold(name)] = entry
    return index


def lookup(query: object) -> Lookup:
    """Find a glossary term by name or alias, forgiving case, accents, plurals and typos.

    >>> lookup("  Sphincters ").entry["id"]
    'sphincter'
    >>> lookup("").message
    'Type a word to look it up.'
    """
    typed = "" if query is None else str(query)[:MAX_QUERY]
    key = _fold(typed)
    if not key:
        return Lookup(typed, None, (), text("welcome", "lookup_empty"))
    index = _index()
    for candidate in (key, key.rstrip("s"), key[:-2] if key.endswith("es") else key):
        if candidate in index:
            return Lookup(typed, index[candidate])
    route = care_route_for(key)
    if route is not None:
        message = text("welcome", "lookup_care", query=typed.strip(), message=route["message"])
        return Lookup(typed, None, (), message, route["id"])
    near = difflib.get_close_matches(key, list(index), n=3, cutoff=0.72)
    suggestions = tuple(dict.fromkeys(index[n]["term"] for n in near))
    if len(suggestions) == 1 and difflib.SequenceMatcher(None, key, near[0]).ratio() >= 0.85:
        return Lookup(typed, index[near[0]], (), text("welcome", "lookup_closest", query=typed.strip()))
    if suggestions:
        message = text("welcome", "lookup_not_found_suggest", query=typed.strip(), suggestions=", ".join(suggestions))
    else:
        message = text("welcome", "lookup_not_found", query=typed.strip())
    return Lookup(typed, None, suggestions, message)


def care_route_for(key: str) -> dict | None:
    """The care route for a folded query that names a need for help (a word or phrase in it), or None.

    >>> care_route_for("i was raped")["id"], care_route_for("sphincter")
    ('support', None)
    """
    padded = f" {key} "
    for route in load()["care_words"]:
        if any(f" {_fold(word)} " in padded for word in route["words"]):
            return route
    return None
