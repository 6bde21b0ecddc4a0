"""Module 04 rules: the hygiene data, cleaning by material, the toy safety check, body-site switches (no widgets)."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from coursekit.course import strings
from coursekit.course.data import load_topic
from coursekit.course.schema import ContentError, MapOf, OneOf, Ref, find_by_id

STATUSES = ("yes", "maker", "no")
LEVELS = ("keep", "condom", "dont_share", "dont_use")  # from least to most strict
FLARED = ("yes", "no", "unsure")
MADE_AS_TOY = ("yes", "no", "unsure")  # made as a sex toy for anal use?
MAX_STEPS = 8

_METHOD = {"status": OneOf(*STATUSES), "reason": str, "refs": [Ref]}
SPEC = {
    "methods": [{"id": str, "name": str}],
    "materials": [{"id": str, "name": str, "porous": bool, "about": str, "refs": [Ref], "methods": MapOf(_METHOD)}],
    "motor": {"forbidden": MapOf(str), "wipe_note": str, "refs": [Ref]},  # forbidden: method -> reason
    "porous_note": str,
    "porous_refs": [Ref],
    "verdicts": {level: {"label": str, "summary": str} for level in LEVELS},
    "safety_rules": MapOf({"level": OneOf(*LEVELS), "reason": str, "refs": [Ref]}),
    "switch": {
        "movers": MapOf({"name": str, "?wash": str, "barrier": str, "?porous": str, "?porous_refs": [Ref]}),
        "sites": MapOf(str),
        "needed": {"vagina": {"reason": str, "refs": [Ref]}, "mouth": {"reason": str, "refs": [Ref]}},
        "recommended": {"reason": str, "other_reason": str, "refs": [Ref]},
        "dam": {"step": str, "reason": str, "refs": [Ref]},
        "person": {"reason": str, "refs": [Ref]},
    },
}
RULES = (
    "not_a_toy",
    "unsure_if_toy",
    "no_flared_base",
    "unsure_flared_base",
    "damaged",
    "ordinary_glass",
    "porous",
    "porous_shared",
    "shared",
    "all_clear",
)


@functools.cache
def load() -> dict:
    """The hygiene data, validated, with every material rating every method exactly once."""
    data = load_topic("hygiene", SPEC)
    methods = [m["id"] for m in data["methods"]]
    for i, material in enumerate(data["materials"]):
        if sorted(material["methods"]) != sorted(methods):
            raise ContentError(f"hygiene.yaml: materials[{i}].methods: rate exactly {', '.join(methods)}")
        if material["methods"]["soap_water"]["status"] != "yes":
            raise ContentError(f"hygiene.yaml: materials[{i}]: soap and water must be allowed")
    if not set(data["motor"]["forbidden"]) <= set(methods):
        raise ContentError("hygiene.yaml: motor.forbidden: unknown method")
    if sorted(data["safety_rules"]) != sorted(RULES):
        raise ContentError(f"hygiene.yaml: safety_rules: give exactly {', '.join(RULES)}")
    if "wash" in data["switch"]["movers"].get("mouth", {}) or "rinse" in data["switch"]["dam"]["step"].lower():
        raise ContentError("hygiene.yaml: switch: a mouth has no wash; a rinse never replaces a dental dam")
    if any(m != "mouth" and "wash" not in v for m, v in data["switch"]["movers"].items()):
        raise ContentError("hygiene.yaml: switch.movers: every mover but a mouth needs a wash")
    if sorted(data["switch"]["needed"]) != sorted(s for s in data["switch"]["sites"] if s != "anus"):
        raise ContentError("hygiene.yaml: switch.needed: give a reason for each place other than the anus")
    return data


def material_ids() -> list[str]:
    return [m["id"] for m in load()["materials"]]


def material(material_id: str) -> dict:
    """One material's facts; unknown ids raise ValueError naming the choices.

    >>> material("wood")["porous"]
    True
    """
    return find_by_id(load()["materials"], material_id, "material")


@dataclass(frozen=True)
class Verdict:
    method: str
    name: str
    status: str  # "yes", "maker" (only if the maker says so) or "no"
    reason: str
    refs: tuple[str, ...]


@dataclass(frozen=True)
class CleaningAdvice:
    material: str
    motorised: bool
    allowed: tuple[Verdict, ...]
    forbidden: tuple[Verdict, ...]
    notes: tuple[str, ...]


def cleaning_methods(material_id: str, motorised: bool) -> CleaningAdvice:
    """Which cleaning methods suit a toy of this material, with or without a motor or battery.

    >>> advice = cleaning_methods("wood", motorised=False)
    >>> [v.method for v in advice.forbidden]
    ['boiling', 'dishwasher', 'bleach']
    >>> "boiling" in [v.method for v in cleaning_methods("silicone", True).forbidden]
    True
    """
    if not isinstance(motorised, bool):
        raise ValueError(strings.text("hygiene", "motor_unanswered"))
    data = load()
    item = material(material_id)
    motor = data["motor"]
    allowed, forbidden = [], []
    for method in data["methods"]:
        rating = item["methods"][method["id"]]
        status, reason, refs = rating["status"], rating["reason"], tuple(rating["refs"])
        if motorised and method["id"] in motor["forbidden"]:
            status, reason, refs = "no", motor["forbidden"][method["id"]], tuple(motor["refs"])
        elif motorised:
            reason, refs = motor["wipe_note"], tuple(motor["refs"])
        verdict = Verdict(method["id"], method["name"], status, reason, refs)
        (forbidden if status == "no" else allowed).append(verdict)
    notes = (data["porous_note"],) if item["porous"] else ()
    return CleaningAdvice(material_id, motorised, tuple(allowed), tuple(forbidden), notes)


@dataclass(frozen=True)
class SafetyResult:
    verdict: str  # one of LEVELS
    label: str
    summary: str
    reasons: tuple[tuple[str, tuple[str, ...]], ...]  # (reason, refs)


def toy_safety_check(
    made_as_toy: str | None, flared_base: str | None, material_id: str | None, damaged, shared
) -> SafetyResult:
    """Keep, use with a condom, one owner only, or don't use: every combination of answers has a result.

    ``made_as_toy`` (made as a sex toy for anal use?) and ``flared_base`` are "yes", "no" or
    "unsure"; ``damaged`` (cracks, chips, tears or a sticky surface) and ``shared`` are True or
    False. Anything not made as an anal toy (or not known to be) is "don't use it anally" whatever
    the other answers, which may then be left out. Missing answers raise ValueError naming them.
    A "dont_use" result lists only the reasons at that level, never how to use the object.

    >>> toy_safety_check("yes", "yes", "silicone", damaged=False, shared=False).verdict
    'keep'
    >>> toy_safety_check("yes", "yes", "porous_soft", damaged=False, shared=True).verdict
    'dont_share'
    >>> toy_safety_check("unsure", None, None, None, None).verdict
    'dont_use'
    """
    rules = load()["safety_rules"]
    if made_as_toy not in MADE_AS_TOY:
        raise ValueError(strings.text("hygiene", "unanswered", missing=strings.text("hygiene", "missing_made_as_toy")))
    if made_as_toy != "yes":
        applied = ["not_a_toy" if made_as_toy == "no" else "unsure_if_toy"]
        return _result(applied, rules)
    missing = [
        name
        for name, ok in (
            (strings.text("hygiene", "missing_flared"), flared_base in FLARED),
            (strings.text("hygiene", "missing_material"), material_id in material_ids()),
            (strings.text("hygiene", "missing_damaged"), isinstance(damaged, bool)),
            (strings.text("hygiene", "missing_shared"), isinstance(shared, bool)),
        )
        if not ok
    ]
    if missing:
        raise ValueError(strings.text("hygiene", "unanswered", missing=", ".join(missing)))
    applied = []
    if flared_base != "yes":
        applied.append("no_flared_base" if flared_base == "no" else "unsure_flared_base")
    if damaged:
        applied.append("damaged")
    if material_id == "other_glass":
        applied.append("ordinary_glass")
    if material(material_id)["porous"]:
        applied += ["porous_shared", "porous"] if shared else ["porous"]
    elif shared:
        applied.append("shared")
    if not applied:
        applied.append("all_clear")
    return _result(applied, rules)


def _result(applied: list[str], rules: dict) -> SafetyResult:
    level = max((rules[r]["level"] for r in applied), key=LEVELS.index)
    if level == "dont_use":  # only why not; no instructions for using it
        applied = [r for r in applied if rules[r]["level"] == "dont_use"]
    verdict = load()["verdicts"][level]
    reasons = tuple((rules[r]["reason"], tuple(rules[r]["refs"])) for r in applied)
    return SafetyResult(level, verdict["label"], verdict["summary"], reasons)


@dataclass(frozen=True)
class Switch:
    step: int  # the move from place ``step`` to place ``step + 1`` (counting from 1)
    from_site: str
    to_site: str
    action: str  # "needed", "recommended" or "none"
    message: str
    refs: tuple[str, ...]


def switch_check(mover: str, sites: list[str] | tuple[str, ...]) -> list[Switch]:
    """Where a wash or a new barrier is needed as ``mover`` goes from place to place, in order.

    The places are all on one person's body; moving to another person always needs a change
    (see ``person_note()``), even from an anus to an anus.

    >>> [s.action for s in switch_check("toy", ["anus", "anus", "vagina"])]
    ['none', 'needed']
    """
    sw = load()["switch"]
    if mover not in sw["movers"]:
        raise ValueError(strings.text("hygiene", "choose_mover", movers=", ".join(sw["movers"])))
    sites = list(sites or ())
    if len(sites) > MAX_STEPS:
        raise ValueError(strings.text("hygiene", "too_many_places", max=MAX_STEPS))
    bad = [s for s in sites if s not in sw["sites"]]
    if bad:
        raise ValueError(strings.text("hygiene", "unknown_place", place=repr(bad[0]), places=", ".join(sw["sites"])))
    if mover == "mouth" and "mouth" in sites:
        raise ValueError(strings.text("hygiene", "mouth_to_mouth"))
    m = sw["movers"][mover]
    # A mouth only ever changes its dental dam; a rinse is never offered instead. Wherever a wash is
    # offered for a toy, the porous-toy line follows it: a porous toy needs the new condom (B1).
    either = "switch_either_porous" if "porous" in m else "switch_either"
    change_first = (
        m["barrier"]
        if mover == "mouth"
        else _cap(strings.text("hygiene", either, first=m["wash"], second=m["barrier"], porous=m.get("porous", "")))
    )
    porous_refs = list(m.get("porous_refs", ()))
    # Another person's body (same place): a new barrier always, never a wash instead. Fingers and
    # a toy get both (washed hands and a new glove; a washed toy and a new condom), and a toy only
    # if it is non-porous (CONTENT positions 5 and 12; person_note()).
    # The NHS source covers toys; for fingers and a penis the rule is labelled a course suggestion.
    person = {"toy": "switch_person_toy", "fingers": "switch_person_fingers", "penis": "switch_person_penis"}
    to_person = _cap(
        strings.text("hygiene", person[mover], wash=m.get("wash", ""), barrier=m["barrier"])
        if mover in person
        else m["barrier"]
    )
    out = []
    for i, (a, b) in enumerate(zip(sites, sites[1:], strict=False), start=1):
        where = strings.text("hygiene", "switch_where", from_place=sw["sites"][a], to_place=sw["sites"][b])
        if a == b:
            text = strings.text("hygiene", "switch_same_place", where=where, change=to_person)
            refs = sw["dam"]["refs"] if mover == "mouth" else sw["person"]["refs"]
            out.append(Switch(i, a, b, "none", text, tuple(refs)))
        elif mover == "mouth":  # any move of a mouth needs a new dam; to or from the anus, say why
            needed = sw["needed"][b] if a == "anus" else {"reason": "", "refs": []}
            text = strings.text(
                "hygiene",
                "switch_mouth_needed",
                where=where,
                change=m["barrier"].capitalize(),
                step=sw["dam"]["step"],
                reason=needed["reason"],
            )
            refs = sw["dam"]["refs"] + needed["refs"]
            out.append(Switch(i, a, b, "needed", text.strip(), tuple(dict.fromkeys(refs))))
        elif a == "anus":  # why depends on where it goes next (hepatitis A only for a mouth)
            needed = sw["needed"][b]
            text = strings.text("hygiene", "switch_needed", where=where, change=change_first, reason=needed["reason"])
            out.append(Switch(i, a, b, "needed", text, tuple(dict.fromkeys(needed["refs"] + porous_refs))))
        else:
            # The NHS source covers toys only: for fingers and a penis the line is a course suggestion.
            reason = sw["recommended"]["reason" if mover == "toy" else "other_reason"]
            text = strings.text("hygiene", "switch_recommended", where=where, change=change_first, reason=reason)
            refs = sw["recommended"]["refs"] + porous_refs
            out.append(Switch(i, a, b, "recommended", text, tuple(dict.fromkeys(refs))))
    return out


def _cap(text: str) -> str:
    """The first letter in upper case, the rest as written (str.capitalize would lower "A porous")."""
    return text[:1].upper() + text[1:]


def dam_note(mover: str, sites: list[str] | tuple[str, ...]) -> tuple[str, tuple[str, ...]] | None:
    """The dental-dam guidance, with its sources, whenever a mouth meets the anus (even one place only).

    >>> dam_note("mouth", ["anus"])[0].startswith("For mouth-to-anus contact")
    True
    >>> dam_note("toy", ["anus", "vagina"]) is None
    True
    """
    if mover != "mouth" or "anus" not in (sites or ()):
        return None
    dam = load()["switch"]["dam"]
    return dam["reason"], tuple(dam["refs"])


def person_note() -> str:
    """The standing rule for moving between people, shown with every switch check.

    >>> "another person" in person_note()
    True
    """
    return load()["switch"]["person"]["reason"]
