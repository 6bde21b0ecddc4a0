"""Module 04 views: the cleaning guide, the toy safety check and the switch check."""

from __future__ import annotations

import html

import ipywidgets as w

from coursekit.course.citations import cite
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

_STATUS_WORDS = {"yes": "Allowed", "maker": "Only if the maker says so", "no": "Not allowed"}


def _source(refs) -> str:
    return f" <small>Source: {html.escape(cite(list(refs)))}</small>" if refs else ""


def advice_html(advice: CleaningAdvice) -> str:
    item = material(advice.material)
    rows = "".join(
        f"<li><b>{html.escape(v.name)}: {_STATUS_WORDS[v.status]}.</b> {html.escape(v.reason)}{_source(v.refs)}</li>"
        for v in advice.allowed + advice.forbidden
    )
    notes = "".join(f"<p><b>Porous:</b> {html.escape(n)}{_source(load()['porous_refs'])}</p>" for n in advice.notes)
    return f"<p>{html.escape(item['about'])}{_source(item['refs'])}</p><ul>{rows}</ul>{notes}"


class CleaningGuide(w.VBox):
    """Choose a material and say whether the toy has a motor; read which cleaning methods suit it."""

    def __init__(self, material_id: str = "silicone", motorised: bool = False):
        self.material = w.Dropdown(
            options=[(m["name"], m["id"]) for m in load()["materials"]],
            value=material_id,
            description="Material:",
            tooltip="What the toy is made of (check the label or the maker's page)",
            style={"description_width": "initial"},
            layout=w.Layout(width="auto"),
        )
        self.motor = w.ToggleButtons(
            options=[("No motor or battery", False), ("Has a motor or battery", True)],
            value=motorised,
            description="Motor:",
            tooltips=["Nothing electrical inside", "A motor, battery or charging port"],
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
            self.result.value = f"<p><b>Please check your choices.</b> {html.escape(str(exc))}</p>"


class ToySafetyCheck(w.VBox):
    """Answer five questions about a toy and press Check: keep, condom, one owner, or don't use."""

    def __init__(self):
        common = {"style": {"description_width": "initial"}, "layout": w.Layout(width="auto")}
        self.made_as_toy = w.Dropdown(
            options=[("(choose)", None), ("Yes", "yes"), ("No", "no"), ("Not sure", "unsure")],
            value=None,
            description="Is it made as a sex toy for anal use?",
            tooltip="Household objects are not toys; if you are not sure, choose 'Not sure'",
            **common,
        )
        self.flared = w.Dropdown(
            options=[("(choose)", None), ("Yes", "yes"), ("No", "no"), ("Not sure", "unsure")],
            value=None,
            description="Does it have a flared base?",
            tooltip="A base clearly wider than the rest, which stays outside the body",
            **common,
        )
        self.material = w.Dropdown(
            options=[("(choose)", None)] + [(m["name"], m["id"]) for m in load()["materials"]],
            value=None,
            description="What is it made of?",
            tooltip="Check the label; if you cannot tell, choose 'Not sure'",
            **common,
        )
        yes_no = [("(choose)", None), ("Yes", True), ("No", False)]
        self.damaged = w.Dropdown(
            options=yes_no,
            value=None,
            description="Any cracks, chips, tears or a sticky surface?",
            tooltip="Look and feel along the whole toy in good light",
            **common,
        )
        self.shared = w.Dropdown(
            options=yes_no, value=None, description="Is it shared?", tooltip="Used by more than one person", **common
        )
        self.check_button = w.Button(description="Check", icon="check", tooltip="See what the answers mean")
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
            self.result.value = f"<p><b>Not yet.</b> {html.escape(str(exc))}</p>"
            return
        reasons = "".join(f"<li>{html.escape(text)}{_source(refs)}</li>" for text, refs in res.reasons)
        self.result.value = f"<p><b>{html.escape(res.label)}.</b> {html.escape(res.summary)}</p><ul>{reasons}</ul>"


class SwitchCheck(w.VBox):
    """Build a sequence of places and see where a wash or a new barrier is needed between them."""

    def __init__(self, mover: str = "toy"):
        sw = load()["switch"]
        self.mover = w.Dropdown(
            options=[(v["name"].capitalize(), k) for k, v in sw["movers"].items()],
            value=mover,
            description="What moves:",
            tooltip="The toy, hand, penis or mouth that goes from place to place",
            style={"description_width": "initial"},
        )
        self.add_buttons = [
            w.Button(description=f"Add {name}", tooltip=f"Add {name} as the next place", layout=w.Layout(width="auto"))
            for name in sw["sites"].values()
        ]
        for button, site in zip(self.add_buttons, sw["sites"], strict=True):
            button.on_click(lambda _b, site=site: self._on_add(site))
        self.clear_button = w.Button(description="Clear", icon="times", tooltip="Start the sequence again")
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
        self.sequence.value = "<p><b>Sequence:</b> " + (html.escape(" → ".join(names)) or "(empty)") + "</p>"
        try:
            switches = switch_check(self.mover.value, self.sites)
        except ValueError as exc:
            self.result.value = f"<p><b>Please change the sequence.</b> {html.escape(str(exc))}</p>"
            return
        person_refs = dict.fromkeys(sw["person"]["refs"] + sw["dam"]["refs"])  # the note covers a mouth too
        person = f"<p><b>Another person:</b> {html.escape(person_note())}{_source(person_refs)}</p>"
        note = dam_note(self.mover.value, self.sites)  # shown even with one place only
        dam = f"<p><b>Dental dam:</b> {html.escape(note[0])}{_source(note[1])}</p>" if note else ""
        if not switches:
            self.result.value = f"<p>Add at least two places to see what each switch needs.</p>{dam}{person}"
            return
        items = "".join(f"<li>{html.escape(s.message)}{_source(s.refs)}</li>" for s in switches)
        self.result.value = f"<ol>{items}</ol>{dam}{person}"
