"""Module 03, the label reader's claims: what a "free from" or "X-free" claim negates, and what it does not.

Safety invariant (tested): a claim negates only its own object. "Paraben-free numbing gel" still
names a numbing gel, and a generic numbing word that no claim negates is always flagged.
"""

from __future__ import annotations

import re

from coursekit.topics.lubrication.label_words import (
    _FLAG_OF_KIND,
    _classify_plain,
    _exact,
    _family_hits,
    _generic,
    _key,
    _reader,
    _strip_family,
)
from coursekit.topics.lubrication.logic import normalise

# Later in a "free from" list, "numbing gel" names a product, not a negated ingredient.
_PRODUCT = re.compile(r"(?<!\w)(?:gel|gels|lube|lubes|lubricant|lubricants|cream|spray|formula|lotion)(?!\w)")
# A class word alone in a "free from" list is negated like "numbing agents", not read as a named drug.
_CLASS_WORD = re.compile(r"^spermicid\w*(?:\s+(?:agents?|ingredients?|products?))?$")


def _claim_split(reader: dict, key: str) -> tuple[str, str] | None:
    """(negated text, the rest) for a claim item, or None when the item is not a claim.

    "free from X, Y" and "no X" negate all that follows; "X-free Y" negates only X, and Y is an
    ordinary item ("Paraben-free numbing gel" still names a numbing gel)."""
    opener = reader["claim_start"].match(key)
    if opener:  # "Unscented gel with lidocaine": the claim stops at "with"
        negated = key[opener.end() :]
        stop = reader["claim_stop"].search(negated)
        return (negated[: stop.start()], negated[stop.end() :]) if stop else (negated, "")
    hyphen = reader["claim_hyphen"].match(key)
    if hyphen:  # "Non-greasy benzocaine gel" negates "greasy" only; benzocaine is an ordinary item
        return hyphen.group(1), key[hyphen.end() :]
    end = reader["claim_end"].match(key)
    if end:
        return end.group(1), ""
    free = reader["claim_free"].search(key)
    if free:
        return free.group(1) or free.group(2), f"{key[: free.start()]} {key[free.end() :]}"
    return None


def analyse(item: str, context: str = "") -> tuple[set[str], set[str], str | None]:
    """(kinds the item affirms, kinds named only as the object of a claim, what recognised it).

    ``context`` is "claim" for an item that continues a "free from" list and "warnings" in
    warnings or directions. Generic words (numbing, flavour, oil-based) are ignored only where
    they are what a claim negates; a generic numbing word anywhere else always counts."""
    reader = _reader()
    key = _key(item)
    split = _claim_split(reader, key)
    if split is None and not context:
        kinds, found = _classify_plain(reader, key, item.casefold())
        generic = _generic(reader, key, item.casefold())
        return kinds | generic, set(), found or next(iter(sorted(generic)), None)
    negated, rest = split if split is not None else (key, "")
    mode = "start" if split is not None else ("whole" if context == "claim" else "any")
    named, generic, found, leftover = _negated(reader, negated, mode)
    kinds = set(generic)
    rest = normalise(reader["fillers"].sub(" ", rest)).strip(" -")
    if rest:
        rest_kinds, rest_named, rest_found = analyse(rest)
        kinds |= rest_kinds
        named |= rest_named
        leftover = leftover or rest_found is None
        found = found or rest_found
    if split is None:  # in warnings, or later in a "free from" list, a named drug still flags
        moved = named if context == "warnings" else named & {"numbing", "spermicide"}
        if context == "claim" and _CLASS_WORD.match(key):  # "Free from: oils, spermicides": a class, negated
            moved = set()
        kinds, named = kinds | moved, named - moved
    return kinds, named, None if leftover else (found or "claim")


def _negated(reader: dict, text: str, mode: str) -> tuple[set[str], set[str], str | None, bool]:
    """Read the negated text of a claim: (named kinds, generic kinds still affirmed, found, leftover).

    mode "start": a generic numbing word is negated only as the first word of a part ("no
    numbing", not "no parabens numbing gel"); "whole": only when nothing else is left; "any": always."""
    named: set[str] = set()
    generic: set[str] = set()
    found, leftover = None, False
    numbing = reader["generic"]["numbing"]
    for raw in reader["claim_parts"].split(text):
        part = normalise(reader["fillers"].sub(" ", raw)).strip(" -:")
        for family in ("flavour", "warming"):
            part = normalise(_strip_family(reader["generic"][family], part))
        alone = not normalise(_strip_family(numbing, part)).strip(" -") and not _PRODUCT.search(raw)
        if mode == "any" or (mode == "whole" and alone):  # "free from: oils, numbing agents"
            part = normalise(_strip_family(numbing, part))
        while mode == "start" and part and any(p is not None and p.match(part) for p in numbing):
            first = next(p.match(part) for p in numbing if p is not None and p.match(part))
            part = normalise(part[first.end() :]).strip(" -")
        part = part.strip(" -")
        if not part or reader["generic_oil"].match(part):
            continue
        if not normalise(_strip_family(numbing, part)).strip(" -"):  # a numbing word that is not negated
            generic.add("numbing")
            found = found or "numbing"
            continue
        head, tail = _first_name(reader, part)
        if tail:  # "free from parabens lidocaine": the claim ends at its first known name
            tail_kinds, _ = _classify_plain(reader, tail, tail)
            generic |= tail_kinds | (_generic(reader, tail, tail) & {"numbing"})
            found, leftover = found or "claim", True
            part = head
        part_kinds, part_found = _classify_plain(reader, part, part)
        generic |= _generic(reader, part, part) & {"numbing"}
        named |= part_kinds
        found = found or part_found
        leftover = leftover or part_found is None
    return named, generic, found, leftover


def _first_name(reader: dict, part: str) -> tuple[str, str]:
    """(first known name, the words after it) when a claim part runs on without a separator."""
    words = part.split()
    for n in range(1, len(words)):
        if _exact(reader, " ".join(words[:n])) and not _exact(reader, part):
            rest = " ".join(words[n:])
            kinds, found = _classify_plain(reader, rest, rest)
            if found and found not in ("label_words",) and kinds - {"other", "base"}:
                return " ".join(words[:n]), rest
    return part, ""


def classify(item: str, context: str = "") -> tuple[set[str], str | None]:
    """The kinds found in one label item, and the id or family that recognised it (None if nothing did).

    Named substances count even inside a claim; ``analyse`` tells them apart.

    >>> sorted(classify("Mentha Piperita (Peppermint) Oil")[0])
    ['oil', 'warming']
    >>> classify("No numbing agents", "claim")
    (set(), 'claim')
    >>> "numbing" in classify("Paraben-free desensitizing gel")[0]
    True
    """
    kinds, named, found = analyse(item, context)
    return kinds | named, found


def broken_words(items: list[str], index: int) -> list[tuple[str, str]]:
    """(flag code, joined text) when an item joined to its neighbour names a numbing agent or a
    spermicide: "Lido" and "caine" on two lines without a hyphen."""
    reader = _reader()
    joins = [items[index - 1] + items[index]] if index else []
    joins += [items[index] + items[index + 1]] if index + 1 < len(items) else []
    return [
        (_FLAG_OF_KIND[family], joined)
        for joined in joins
        for family in ("numbing", "spermicide")
        if _family_hits(reader, family, _key(joined), _key(joined))
    ]


def _bracket_kinds(item: str, found: str | None) -> set[str]:
    """Kinds named inside brackets, or outside them, by a different ingredient than ``found``.

    "Aqua (Water)" stays water; "Aqua (Sorbitol)" also names sorbitol, a humectant."""
    key = _key(item)
    parts = re.findall(r"\(([^()]*)\)", key) + [re.sub(r"\([^()]*\)", " ", key)]
    out: set[str] = set()
    for part in parts:
        part = normalise(re.sub(r"^(?:in|with|and|contains|as|from|incl|including)\s+", "", normalise(part)))
        if not part:
            continue
        kinds, which = classify(part)
        if which and which != found:
            out |= kinds & (set(_FLAG_OF_KIND) | {"humectant"})
    return out


def _is_claim(item: str) -> bool:
    reader = _reader()
    key = _key(item)
    return bool(
        reader["claim_start"].match(key) or reader["claim_hyphen"].match(key) or reader["claim_free"].search(key)
    )
