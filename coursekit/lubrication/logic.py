"""Module 03 rules: the lubrication data, the compatibility rules and the ingredient-label reader (no widgets)."""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata
from dataclasses import dataclass

from ..content import ContentError, MapOf, OneOf, Ref, find_by_id, load_topic

VERDICTS = ("fine", "caution", "avoid")  # from best to worst
KINDS = ("base", "humectant", "silicone", "oil", "spermicide", "numbing", "flavour", "warming", "other")
FLAGS = ("oil", "nonoxynol9", "numbing", "flavour_warming", "high_osmolality")
MAX_CHARS = 5000
MAX_ITEMS = 80

_RULE = {"verdict": OneOf(*VERDICTS), "reason": str, "refs": [Ref]}
SPEC = {
    "verdicts": {v: {"label": str, "summary": str} for v in VERDICTS},
    "lubes": [{"id": str, "name": str, "about": str, "refs": [Ref]}],
    "materials": [{"id": str, "name": str}],
    "barriers": [{"id": str, "name": str}],
    "with_material": MapOf(MapOf(_RULE)),
    "with_barrier": MapOf(MapOf(_RULE)),
    "osmolality": [{"label": str, "value": float, "kind": OneOf("body", "study", "limit"), "note": str, "refs": [Ref]}],
    "ingredients": [{"id": str, "kind": OneOf(*KINDS), "names": [str]}],
    "top_of_list": int,
    "flags": {f: {"title": str, "message": str, "refs": [Ref]} for f in FLAGS},
    "disclaimer": str,
}


@functools.cache
def load() -> dict:
    """The lubrication data, validated: every lube rated against every material and barrier once."""
    data = load_topic("lubrication", SPEC)
    lubes = sorted(ids("lubes", data))
    for table, axis in (("with_material", "materials"), ("with_barrier", "barriers")):
        if sorted(data[table]) != lubes:
            raise ContentError(f"lubrication.yaml: {table}: rate exactly the lubes {', '.join(lubes)}")
        for lube, row in data[table].items():
            if sorted(row) != sorted(ids(axis, data)):
                raise ContentError(f"lubrication.yaml: {table}.{lube}: rate every one of the {axis}")
    seen: dict[str, str] = {}
    for item in data["ingredients"]:
        for name in item["names"]:
            key = normalise(name)
            if key in seen:
                raise ContentError(f"lubrication.yaml: ingredients: {name!r} is listed twice")
            seen[key] = item["id"]
    return data


def ids(section: str, data: dict | None = None) -> list[str]:
    return [item["id"] for item in (data or load())[section]]


def name_of(section: str, item_id: str) -> str:
    return find_by_id(load()[section], item_id, "choice")["name"]


# ---------------------------------------------------------------------------
# Rule 1: compatibility
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Compatibility:
    verdict: str  # one of VERDICTS
    reasons: tuple[str, ...]
    refs: tuple[str, ...]


def check_compatibility(lube: str, material: str = "body", barrier: str = "none") -> Compatibility:
    """The verdict for one lube with one toy material (or ``"body"``) and one barrier.

    The verdict is the worse of the two pairs (lube with material, lube with barrier); the
    reasons say which pair caused it. Unknown choices raise ValueError naming the valid ones.

    >>> check_compatibility("oil", "body", "latex_condom").verdict
    'avoid'
    >>> check_compatibility("water", "silicone", "latex_condom").verdict
    'fine'
    """
    for section, value in (("lubes", lube), ("materials", material), ("barriers", barrier)):
        if not isinstance(value, str) or value not in ids(section):
            raise ValueError(f"unknown choice {value!r}; choose one of: {', '.join(ids(section))}")
    data = load()
    pairs = [
        (name_of("materials", material), data["with_material"][lube][material]),
        (name_of("barriers", barrier), data["with_barrier"][lube][barrier]),
    ]
    worst = max((rule["verdict"] for _, rule in pairs), key=VERDICTS.index)
    reasons = tuple(
        f"{data['verdicts'][rule['verdict']]['label']} with {where}: {rule['reason']}" for where, rule in pairs
    )
    refs = tuple(dict.fromkeys(r for _, rule in pairs for r in rule["refs"]))
    return Compatibility(worst, reasons, refs)


def verdict_table(barrier: str = "none") -> list[list[str]]:
    """Verdicts for every lube (rows) with every material (columns), given one barrier."""
    return [[check_compatibility(lube, m, barrier).verdict for m in ids("materials")] for lube in ids("lubes")]


# ---------------------------------------------------------------------------
# Rule 3: the ingredient-label reader
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Flag:
    code: str  # one of FLAGS
    ingredient: str  # as written on the label
    message: str
    refs: tuple[str, ...]


@dataclass(frozen=True)
class LabelReport:
    flags: tuple[Flag, ...]
    recognised: tuple[tuple[str, str], ...]  # (as written, ingredient id)
    unrecognised: tuple[tuple[str, str | None], ...]  # (as written, closest known name or None)
    notes: tuple[str, ...]  # what the reader could not do, plus the disclaimer (always last)

    @property
    def codes(self) -> set[str]:
        return {f.code for f in self.flags}


def normalise(text: str) -> str:
    """Lower-case, unify look-alike characters and spacing.

    >>> normalise("  Aqua\u00a0(WATER). ")
    'aqua (water)'
    """
    text = unicodedata.normalize("NFKC", text).casefold()
    text = re.sub(r"[\u2010-\u2015]", "-", text)
    text = re.sub(r"\s+", " ", text)
    return text.strip(" .*:†‡•·-")


_PERCENT = re.compile(r"\(?\s*\d+(?:[.,]\d+)?\s*%\s*(?:w/w|w/v|v/v)?\s*\)?")
_PREFIX = re.compile(
    r"^(?:ingredients|ingr[eé]dients|inci|contains|composition|active ingredients?|inactive ingredients?)\s*:\s*"
)


def split_label(text: str) -> list[str]:
    """The label's items in order: split on commas, semicolons, line breaks and bullets.

    >>> split_label("Ingredients: Aqua (Water), Glycerin 20%; Carbomer")
    ['aqua (water)', 'glycerin', 'carbomer']
    """
    text = unicodedata.normalize("NFKC", text)
    # A comma inside a number ("2,5%") is a decimal point, not a separator.
    text = re.sub(r"(\d),(\d)", r"\1.\2", text)
    items = []
    for raw in re.split(r"[,;\n\r\t•·|]+|\s+and\s+|\s+&\s+", text):
        item = normalise(_PERCENT.sub(" ", _PREFIX.sub("", normalise(raw))))
        if item and re.search(r"\w", item) and not _PREFIX.match(item + ":"):
            items.append(item)
    return items


def _names() -> dict[str, str]:
    return {normalise(n): item["id"] for item in load()["ingredients"] for n in item["names"]}


def _kinds() -> dict[str, str]:
    return {item["id"]: item["kind"] for item in load()["ingredients"]}


def _match(item: str) -> str | None:
    """The ingredient id for one label item, reading "A (B)" as A, B or the whole."""
    names = _names()
    outer = re.sub(r"\([^)]*\)", " ", item)
    inner = re.findall(r"\(([^)]*)\)", item)
    for candidate in [item, outer, *inner]:
        key = normalise(candidate)
        if key in names:
            return names[key]
    if re.search(r"\b(oil|butter|petrolatum|paraffin)\b", outer) and not outer.startswith("peg"):
        return "other_oil"
    return None


def read_label(text: object) -> LabelReport:
    """Read a pasted ingredient list and flag what matters for anal use.

    Never raises: anything that is not text, or text it cannot read, gives a report that says so.

    >>> sorted(read_label("Water, Glycerin, Mineral Oil, Nonoxynol-9").codes)
    ['high_osmolality', 'nonoxynol9', 'oil']
    """
    data = load()
    notes: list[str] = []
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    if len(text) > MAX_CHARS:
        text = text[:MAX_CHARS]
        notes.append(f"The text was very long; only the first {MAX_CHARS:,} characters were read.")
    items = split_label(text)
    if len(items) > MAX_ITEMS:
        items = items[:MAX_ITEMS]
        notes.append(f"Only the first {MAX_ITEMS} items were read.")
    if not items:
        notes.append("There was nothing to read: paste the ingredient list from the label.")
    kinds, all_names = _kinds(), list(_names())
    flags: list[Flag] = []
    recognised, unrecognised = [], []
    for position, item in enumerate(items):
        found = _match(item)
        if found is None:
            close = difflib.get_close_matches(normalise(item), all_names, n=1, cutoff=0.8)
            unrecognised.append((item, close[0] if close else None))
            continue
        recognised.append((item, found))
        kind = "oil" if found == "other_oil" else kinds[found]
        code = {
            "oil": "oil",
            "spermicide": "nonoxynol9",
            "numbing": "numbing",
            "flavour": "flavour_warming",
            "warming": "flavour_warming",
        }.get(kind)
        if kind == "humectant" and position < data["top_of_list"]:
            code = "high_osmolality"
        if code:
            spec = data["flags"][code]
            flags.append(Flag(code, item, spec["message"], tuple(spec["refs"])))
    if unrecognised:
        notes.append(
            f"{len(unrecognised)} item(s) were not recognised; they may be harmless, but this check "
            "cannot tell. Look them up, or ask a pharmacist."
        )
    notes.append(data["disclaimer"])
    return LabelReport(tuple(flags), tuple(recognised), tuple(unrecognised), tuple(notes))
