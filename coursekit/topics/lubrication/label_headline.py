"""Module 03, the label reader's headline: one honest sentence or two for the top of the report.

Safety invariant (tested): "Nothing flagged:" appears only when every item was recognised, at least one
was read as an ingredient (not only claims or marketing words), the whole text was read, and nothing
was left for the reader to check.
"""

from __future__ import annotations

from coursekit.course import strings
from coursekit.topics.lubrication.logic import load


def headline(report) -> str:
    """One honest sentence or two for the top of the report.

    "Nothing flagged:" appears only when every item was recognised and the whole text was read.

    >>> from coursekit.topics.lubrication.labels import read_label
    >>> headline(read_label("Water, Carbomer")).split(". ")[0]
    'Nothing flagged: every item on the list was recognised, and none of them is one this check looks for'
    >>> headline(read_label("Water, Carbomer, Zzzine")).startswith("Not fully checked")
    True
    """
    titles = {code: spec["title"].lower() for code, spec in load()["flags"].items()}
    unknown = len(report.unrecognised)
    tail = []
    if unknown:
        tail.append(strings.text("lubrication", "head_unrecognised", count=unknown))
    tail += list(report.limits)
    if report.instructions:
        tail.append(strings.text("lubrication", "head_instructions", count=len(report.instructions)))
        tail += [] if report.ingredients else [strings.text("lubrication", "head_instructions_hint")]  # 24, D1
    if report.flags:
        named = ", ".join(titles[f.code] for f in report.flags)
        first = strings.text("lubrication", "head_flags", count=len(report.flags), names=named)
    elif report.unplaced:
        first = strings.text("lubrication", "head_unplaced", items=", ".join(report.unplaced))
    elif report.claimed:
        first = strings.text("lubrication", "head_claimed", items=", ".join(report.claimed))
    elif report.all_checked and report.cautions:
        return " ".join([strings.text("lubrication", "head_clear_with_notes"), *report.cautions])
    elif report.all_checked:
        return strings.text("lubrication", "head_clear")
    elif report.recognised and not report.ingredients and not unknown:  # "Paraben-free, vegan" only
        first = strings.text("lubrication", "head_nothing_checked")
        tail += [strings.text("lubrication", "head_only_claims"), strings.text("lubrication", "head_paste")]
    elif not report.recognised and not unknown:
        nothing = strings.text("lubrication", "head_nothing_checked")
        first = nothing if report.limits or report.instructions else strings.text("lubrication", "head_nothing_yet")
        if not report.instructions:
            tail.append(strings.text("lubrication", "head_paste"))
    elif not report.recognised and unknown:
        first = strings.text("lubrication", "head_none_recognised")
    else:
        first = strings.text("lubrication", "head_partial", count=len(report.recognised))
    return " ".join([first, *tail])
