"""Citations: short in-text citations from references.yaml (a lesson's numbered list: coursekit.editions.references)."""

from __future__ import annotations

import html

from .data import load_references
from .schema import ContentError


def _by_label(ref_ids: list[str] | tuple[str, ...]) -> dict[str, list[dict]]:
    """The sources of ``ref_ids`` grouped by "publisher, year": several pages of one publisher are one citation."""
    refs = load_references()
    groups: dict[str, list[dict]] = {}
    for rid in dict.fromkeys(ref_ids):
        if rid not in refs:
            raise ContentError(f"unknown reference id {rid!r}")
        groups.setdefault(f"{refs[rid]['publisher']}, {refs[rid]['year'] or 'n.d.'}", []).append(refs[rid])
    return groups


def cite(ref_ids: list[str] | tuple[str, ...]) -> str:
    """Format reference ids as a short citation: publisher and year of each.

    >>> cite([]) == ""
    True
    """
    labels = list(_by_label(ref_ids))
    return "(" + "; ".join(labels) + ")" if labels else ""


def cite_html(ref_ids: list[str] | tuple[str, ...]) -> str:
    """The short citation as HTML, each source an underlined link to its own page (title on hover; widget
    output has no link style of its own, so the underline marks it), so a learner can follow a widget's
    source from where it is shown. Nothing loads until a link is chosen; it opens in a new tab (review 9
    of module 03, C8). Several pages of one publisher and year are one citation, with a link for each page.

    >>> cite_html([]) == ""
    True
    """

    def link(ref: dict, words: str) -> str:
        return (
            f'<a href="{html.escape(ref["url"])}" title="{html.escape(ref["title"])}" target="_blank"'
            f' rel="noopener noreferrer" style="text-decoration: underline">{html.escape(words)}</a>'
        )

    parts = [
        link(pages[0], label)
        if len(pages) == 1
        else f"{html.escape(label)}: " + ", ".join(link(p, p["title"]) for p in pages)
        for label, pages in _by_label(ref_ids).items()
    ]
    return "(" + "; ".join(parts) + ")" if parts else ""
