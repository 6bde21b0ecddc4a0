"""Citations: short in-text citations and a lesson's reference list, from references.yaml."""

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


def reference_line(rid: str) -> str:
    """One reference as a line of text: title, publisher, year and address."""
    ref = load_references()[rid]
    return f"{ref['title']}. {ref['publisher']}, {ref['year'] or 'n.d.'}. {ref['url']}"


def reference_list(ref_ids: list[str] | tuple[str, ...]):
    """The references section of a lesson: a numbered list widget, in the order given."""
    import ipywidgets as w

    refs = load_references()
    missing = [r for r in ref_ids if r not in refs]
    if missing:
        raise ContentError(f"unknown reference id(s): {', '.join(missing)}")
    items = "".join(f'<li id="ref-{r}"><code>{r}</code>: {html.escape(reference_line(r))}</li>' for r in ref_ids)
    return w.HTML(f"<ol>{items}</ol>")
