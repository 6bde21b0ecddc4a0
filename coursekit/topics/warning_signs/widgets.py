"""Module 05 views: the symptom sorter, the support-routes panel and the 'what to say' helper.
Thin views over ``logic``; results are stated in words."""

from __future__ import annotations

import html
from pathlib import Path

import ipywidgets as w

from coursekit.course.citations import cite
from coursekit.topics.warning_signs.logic import (
    NOT_SURE,
    Triage,
    distress_route,
    level,
    load,
    rank,
    region,
    support_routes,
    triage,
)
from coursekit.topics.warning_signs.script import FIELDS, OPENINGS, describe, save_script

CHOOSE = "Choose where you are"


def region_options() -> list[tuple[str, str | None]]:
    """Dropdown choices: a neutral first entry (no region picked for the learner), then each region."""
    return [(CHOOSE, None)] + [(r["name"], r["id"]) for r in load()["regions"]]


def numbers_html(region_id: str | None, level_id: str | None) -> str:
    """The emergency and urgent numbers for one region, in words; nothing region-specific without one."""
    item = region(region_id)
    lead = ""
    if level_id == "emergency":
        where = (item or {}).get("emergency_advice", "Go to an emergency department now.")
        lead = (
            f"<b>Emergency:</b> {html.escape(where)} If you are bleeding heavily or feel faint, "
            "call for an ambulance; do not drive yourself. "
        )
    if item is None:
        return f"<p>{lead}Choose where you are, above, to see the emergency and urgent numbers for your region.</p>"
    parts = []
    if item.get("emergency"):
        parts.append(f"Emergency number for {html.escape(item['name'])}: <b>{html.escape(item['emergency'])}</b>.")
    if item.get("urgent"):
        parts.append(
            f"Urgent but not an emergency: <b>{html.escape(item['urgent'])}</b>, {html.escape(item['urgent_label'])}."
        )
    if item.get("advice"):
        parts.append(html.escape(item["advice"]))
    return f"<p>{lead}{' '.join(parts)} <small>{html.escape(cite(item['refs']))}</small></p>"


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


def support_html(region_id: str | None) -> str:
    """The opt-in support routes for one region, in words."""
    routes = support_routes(region_id)
    out = [f"<p><i>{html.escape(routes.content_note)}</i></p><ol>"]
    out += [
        f"<li>{html.escape(text)}" + (f" <small>{html.escape(cite(refs))}</small>" if refs else "") + "</li>"
        for text, refs in routes.steps
    ]
    out.append("</ol>")
    if routes.region_id is None:
        out.append(f"<p>{html.escape(CHOOSE)}, above, to see services for your region.</p>")
    items = [
        f"<li><b>{html.escape(s.name)}</b>: <b>{html.escape(s.contact)}</b>. {html.escape(s.about)} "
        f"<small>{html.escape(cite(s.refs))}</small></li>"
        for s in routes.services
    ]
    if routes.region_id is not None:  # no "elsewhere" guidance until a region is chosen
        items += [f"<li>{html.escape(text)}</li>" for text in routes.guidance]
    if items:
        out.append(f"<ul>{''.join(items)}</ul>")
    return "".join(out)


def distress_html(region_id: str | None) -> str:
    """The opt-in 'If you are struggling' route for one region, in words."""
    intro = f"<p>{html.escape(load()['struggling']['intro'])}</p>"
    if region(region_id) is None:
        return intro + f"<p>{html.escape(CHOOSE)}, above, to see a helpline for your region.</p>"
    service, guidance = distress_route(region_id)
    if service is None:
        return intro + f"<p>{html.escape(guidance)}</p>"
    return intro + (
        f"<p><b>{html.escape(service.name)}</b>: <b>{html.escape(service.contact)}</b>. "
        f"{html.escape(service.about)} <small>{html.escape(cite(service.refs))}</small></p>"
    )


def where_to_go() -> w.HTML:
    """The places to get care, as a short list (one widget for the lesson)."""
    items = []
    for place in load()["care_places"]:
        name, when, refs = (html.escape(x) for x in (place["name"], place["when"], cite(place["refs"])))
        items.append(f"<li><b>{name}:</b> {when} <small>{refs}</small></li>")
    return w.HTML(f"<ul>{''.join(items)}</ul>")


def _region_dropdown(tooltip: str) -> w.Dropdown:
    return w.Dropdown(
        options=region_options(),
        value=None,
        description="Where are you?",
        tooltip=tooltip,
        style={"description_width": "initial"},
    )


class SymptomTriage(w.VBox):
    """Tick the signs that apply (and how long ago, where asked) and read how soon to get care."""

    def __init__(self, region_id: str | None = None):
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
        self.region = _region_dropdown("Shows the emergency and urgent numbers for the region you choose")
        self.region.value = region_id if region(region_id) else None
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
        try:
            result = triage(self.selected)
        except ValueError as exc:  # not reachable from the ticks, but never show a traceback
            self.result.value = f"<p><b>Something went wrong:</b> {html.escape(str(exc))}</p>"
            return
        self.result.value = triage_html(result)
        self.numbers.value = numbers_html(self.region.value, result.level)


class SupportPanel(w.VBox):
    """Opt-in: support after sex without consent or an assault, and for distress, by region.

    The content stays folded until the learner opens it.
    """

    def __init__(self, region_id: str | None = None):
        self.region = _region_dropdown("Shows the support services for the region you choose")
        self.region.value = region_id if region(region_id) else None
        self.body = w.HTML()
        self.region.observe(self._on_change, names="value")
        inner = w.VBox([self.region, self.body])
        self.fold = w.Accordion(children=[inner], selected_index=None)
        self.fold.set_title(0, "Support after sex without consent, an assault, or distress (opens when you choose)")
        super().__init__([self.fold])
        self.add_class("coursekit-support")
        self._on_change()

    def _on_change(self, _change=None) -> None:
        self.body.value = support_html(self.region.value)


class DistressPanel(w.VBox):
    """Opt-in: a helpline for the learner's region, for distress of any kind. Folded until opened."""

    def __init__(self, region_id: str | None = None):
        self.region = _region_dropdown("Shows a helpline for the region you choose")
        self.region.value = region_id if region(region_id) else None
        self.body = w.HTML()
        self.region.observe(self._on_change, names="value")
        self.fold = w.Accordion(children=[w.VBox([self.region, self.body])], selected_index=None)
        self.fold.set_title(0, load()["struggling"]["title"])
        super().__init__([self.fold])
        self.add_class("coursekit-distress")
        self._on_change()

    def _on_change(self, _change=None) -> None:
        self.body.value = distress_html(self.region.value)


class WhatToSay(w.VBox):
    """Fill in a few plain fields, read the description back, and save it only if you choose to."""

    def __init__(self, save_folder: Path | str = "saved"):
        self.save_folder = Path(save_folder)
        self.opening = w.Dropdown(
            options=[(text, key) for key, text in OPENINGS.items()],
            value="private",
            description="First line",
            tooltip="Choose how much the first line says; the private one names nothing",
            style={"description_width": "16em"},
            layout={"width": "95%"},
        )
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
            description="Save it",
            icon="save",
            tooltip="Write it to what_to_say.txt in the saved folder next to this notebook",
        )
        self.output = w.HTML()
        self.saved = w.HTML()
        self.make_button.on_click(self._on_make)
        self.save_button.on_click(self._on_save)
        super().__init__(
            [
                self.opening,
                *self.fields.values(),
                w.HBox([self.make_button, self.save_button]),
                self.output,
                self.saved,
            ]
        )
        self.add_class("coursekit-what-to-say")

    def _text(self) -> str:
        return describe({key: box.value for key, box in self.fields.items()}, opening=self.opening.value)

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
        self.saved.value = (
            f"<p>Saved to <code>{html.escape(str(path.resolve()))}</code>. That file is on the machine that runs "
            "Jupyter: your own computer, or the server of a hosted service such as Binder or a class hub. "
            "Delete the file when you no longer need it. On a shared computer, copy the text to your phone "
            "instead of saving.</p>"
        )
