"""Module 00, welcome: the course map, consent (FRIES), where to get care, and the glossary look-up."""

from __future__ import annotations

import difflib
import functools
import html
import re
import unicodedata
from dataclasses import dataclass, field

import ipywidgets as w

from . import theme
from .content import Ref, cite, load_glossary, load_topic

SPEC = {
    "modules": [{"id": str, "number": int, "title": str, "minutes": int, "covers": str, "widgets": [str]}],
    "fries": [{"id": str, "word": str, "meaning": str, "refs": [Ref]}],
    "care_routes": [{"id": str, "where": str, "when": str, "?refs": [Ref]}],
    "care_words": [{"id": str, "words": [str], "message": str}],
}

MAX_QUERY = 200  # characters; longer input is cut, not refused


@functools.cache
def load() -> dict:
    return load_topic("welcome", SPEC)


@dataclass(frozen=True)
class Lookup:
    """A glossary answer: ``entry`` is the matched term or None; ``suggestions`` are near misses."""

    query: str
    entry: dict | None
    suggestions: tuple[str, ...] = field(default=())
    message: str = ""
    care: str = ""  # id of the care route the look-up points to, when the word is about getting help


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


@functools.cache
def _index() -> dict[str, dict]:
    index = {}
    for entry in load_glossary():
        for name in (entry["term"], *entry.get("aliases", ())):
            index[_fold(name)] = entry
    return index


def lookup(query: object) -> Lookup:
    """Find a glossary term by name or alias, forgiving case, accents, plurals and typos.

    >>> lookup("  Sphincters ").entry["id"]
    'sphincter'
    >>> lookup("").message
    'Type a word to look it up.'
    """
    text = "" if query is None else str(query)[:MAX_QUERY]
    key = _fold(text)
    if not key:
        return Lookup(text, None, (), "Type a word to look it up.")
    index = _index()
    for candidate in (key, key.rstrip("s"), key[:-2] if key.endswith("es") else key):
        if candidate in index:
            return Lookup(text, index[candidate])
    route = care_route_for(key)
    if route is not None:
        message = f"“{text.strip()}” is not a glossary term, but help is close. {route['message']}"
        return Lookup(text, None, (), message, route["id"])
    near = difflib.get_close_matches(key, list(index), n=3, cutoff=0.72)
    suggestions = tuple(dict.fromkeys(index[n]["term"] for n in near))
    if len(suggestions) == 1 and difflib.SequenceMatcher(None, key, near[0]).ratio() >= 0.85:
        return Lookup(text, index[near[0]], (), f"Showing the closest term to “{text.strip()}”.")
    message = (
        f"“{text.strip()}” is not in the course glossary."
        + (" Did you mean: " + ", ".join(suggestions) + "?" if suggestions else "")
        + " Try a shorter word, or browse the list of terms. For a question about your own body,"
        " a sexual-health clinic can help in confidence."
    )
    return Lookup(text, None, suggestions, message)


def care_route_for(key: str) -> dict | None:
    """The care route for a folded query that names a need for help (a word or phrase in it), or None.

    >>> care_route_for("i was raped")["id"], care_route_for("sphincter")
    ('support', None)
    """
    padded = f" {key} "
    for route in load()["care_words"]:
        if any(f" {_fold(word)} " in padded for word in route["words"]):
            return route
    return None


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
    from .warning_signs import DistressPanel, SupportPanel  # module 05 owns the data and views

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
