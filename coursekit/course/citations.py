"""Citations: short in-text citations from references.yaml (a lesson's numbered list: coursekit.editions.references)."""

from __future__ import annotations

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
