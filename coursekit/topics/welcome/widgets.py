"""Module 00 views: the glossary widget, the course map, the consent and care panels."""

from __future__ import annotations

import html

import ipywidgets as w

from coursekit.course import theme
from coursekit.course.citations import cite
from coursekit.course.data import load_glossary
from coursekit.topics.welcome.logic import Lookup, load, lookup


def lookup_html(result: Lookup) -> str:
    """The widget's answer in words."""
    if result.entry is None:
        return f"<p>{html.escape(result.message)}</p>"
    e = result.entry
    lead = f"<p><i>{html.escape(result.message)}</i></p>" if result.message else ""
    source = f"<p><small>Source: {html.escape(cite(e['refs']))}</small></p>" if e.get("refs") else ""
    module = f" <small>(module {html.escape(e['module'])})</small>" if e.get("module") else ""
    return f"{lead}<p><b>{html.escape(e['term'])}</b>{module}: {html.escape(e['definition'])}</p>{source}"


class GlossaryLookup(w.VBox):
    """Type a term and read its plain-language definition."""

    def __init__(self, query: str = ""):
        self.query = w.Text(
            value=query,
            placeholder="for example: sphincter, osmolality, PEP",
            description="Look up:",
            tooltip="Type a term from the course and press Enter or Look up",
            continuous_update=False,
            style={"description_width": "initial"},
        )
        self.button = w.Button(description="Look up", icon="search", tooltip="Show the definition")
        self.answer = w.HTML()
        self.terms = w.HTML(
            "<small>Terms: "
            + ", ".join(html.escape(e["term"]) for e in sorted(load_glossary(), key=lambda e: e["term"].lower()))
            + "</small>"
        )
        self.query.observe(self._on_lookup, names="value")
        self.button.on_click(self._on_lookup)
        super().__init__([w.HBox([self.query, self.button]), self.answer, self.terms])
        self.add_class("coursekit-glossary")
        if query:
            self._on_lookup()

    def _on_lookup(self, _event=None) -> None:
        self.answer.value = lookup_html(lookup(self.query.value))


def course_map():
    """A figure of the modules in order, with their length in minutes."""
    modules = load()["modules"]
    fig = theme.figure(
        title="The course, module by module",
        height=380,
        xaxis={"title": {"text": "suggested time (minutes)"}},
        yaxis={"autorange": "reversed", "showgrid": False, "automargin": True},
    )
    labels = [f"{m['number']:02d} {m['title']}" for m in modules]
    fig.add_bar(
        x=[m["minutes"] for m in modules],
        y=labels,
        orientation="h",
        text=[m["covers"] for m in modules],
        textposition="inside",
        insidetextanchor="start",
        marker={"color": theme.PALETTE[: len(modules)]},
        hovertemplate="%{y}: %{x} min<extra></extra>",
    )
    return fig


def course_map_description() -> str:
    modules = load()["modules"]
    parts = [f"{m['number']:02d} {m['title']} ({m['minutes']} minutes: {m['covers']})" for m in modules]
    return "Bars, one per module in order: " + "; ".join(parts) + "."


def show_course_map() -> None:
    theme.show(course_map(), course_map_description())


def fries_panel() -> w.HTML:
    """The FRIES consent checklist as a panel."""
    return w.HTML(fries_html())


def care_panel() -> w.VBox:
    """Where to get care, by urgency, then two opt-in folded sections: a helpline if you are
    struggling, and support after sex without consent or an assault."""
    from coursekit.topics.warning_signs import DistressPanel, SupportPanel  # module 05 owns the data and views

    panel = w.VBox([w.HTML(care_html()), DistressPanel(), SupportPanel()])
    panel.add_class("coursekit-care")
    return panel


def fries_html() -> str:
    items = "".join(f"<li><b>{html.escape(f['word'])}</b>: {html.escape(f['meaning'])}</li>" for f in load()["fries"])
    refs = sorted({r for f in load()["fries"] for r in f["refs"]})
    return f"<ul>{items}</ul><p><small>Source: {html.escape(cite(refs))}</small></p>"


def care_html() -> str:
    rows = "".join(
        f"<li><b>{html.escape(c['where'])}</b>: {html.escape(c['when'])}"
        + (f" <small>{html.escape(cite(c['refs']))}</small>" if c.get("refs") else "")
        + "</li>"
        for c in load()["care_routes"]
    )
    return f"<ul>{rows}</ul>"
