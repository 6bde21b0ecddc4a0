"""Module 05, warning signs: triage of signs into four levels of care, and a 'what to say' script."""

from __future__ import annotations

import datetime as dt
import functools
import html
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import ipywidgets as w

from .content import ContentError, Ref, cite, find_by_id, load_topic

SPEC = {
    "not_a_diagnosis": str,
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
    "regions": [{"id": str, "name": str, "emergency": str, "?urgent": str, "?urgent_label": str, "refs": [Ref]}],
    "care_places": [{"id": str, "name": str, "when": str, "refs": [Ref]}],
}

NOT_SURE = "not_sure"


@functools.cache
def load() -> dict:
    """The warning-signs data, validated, with every level name checked against ``levels``."""
    data = load_topic("warning_signs", SPEC)
    levels = {lv["id"] for lv in data["levels"]}
    for sign in data["signs"]:
        for item in [sign, *sign.get("durations", [])]:
            if item["level"] not in levels:
                raise ContentError(f"warning_signs.yaml: signs.{sign['id']}: unknown level {item['level']!r}")
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


def region(region_id: str) -> dict:
    return find_by_id(load()["regions"], region_id, "region", hint="choose from")


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
    label = f"{item['label']} ({chosen['label'].lower()})" if duration not in (None, NOT_SURE) else item["label"]
    return Reason(sign_id, label, chosen["level"], item["means"], chosen["advice"], chosen["pep"], tuple(item["refs"]))


def triage(signs: Mapping[str, str | None] | Iterable[str]) -> Triage:
    """The highest level any selected sign calls for, every reason, and what to do next.

    ``signs`` is a list of sign ids, or a mapping from sign id to how long ago (or None).

    >>> triage([]).level is None
    True
    >>> result = triage(["soreness_or_streak", "retained_object"])
    >>> result.level, [r.sign_id for r in result.reasons]
    ('emergency', ['retained_object', 'soreness_or_streak'])
    """
    if isinstance(signs, str):
        raise ValueError("give a list of sign ids, not a single string")
    chosen = dict(signs) if isinstance(signs, Mapping) else dict.fromkeys(signs)
    reasons = [reason_for(sid, duration) for sid, duration in chosen.items()]
    if not reasons:
        return Triage(
            None,
            "Nothing selected: tick any signs that apply to see how soon to get care.",
            (),
            (),
            False,
        )
    order = {sid: i for i, sid in enumerate(sign_ids())}
    reasons.sort(key=lambda r: (-rank(r.level), order[r.sign_id]))
    top = reasons[0].level
    # The level's action first, then each sign's advice, most urgent first (PEP first within a level).
    steps = [level(top)["action"]]
    for r in sorted(reasons, key=lambda r: (-rank(r.level), not r.pep)):
        if r.advice not in steps:
            steps.append(r.advice)
    pep = any(r.pep for r in reasons)
    return Triage(top, level(top)["label"], tuple(reasons), tuple(steps), pep)


# ---------------------------------------------------------------------------
# What to say
# ---------------------------------------------------------------------------

FIELDS = (
    ("what", "What happened", "e.g. a toy without a flared base went in and I cannot reach it"),
    ("when", "When", "e.g. about two hours ago"),
    ("now", "What I notice now", "e.g. some cramping, no bleeding"),
    ("tried", "What I have tried or taken", "e.g. I tried twice to remove it, then stopped"),
    ("needs", "What would help me", "e.g. a clinician of a particular gender, or an interpreter"),
)
LEADS = {
    "what": "What happened: ",
    "when": "When: ",
    "now": "What I notice now: ",
    "tried": "What I have tried or taken: ",
    "needs": "What would help me: ",
}


def describe(fields: Mapping[str, str]) -> str:
    """A short, frank description to read out or show at a clinic, built only from the fields given.

    >>> print(describe({"what": "a condom broke", "when": "last night"}))
    I need some help with a problem after anal sex or play.
    What happened: a condom broke.
    When: last night.
    Please tell me what you think is going on, and what my options are.
    """
    unknown = set(fields) - set(LEADS)
    if unknown:
        raise ValueError(f"unknown field(s): {', '.join(sorted(unknown))}; use: {', '.join(LEADS)}")
    clean = {k: " ".join(str(v or "").split()).rstrip(".") for k, v in fields.items()}
    if not clean.get("what"):
        raise ValueError("Write a few words under 'What happened' first; everything else is optional.")
    lines = ["I need some help with a problem after anal sex or play."]
    lines += [f"{LEADS[key]}{clean[key]}." for key, *_ in FIELDS if clean.get(key)]
    lines.append("Please tell me what you think is going on, and what my options are.")
    return "\n".join(lines)


def save_script(text: str, folder: Path | str) -> Path:
    """Write the script to ``folder/what_to_say.txt`` (only when the learner presses save)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "what_to_say.txt"
    path.write_text(f"{text}\n\n(written {dt.date.today().isoformat()}; not a diagnosis)\n", encoding="utf-8")
    return path


# ---------------------------------------------------------------------------
# Views
# ---------------------------------------------------------------------------


def numbers_html(region_id: str, level_id: str | None) -> str:
    item = region(region_id)
    text = f"Emergency number for {html.escape(item['name'])}: <b>{html.escape(item['emergency'])}</b>."
    if item.get("urgent"):
        text += (
            f" Urgent but not an emergency: <b>{html.escape(item['urgent'])}</b>, {html.escape(item['urgent_label'])}."
        )
    if level_id == "emergency":
        text = "<b>Emergency:</b> go to an emergency department now, or call. " + text
    return f"<p>{text} <small>{html.escape(cite(item['refs']))}</small></p>"


def triage_html(result: Triage) -> str:
    note = f"<p><i>{html.escape(load()['not_a_diagnosis'])}</i></p>"
    if result.level is None:
        return f"<p><b>{html.escape(result.headline)}</b></p>" + note
    level_no = rank(result.level)
    out = [f"<h4>Level {level_no} of 4: {html.escape(result.headline)}</h4><ol>"]
    out += [f"<li>{html.escape(step)}</li>" for step in result.next_steps]
    out.append("</ol><p><b>Why:</b></p><ul>")
    for r in result.reasons:
        out.append(
            f"<li><b>{html.escape(r.label)}</b> ({html.escape(level(r.level)['label'])}): "
            f"{html.escape(r.means)} <small>{html.escape(cite(r.refs))}</small></li>"
        )
    out.append("</ul>")
    return "".join(out) + note


def where_to_go() -> w.HTML:
    """The places to get care, as a short list (one widget for the lesson)."""
    items = []
    for place in load()["care_places"]:
        name, when, refs = (html.escape(x) for x in (place["name"], place["when"], cite(place["refs"])))
        items.append(f"<li><b>{name}:</b> {when} <small>{refs}</small></li>")
    items = "".join(items)
    return w.HTML(f"<ul>{items}</ul>")


class SymptomTriage(w.VBox):
    """Tick the signs that apply (and how long ago, where asked) and read how soon to get care."""

    def __init__(self, region_id: str = "uk"):
        self.boxes: dict[str, w.Checkbox] = {}
        self.durations: dict[str, w.Dropdown] = {}
        rows = []
        for item in load()["signs"]:
            box = w.Checkbox(
                value=False, description=item["label"], indent=False, tooltip=item["label"], layout={"width": "auto"}
            )
            box.observe(self._on_change, names="value")
            self.boxes[item["id"]] = box
            row = [box]
            if item.get("durations"):
                drop = w.Dropdown(
                    options=[(d["label"], d["id"]) for d in item["durations"]] + [("Not sure", NOT_SURE)],
                    value=NOT_SURE,
                    description="How long ago?",
                    tooltip="How long ago it happened",
                    style={"description_width": "initial"},
                )
                drop.observe(self._on_change, names="value")
                self.durations[item["id"]] = drop
                row.append(drop)
            rows.append(w.HBox(row))
        self.region = w.Dropdown(
            options=[(r["name"], r["id"]) for r in load()["regions"]],
            value=region_id,
            description="Where are you?",
            tooltip="Shows the emergency number for this region",
            style={"description_width": "initial"},
        )
        self.region.observe(self._on_change, names="value")
        self.result = w.HTML()
        self.numbers = w.HTML()
        super().__init__([*rows, self.region, self.result, self.numbers])
        self.add_class("coursekit-triage")
        self._on_change()

    @property
    def selected(self) -> dict[str, str | None]:
        return {
            sid: (self.durations[sid].value if sid in self.durations else None)
            for sid, box in self.boxes.items()
            if box.value
        }

    def _on_change(self, _change=None) -> None:
        result = triage(self.selected)
        self.result.value = triage_html(result)
        self.numbers.value = numbers_html(self.region.value, result.level)


class WhatToSay(w.VBox):
    """Fill in a few plain fields, read the description back, and save it only if you choose to."""

    def __init__(self, save_folder: Path | str = "saved"):
        self.save_folder = Path(save_folder)
        self.fields = {
            key: w.Textarea(
                description=label,
                placeholder=hint,
                tooltip=hint,
                style={"description_width": "16em"},
                layout={"width": "95%"},
            )
            for key, label, hint in FIELDS
        }
        self.make_button = w.Button(description="Write it for me", icon="pencil", tooltip="Build the description")
        self.save_button = w.Button(
            description="Save it", icon="save", tooltip="Write it to a file on this computer only"
        )
        self.output = w.HTML()
        self.saved = w.HTML()
        self.make_button.on_click(self._on_make)
        self.save_button.on_click(self._on_save)
        super().__init__([*self.fields.values(), w.HBox([self.make_button, self.save_button]), self.output, self.saved])
        self.add_class("coursekit-what-to-say")

    def _text(self) -> str:
        return describe({key: box.value for key, box in self.fields.items()})

    def _on_make(self, _button=None) -> None:
        try:
            text = self._text()
        except ValueError as exc:
            self.output.value = f"<p><b>Not yet:</b> {html.escape(str(exc))}</p>"
            return
        self.output.value = f"<pre style='white-space: pre-wrap'>{html.escape(text)}</pre>"

    def _on_save(self, _button=None) -> None:
        try:
            path = save_script(self._text(), self.save_folder)
        except ValueError as exc:
            self.saved.value = f"<p><b>Nothing saved:</b> {html.escape(str(exc))}</p>"
            return
        except OSError as exc:
            self.saved.value = f"<p><b>Could not save:</b> {html.escape(str(exc))}. Nothing was written.</p>"
            return
        self.saved.value = f"<p>Saved on this computer only, to <code>{html.escape(str(path.resolve()))}</code>.</p>"
