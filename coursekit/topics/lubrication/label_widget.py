"""Module 03 view: the ingredient-label checker, a thin view over ``labels.read_label`` and ``headline``."""

from __future__ import annotations

import functools
import html
import re
import string

import ipywidgets as w

from coursekit.course import strings
from coursekit.course.citations import cite_html
from coursekit.course.data import language
from coursekit.topics.lubrication.labels import LabelReport, headline, read_label
from coursekit.topics.lubrication.logic import load


def report_html(report: LabelReport) -> str:
    """The report in words: an honest headline, each flag once with its items, reason and source,
    then every item that could not be checked, then what was recognised, and always the reminder to
    read the label too (the checker is a reading aid, not a safety test)."""
    titles = {k: v["title"] for k, v in load()["flags"].items()}
    esc = html.escape
    head = headline(report)
    parts = [f"<p><b>{html.escape(head)}</b></p>"]
    if report.flags:
        rows = "".join(
            "<li>"
            + strings.text(
                "lubrication",
                "flag_line",
                title=esc(titles[f.code]),
                items=esc(_short(f.ingredients)),
                message=esc(f.message),
            )
            + f" <small>{strings.text('lubrication', 'source', refs=cite_html(list(f.refs)))}</small></li>"
            for f in report.flags
        )
        parts.append(f"<ul>{rows}</ul>")
    if report.unrecognised:
        shown = [
            strings.text("lubrication", "unrecognised_close", item=esc(_clip(item)), close=esc(close))
            if close
            else esc(_clip(item))  # the pasted text is cut, never the course's note (review 24, C1)
            for item, close in report.unrecognised[:30]
        ]
        more = len(report.unrecognised) - len(shown)
        listed = (
            strings.text("lubrication", "unrecognised_more", items=", ".join(shown), more=more)
            if more > 0
            else ", ".join(shown)
        )
        parts.append(
            f"<p>{strings.text('lubrication', 'unrecognised_para', count=len(report.unrecognised), items=listed)}</p>"
        )
    if report.recognised:
        names = ", ".join(html.escape(item[:60]) for item, _ in report.recognised)
        parts.append(f"<p>{strings.text('lubrication', 'recognised', names=names)}</p>")
    if report.instructions:
        lines = esc(_short(tuple(report.instructions), 30))  # every line, not the first five (24, D1; 35, B2)
        parts.append(
            f"<p>{strings.text('lubrication', 'instructions_para', count=len(report.instructions), items=lines)}</p>"
        )
    shown = set(report.limits) | {c for c in report.cautions if c in head}  # already in the headline
    *notes, disclaimer = report.notes
    parts += [
        f"<p><small>{html.escape(n)}</small></p>"
        for n in notes
        if n not in shown and not _filled_in("note_unrecognised", n) and not _filled_in("note_instructions", n)
    ]
    first, _, rest = disclaimer.partition(". ")  # the first sentence in bold: it is a reading aid
    parts.append(f"<p class='coursekit-read-yourself'><b>{esc(first)}.</b> {esc(rest)}</p>")
    return "".join(parts)


def _short(items: tuple[str, ...], limit: int = 5) -> str:
    text = ", ".join(_clip(i) for i in items[:limit])
    return (
        strings.text("lubrication", "flag_items_more", items=text, more=len(items) - limit)
        if len(items) > limit
        else text
    )


def _clip(item: str, width: int = 60) -> str:
    """An item with each part copied from the label cut to ``width`` characters at a word; the course's
    own words around them stay whole (review 9 of module 03, D5).

    >>> _clip("benzyl alcohol 10% (at this strength the course treats it as numbing)") == (
    ...     strings.text("lubrication", "item_strong_benzyl_alcohol", item="10%"))
    True
    >>> _clip("aqua " * 30)
    'aqua aqua aqua aqua aqua aqua aqua aqua aqua aqua aqua aqua…'
    """
    for value, template in _item_templates(language()):
        found = template.fullmatch(item)
        if found:
            return _refill(value, [_clip(group, width) for group in found.groups()])
    if len(item) <= width:
        return item
    return (item[: width + 1].rsplit(" ", 1)[0] or item[:width]).rstrip(" ,;") + "\u2026"


@functools.cache
def _item_templates(code: str) -> list[tuple[str, re.Pattern]]:
    """The item texts with placeholders ("{item} (found in the label text)") in language ``code``, each with
    the pattern that matches it filled in: built once, not for every item shown."""
    values = [strings.text("lubrication", key) for key in strings.table()["lubrication"] if key.startswith("item_")]
    return [(value, _template(value)) for value in values if "{" in value]


def _template(value: str) -> re.Pattern:
    parts = string.Formatter().parse(value)
    return re.compile(
        "".join(re.escape(literal) + ("(.*?)" if field is not None else "") for literal, field, _, _ in parts),
        flags=re.DOTALL,
    )


def _refill(value: str, groups: list[str]) -> str:
    out = iter(groups)
    return "".join(
        literal + (next(out) if field is not None else "") for literal, field, _, _ in string.Formatter().parse(value)
    )


def _filled_in(key: str, value: str) -> bool:
    """True when ``value`` is the text ``key`` (in the learner's language) with its placeholders filled in.

    >>> _filled_in("item_in_text", "lidocaine (found in the label text)")
    True
    """
    return _template(strings.text("lubrication", key)).fullmatch(value) is not None


class LabelChecker(w.VBox):
    """Paste an ingredient list, press Check, and read the flags."""

    def __init__(self, text: str = ""):
        self.text = w.Textarea(
            value=text,
            placeholder=strings.text("lubrication", "label_placeholder"),
            description=strings.text("lubrication", "label_label"),
            tooltip=strings.text("lubrication", "label_tooltip"),
            layout={"width": "95%", "height": "7em"},
        )
        self.check = w.Button(
            description=strings.text("lubrication", "check_button"),
            tooltip=strings.text("lubrication", "check_button_tooltip"),
            icon="search",
        )
        self.result = w.HTML()
        self.check.on_click(self._on_check)
        super().__init__([self.text, self.check, self.result])
        self.add_class("coursekit-label-checker")

    def _on_check(self, _button=None) -> None:
        self.result.value = report_html(read_label(self.text.value))
