"""Module 03, the label reader's claims: what a "free from" or "X-free" claim negates, and what it does not.

Safety invariant (tested): a claim negates only its own object. "Paraben-free numbing gel" still
names a numbing gel, and a generic numbing word that no claim negates is always flagged.
"""

from __future__ import annotations

import re

from coursekit.topics.lubrication.label_claim_split import _claim_split
from coursekit.topics.lubrication.label_words import (
    _FLAG_OF_KIND,
    _classify_plain,
    _exact,
    _family_hits,
    _family_hits_in,
    _generic,
    _key,
    _reader,
    _strip_family,
    fold,
)
from coursekit.topics.lubrication.logic import normalise

# Later in a "free from" list, "numbing gel" names a product, not a negated ingredient.
_PRODUCT = re.compile(r"(?<!\w)(?:gel|gels|lube|lubes|lubricant|lubricants|cream|spray|formula|lotion)(?!\w)")
# A class word alone in a "free from" list is negated like "numbing agents", not read as a named drug.
# "Free from parabens, spermicidal" says what the product is: only these noun forms are a class (B6).
_CLASS_WORD = re.compile(r"^(?:spermicides?|spermicid\w*\s+(?:agents?|ingredients?|products?))$")


def analyse(item: str, context: str = "") -> tuple[set[str], set[str], str | None]:
    """(kinds the item affirms, kinds named only as the object of a claim, what recognised it).

    ``context`` is "claim" for an item that continues a "free from" list and "warnings" in
    warnings or directions ("warnings if" after a condition such as "stop use if"). Generic words
    (numbing, flavour, oil-based) are ignored only where they are what a claim negates or what a
    condition names; a generic numbing word anywhere else always counts (B2: "Caution: numbing")."""
    reader = _reader()
    key = _key(item)
    split = _claim_split(reader, key)
    if split is None and not context:
        kinds, found = _classify_plain(reader, key, item.casefold())
        generic = _generic(reader, key, item.casefold())
        if "numbing" in generic and not _states(reader, "numbing", key, item.casefold()):  # "Stop if numb"
            generic.discard("numbing")
        return kinds | generic, set(), found or next(iter(sorted(generic)), None)
    negated, rest = split if split is not None else (key, "")
    mode = "start" if split is not None else ("whole" if context == "claim" else "any")
    named, generic, found, leftover = _negated(reader, negated, mode)
    kinds = set(generic)
    for family in ("numbing", "flavour", "warming") if context == "warnings" and split is None else ():
        if _states(reader, family, key, item.casefold()):  # "Caution: numbing" (B2), "may cause warming" (23, B4)
            kinds.add(family)
    rest = normalise(reader["fillers"].sub(" ", rest)).strip(" -")
    if rest:
        rest_kinds, rest_named, rest_found = analyse(rest)
        kinds |= rest_kinds
        named |= rest_named
        leftover = leftover or rest_found is None
        found = found or rest_found
    if split is None:  # in warnings, or later in a "free from" list, a named drug still flags
        moved = named if context.startswith("warnings") else named & {"numbing", "spermicide"}
        if context == "claim" and _CLASS_WORD.match(key):  # "Free from: oils, spermicides": a class, negated
            moved = set()
        kinds, named = kinds | moved, named - moved
    return kinds, named, None if leftover else (found or "claim")


def _states(reader: dict, family: str, key: str, accented: str) -> bool:
    """True when a generic word of ``family`` is stated, not conditional or negated: "Caution: numbing" and
    "apply before sex to delay climax" say the product numbs; "stop use if numbness occurs" and
    "consult a doctor without delay" do not (B2). "May cause a warming sensation" warms (review 23, B4)."""
    plain, marked = reader["generic"][family]
    for pattern, where in ((plain, key), (marked, accented)):
        found = pattern.search(where) if pattern is not None else None
        if found and not reader["conditional"].search(fold(where[: found.start()])):
            return not re.match(r"[\s-]*(?:free|neutral|less)(?!\w)", where[found.end() :])  # "taste neutral"
    return False


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
            stripped = normalise(_strip_family(reader["generic"][family], part))
            if stripped != part and mode != "any" and _PRODUCT.search(raw):  # "free from parabens warming gel"
                generic.add(family)
                found = found or family
            part = stripped
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
    pairs = [(items[index - 1], items[index])] if index else []
    pairs += [(items[index], items[index + 1])] if index + 1 < len(items) else []

    def alone(family: str, part: str) -> bool:  # "Natriumhydroxid" + "Lidocain...": the name was whole
        return bool(_family_hits(reader, family, _key(part), _key(part)))

    return [
        (_FLAG_OF_KIND[family], first + second)
        for first, second in pairs
        for family in ("numbing", "spermicide")
        if _family_hits(reader, family, _key(first + second), _key(first + second))
        and not (alone(family, first) or alone(family, second))  # review 9 of module 03, C1
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


def states_presence(item: str, heads: bool | None = None) -> bool:
    """True when a later item of a "free from" list says what the product is, not a class it is free
    from: "oil-based", "with oils", "numbing", "spermicidal", "strawberry flavoured" (A1, A2, B1, B6).

    Such an item ends the claim and is read as an ordinary item. A class ("oils", "numbing agents",
    "artificial flavours"), a named ingredient ("mineral oil") or an item with its own claim
    ("oil-free") is not. ``heads``: whether a class head noun ("agents") follows, when already known.

    >>> [states_presence(i) for i in ("oil-based", "numbing", "spermicidal", "warming", "a base de aceite")]
    [True, True, True, True, True]
    >>> [states_presence(i) for i in ("oils", "numbing agents", "mineral oil", "oil-free", "artificial flavours")]
    [False, False, False, False, False]
    """
    reader = _reader()
    if _is_claim(item):
        return False
    if heads is None:
        heads = bool(reader["list_heads"].search(_key(item)))  # "warming or cooling agents": one class
    for part in reader["claim_parts"].split(fold(item)):
        part = normalise(part).strip(" -:")
        key = _key(part)
        if not key or (_exact(reader, key) and not _generic(reader, key, part)):
            continue  # a named ingredient: negated as before ("Free from parabens, mineral oil")
        if not (any(_kind_word(reader, word) for word in re.split(r"[^\w-]+", key)) or _generic(reader, key, part)):
            continue
        if reader["stop_start"].match(part) or reader["claim_stop"].search(f" {part} "):
            return True  # "with oils", "con aceite"
        if heads:
            continue  # "numbing agents", "oil-based ingredients"
        if _family_hits_in(reader["list_based"], part, part):
            return True  # "oil-based", "a base de aceite"
        *before, last = normalise(reader["fillers"].sub(" ", key)).split() or [""]
        if reader["list_nouns"].match(last) and not any(_kind_word(reader, word) for word in before):
            continue  # "oils", "essential oils", "artificial flavours", "local anaesthetics", "spermicides"
        return True
    return False


def _kind_word(reader: dict, word: str) -> bool:
    """True for one word that names oil, numbing, spermicide, flavour or warming without naming a substance."""
    return bool(
        (word and reader["generic_oil"].match(word))
        or _family_hits(reader, "spermicide", word, word)
        or _generic(reader, word, word)
    )


def _is_claim(item: str) -> bool:
    reader = _reader()
    key = _key(item)
    return bool(
        reader["claim_start"].match(key) or reader["claim_hyphen"].match(key) or reader["claim_free"].search(key)
    )


def _ends_claim(text: str, item: str) -> bool:
    """Whether ``item`` ends its claim in the label ("…, fragrance and flavour. Aqua"), not a list item."""
    name = re.escape(item.casefold())
    # a semicolon ends it only before a list with commas ("...; Aqua, Carbomer"), not in a list of
    # semicolons ("Free from parabens; Aroma; Aqua": review 7 of module 03, B1)
    return bool(re.search(rf"\band\s+{name}(?!\w)|(?<!\w){name}\s*(?:[.:]|;(?=[^.;\n]*,))", text.casefold()))


def _stated_in_brackets(reader: dict, said: str) -> set[str]:
    """Kinds a bracket after a claim says the product has: "(with glycerin)", "(contains menthol)",
    "(lidocaine 2%)", "(warming)" (reviews 5 and 6 of module 03); "(parabens)" names nothing flagged."""
    key = re.sub(r"^(?:but\s+)?(?:contains?|enthalt|contient|contiene|contem)\s+", "with ", _key(said))
    key = re.sub(r"[\s-]+based(?:\s+\w+)?$", "", key)  # "(glycerin-based formula)" names glycerin
    stop = reader["stop_start"].match(key)
    if stop:
        return analyse(key[stop.end() :])[0]
    # Anything else in a bracket after a claim is read as what the product has ("(warming)",
    # "(glycerin-based)", "(spermicidal)", "(lidocaine)"; review 6 of module 03, A1-A3).
    return analyse(key)[0]


def stated_in_item(item: str) -> set[str]:
    """Kinds a later item of a claim list says the product has: "sweetened with sucralose",
    "menthol-infused", "strawberry flavour" (review 4 of module 03, A3); a class ("artificial
    flavour") names nothing flagged, so it says nothing."""
    key = _key(item)
    said = re.search(
        r"(?:^|\s)(?:with|mit|con|avec|com|met|including|includes|featuring|(?:a|à) la|rich in|enrichie?s? (?:en|avec)"
        r"|enriquecid[oa]s? con)\s+(.+)$",
        key,
    )
    if said:
        return analyse(said.group(1))[0]
    # "lidocaine for comfort": a purpose says the product has it (review 9 of module 03, B5)
    said = re.match(r"(.+?)[\s-]+(?:infused|enhanced|spiced|flavou?r(?:ed)?|scented|for (?:extra )?comfort)$", key)
    return analyse(said.group(1))[0] if said else set()
