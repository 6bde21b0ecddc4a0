"""Module 03 rules: what around a claim shows an ingredient is in the product after all.

A claim ("free from parabens") may run into the ingredient list: a plain ingredient in a slash list after
it, water inside it, a drug with a dose or a list under way after it, a flavour word after a named
ingredient. And text the reader could not read (unread brackets) must stop a "Nothing flagged" answer. Each rule
here came from a fresh review of module 03 (rounds 11 to 15).
"""

from __future__ import annotations

import re

from coursekit.course import strings
from coursekit.topics.lubrication.label_claim_split import denied_near
from coursekit.topics.lubrication.label_claims import _is_claim, classify
from coursekit.topics.lubrication.label_net import dosed, net_scan
from coursekit.topics.lubrication.label_order import claim_object
from coursekit.topics.lubrication.label_words import _FLAG_OF_KIND, _exact, _generic, _key, _reader, oil_names_in
from coursekit.topics.lubrication.logic import load

__all__ = [
    "flag_denied",
    "later_flavour",
    "listed_as_present",
    "names_water",
    "open_list_after_water",
    "plain_ingredient",
    "unread_brackets",
]

_UNREAD_WORDS = {"others", "other", "blend", "proprietary", "percent", "see", "list", "pack", "box", "etc"}
# Words a bracket may hold beside a name without saying anything the check must read: grade, origin and
# role ("Glycerin (vegetable, USP)", "Sodium Hydroxide (pH adjuster)"). Any other unknown word is unread.
_NOTE_WORDS = set(
    "organic natural vegetable plant derived origin source sourced sustainable sustainably usp ep nf bp jp ph "
    "eur pharma pharmaceutical grade food purified pure deionised deionized demineralised demineralized "
    "distilled certified cosmetic vegan from and or of anhydrous aqueous solution powder adjuster adjusting "
    "preservative preservatives thickener humectant emollient solvent buffer regulator antioxidant stabiliser "
    "stabilizer emulsifier neutraliser neutralizer chelating agent base w v m inci ci".split()
)


def names_water(item: str) -> bool:
    """Whether a claim item also names water as a word after its first ("without parabens coconut oil aqua"):
    the ingredient list began inside it (review 12 of module 03, A3)."""
    names = _reader()["names"]
    return any(names.get(w) == "water" for w in re.findall(r"[^\W\d]+", _key(item))[1:])


def listed_as_present(code: str, listed: bool, item: str, begun: bool, text: str) -> bool:
    """A numbing agent or spermicide listed after a claim is in the product when the ingredient list is
    under way after it or it has a dose ("Free from parabens, lidocaine 4%"; review 11, B1). At the claim's
    end with nothing after it, it may still be one of the claim's objects (review 13, B1)."""
    if not listed or _is_claim(item) or code not in ("numbing", "nonoxynol9"):
        return False
    return begun or bool(dosed(text, [_key(item)]))


def unread_brackets(item: str) -> list[str]:
    """Text in brackets after a known name that says something the check did not read ("Carbomer
    (proprietary blend)", "Aqua (and 3 others)", a name in another script): listed as could not be
    checked, so "Nothing flagged" cannot hide it (review 14 of module 03, A3), nor a short unknown name
    ("Aqua (Oxethazaine)", review 33, B1). Synonyms and notes of grade, origin or role stay quiet."""
    reader, out = _reader(), []
    for bracket in re.finditer(r"\(([^()]*)\)", item):
        inside = bracket.group(1)
        if re.search(r"[^\W\d_]", item[bracket.end() :]):  # "Cocos Nucifera (Coconut) Oil": part of the name
            continue
        parts = [p for p in re.split(r"[/,]", inside) if p.strip()]
        if not parts or all(_exact(reader, _key(p)) for p in parts) or classify(_key(inside))[1]:
            continue  # synonyms, or a bracket the reader read ("Fragrance (contains essential oils)")
        words = re.findall(r"[^\W\d_]+", _key(inside))
        unknown = [w for w in words if len(w) > 1 and w not in _NOTE_WORDS and not _exact(reader, w)]  # 33, B1
        if unknown or set(words) & _UNREAD_WORDS or any(c.isalpha() and not c.isascii() for c in inside):
            out.append(inside.strip())
    return out


def plain_ingredient(part: str) -> bool:
    """A known ingredient that no claim is about (water, carbomer, tocopherol): after a claim in a slash
    list, it shows the ingredient list has begun ("No parabens / Tetracaine / Carbomer", review 14, A1)."""
    reader = _reader()
    found = _exact(reader, _key(part))
    flagged = {"numbing", "spermicide", "oil", "humectant", "flavour", "warming", "caution"}
    return found not in (None, "label_words", "claim") and not reader["kinds"].get(found, set()) & flagged


def later_flavour(item: str) -> set[str]:
    """Flavour or warming words in a claim after its first object ("free from glycerin aroma"): the claim
    may not be about them, so they flag, to be safe (review 15 of module 03, A3)."""
    reader = _reader()
    fillers = set(load()["label_reader"]["fillers"])  # "free from artificial flavours" is one class
    words = [w for w in claim_object(item).split() if w not in fillers]
    rest = " ".join(words[1:])
    if not rest or not _exact(reader, words[0]):  # only after a named ingredient: "glycerin aroma"
        return set()
    return {_FLAG_OF_KIND[k] for k in _generic(reader, rest, rest) & {"flavour", "warming"}}


def open_list_after_water(segments: list[tuple]) -> list[tuple]:
    """A claim item that names water ("free from parabens aqua") opened the ingredient list inside it: the
    claim-list items after it in the sentence are ordinary items (review 15 of module 03, A2)."""
    out, opened = [], False
    for section, item, context, new in segments:
        opened = (opened and context == "claim list") or (context in ("claim", "claim list") and names_water(item))
        out.append((section, item, "" if opened and context == "claim list" else context, new))
    return out


def flag_denied(text: str, claimed: list[str], hits: dict[str, list[str]]) -> list[str]:
    """Names taken as claimed absent on a line that denies or contrasts the claim ("Free from parabens, but
    not benzocaine", "\u2717 N-9 free", "Lidocaine-free? Unfortunately not."): flagged as found in the text
    instead, to be safe. Returns what is still only claimed (review 20 of module 03, A2-A4)."""
    kept = []
    for name in claimed:
        codes = [*net_scan(name), *(["oil"] if oil_names_in(name) else [])] if denied_near(text, name) else []
        for code in codes:
            hits.setdefault(code, []).append(strings.text("lubrication", "item_in_text", item=name))
        kept += [] if codes else [name]
    return kept
