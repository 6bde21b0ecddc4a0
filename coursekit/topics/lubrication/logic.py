"""Module 03 rules: the lubrication data and the compatibility rules (no widgets).

The ingredient-label reader lives in ``labels.py`` and uses ``load()`` and ``normalise()`` from here.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

from coursekit.course import strings
from coursekit.course.data import load_topic
from coursekit.course.schema import ContentError, MapOf, OneOf, Ref, find_by_id

VERDICTS = ("fine", "caution", "avoid")  # from best to worst
KINDS = (
    "base",
    "humectant",
    "silicone",
    "oil",
    "oil_if_high",
    "spermicide",
    "numbing",
    "flavour",
    "warming",
    "caution",
    "other",
)
# Flag codes, most serious first (the report lists them in this order).
FLAGS = ("numbing", "nonoxynol9", "label_warning", "oil", "high_osmolality", "flavour_warming", "choose_without")
SECTIONS = ("ingredients", "active", "instructions", "warnings")

_RULE = {"verdict": OneOf(*VERDICTS), "reason": str, "refs": [Ref]}
SPEC = {
    "verdicts": {v: {"label": str, "summary": str} for v in VERDICTS},
    "lubes": [{"id": str, "name": str, "about": str, "refs": [Ref]}],
    "materials": [{"id": str, "name": str}],
    "barriers": [{"id": str, "name": str}],
    "with_material": MapOf(MapOf(_RULE)),
    "with_barrier": MapOf(MapOf(_RULE)),
    "osmolality": [
        {
            "label": str,
            "value": float,
            "kind": OneOf("body", "study", "limit"),
            "?unit": OneOf("mOsm/kg", "mOsm/L"),
            "note": str,
            "refs": [Ref],
        }
    ],
    "barrier_overrides": [
        {"lube": str, "material": str, "barriers": [str], "verdict": OneOf(*VERDICTS), "reason": str, "refs": [Ref]}
    ],
    "condom_on_toy": {"lubes": [str], "materials": [str], "note": str, "refs": [Ref]},
    "needs_condom": {"materials": [str], "verdict": OneOf(*VERDICTS), "reason": str, "condom_note": str, "refs": [Ref]},
    "ingredients": [{"id": str, "kind": OneOf(*KINDS), "?also": [OneOf(*KINDS)], "names": [str]}],
    "label_reader": {
        "headings": {s: [str] for s in SECTIONS},
        "grades": [str],
        "salts": [str],
        "qualifiers": [str],
        "families": {f: [str] for f in ("numbing", "spermicide", "oil", "flavour", "warming")},
        "generic_words": {f: [str] for f in ("numbing", "flavour", "warming")},
        "fillers": [str],
        "not_oil": MapOf(OneOf(*KINDS)),
        "claim_openers": [str],
        "claim_free": [str],
        "claim_single": [str],
        "generic_oil": [str],
        "claim_stops": [str],
        "claim_list_heads": [str],
        "claim_list_based": [str],
        "claim_list_nouns": [str],
        "conditional_words": [str],
        "not_latex": [str],
        "not_internal": [str],
        "heading_notes": [str],
        "product_info": [str],
        "trade_names": [str],
        "not_numbing": [str],
        "inactive_headings": [str],
        "osmolality_note_above": float,
        "benzyl_alcohol_numbing_percent": float,
        "humectant_high_percent": float,
    },
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
    extra = data["condom_on_toy"]
    if not set(extra["lubes"]) <= set(lubes) or not set(extra["materials"]) <= set(ids("materials", data)):
        raise ContentError("lubrication.yaml: condom_on_toy names a lube or material that does not exist")
    trade = set(data["label_reader"]["trade_names"]) - {n for item in data["ingredients"] for n in item["names"][1:]}
    if trade:
        raise ContentError(f"lubrication.yaml: trade_names must be later names of an ingredient: {sorted(trade)}")
    if not set(data["needs_condom"]["materials"]) <= set(ids("materials", data)):
        raise ContentError("lubrication.yaml: needs_condom names a material that does not exist")
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

    The verdict is the worst of the two pairs (lube with material, lube with barrier) and, for a toy
    that should wear a condom and has none, of that check; the reasons say which caused it. Unknown
    choices raise ValueError naming the valid ones.

    >>> check_compatibility("oil", "body", "latex_condom").verdict
    'avoid'
    >>> check_compatibility("water", "silicone", "latex_condom").verdict
    'fine'
    """
    for section, value in (("lubes", lube), ("materials", material), ("barriers", barrier)):
        if not isinstance(value, str) or value not in ids(section):
            raise ValueError(f"unknown choice {value!r}; choose one of: {', '.join(ids(section))}")
    data = load()
    material_rule = data["with_material"][lube][material]
    for rule in data["barrier_overrides"]:
        if (rule["lube"], rule["material"]) == (lube, material) and barrier in rule["barriers"]:
            material_rule = rule
    pairs = [
        (name_of("materials", material), material_rule),
        (name_of("barriers", barrier), data["with_barrier"][lube][barrier]),
    ]
    needs = data["needs_condom"]
    if material in needs["materials"] and not barrier.endswith("_condom"):  # no condom on a porous toy
        pairs.append((strings.text("lubrication", "where_no_condom"), needs))
    worst = max((rule["verdict"] for _, rule in pairs), key=VERDICTS.index)
    label = {v: info["label"] for v, info in data["verdicts"].items()}
    reasons = tuple(
        strings.text("lubrication", "compat_reason", verdict=label[rule["verdict"]], where=where, reason=rule["reason"])
        for where, rule in pairs
    )
    refs = tuple(dict.fromkeys(r for _, rule in pairs for r in rule["refs"]))
    extra = data["condom_on_toy"]
    if barrier.endswith("_condom") and lube in extra["lubes"] and material in extra["materials"]:
        reasons += (extra["note"],)
        refs = tuple(dict.fromkeys([*refs, *extra["refs"]]))
    if material in needs["materials"] and barrier.endswith("_condom"):  # is it on the toy? (review 10, C2)
        reasons += (needs["condom_note"],)
        refs = tuple(dict.fromkeys([*refs, *needs["refs"]]))
    return Compatibility(worst, reasons, refs)


def verdict_table(barrier: str = "none") -> list[list[str]]:
    """Verdicts for every lube (rows) with every material (columns), given one barrier."""
    return [[check_compatibility(lube, m, barrier).verdict for m in ids("materials")] for lube in ids("lubes")]


def normalise(text: str) -> str:
    """Lower-case, unify look-alike characters and spacing.

    >>> normalise("  Aqua\u00a0(WATER). ")
    'aqua (water)'
    """
    text = unicodedata.normalize("NFKC", text).casefold()
    text = re.sub(r"[\u2010-\u2015\u2212]", "-", text)
    text = re.sub(r"\s+", " ", text)
    return text.strip(" .*:†‡•·/-")
