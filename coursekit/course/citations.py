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
    """The short citation as HTML, each publisher and year a link to the source's own page (title on
    hover), so a learner can follow a widget's source from where it is shown. Nothing loads until the
    link is chosen; it opens in a new tab (review 9 of module 03, C8).

    >>> cite_html([]) == ""
    True
    """
    refs = load_references()
    parts: dict[str, str] = {}
    for rid in ref_ids:
        if rid not in refs:
            raise ContentError(f"unknown reference id {rid!r}")
        ref = refs[rid]
        label = f"{ref['publisher']}, {ref['year'] or 'n.d.'}"
        if label not in parts:  # several pages of one publisher read as one citation, linked to the first
            parts[label] = (
                f'<a href="{html.escape(ref["url"])}" title="{html.escape(ref["title"])}" target="_blank"'
                f' rel="noopener noreferrer">{html.escape(label)}</a>'
            )
    return "(" + "; ".join(parts.values()) + ")" if parts else ""
