"""The data behind the printed handouts: load and check it, number its sources, check printed text.

The handouts print from the course's data, never from lesson prose: each module's short key points
and stop rules live in ``assets/data/handouts/NN_topic.yaml`` (every factual point cites reference
ids), the words every handout shares in ``assets/data/handouts/frame.yaml``, and the warning-signs
card, the glossary and the local-resources sheet come from ``warning_signs.yaml``, ``glossary.yaml``
and ``welcome.yaml`` as they are. Everything is validated with the schema language of
:mod:`coursekit.course.schema`, so a typo names the file and the key.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from pathlib import Path
from typing import Any

from coursekit.course import data
from coursekit.course.schema import ContentError, MapOf, OneOf, Ref, validate

HANDOUTS = data.DATA / "handouts"
FILE_NAME = re.compile(r"(\d\d)_([a-z_]+)\.yaml")

# A point on a handout. Exactly one kind: a fact (refs), the course's own cautious advice
# (suggestion, refs allowed), or a note on what the course does (course_note, no refs). A
# content_note ("Content note: ...") is printed in bold before the text.
POINT = {"text": str, "?refs": [Ref], "?suggestion": bool, "?course_note": bool, "?content_note": str}
FIELD = {"id": str, "label": str}
# A card-only point under one of warning_signs.yaml's levels, or after one of its signs.
CARD_ADD = {**POINT, "?level": str, "?sign": str}
HANDOUT_SPEC = {
    "handout": {
        "module": str,
        "title": str,
        "intro": str,
        "key_points": [POINT],
        "stop_rules": [POINT],
        "?care": [POINT],
        "?checklist": bool,
        "?numbers": [FIELD],
    }
}
FRAME_SPEC = {
    "course_title": str,
    "credit": str,
    "adults_only": str,
    "not_advice": str,
    "header_notice": str,
    "page": str,
    "page_of": str,
    "reviewed": str,
    "suggestion_label": str,
    "headings": MapOf(str),
    "numbers_intro": str,
    "numbers": [FIELD],
    "every_handout": [POINT],
    "checklist_phases": MapOf(str),
    "card": {
        "title": str,
        "intro": str,
        "fill_in": [FIELD],
        "?add": [CARD_ADD],
        "?leave_out": [{"sign": str, "refs": [Ref]}],
        "extra": [POINT],
    },
    "glossary": {"title": str, "intro": str},
    "resources": {
        "title": str,
        "intro": str,
        "fields": [{"id": str, "label": str, "hint": str}],
        "regions_intro": str,
        "?notes": [POINT],
        "region_columns": [str],
        "none": str,
    },
}
HEADINGS = ("key_points", "stop_rules", "care", "numbers", "checklist", "references", "regions")
KINDS = OneOf("module", "card", "glossary", "resources")


def check_points(points: list[dict], where: str) -> list[dict]:
    """Each point is one kind: a cited fact, a course suggestion, or a course note without refs.

    >>> check_points([{"text": "A fact.", "refs": ["nhs-999"]}], "x.yaml")[0]["text"]
    'A fact.'
    >>> check_points([{"text": "A claim."}], "x.yaml")
    Traceback (most recent call last):
    ...
    coursekit.course.schema.ContentError: x.yaml[0]: a point needs refs, or suggestion: true, or course_note: true
    """
    for i, point in enumerate(points):
        here = f"{where}[{i}]"
        if point.get("course_note") and (point.get("refs") or point.get("suggestion")):
            raise ContentError(f"{here}: a course_note states no fact: no refs and no suggestion")
        if not (point.get("refs") or point.get("suggestion") or point.get("course_note")):
            raise ContentError(f"{here}: a point needs refs, or suggestion: true, or course_note: true")
    return points


@functools.cache
def load_frame(path: Path = HANDOUTS / "frame.yaml") -> dict:
    """The words every handout shares, validated."""
    frame = data.load_file(path, FRAME_SPEC, data.reference_ids())
    missing = [h for h in HEADINGS if h not in frame["headings"]]
    if missing:
        raise ContentError(f"{Path(path).name}: headings: missing {', '.join(missing)}")
    check_points(frame["every_handout"], f"{Path(path).name}: every_handout")
    check_points(frame["card"]["extra"], f"{Path(path).name}: card.extra")
    check_points(frame["card"].get("add", []), f"{Path(path).name}: card.add")
    for i, point in enumerate(frame["card"].get("add", [])):
        if ("level" in point) == ("sign" in point):
            raise ContentError(f"{Path(path).name}: card.add[{i}]: give exactly one of level or sign")
    check_points(frame["resources"].get("notes", []), f"{Path(path).name}: resources.notes")
    return frame


def module_ids() -> dict[str, int]:
    """The course's modules (welcome.yaml's course map): id -> number."""
    raw = data.read_yaml(data.DATA / "welcome.yaml")
    return {m["id"]: m["number"] for m in raw["modules"]}


def load_handout(path: Path) -> dict:
    """One module's handout data, validated; the file name must match the module's number and id."""
    path = Path(path)
    match = FILE_NAME.fullmatch(path.name)
    if not match:
        raise ContentError(f"{path.name}: a handout file is named NN_topic.yaml")
    handout = data.load_file(path, HANDOUT_SPEC, data.reference_ids())["handout"]
    modules = module_ids()
    if handout["module"] not in modules:
        raise ContentError(f"{path.name}: handout.module: {handout['module']!r} is not a module in welcome.yaml")
    if (int(match.group(1)), match.group(2)) != (modules[handout["module"]], handout["module"]):
        raise ContentError(f"{path.name}: the file name does not match module {handout['module']!r}")
    for key in ("key_points", "stop_rules", "care"):
        check_points(handout.get(key, []), f"{path.name}: handout.{key}")
    return {**handout, "slug": path.stem, "number": int(match.group(1))}


def handout_files(folder: Path = HANDOUTS) -> list[Path]:
    return sorted(p for p in Path(folder).glob("*.yaml") if FILE_NAME.fullmatch(p.name))


def load_all(folder: Path = HANDOUTS) -> list[dict]:
    """Every module's handout, in module order; every module of the course must have one."""
    handouts = [load_handout(p) for p in handout_files(folder)]
    missing = sorted(set(module_ids()) - {h["module"] for h in handouts})
    if missing:
        raise ContentError(f"{Path(folder).name}: no handout for module(s): {', '.join(missing)}")
    return handouts


class Sources:
    """Numbers reference ids in the order a handout first cites them.

    >>> s = Sources()
    >>> s.mark(["nhs-999", "nhs-111"]), s.mark(["nhs-999"])
    ([1, 2], [1])
    """

    def __init__(self) -> None:
        self.order: list[str] = []

    def mark(self, ref_ids: list[str] | None) -> list[int]:
        numbers = []
        for rid in ref_ids or []:
            if rid not in self.order:
                self.order.append(rid)
            number = self.order.index(rid) + 1
            if number not in numbers:
                numbers.append(number)
        return numbers

    def entries(self) -> list[dict[str, Any]]:
        refs = data.load_references()
        return [{"n": i + 1, "id": rid, **refs[rid]} for i, rid in enumerate(self.order)]


# --- Checking a printed handout's text (tests, and the build itself) -------------------------


def required_text(kind: str, frame: dict, subject: Any = None) -> list[str]:
    """The phrases a handout of this kind must show (headings, safety lines, fill-in labels)."""
    validate(kind, KINDS, "handout kind")
    head = frame["headings"]
    always = [frame["adults_only"], "not medical advice"]
    if kind == "module":
        needed = [head["key_points"], head["stop_rules"], head["care"], head["numbers"], head["references"]]
        return always + needed + ["Consent", "Stop at pain"] + [f["label"] for f in frame["numbers"]]
    if kind == "card":
        levels = subject["levels"] if subject else []
        return (
            always
            + [frame["card"]["title"]]
            + [lv["label"] for lv in levels]
            + [f["label"] for f in frame["card"]["fill_in"]]
        )
    if kind == "glossary":
        return always + [frame["glossary"]["title"]] + [t["term"] for t in subject or []] + [head["references"]]
    res = frame["resources"]
    return always + [res["title"]] + [f["label"] for f in res["fields"]] + [head["regions"]]


def _squash(text: str) -> str:
    # NFKC folds the ligatures a PDF's text may carry ("\ufb02ared" -> "flared").
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text).replace("\u00ad", "")).strip().lower()


def missing_text(text: str, phrases: list[str]) -> list[str]:
    """The phrases that do not appear in ``text`` (case and line breaks ignored).

    >>> missing_text("Key points\\nWhere to\\nget care", ["Key points", "Where to get care", "Stop rules"])
    ['Stop rules']
    """
    flat = _squash(text)
    return [p for p in phrases if _squash(p) not in flat]
