"""Module 03, the label reader's headline: one honest sentence or two for the top of the report.

Safety invariant (tested): "No flags." appears only when every item was recognised, the whole
text was read, and nothing was left for the reader to check.
"""

from __future__ import annotations

from coursekit.topics.lubrication.logic import load


def headline(report) -> str:
    """One honest sentence or two for the top of the report.

    "No flags." appears only when every item was recognised and the whole text was read.

    >>> from coursekit.topics.lubrication.labels import read_label
    >>> headline(read_label("Water, Carbomer"))
    'No flags. Every item on the list was recognised, and none of them is one this check looks for.'
    >>> headline(read_label("Water, Carbomer, Zzzine")).startswith("Not fully checked")
    True
    """
    titles = {code: spec["title"].lower() for code, spec in load()["flags"].items()}
    unknown = len(report.unrecognised)
    tail = []
    if unknown:
        tail.append(f"{unknown} item(s) could not be checked (listed below): look them up before use.")
    tail += list(report.limits)
    if report.instructions:
        tail.append(
            f"{len(report.instructions)} line(s) were read as directions, warnings or product information and "
            "not checked as ingredients: paste the ingredient list on its own."
        )
    if report.flags:
        named = ", ".join(titles[f.code] for f in report.flags)
        first = f"Flags: {len(report.flags)} ({named})."
    elif report.unplaced:
        first = (
            f"Check this label: {', '.join(report.unplaced)} is listed, but its position is unknown "
            "(the list's order says nothing about amount): check how much it contains."
        )
    elif report.claimed:
        first = (
            f"Check this label: it names {', '.join(report.claimed)} in a claim such as 'free from'. "
            "Make sure it is really absent."
        )
    elif report.all_checked and report.cautions:
        return " ".join(["No flags. Every item on the list was recognised. Note:", *report.cautions])
    elif report.all_checked:
        return "No flags. Every item on the list was recognised, and none of them is one this check looks for."
    elif not report.recognised and not unknown:
        first = "Nothing was checked." if report.limits or report.instructions else "Nothing to check yet."
        if not report.instructions:
            tail.append("Paste the ingredient list from the label.")
    elif not report.recognised and unknown:
        first = "Not checked: this check recognised none of the items, so it cannot say anything about them."
    else:
        first = f"Not fully checked. No flags among the {len(report.recognised)} item(s) recognised, but:"
    return " ".join([first, *tail])
