"""Module 03, the label's own warnings: words on the packet that say the product is not for use
inside the body, not for anal use, or not for some condoms (review 23 of module 03, B1 and C2).

The lesson teaches that these words matter ("external use only" on a numbing cream, flavoured lubes
for external use only), so the checker quotes them under their own flag, whatever the ingredients
are. Patterns live in the data (``label_reader.not_internal`` and ``not_latex``) and run on the
folded text (``label_order.warning_views``): with single spaces, and with line and cell ends kept.
"""

from __future__ import annotations

import functools
import re

from coursekit.course import strings
from coursekit.topics.lubrication.label_order import label_not_latex, warning_views
from coursekit.topics.lubrication.label_words import clean_text, fold
from coursekit.topics.lubrication.logic import load

__all__ = ["label_not_internal", "label_warnings"]


def label_not_internal(text: str) -> list[str]:
    """The label's words that it is for external use only, or not for anal or internal use.

    >>> label_not_internal("Aqua, Carbomer. For external use only. Do not insert into the rectum.")
    ['for external use only', 'do not insert into the rectum']
    >>> label_not_internal("Suitable for internal and external use.")
    []
    """
    views = warning_views(text)  # a line end also ends "Anal use: No"
    found = [m.group(0).strip() for folded in views for pattern in _not_internal() for m in pattern.finditer(folded)]
    return list(dict.fromkeys(found))


def label_warnings(text: str, unrecognised=()) -> tuple[list[str], list]:
    """Every warning of the label's own that the checker flags, each as the item the report shows, and
    the unrecognised items without those that only repeat a warning (it is flagged, not unchecked: C2).

    >>> items, left = label_warnings("Not for anal use. Do not use with latex condoms.", [("not for anal use", None)])
    >>> [w.split(" (")[0] for w in items], left
    (['“not for anal use”', '“do not use with latex”'], [])
    """
    inside, condoms = label_not_internal(text), label_not_latex(text)
    items = [strings.text("lubrication", "item_label_not_internal", item=said) for said in inside]
    items += [strings.text("lubrication", "item_label_not_latex", item=said) for said in condoms]
    return items, [entry for entry in unrecognised if not _repeats(entry[0], inside + condoms)]


def _repeats(item: str, warnings: list[str]) -> bool:
    """True when ``item`` is part of a warning, or a warning with at most two other words."""
    folded = re.sub(r"\s+", " ", fold(clean_text(item))).strip(" .,;:!")
    for said in warnings:
        if folded and folded in said:
            return True
        if said in folded and len(re.findall(r"[^\W\d_]+", folded.replace(said, " "))) <= 2:
            return True
    return False


@functools.cache
def _not_internal() -> tuple[re.Pattern, ...]:
    return tuple(re.compile(p) for p in load()["label_reader"]["not_internal"])
