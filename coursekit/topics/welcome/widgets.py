"""Module 00 views: the glossary widget, the course map, the consent and care panels."""

from __future__ import annotations

import html

import ipywidgets as w

from coursekit.course import theme
from coursekit.course.citations import cite_html
from coursekit.course.data import load_glossary
from coursekit.course.strings import text
from coursekit.topics.welcome.logic import Lookup, load, lookup


def lookup_html(result: Lookup) -> str:
    """The widget's answer in words."""
    if result.entry is None:
        return f"<p>{html.escape(result.message)}</p>"
    e = result.entry
    lead = f"<p><i>{html.escape(result.message)}</i></p>" if result.message else ""
    source = f"<p><small>{_source(e['refs'])}</small></p>" if e.get("refs") else ""
    module = ""
    if e.get("module"):
        module = f" <small>{text('welcome', 'term_module', module=html.escape(e['module']))}</small>"
    term, definition = html.escape(e["term"]), html.escape(e["definition"])
    answer = text("welcome", "term_definition", term=term, module=module, definition=definition)
    return f"{lead}<p>{answer}</p>{source}"


def _source(refs: list[str]) -> str:
    """'Source: ...' with the references cited, as HTML."""
    return text("course", "source", citation=cite_html(refs))


class GlossaryLookup(w.VBox):
    """Type a term and read its plain-language definition."""

    def __init__(self, query: str = ""):
        self.query = w.Text(
            value=query,
            placeholder=text("welcome", "lookup_placeholder"),
            description=text("welcome", "lookup_label"),
            tooltip=text("welcome", "lookup_tooltip"),
            continuous_update=False,
            style={"description_width": "initial"},
        )
        self.button = w.Button(
            description=text("welcome", "lookup_button"),
            icon="search",
            tooltip=text("welcome", "lookup_button_tooltip"),
        )
        self.answer = w.HTML()
        terms = ", ".join(html.escape(e["term"]) for e in sorted(load_glossary(), key=lambda e: e["term"].lower()))
        self.terms = w.HTML(f"<small>{text('welcome', 'glossary_terms', terms=terms)}</small>")
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
        title=text("welcome", "course_map_title"),
        height=380,
        xaxis={"title": {"text": text("welcome", "course_map_axis")}},
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
        hovertemplate=text("welcome", "course_map_hover"),
    )
    return fig


def course_map_description() -> str:
    modules = load()["modules"]
    parts = [
        text(
            "welcome",
            "course_map_bar",
            number=f"{m['number']:02d}",
            title=m["title"],
            minutes=m["minutes"],
            covers=m["covers"],
        )
        for m in modules
    ]
    return text("welcome", "course_map_description", bars="; ".join(parts))


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
    items = "".join(
        f"<li>{text('welcome', 'fries_item', word=html.escape(f['word']), meaning=html.escape(f['meaning']))}</li>"
        for f in load()["fries"]
    )
    refs = sorted({r for f in load()["fries"] for r in f["refs"]})
    return f"<ul>{items}</ul><p><small>{_source(refs)}</small></p>"


def care_html() -> str:
    rows = "".join(
        f"<li>{text('welcome', 'care_route', where=html.escape(c['where']), when=html.escape(c['when']))}"
        + (f" <small>{cite_html(c['refs'])}</small>" if c.get("refs") else "")
        + "</li>"
        for c in load()["care_routes"]
    )
    return f"<ul>{rows}</ul>"
