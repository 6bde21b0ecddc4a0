"""Module 06 rules: the safer-practice checklist, its review and the saved file (no widgets)."""

from __future__ import annotations

import datetime as dt
import functools
import html
import json
from dataclasses import dataclass
from pathlib import Path

from coursekit.course.citations import cite
from coursekit.course.data import load_topic
from coursekit.course.schema import ContentError, OneOf, Ref
from coursekit.course.strings import text

PHASES = ("before", "during", "after")
SPEC = {
    "revisit_below": int,
    "modules": [{"id": str, "number": int, "title": str, "notebook": str}],
    "checklist": [
        {
            "id": str,
            "phase": OneOf(*PHASES),
            "essential": bool,
            "?suggestion": bool,
            "text": str,
            "why": str,
            "?refs": [Ref],
        }
    ],
}
MAX_RATING = 5
SAVED_FILES = ("checklist.txt", "checklist.json")


@functools.cache
def load() -> dict:
    data = load_topic("closing", SPEC)
    if not 0 < data["revisit_below"] <= MAX_RATING:
        raise ContentError(f"closing.yaml: revisit_below: must be between 1 and {MAX_RATING}")
    for i, item in enumerate(data["checklist"]):
        # An item either rests on sources or says plainly that it is the course's own advice.
        item.setdefault("refs", [])
        if not item["refs"] and not item.get("suggestion"):
            raise ContentError(f"closing.yaml: checklist[{i}].refs: empty, but the item is not a course suggestion")
    return data


@dataclass(frozen=True)
class Review:
    """What a learner's checklist leaves out: essentials missing, and everything else unticked."""

    missing_essentials: tuple[dict, ...]
    unticked: tuple[dict, ...]

    @property
    def complete(self) -> bool:
        return not self.missing_essentials


def review_checklist(ticked: object) -> Review:
    """Compare the ticked item ids with the checklist; unknown ids raise ValueError naming them.

    >>> review_checklist([]).complete
    False
    >>> essentials = [i["id"] for i in load()["checklist"] if i["essential"]]
    >>> review_checklist(essentials).complete
    True
    """
    if ticked is None:
        ticked = ()
    if isinstance(ticked, str) or not hasattr(ticked, "__iter__"):
        raise ValueError("give the ticked items as a list of ids")
    ticked = set(ticked)
    items = load()["checklist"]
    unknown = ticked - {i["id"] for i in items}
    if unknown:
        raise ValueError(f"not on the checklist: {', '.join(sorted(map(str, unknown)))}")
    missing = tuple(i for i in items if i["essential"] and i["id"] not in ticked)
    unticked = tuple(i for i in items if not i["essential"] and i["id"] not in ticked)
    return Review(missing, unticked)


def modules_to_revisit(ratings: dict[str, object]) -> list[dict]:
    """Modules rated below the threshold, lowest first; missing or unreadable ratings count as 0.

    >>> [m["id"] for m in modules_to_revisit({"anatomy": 5, "relaxation": 1, "lubrication": 2})][:2]
    ['hygiene', 'warning_signs']
    """
    threshold = load()["revisit_below"]
    scored = []
    for module in load()["modules"]:
        value = ratings.get(module["id"], 0) if isinstance(ratings, dict) else 0
        try:
            rating = min(MAX_RATING, max(0.0, float(value)))
        except (TypeError, ValueError):
            rating = 0.0
        if rating != rating:  # NaN
            rating = 0.0
        if rating < threshold:
            scored.append((rating, module["number"], module))
    return [m for _, _, m in sorted(scored, key=lambda t: (t[0], t[1]))]


def label(item: dict) -> str:
    """An item's text, marked when it is the course's own advice rather than a sourced fact."""
    return text("closing", "course_suggestion", item=item["text"]) if item.get("suggestion") else item["text"]


def phase_name(phase: str) -> str:
    """A part of the checklist ("before", "during", "after") as the learner reads it."""
    return {
        "before": text("closing", "phase_before"),
        "during": text("closing", "phase_during"),
        "after": text("closing", "phase_after"),
    }[phase]


def reasons_html(items) -> str:
    """Each item's text, why it helps, and its sources, as a visible HTML list (no hover needed)."""
    rows = "".join(f"<li>{_reason_html(i)}</li>" for i in items)
    return f"<ul>{rows}</ul>"


def _reason_html(item: dict) -> str:
    words = {"item": label(item), "why": item["why"], "refs": cite(item["refs"])}
    return text("closing", "item_why", **{key: html.escape(value) for key, value in words.items()})


def checklist_text(ticked: set[str]) -> str:
    """The learner's checklist as plain text, by phase, ready to save or print."""
    made = text("closing", "file_note", date=dt.date.today().isoformat())
    lines = [text("closing", "file_title"), made, ""]
    for phase in PHASES:
        lines.append(text("closing", "file_phase", phase=phase_name(phase)))
        for item in load()["checklist"]:
            if item["phase"] == phase:
                lines.append(f"  [{'x' if item['id'] in ticked else ' '}] {label(item)}")
        lines.append("")
    return "\n".join(lines)


def save_checklist(ticked: set[str], folder: Path) -> Path:
    """Write the checklist to ``folder/checklist.txt`` (and a JSON copy); return the text file's path."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "checklist.txt"
    path.write_text(checklist_text(ticked), encoding="utf-8")
    (folder / "checklist.json").write_text(json.dumps(sorted(ticked)), encoding="utf-8")
    return path


def delete_checklist(folder: Path) -> list[Path]:
    """Delete the saved checklist files in ``folder`` (and the folder, if that leaves it empty).

    Returns the files deleted; an empty list means there was nothing to delete.
    """
    folder = Path(folder)
    deleted = []
    for name in SAVED_FILES:
        path = folder / name
        if path.is_file():
            path.unlink()
            deleted.append(path)
    if folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
    return deleted
