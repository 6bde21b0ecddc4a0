"""Citations: short in-text citations from references.yaml (a lesson's numbered list: coursekit.editions.references)."""

from __future__ import annotations

import html

from .data import load_references
from .schema import ContentError


def cite(ref_ids: list[str] | tuple[str, ...]) -> str:
    """Format reference ids as a short citation: publisher and year of each.

    >>> cite([]) == ""
    True
    """
    refs = load_references()
    parts = []
    for rid in ref_ids:
        if rid not in refs:
            raise ContentError(f"unknown reference id {rid!r}")
        ref = refs[rid]
        part = f"{ref['publisher']}, {ref['year'] or 'n.d.'}"
        if part not in parts:  # several pages of one publisher read as one citation
            parts.append(part)
    return "(" + "; ".join(parts) + ")" if parts else ""


def cite_html(ref_ids: list[str] | tuple[str, ...]) -> str:
    """The short citation as HTML, each source an underlined link to its own page (title on hover; widget
    output has no link style of its own, so the underline marks it), so a learner can
    follow a widget's source from where it is shown. Nothing loads until a link is chosen; it opens in
    a new tab (review 9 of module 03, C8). Several pages of one publisher and year are one citation,
    with a link for each page by its title.

    >>> cite_html([]) == ""
    True
    """
    refs = load_references()
    groups: dict[str, list[dict]] = {}
    for rid in dict.fromkeys(ref_ids):
        if rid not in refs:
            raise ContentError(f"unknown reference id {rid!r}")
        ref = refs[rid]
        groups.setdefault(f"{ref['publisher']}, {ref['year'] or 'n.d.'}", []).append(ref)

    def link(ref: dict, words: str) -> str:
        return (
            f'<a href="{html.escape(ref["url"])}" title="{html.escape(ref["title"])}" target="_blank"'
            f' rel="noopener noreferrer" style="text-decoration: underline">{html.escape(words)}</a>'
        )

    parts = [
        link(pages[0], label)
        if len(pages) == 1
        else f"{html.escape(label)}: " + ", ".join(link(p, p["title"]) for p in pages)
        for label, pages in groups.items()
    ]
    return "(" + "; ".join(parts) + ")" if parts else ""
