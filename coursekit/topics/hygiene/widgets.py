"""Module 04 views: the cleaning guide, the toy safety check and the switch check."""

from __future__ import annotations

import html

import ipywidgets as w

from coursekit.course import strings
from coursekit.course.citations import cite_html
from coursekit.topics.hygiene.logic import (
    CleaningAdvice,
    cleaning_methods,
    dam_note,
    load,
    material,
    person_note,
    switch_check,
    toy_safety_check,
)


def _status_words() -> dict[str, str]:
    return {
        "yes": strings.text("hygiene", "status_yes"),
        "maker": strings.text("hygiene", "status_maker"),
        "no": strings.text("hygiene", "status_no"),
    }


def _source(refs) -> str:
    return f" <small>{strings.text('hygiene', 'source', refs=cite_html(list(refs)))}</small>" if refs else ""


def advice_html(advice: CleaningAdvice) -> str:
    item = material(advice.material)
    status = _status_words()
    rows = "".join(
        "<li><b>"
        + strings.text("hygiene", "method_verdict", method=html.escape(v.name), status=html.escape(status[v.status]))
        + f"</b> {html.escape(v.reason)}{_source(v.refs)}</li>"
        for v in advice.allowed + advice.forbidden
    )
    porous = strings.text("hygiene", "porous_heading")
    notes = "".join(f"<p><b>{porous}</b> {html.escape(n)}{_source(load()['porous_refs'])}</p>" for n in advice.notes)
    return f"<p>{html.escape(item['about'])}{_source(item['refs'])}</p><ul>{rows}</ul>{notes}"


class CleaningGuide(w.VBox):
    """Choose a material and say whether the toy has a motor; read which cleaning methods suit it."""

    def __init__(self, material_id: str = "silicone", motorised: bool = False):
        self.material = w.Dropdown(
            options=[(m["name"], m["id"]) for m in load()["materials"]],
            value=material_id,
            description=strings.text("hygiene", "material_label"),
            tooltip=strings.text("hygiene", "material_tooltip"),
            style={"description_width": "initial"},
            layout=w.Layout(width="auto"),
        )
        self.motor = w.ToggleButtons(
            options=[(strings.text("hygiene", "motor_no"), False), (strings.text("hygiene", "motor_yes"), True)],
            value=motorised,
            description=strings.text("hygiene", "motor_label"),
            tooltips=[strings.text("hygiene", "motor_no_tooltip"), strings.text("hygiene", "motor_yes_tooltip")],
        )
        self.result = w.HTML()
        self.material.observe(self._on_change, names="value")
        self.motor.observe(self._on_change, names="value")
        super().__init__([self.material, self.motor, self.result])
        self.add_class("coursekit-cleaning-guide")
        self._on_change()

    def _on_change(self, _change=None) -> None:
        try:
            self.result.value = advice_html(cleaning_methods(self.material.value, self.motor.value))
        except ValueError as exc:
            self.result.value = f"<p><b>{strings.text('hygiene', 'check_choices')}</b> {html.escape(str(exc))}</p>"


class ToySafetyCheck(w.VBox):
    """Answer five questions about a toy and press Check: keep, condom, one owner, or don't use."""

    def __init__(self):
        common = {"style": {"description_width": "initial"}, "layout": w.Layout(width="auto")}
        choose, yes, no = (
            strings.text("hygiene", "choose"),
            strings.text("hygiene", "answer_yes"),
            strings.text("hygiene", "answer_no"),
        )
        yes_no_unsure = [
            (choose, None),
            (yes, "yes"),
            (no, "no"),
            (strings.text("hygiene", "answer_not_sure"), "unsure"),
        ]
        self.made_as_toy = w.Dropdown(
            options=yes_no_unsure,
            value=None,
            description=strings.text("hygiene", "made_as_toy_label"),
            tooltip=strings.text("hygiene", "made_as_toy_tooltip"),
            **common,
        )
        self.flared = w.Dropdown(
            options=yes_no_unsure,
            value=None,
            description=strings.text("hygiene", "flared_label"),
            tooltip=strings.text("hygiene", "flared_tooltip"),
            **common,
        )
        self.material = w.Dropdown(
            options=[(choose, None)] + [(m["name"], m["id"]) for m in load()["materials"]],
            value=None,
            description=strings.text("hygiene", "made_of_label"),
            tooltip=strings.text("hygiene", "made_of_tooltip"),
            **common,
        )
        yes_no = [(choose, None), (yes, True), (no, False)]
        self.damaged = w.Dropdown(
            options=yes_no,
            value=None,
            description=strings.text("hygiene", "damaged_label"),
            tooltip=strings.text("hygiene", "damaged_tooltip"),
            **common,
        )
        self.shared = w.Dropdown(
            options=yes_no,
            value=None,
            description=strings.text("hygiene", "shared_label"),
            tooltip=strings.text("hygiene", "shared_tooltip"),
            **common,
        )
        self.check_button = w.Button(
            description=strings.text("hygiene", "check_button"),
            icon="check",
            tooltip=strings.text("hygiene", "check_button_tooltip"),
        )
        self.result = w.HTML()
        self.check_button.on_click(self._on_check)
        questions = [self.made_as_toy, self.flared, self.material, self.damaged, self.shared]
        super().__init__([*questions, self.check_button, self.result])
        self.add_class("coursekit-toy-check")

    def _on_check(self, _button=None) -> None:
        try:
            res = toy_safety_check(
                self.made_as_toy.value, self.flared.value, self.material.value, self.damaged.value, self.shared.value
            )
        except ValueError as exc:
            self.result.value = f"<p><b>{strings.text('hygiene', 'not_yet')}</b> {html.escape(str(exc))}</p>"
            return
        reasons = "".join(f"<li>{html.escape(text)}{_source(refs)}</li>" for text, refs in res.reasons)
        verdict = strings.text("hygiene", "toy_verdict", label=html.escape(res.label))
        self.result.value = f"<p><b>{verdict}</b> {html.escape(res.summary)}</p><ul>{reasons}</ul>"


class SwitchCheck(w.VBox):
    """Build a sequence of places and see where a wash or a new barrier is needed between them."""

    def __init__(self, mover: str = "toy"):
        sw = load()["switch"]
        self.mover = w.Dropdown(
            options=[(v["name"].capitalize(), k) for k, v in sw["movers"].items()],
            value=mover,
            description=strings.text("hygiene", "mover_label"),
            tooltip=strings.text("hygiene", "mover_tooltip"),
            style={"description_width": "initial"},
        )
        self.add_buttons = [
            w.Button(
                description=strings.text("hygiene", "add_place", place=name),
                tooltip=strings.text("hygiene", "add_place_tooltip", place=name),
                layout=w.Layout(width="auto"),
            )
            for name in sw["sites"].values()
        ]
        for button, site in zip(self.add_buttons, sw["sites"], strict=True):
            button.on_click(lambda _b, site=site: self._on_add(site))
        self.clear_button = w.Button(
            description=strings.text("hygiene", "clear_button"),
            icon="times",
            tooltip=strings.text("hygiene", "clear_button_tooltip"),
        )
        self.clear_button.on_click(self._on_clear)
        self.sites: list[str] = []
        self.sequence = w.HTML()
        self.result = w.HTML()
        self.mover.observe(self._on_change, names="value")
        buttons = w.HBox([*self.add_buttons, self.clear_button])
        super().__init__([self.mover, buttons, self.sequence, self.result])
        self.add_class("coursekit-switch-check")
        self._on_change()

    def _on_add(self, site: str) -> None:
        self.sites.append(site)
        self._on_change()

    def _on_clear(self, _button=None) -> None:
        self.sites = []
        self._on_change()

    def _on_change(self, _change=None) -> None:
        sw = load()["switch"]
        names = [sw["sites"][s] for s in self.sites]
        sequence = html.escape(" → ".join(names)) or strings.text("hygiene", "sequence_empty")
        self.sequence.value = f"<p><b>{strings.text('hygiene', 'sequence_heading')}</b> {sequence}</p>"
        try:
            switches = switch_check(self.mover.value, self.sites)
        except ValueError as exc:
            self.result.value = f"<p><b>{strings.text('hygiene', 'change_sequence')}</b> {html.escape(str(exc))}</p>"
            return
        person_refs = dict.fromkeys(sw["person"]["refs"] + sw["dam"]["refs"])  # the note covers a mouth too
        another = strings.text("hygiene", "another_person")
        person = f"<p><b>{another}</b> {html.escape(person_note())}{_source(person_refs)}</p>"
        note = dam_note(self.mover.value, self.sites)  # shown even with one place only
        dam = (
            f"<p><b>{strings.text('hygiene', 'dental_dam')}</b> {html.escape(note[0])}{_source(note[1])}</p>"
            if note
            else ""
        )
        if not switches:
            self.result.value = f"<p>{strings.text('hygiene', 'add_two_places')}</p>{dam}{person}"
            return
        items = "".join(f"<li>{html.escape(s.message)}{_source(s.refs)}</li>" for s in switches)
        self.result.value = f"<ol>{items}</ol>{dam}{person}"
