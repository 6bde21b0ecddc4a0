"""Module 01 rules: structure facts, the anorectal angle and the flared-base outcome (no widgets)."""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

from coursekit.course.data import load_topic
from coursekit.course.schema import ContentError, MapOf, Maybe, OneOf, Ref, find_by_id
from coursekit.course.strings import text

CONTROL = ("voluntary", "involuntary", "not a muscle")

SPEC = {
    "canal_length_cm": float,
    "canal_length_refs": [Ref],
    "rectum_length_cm": float,
    "rectum_length_refs": [Ref],
    "angles": {
        "rest": {"label": str, "degrees": float, "explanation": str, "refs": [Ref]},
        "bearing_down": {"label": str, "degrees": float, "explanation": str, "refs": [Ref]},
    },
    "structures": [{"id": str, "name": str, "control": OneOf(*CONTROL), "role": str, "refs": [Ref]}],
    # Where each structure is drawn; structures missing here are drawn from the angle.
    "drawing": MapOf({"kind": OneOf("band", "line", "region"), "x": [Maybe(float)], "y": [Maybe(float)]}),
}

STATES = ("rest", "bearing_down")


@functools.cache
def load() -> dict:
    """The anatomy data, validated, with drawing keys checked against the structures."""
    data = load_topic("anatomy", SPEC)
    ids = {s["id"] for s in data["structures"]}
    for key, shape in data["drawing"].items():
        if key not in ids:
            raise ContentError(f"anatomy.yaml: drawing.{key}: no structure with this id")
        if len(shape["x"]) != len(shape["y"]):
            raise ContentError(f"anatomy.yaml: drawing.{key}: x and y differ in length")
    return data


def structure(structure_id: str) -> dict:
    """One structure's facts; unknown ids raise KeyError naming the valid ones.

    >>> structure("external_sphincter")["control"]
    'voluntary'
    """
    return find_by_id(load()["structures"], structure_id, "structure", hint="choose from")


def structure_ids() -> list[str]:
    return [s["id"] for s in load()["structures"]]


def anorectal_angle(state: str) -> float:
    """The anorectal angle in degrees for ``"rest"`` or ``"bearing_down"``.

    >>> anorectal_angle("rest") < anorectal_angle("bearing_down")
    True
    """
    if state not in STATES:
        raise ValueError(f"state must be one of {STATES}, got {state!r}")
    return load()["angles"][state]["degrees"]


def rectum_centreline(angle_deg: float, steps: int = 24) -> tuple[list[float], list[float]]:
    """Points along the rectum, leaving the top of the canal at ``angle_deg`` to the canal's axis.

    The canal runs from (0, 0) up to (0, L). At the junction the rectum sets off backwards
    (towards +x) at the given angle to the canal, then curves upwards along the tailbone.

    >>> xs, ys = rectum_centreline(90)
    >>> round(xs[1] - xs[0], 3) > 0 and abs(ys[1] - ys[0]) < 0.01
    True
    """
    if not 60 <= angle_deg <= 180:
        raise ValueError("the angle must lie between 60 and 180 degrees")
    data = load()
    top = data["canal_length_cm"]
    length = data["rectum_length_cm"]
    tilt = math.radians(180 - angle_deg)  # 0 = straight on up the canal's line
    start = (math.sin(tilt), math.cos(tilt))
    xs, ys = [0.0], [top]
    x, y = 0.0, top
    step = length / steps
    for i in range(1, steps + 1):
        # Turn gradually from the starting direction to straight up (the sacral curve).
        blend = min(1.0, (i - 1) / (steps * 0.6))
        dx = start[0] * (1 - blend) + 0.15 * blend
        dy = start[1] * (1 - blend) + 1.0 * blend
        norm = math.hypot(dx, dy)
        x, y = x + step * dx / norm, y + step * dy / norm
        xs.append(x)
        ys.append(y)
    return xs, ys


def angle_at_junction(xs: list[float], ys: list[float]) -> float:
    """The angle at the junction between the canal (pointing down) and the rectum's first step."""
    vx, vy = xs[1] - xs[0], ys[1] - ys[0]
    cos = (0 * vx + -1 * vy) / math.hypot(vx, vy)
    return math.degrees(math.acos(max(-1.0, min(1.0, cos))))


# What can happen to the toy in the flared-base demo, from harmless to an emergency. A toy without a
# flared base is never in a safe or neutral state once any of it is inside: "at_risk", then "lost".
BASE_STATES = ("not_inserted", "outside", "at_risk", "held", "lost")
UNSAFE_STATES = ("at_risk", "lost")


@dataclass(frozen=True)
class BaseOutcome:
    state: str  # one of BASE_STATES
    message: str


def flared_base_outcome(flared: bool, depth: float) -> BaseOutcome:
    """What happens to a toy whose shaft is ``depth`` inside (0 = tip at the opening, 1 = all of the shaft).

    The demo measures the shaft only: at 1, a flared base rests outside, against the opening
    (``"held"``), while a toy without one has nothing left outside (``"lost"``).

    ``flared`` must be a real bool and ``depth`` a number from 0 to 1; anything else raises
    ValueError with a message in words. Once any of it is inside, a toy without a flared base is
    ``"at_risk"`` (nothing stops it going further in) or ``"lost"``, never ``"outside"`` or ``"held"``.

    >>> flared_base_outcome(True, 0.5).state, flared_base_outcome(False, 0.5).state
    ('outside', 'at_risk')
    >>> flared_base_outcome(True, 1.0).state, flared_base_outcome(False, 1.0).state
    ('held', 'lost')
    """
    if not isinstance(flared, bool):
        raise ValueError("flared must be True or False")
    if isinstance(depth, bool) or not isinstance(depth, int | float) or math.isnan(depth):
        raise ValueError("depth must be a number between 0 and 1")
    if not 0 <= depth <= 1:
        raise ValueError("depth must be a number between 0 and 1")
    if depth == 0:
        control = text("anatomy", "depth").rstrip(" :")  # the depth control, named by its label
        return BaseOutcome("not_inserted", text("anatomy", "base_not_inserted", control=control))
    if depth < 1:
        if flared:
            return BaseOutcome("outside", text("anatomy", "base_partly_in_flared"))
        return BaseOutcome("at_risk", text("anatomy", "base_partly_in_plain"))
    if flared:
        return BaseOutcome("held", text("anatomy", "base_held"))
    return BaseOutcome("lost", text("anatomy", "base_lost"))
