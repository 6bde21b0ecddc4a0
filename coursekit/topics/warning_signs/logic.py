"""Module 05 rules: triage of signs into four levels of care, support routes by region, and the
'what to say' script. Pure functions and data only; no widget imports."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from coursekit.course.data import load_topic
from coursekit.course.schema import ContentError, Maybe, Ref, find_by_id
from coursekit.course.strings import text

SERVICE = {"name": str, "contact": str, "about": str, "refs": [Ref]}
SPEC = {
    "not_a_diagnosis": str,
    "pep_at_emergency": str,
    "pep_consent_note": str,
    "levels": [{"id": str, "label": str, "action": str, "refs": [Ref]}],
    "signs": [
        {
            "id": str,
            "label": str,
            "level": str,
            "means": str,
            "advice": str,
            "?durations": [{"id": str, "label": str, "level": str, "pep": bool, "advice": str}],
            "refs": [Ref],
        }
    ],
    "regions": [
        {
            "id": str,
            "name": str,
            "emergency": Maybe(str),
            "?urgent": str,
            "?urgent_label": str,
            "?advice": str,
            "?emergency_advice": str,
            "refs": [Ref],
            "?support": {"?sexual_violence": SERVICE, "?distress": SERVICE},
        }
    ],
    "after_assault": {
        "content_note": str,
        "steps": [{"id": str, "text": str, "?refs": [Ref]}],
        "elsewhere": {"sexual_violence": str, "distress": str},
    },
    "struggling": {"title": str, "intro": str},
    "care_places": [{"id": str, "name": str, "when": str, "refs": [Ref]}],
}

NOT_SURE = "not_sure"
ELSEWHERE = "elsewhere"


@functools.cache
def load() -> dict:
    """The warning-signs data, validated, with every level name checked against ``levels``."""
    data = load_topic("warning_signs", SPEC)
    levels = {lv["id"] for lv in data["levels"]}
    for item_sign in data["signs"]:
        for item in [item_sign, *item_sign.get("durations", [])]:
            if item["level"] not in levels:
                raise ContentError(f"warning_signs.yaml: signs.{item_sign['id']}: unknown level {item['level']!r}")
    for item in data["regions"]:  # the widget names an urgent number by its label: both or neither
        if bool(item.get("urgent")) != bool(item.get("urgent_label")):
            raise ContentError(f"warning_signs.yaml: regions.{item['id']}: give 'urgent' and 'urgent_label' together")
    return data


def level_ids() -> list[str]:
    """Level ids from least to most urgent."""
    return [lv["id"] for lv in load()["levels"]]


def rank(level_id: str | None) -> int:
    """0 for no level, then 1 (stop and rest) up to 4 (emergency).

    >>> rank(None) < rank("stop_rest") < rank("emergency")
    True
    """
    return 0 if level_id is None else level_ids().index(level_id) + 1


def level(level_id: str) -> dict:
    return next(lv for lv in load()["levels"] if lv["id"] == level_id)


def sign(sign_id: str) -> dict:
    """One sign's data; unknown ids raise ValueError listing the valid ones."""
    return find_by_id(load()["signs"], sign_id, "sign", hint="choose from")


def sign_ids() -> list[str]:
    return [s["id"] for s in load()["signs"]]


def region_ids() -> list[str]:
    return [r["id"] for r in load()["regions"]]


def region(region_id: str | None) -> dict | None:
    """One region's data, or None for no region or an unknown one (never another region's numbers).

    >>> region("new_zealand")["emergency"], region(None), region("atlantis")
    ('111', None, None)
    """
    return next((r for r in load()["regions"] if r["id"] == region_id), None)


@dataclass(frozen=True)
class Reason:
    sign_id: str
    label: str
    level: str
    means: str
    advice: str
    pep: bool
    refs: tuple[str, ...]


@dataclass(frozen=True)
class Triage:
    level: str | None  # None when nothing was selected
    headline: str
    reasons: tuple[Reason, ...]  # most urgent first
    next_steps: tuple[str, ...]
    pep: bool


def reason_for(sign_id: str, duration: str | None = None) -> Reason:
    """What one sign calls for; ``duration`` only for signs that ask how long ago ("not sure" = most urgent).

    >>> reason_for("retained_object").level
    'emergency'
    >>> reason_for("possible_hiv_exposure", "over_72h").pep
    False
    """
    if not isinstance(sign_id, str):
        raise ValueError(f"each sign must be given by its id, a short word such as 'heavy_bleeding', not {sign_id!r}")
    item = sign(sign_id)
    options = item.get("durations")
    if not options:
        if duration not in (None, NOT_SURE):
            raise ValueError(f"{item['label']!r} does not ask how long ago; leave the time empty")
        return Reason(sign_id, item["label"], item["level"], item["means"], item["advice"], False, tuple(item["refs"]))
    if duration in (None, NOT_SURE):
        chosen = max(options, key=lambda d: (rank(d["level"]), d["pep"]))
    else:
        chosen = next((d for d in options if d["id"] == duration), None)
        if chosen is None:
            valid = ", ".join([d["id"] for d in options] + [NOT_SURE])
            raise ValueError(f"for {item['label']!r}, choose how long ago from: {valid}")
    label = item["label"]
    if duration not in (None, NOT_SURE):
        label = text("warning_signs", "sign_with_duration", sign=label, duration=chosen["label"].lower())
    return Reason(sign_id, label, chosen["level"], item["means"], chosen["advice"], chosen["pep"], tuple(item["refs"]))


def triage(signs: Mapping[str, str | None] | Iterable[str] | None) -> Triage:
    """The highest level any selected sign calls for, every reason, and what to do next.

    ``signs`` is a list of sign ids, or a mapping from sign id to how long ago (or None).
    None counts as nothing selected.

    >>> triage(None).level is None
    True
    >>> result = triage(["soreness_or_streak", "retained_object"])
    >>> result.level, [r.sign_id for r in result.reasons]
    ('emergency', ['retained_object', 'soreness_or_streak'])
    """
    if signs is None:
        signs = ()
    if isinstance(signs, str):
        raise ValueError("give a list of sign ids, not a single string")
    if not isinstance(signs, Iterable):
        raise ValueError("give a list of sign ids, such as ['heavy_bleeding']")
    chosen = dict(signs) if isinstance(signs, Mapping) else dict.fromkeys(_ids(signs))
    reasons = [reason_for(sid, duration) for sid, duration in chosen.items()]
    if not reasons:
        return Triage(None, text("warning_signs", "nothing_selected"), (), (), False)
    order = {sid: i for i, sid in enumerate(sign_ids())}
    reasons.sort(key=lambda r: (-rank(r.level), order[r.sign_id]))
    top = reasons[0].level
    pep = any(r.pep for r in reasons)
    # The level's action first, then each sign's advice, most urgent first (PEP first within a level).
    steps = [level(top)["action"]]
    if pep and top == "emergency":
        steps.append(load()["pep_at_emergency"])
    for r in sorted(reasons, key=lambda r: (-rank(r.level), not r.pep)):
        if r.advice not in steps:
            steps.append(r.advice)
    if pep:  # neutral, last: points to the opt-in support section without assuming anything
        steps.append(load()["pep_consent_note"])
    return Triage(top, level(top)["label"], tuple(reasons), tuple(steps), pep)


def _ids(items: Iterable) -> list[str]:
    out = []
    for item in items:
        if not isinstance(item, str):
            raise ValueError(f"each sign must be given by its id, a short word such as 'heavy_bleeding', not {item!r}")
        out.append(item)
    return out


# ---------------------------------------------------------------------------
# Support routes (opt-in): after sex without consent or an assault, and for distress
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Service:
    kind: str  # "sexual_violence" or "distress"
    name: str
    contact: str
    about: str
    refs: tuple[str, ...]


@dataclass(frozen=True)
class SupportRoutes:
    region_id: str | None  # None when no known region was chosen
    region_name: str
    content_note: str
    steps: tuple[tuple[str, tuple[str, ...]], ...]  # (text, refs), the same everywhere
    services: tuple[Service, ...]  # only the chosen region's own, sourced services
    guidance: tuple[str, ...]  # what to do where the region has no sourced service


def support_routes(region_id: str | None = None) -> SupportRoutes:
    """Where to get care and support after sex without consent or an assault, and for distress.

    The general steps are the same everywhere; services are only those listed, with sources, for
    the chosen region. No region, an unknown one, or "Somewhere else" gives guidance on finding
    a local service instead, and never another region's numbers.

    >>> routes = support_routes("uk")
    >>> [s.kind for s in routes.services]
    ['sexual_violence', 'distress']
    >>> support_routes("atlantis").services
    ()
    """
    data = load()["after_assault"]
    item = region(region_id)
    services, guidance = [], []
    for kind in ("sexual_violence", "distress"):
        found = (item or {}).get("support", {}).get(kind)
        if found:
            services.append(Service(kind, found["name"], found["contact"], found["about"], tuple(found["refs"])))
        else:
            guidance.append(data["elsewhere"][kind])
    return SupportRoutes(
        item["id"] if item else None,
        item["name"] if item else "no region chosen",
        data["content_note"],
        tuple((s["text"], tuple(s.get("refs", ()))) for s in data["steps"]),
        tuple(services),
        tuple(guidance),
    )


def distress_route(region_id: str | None = None) -> tuple[Service | None, str]:
    """The region's distress helpline (or None) and the guidance to show when there is none.

    Only the chosen region's own, sourced line; never another region's number.

    >>> distress_route("uk")[0].contact
    'call 116 123, free'
    >>> distress_route("atlantis")[0] is None
    True
    """
    found = ((region(region_id) or {}).get("support") or {}).get("distress")
    guidance = load()["after_assault"]["elsewhere"]["distress"]
    if not found:
        return None, guidance
    return Service("distress", found["name"], found["contact"], found["about"], tuple(found["refs"])), guidance
