"""Module 05 views: the symptom sorter, the support-routes panel and the 'what to say' helper.
Thin views over ``logic``; results are stated in words."""

from __future__ import annotations

import html
from pathlib import Path

import ipywidgets as w

from coursekit.course import browser
from coursekit.course.citations import cite, cite_html
from coursekit.course.strings import text
from coursekit.topics.warning_signs.logic import (
    NOT_SURE,
    Service,
    Triage,
    distress_route,
    level,
    level_ids,
    load,
    rank,
    region,
    support_routes,
    triage,
)
from coursekit.topics.warning_signs.script import FIELDS, OPENINGS, describe, save_script


def _choose() -> str:
    """The region drop-down's first entry, for sentences that point to it ("..., above, to see ...")."""
    return html.escape(text("course", "choose_region"))


def region_options() -> list[tuple[str, str | None]]:
    """Dropdown choices: a neutral first entry (no region picked for the learner), then each region."""
    return [(text("course", "choose_region"), None)] + [(r["name"], r["id"]) for r in load()["regions"]]


def numbers_html(region_id: str | None, level_id: str | None) -> str:
    """The emergency and urgent numbers for one region, in words; nothing region-specific without one."""
    item = region(region_id)
    lead = ""
    if level_id == "emergency":
        where = (item or {}).get("emergency_advice", text("warning_signs", "emergency_default_advice"))
        lead = text("warning_signs", "emergency_lead", advice=html.escape(where)) + " "
    if item is None:
        return f"<p>{lead}{text('warning_signs', 'numbers_choose_region', choose=_choose())}</p>"
    parts = []
    if item.get("emergency"):
        name, number = html.escape(item["name"]), html.escape(item["emergency"])
        parts.append(text("warning_signs", "emergency_number", region=name, number=number))
    if item.get("urgent"):
        number, label = html.escape(item["urgent"]), html.escape(item["urgent_label"])
        parts.append(text("warning_signs", "urgent_number", number=number, label=label))
    if item.get("advice"):
        parts.append(html.escape(item["advice"]))
    return f"<p>{lead}{' '.join(parts)} <small>{cite_html(item['refs'])}</small></p>"


def triage_html(result: Triage) -> str:
    note = f"<p><i>{html.escape(load()['not_a_diagnosis'])}</i></p>"
    if result.level is None:
        return f"<p><b>{html.escape(result.headline)}</b></p>" + note
    heading = text(
        "warning_signs",
        "triage_level_heading",
        n=rank(result.level),
        total=len(level_ids()),
        headline=html.escape(result.headline),
    )
    out = [f"<h4>{heading}</h4><ol>"]
    out += [f"<li>{html.escape(step)}</li>" for step in result.next_steps]
    out.append(f"</ol><p><b>{text('warning_signs', 'triage_why')}</b></p><ul>")
    for r in result.reasons:
        words = {"sign": r.label, "level": level(r.level)["label"], "means": r.means, "refs": cite(r.refs)}
        reason = text("warning_signs", "triage_reason", **{k: html.escape(v) for k, v in words.items()})
        out.append(f"<li>{reason}</li>")
    out.append("</ul>")
    return "".join(out) + note


def support_html(region_id: str | None) -> str:
    """The opt-in support routes for one region, in words."""
    routes = support_routes(region_id)
    out = [f"<p><i>{html.escape(routes.content_note)}</i></p><ol>"]
    out += [
        f"<li>{html.escape(step)}" + (f" <small>{cite_html(refs)}</small>" if refs else "") + "</li>"
        for step, refs in routes.steps
    ]
    out.append("</ol>")
    if routes.region_id is None:
        out.append(f"<p>{text('warning_signs', 'support_choose_region', choose=_choose())}</p>")
    items = [f"<li>{service_html(s)}</li>" for s in routes.services]
    if routes.region_id is not None:  # no "elsewhere" guidance until a region is chosen
        items += [f"<li>{html.escape(line)}</li>" for line in routes.guidance]
    if items:
        out.append(f"<ul>{''.join(items)}</ul>")
    return "".join(out)


def service_html(service: Service) -> str:
    """One service, in words: its name, how to reach it, what it offers, and its sources."""
    words = {"name": service.name, "contact": service.contact, "about": service.about, "refs": cite(service.refs)}
    return text("warning_signs", "service", **{k: html.escape(v) for k, v in words.items()})


def distress_html(region_id: str | None) -> str:
    """The opt-in 'If you are struggling' route for one region, in words."""
    intro = f"<p>{html.escape(load()['struggling']['intro'])}</p>"
    if region(region_id) is None:
        return intro + f"<p>{text('warning_signs', 'helpline_choose_region', choose=_choose())}</p>"
    service, guidance = distress_route(region_id)
    if service is None:
        return intro + f"<p>{html.escape(guidance)}</p>"
    return intro + f"<p>{service_html(service)}</p>"


def where_to_go() -> w.HTML:
    """The places to get care, as a short list (one widget for the lesson)."""
    items = []
    for place in load()["care_places"]:
        name, when, refs = (html.escape(x) for x in (place["name"], place["when"], cite(place["refs"])))
        items.append(f"<li>{text('warning_signs', 'care_place', name=name, when=when, refs=refs)}</li>")
    return w.HTML(f"<ul>{''.join(items)}</ul>")


def _region_dropdown(tooltip: str) -> w.Dropdown:
    return w.Dropdown(
        options=region_options(),
        value=None,
        description=text("warning_signs", "region_dropdown"),
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
                    options=[(d["label"], d["id"]) for d in item["durations"]]
                    + [(text("warning_signs", "not_sure"), NOT_SURE)],
                    value=NOT_SURE,
                    description=text("warning_signs", "how_long_ago"),
                    tooltip=text("warning_signs", "how_long_ago_tooltip"),
                    style={"description_width": "initial"},
                )
                drop.observe(self._on_change, names="value")
                self.durations[item["id"]] = drop
                row.append(drop)
            rows.append(w.HBox(row))
        self.region = _region_dropdown(text("warning_signs", "region_dropdown_tooltip_numbers"))
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
            self.result.value = f"<p>{text('warning_signs', 'something_went_wrong', error=html.escape(str(exc)))}</p>"
            return
        self.result.value = triage_html(result)
        self.numbers.value = numbers_html(self.region.value, result.level)


class SupportPanel(w.VBox):
    """Opt-in: support after sex without consent or an assault, and for distress, by region.

    The content stays folded until the learner opens it.
    """

    def __init__(self, region_id: str | None = None):
        self.region = _region_dropdown(text("warning_signs", "region_dropdown_tooltip_support"))
        self.region.value = region_id if region(region_id) else None
        self.body = w.HTML()
        self.region.observe(self._on_change, names="value")
        inner = w.VBox([self.region, self.body])
        self.fold = w.Accordion(children=[inner], selected_index=None)
        self.fold.set_title(0, text("warning_signs", "support_title"))
        super().__init__([self.fold])
        self.add_class("coursekit-support")
        self._on_change()

    def _on_change(self, _change=None) -> None:
        self.body.value = support_html(self.region.value)


class DistressPanel(w.VBox):
    """Opt-in: a helpline for the learner's region, for distress of any kind. Folded until opened."""

    def __init__(self, region_id: str | None = None):
        self.region = _region_dropdown(text("warning_signs", "region_dropdown_tooltip_helpline"))
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
            options=[(line, key) for key, line in OPENINGS.items()],
            value="private",
            description=text("warning_signs", "first_line"),
            tooltip=text("warning_signs", "first_line_tooltip"),
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
        self.make_button = w.Button(
            description=text("warning_signs", "make_button"),
            icon="pencil",
            tooltip=text("warning_signs", "make_button_tooltip"),
        )
        self.save_button = w.Button(
            description=text("warning_signs", "save_button"),
            icon="save",
            tooltip=text("warning_signs", "save_button_tooltip"),
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
            script = self._text()
        except ValueError as exc:
            self.output.value = f"<p>{text('warning_signs', 'not_yet', error=html.escape(str(exc)))}</p>"
            return
        self.output.value = f"<pre style='white-space: pre-wrap'>{html.escape(script)}</pre>"

    def _on_save(self, _button=None) -> None:
        try:
            path = save_script(self._text(), self.save_folder)
        except ValueError as exc:
            self.saved.value = f"<p>{text('warning_signs', 'nothing_saved', error=html.escape(str(exc)))}</p>"
            return
        except OSError as exc:
            self.saved.value = f"<p>{text('warning_signs', 'could_not_save', error=html.escape(str(exc)))}</p>"
            return
        link = browser.download_link(path, text("warning_signs", "download"))
        where = html.escape(str(path.resolve()))
        self.saved.value = f"<p>{text('warning_signs', 'saved_to', path=where, download=link)}</p>"
