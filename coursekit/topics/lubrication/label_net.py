"""Module 03, the label reader's safety net: look for numbing agents and spermicides without parsing.

Safety invariant (tested): whatever path the item-by-item reader takes, every numbing-agent or
spermicide name or stem that the data knows, anywhere in the cleaned text, either raised a flag,
was seen only as the object of a "free from" claim (then the headline asks the reader to check),
or is flagged here as "found in the label text". The net works on the whole text up to the scan
bound, with invisible characters removed, accents folded, entities decoded and split words joined.
"""

from __future__ import annotations

import functools
import html
import re

from coursekit.course import strings
from coursekit.course.schema import ContentError
from coursekit.topics.lubrication.label_html import strip_tags
from coursekit.topics.lubrication.label_words import _FLAG_OF_KIND, _reader, clean_text, fold
from coursekit.topics.lubrication.logic import load

__all__ = [
    "active_benzyl_alcohol",
    "apply_net",
    "dosed",
    "is_product_info",
    "net_scan",
    "percent_of",
    "strip_tags",
    "strong_benzyl_alcohol",
    "unmatched_benzyl_alcohol",
    "unplaced_benzyl_alcohol",
]

SCAN = 200_000


@functools.cache
def _substrings() -> dict[str, str]:
    """Names and stems (6 letters or more) found even inside a longer word: name -> flag code."""
    data, reader = load(), _reader()
    out: dict[str, str] = {}
    spec = data["label_reader"]["families"]
    for family in ("numbing", "spermicide"):
        for entry in spec[family]:
            # "phenol" is a whole word only: "polyphenols" in a plant extract is not a numbing agent (review 9, C2)
            if not entry.startswith("*") and len(entry.strip("*")) >= 6 and entry != "phenol":
                out[fold(entry.strip("*"))] = _FLAG_OF_KIND[family]
    for item in data["ingredients"]:
        kinds = reader["kinds"][item["id"]] & {"numbing", "spermicide"}
        for name in item["names"] if kinds else []:
            if len(re.sub(r"\W", "", name)) >= 6:
                out[fold(name)] = _FLAG_OF_KIND["numbing" if "numbing" in kinds else "spermicide"]
    return out


def _views(text: str) -> list[tuple[str, str]]:
    """(folded, casefolded) forms of the text to search: as pasted, without tags, with words joined."""
    clean = clean_text(html.unescape(text))
    forms = [clean, strip_tags(clean, ""), re.sub(r"[-\u2010\u2011\u2013]?[ \t]*[\n\r]+\s*", "", strip_tags(clean, ""))]
    return [(fold(f), f.casefold()) for f in dict.fromkeys(forms)]


def net_scan(text: str, limit: int = 200_000) -> dict[str, list[str]]:
    """Every numbing-agent or spermicide name or stem in ``text``: flag code -> names found.

    >>> net_scan("Aqua, Hydroxyethyl<b>lido</b>caine")
    {'numbing': ['hydroxyethyllidocaine', 'lidocaine', 'lidocain']}
    >>> net_scan("Water, Carbomer, Sodium Benzoate")
    {}
    """
    reader = _reader()
    found: dict[str, list[str]] = {}
    for folded, accented in _views(text[:limit]):
        for family in ("numbing", "spermicide"):
            plain, marked = reader["families"][family]
            for pattern, where in ((plain, folded), (marked, accented)):
                for match in pattern.finditer(where) if pattern is not None else ():
                    found.setdefault(_FLAG_OF_KIND[family], []).append(match.group(0).strip())
        for name, code in _substrings().items():
            if name in folded:
                found.setdefault(code, []).append(name)
    return {code: list(dict.fromkeys(names)) for code, names in found.items()}


_BENZYL = (  # and "Benzyl Alc.", "Benzyl alchohol", "phenylmethanol" (review 31 of module 03, B2)
    r"(?:benzyl[\s-]*alc(?:oh?ol|hohol|\.|(?![a-z]))|alcool\s+benzylique|alcohol\s+bencilico|benzylalkohol|phenylmethanol)"
)
_NUMBER = (
    r"(\d+(?:\.\d+)?)\s*(%|mg\s*/\s*g|mg\s*/\s*ml|g\s*/\s*100\s*g|g\s*/\s*100\s*ml"
    r"|g\s*/\s*kg|g\s*/\s*g|g\s*/\s*l(?![a-z]))?"
)
# 100 mg/g is 10%; mg/ml read as roughly mg/g, g/100 ml as roughly g/100 g.
_PER_PERCENT = {
    "%": 1.0,
    "mg/g": 0.1,
    "mg/ml": 0.1,
    "g/100g": 1.0,
    "g/100ml": 1.0,
    "g/kg": 0.1,
    "g/l": 0.1,
    "g/g": 100.0,
}


def percent_of(number: str, unit: str | None) -> float | None:
    """An amount as a percent, or None when its unit is one the check cannot read.

    >>> percent_of("400", "mg / g"), percent_of("40", "g/100 g"), percent_of("4", "units")
    (40.0, 40.0, None)
    """
    scale = _PER_PERCENT.get(re.sub(r"\s", "", unit or ""))
    return None if scale is None else float(number) * scale


def _benzyl_amounts(text: str) -> list[tuple[str, float | None]]:
    """(text read, percent or None when the amount's unit is unknown) for each benzyl alcohol amount:
    a number just before the name ("10% Benzyl Alcohol"), just after it, or after one comma."""
    out = []
    for view in unhyphenated(text):
        out += _benzyl_in(_amount_words(fold(clean_text(strip_tags(view, " ", "")))))
    return list(dict.fromkeys(out))


_BELOW = re.compile(r"<|less than|below|under|max")  # "Benzyl Alcohol <1%" is under the threshold (review 25, C4)
_LOWER_BOUND = re.compile(
    r"(?<![\d.])\d+(?:\.\d+)?\s*(?:%|mg\s*/\s*g|mg|g)?\s*(?:-|\u2013|\u2014|to|\s/\s)\s*(?=\d+(?:\.\d+)?\s*(?:%|mg|g))"
)


def upper_bounds(folded: str) -> str:
    """A range's lower bound dropped, unit or not, so the upper bound is compared (review 40 of module 03, A1).

    >>> upper_bounds("benzyl alcohol 0.5%-4%, glycerin 2 % - 30 %, 5 mg/g - 40 mg/g")
    'benzyl alcohol 4%, glycerin 30 %, 40 mg/g'
    """
    return _LOWER_BOUND.sub("", folded)


def _amount_words(folded: str) -> str:
    """Amounts in one spelling: decimal commas, "per cent", "milligrams per gram", a range's upper bound,
    and "100 mg" under an "(in each gram)" heading read as mg/g (B1, B2).

    >>> _amount_words("benzyl alcohol 2-10%, 0,5 per cent, 50 milligrams per gram")
    'benzyl alcohol 10%, 0.5 %, 50 mg/g'
    """
    folded = re.sub(r"[ \t]+", " ", re.sub(r"(\d),(\d)", r"\1.\2", folded))
    folded = re.sub(r"\s*per\s*cent\b", " %", folded)
    folded = re.sub(r"(\d)\s*(?:milligrams?|mg)\s*(?:per|/)\s*(?:grams?|g)\b", r"\1 mg/g", folded)
    folded = upper_bounds(folded)
    if re.search(r"(?:in each|per|each)\s+(?:1\s*)?(?:gram|g)\b", folded):
        folded = re.sub(r"(\d)\s*mg(?![a-z/])", r"\1 mg/g", folded)
    return folded


def unhyphenated(text: str) -> list[str]:
    """The text as pasted, and with hyphenated line breaks undone ("Benzyl Alco-\nhol 10%"), for the
    amount checks: both are read, so a join can only add a finding (A2)."""
    text = clean_text(html.unescape(text))
    joined = re.sub(r"(?<=[^\W\d_])[-\u2010\u2011\u2013][ \t]*[\n\r]+\s*(?=[^\W\d_])", "", text)
    # "Benzyl Alcohol-\n10%": an amount with its unit at the start of the next line belongs to the name
    joined = re.sub(r"(?<=[^\W\d_])[-\u2010\u2011\u2013]?[ \t]*[\n\r]+\s*(?=\d+(?:[.,]\d+)?\s*%)", " ", joined)
    return list(dict.fromkeys([text, joined]))


def _benzyl_in(folded: str) -> list[tuple[str, float | None]]:
    out = []
    for match in re.finditer(_BENZYL, folded):
        before = re.search(  # "5% Benzyl Alcohol", "(5%) ...", "5%: ...", "5% | ...", "4% (w/w) ..." (A1; 16, A1)
            rf"{_NUMBER}[ \t]*\(?[ \t]*(?:w/w|w/v|v/v|m/m|m/v)?[ \t]*\)?[ \t:|\-\u2013]*(?:of[ \t]+)?\Z",  # same line
            folded[max(0, match.start() - 30) : match.start()],
        )
        after = re.match(  # "Benzyl Alcohol 5%", "Benzyl Alcohol:\n(5%)" (A2), "Benzyl Alcohol .... 4%" (39, A1)
            rf"(?:[ \t]*[.\u2026\u00b7_]{{3,}}[ \t]*|[^,;\n\d]{{0,20}}?(?:,\s*)?|[^\w]{{0,8}}?){_NUMBER}",
            folded[match.end() : match.end() + 80],
        )
        for found in (before, after):
            if found:
                out.append((found.group(0).strip(" ,"), percent_of(found.group(1), found.group(2))))
        if not (before or after) and re.search(
            r"\d", re.split(r"[,;\n]", folded[match.end() : match.end() + 200], maxsplit=1)[0]
        ):
            out.append((match.group(0), None))
    return out


def strong_benzyl_alcohol(text: str) -> list[str]:
    """Benzyl alcohol with an amount at or above the data's threshold ("Benzyl Alcohol 10%").

    >>> strong_benzyl_alcohol("Benzyl Alcohol 100 mg/g, Water")
    ['100 mg/g']
    """
    threshold = load()["label_reader"]["benzyl_alcohol_numbing_percent"]
    return [
        r
        for r, p in _benzyl_amounts(text)
        if p is not None and p >= threshold and not (_BELOW.search(r) and p <= threshold)
    ]


def unplaced_benzyl_alcohol(text: str) -> list[str]:
    """Benzyl alcohol amounts whose unit the check cannot read: the headline cannot say "Nothing flagged"."""
    return [read for read, percent in _benzyl_amounts(text) if percent is None]


_LONE = re.compile(r"(?<![\w.-])\d+(?:\.\d+)?\s*(?:%|(?:mg|mcg|g|ml)(?![a-z]))")


def unmatched_benzyl_alcohol(text: str) -> list[tuple[str, str]]:
    """(item text key, name) for benzyl alcohol with no amount on a label that states an amount nothing took
    ("5% | ..."), or in the first two items of a list not marked inactive (likely 1% or more: review 23, B1).

    >>> unmatched_benzyl_alcohol("Aqua, Benzyl Alcohol, HEC"), unmatched_benzyl_alcohol("Aqua, HEC, Benzyl Alcohol")
    ([('item_benzyl_high_unstated', 'benzyl alcohol')], [])
    """
    folded = _amount_words(fold(clean_text(strip_tags(text[:SCAN], " ", ""))))
    names = list(dict.fromkeys(m.group(0) for m in re.finditer(_BENZYL, folded)))
    if not names or _benzyl_amounts(text) or _benzyl_active(folded):
        return []
    items = [i for i in re.split(r"[,;\n\r|\t\u2022]", folded) if i.strip()]
    lone = any(_LONE.search(i) and not re.search(r"[a-z]{2}", _LONE.sub("", i)) for i in items)
    at = next(i for i, item in enumerate(items) if re.search(_BENZYL, item))  # above a thickener too (25, B3)
    thick = any(re.search(r"cellulose|carbom|xanthan|carrageen|guar|acrylates", i) for i in items[at + 1 :])
    high = (at < 2 or thick) and not re.search(r"inactive|sonstige|excipient", folded)
    return [("item_benzyl_amount_unmatched" if lone else "item_benzyl_high_unstated", n) for n in names if lone or high]


def _benzyl_active(folded: str) -> bool:
    """Whether benzyl alcohol first appears under an "Active ingredient" heading."""
    head = (  # "Active:" too (review 16, A2); German, French and Spanish headings (review 23, B2)
        r"(?<![a-z])(?:(in)?active(?:\s+(?:ingredients?|substances?)|\s*:)|(sonstige bestandteile|excipients?|"
        r"excipientes)|wirkstoff|substance active|principes? actifs?|principios? activos?)"
    )
    first = re.search(_BENZYL, folded)
    last = [m.group(1) or m.group(2) for m in re.finditer(head, folded[: first.start()])] if first else []
    return bool(last and last[-1] is None)


def active_benzyl_alcohol(text: str) -> list[tuple[str, str]]:
    """(item text key, amount or name) for benzyl alcohol listed as an active ingredient: whatever the
    amount, it is there for what it does, so the course treats it as numbing (review 7 of module 03, B1),
    with no amount printed too (review 23, B2).

    >>> active_benzyl_alcohol("Active ingredient: Benzyl Alcohol 4%. Inactive ingredients: Water")
    [('item_active_benzyl_alcohol', '4%')]
    >>> active_benzyl_alcohol("Wirkstoff: Benzylalkohol. Sonstige Bestandteile: Wasser")
    [('item_active_benzyl_alcohol_unstated', 'benzylalkohol')]
    """
    folded = _amount_words(fold(clean_text(strip_tags(text[:SCAN], " ", ""))))
    if not _benzyl_active(folded):
        return []
    read = [("item_active_benzyl_alcohol", amount) for amount, _ in _benzyl_amounts(text)]
    return read or [("item_active_benzyl_alcohol_unstated", m.group(0)) for m in re.finditer(_BENZYL, folded)][:1]


@functools.cache
def _product_info() -> re.Pattern:
    words = sorted((re.escape(fold(w)) for w in load()["label_reader"]["product_info"]), key=len, reverse=True)
    return re.compile(rf"^(?:{'|'.join(words)})(?!\w)")


def is_product_info(item: str) -> bool:
    """True for a line about the product rather than an ingredient ("Osmolality 1000", "Made in ...")."""
    return bool(_product_info().match(fold(item).strip()))


_DOSE = r"(\d+(?:\.\d+)?)\s*(?:%|(?:mg|mcg|g|ml)(?![a-z]))"


def dosed(text: str, names: list[str]) -> list[str]:
    """Names the label gives a non-zero amount of, just after or just before them ("benzocaine 5%", "2%
    lidocaine HCl"). A "free from" claim never states an amount, so such a name is in the product
    (review 4 of module 03, A2: "Free from parabens / benzocaine 5%").

    >>> dosed("Free from parabens / Benzocaine 5%", ["benzocaine"]), dosed("Lidocaine 0%", ["lidocaine"])
    (['benzocaine'], [])
    """
    wanted = list(dict.fromkeys(fold(n) for n in names if n.strip()))
    if not wanted:  # most claims name no oil: no need to fold the whole text again
        return []
    views = [_amount_words(fold(clean_text(strip_tags(view, " ", "")))) for view in unhyphenated(text[:SCAN])]
    out = []
    for name in wanted:
        word = rf"{re.escape(name)}[a-z]*(?:\s+(?:hcl|hydrochloride|free[\s-]*base|freebase|base))?"
        pattern = rf"{word}\W{{0,4}}{_DOSE}|{_DOSE}\W{{0,4}}(?:w/w\W{{0,3}})?(?:of\s+)?{word}"
        for view in views:
            if any(float(m.group(1) or m.group(2)) > 0 for m in re.finditer(pattern, view)):
                out.append(name)
                break
    return out


def apply_net(text: str, hits: dict[str, list[str]], named_in_claims: dict[str, list[str]]) -> list[str]:
    """Add to ``hits`` what the net finds that raised no flag; return the names seen only in claims.

    A name the reader saw only as the object of a claim ("free from lidocaine") is returned, so the
    headline can ask the reader to check; anything else is flagged as "found in the label text"."""
    claimed: list[str] = []
    for item in strong_benzyl_alcohol(text):
        hits.setdefault("numbing", []).append(strings.text("lubrication", "item_strong_benzyl_alcohol", item=item))
    for key, item in [] if "numbing" in hits else active_benzyl_alcohol(text):
        hits.setdefault("numbing", []).append(strings.text("lubrication", key, item=item))
    for code, names in net_scan(text).items():
        if code in hits:
            continue
        in_claims = " ".join(fold(item) for item in named_in_claims.get(code, []))
        known = [s for s in _substrings() if s in in_claims]
        if in_claims and dosed(text, names):  # "Free from parabens / benzocaine 5%": in the product
            in_claims = ""
        if in_claims and all(fold(name) in in_claims or any(s in fold(name) for s in known) for name in names):
            claimed += names
        else:
            hits[code] = [strings.text("lubrication", "item_in_text", item=name) for name in _longest(names)]
    return _longest(claimed)


def _longest(names: list[str]) -> list[str]:
    """Names without those contained in a longer one ("lidocain" inside "lidocaine")."""
    names = list(dict.fromkeys(names))
    return [n for n in names if not any(n != other and n in other for other in names)]


@functools.cache
def _claim_note():
    """Marks an item named only in a claim; words naming a flagged drug would mask a listing: refused."""
    words = strings.text("lubrication", "item_mentioned_in_claim", item="")
    if net_scan(words):
        raise ContentError(f"strings lubrication.item_mentioned_in_claim names a flagged ingredient: {words!r}")
    return lambda item: strings.text("lubrication", "item_mentioned_in_claim", item=item)
