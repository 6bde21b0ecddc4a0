"""Module 03, the label reader's amounts and order: stated humectant amounts, and lists whose order
says nothing about amount.

Safety invariant (tested): a water-binding ingredient stated at the data's threshold or more is
flagged wherever it sits, and one in a list whose order is unknown never gives "Nothing flagged".
"""

from __future__ import annotations

import functools
import re

from coursekit.course import strings
from coursekit.topics.lubrication.label_advice import not_negated
from coursekit.topics.lubrication.label_net import _NUMBER, percent_of, strip_tags, unhyphenated, upper_bounds
from coursekit.topics.lubrication.label_words import _key, _reader, clean_text, fold
from coursekit.topics.lubrication.logic import load, normalise

__all__ = [
    "caution_scan",
    "claim_object",
    "high_humectant_amounts",
    "order_unknown",
    "stated_osmolality",
    "unmatched_humectant_amounts",
    "unread_humectant_amounts",
]

# After a name: a number and any unit-like word ("400 mg/g", "4 units"); "Polyethylene Glycol 400" has none.
_RANGE = r"(?:\d+(?:\.\d+)?\s*[-\u2013]\s*)?"  # "Glycerin 10-25%": the upper bound is compared
# a bracket ("(USP, EP)") or dot leaders ("....") may stand between a name and its amount (review 39, A1)
_AFTER = (
    rf"(?!-\d)(?:[ \t]*\([^()\n\d]{{0,30}}\))?(?:[ \t]*[.\u2026\u00b7_]{{3,}})?[^,;\n\d]{{0,20}}?(?<![^\W\d]-){_RANGE}"
    rf"(\d+(?:\.\d+)?)\s*(%|[a-zµμ]+(?:\s*/\s*(?:100\s*)?[a-z]+)?)?"
)


@functools.cache
def _humectant_pattern() -> re.Pattern:
    names = [fold(n) for i in load()["ingredients"] if i["kind"] == "humectant" for n in i["names"]]
    body = "|".join(r"[\s-]*".join(map(re.escape, n.split())) for n in sorted(names, key=len, reverse=True))
    grade = r"(?:peg|polyethylene[\s-]*glycol|macrogol|glycereth)[- ]?\d*"  # "PEG-400", "Glycereth-26"
    return re.compile(rf"(?<!\w)({grade}|{body})[^\W\d]*")  # "glycerin25%": the name ends before digits


# An amount standing alone as a list item or on its own line ("Glycerin\n20%", "PEG-8, 20%").
_ALONE = r"\(?\s*\d+(?:\.\d+)?\s*(?:%|[a-zµμ]+(?:\s*/\s*(?:100\s*)?[a-z]+)?)\s*\)?\s*(?:$|[,;\n])"
_ANY_AMOUNT = re.compile(r"(?<![\w-])\d+(?:\.\d+)?\s*(?:%|(?:mg|mcg|µg|g|ml)(?![a-z]))")


def _prepared(text: str) -> str:
    """Folded text with tabs as spaces and a lone amount joined to the item before it."""
    folded = re.sub(r"(\d),(\d)", r"\1.\2", fold(clean_text(strip_tags(text, " "))))
    folded = re.sub(r"[ \t\f\v]+", " ", re.sub(r"\r\n?", "\n", folded))
    folded = upper_bounds(re.sub(r"\s*\n\s*", "\n", folded))  # one break per run of blank lines; "2%-30%": 30%
    return re.sub(rf" ?[\n,;] ?(?={_ALONE})", " ", folded)


def _humectant_amounts(text: str) -> list[tuple[str, str, float | None]]:
    """(name, amount as read, percent or None when the unit cannot be read) for each stated amount,
    in the text as pasted and with hyphenated line breaks undone ("Glyc-\nerin 40%")."""
    out = []
    for view in unhyphenated(text):
        out += _amounts_in(_prepared(view))
    return list(dict.fromkeys(out))


def _amounts_in(folded: str) -> list[tuple[str, str, float | None]]:
    out = []
    for match in _humectant_pattern().finditer(folded):
        after = re.match(_AFTER, folded[match.end() : match.end() + 80])
        before = re.search(
            rf"{_NUMBER}[ \t]*\(?[ \t]*(?:w/w|w/v|v/v|m/m|m/v)?[ \t]*\)?[ \t]*(?:of[ \t]+)?\Z",  # not the line above
            folded[max(0, match.start() - 24) : match.start()],
        )
        stated = [m for m in (after, before) if m and m.group(2)]  # both? the larger, to be safe (review 40, B1)
        amount = max(stated, key=lambda m: percent_of(m.group(1), m.group(2)) or 0, default=None)
        if amount:
            read = f"{amount.group(1)}{'' if amount.group(2) == '%' else ' '}{amount.group(2)}"
            percent = percent_of(amount.group(1), amount.group(2))
            if amount is after:  # "Glycerol 85% 30%", "Sorbitol 70% solution": say all of it (D2)
                more = re.match(r"((?:\s*\d+(?:\.\d+)?\s*%)*)(\s*solution)?", folded[match.end() + after.end() :])
                extra = [float(n) for n in re.findall(r"\d+(?:\.\d+)?", more.group(1))]
                read += f"{more.group(1).rstrip()}{' solution' if more.group(2) else ''}"
                percent = max([percent, *extra]) if percent is not None and extra else percent
            out.append((match.group(0).strip(), read, percent))
    return out


def high_humectant_amounts(text: str) -> list[str]:
    """Water-binding ingredients stated at the data's threshold or more, as "name amount" (mg/g,
    mg/ml, g/100 g and g/100 ml are read as percent).

    >>> high_humectant_amounts("Water 50%, Carbomer 1%, Propylene glycol 48%")
    ['propylene glycol 48%']
    >>> high_humectant_amounts("Aqua, Glycerin 400 mg/g")
    ['glycerin 400 mg/g']
    >>> high_humectant_amounts("Aqua 96%, Glycerin 3%, Sorbitol 2%")
    ['glycerin 3% + sorbitol 2% (together 5%)']
    """
    threshold = load()["label_reader"]["humectant_high_percent"]
    found = _humectant_amounts(text)
    high = list(dict.fromkeys(f"{n} {a}" for n, a, pct in found if pct is not None and pct >= threshold))
    each: dict[str, tuple[str, float]] = {}  # C2: several smaller amounts that add up to the threshold
    for name, read, pct in found:
        if pct is not None and pct > each.get(name, ("", -1.0))[1]:
            each[name] = (f"{name} {read}", pct)
    together = sum(pct for _, pct in each.values())
    if not high and len(each) > 1 and together >= threshold:
        high.append(" + ".join(read for read, _ in each.values()) + f" (together {together:g}%)")
    return high


def unread_humectant_amounts(text: str) -> list[str]:
    """Water-binding ingredients with an amount whose unit the check cannot read ("Glycerin 4 units")."""
    found = [f"{n} {a}" for n, a, pct in _humectant_amounts(text) if pct is None]
    if found or unmatched_humectant_amounts(text):
        return list(dict.fromkeys(found))
    grades = r"(?:peg|polyethylene glycol|macrogol|glycereth)[\s-]*\d+|(?<![\w.])\d(?:\.\d)*-(?=\w*diol)"
    items = [i for view in unhyphenated(text) for i in re.split(r"[,;\n]|(?<!\d)\.|\.(?!\d)", _prepared(view))]
    for item in items:  # backstop: "Glycerin 25"
        if _humectant_pattern().search(item) and re.search(r"\d", re.sub(grades, "", item)):
            found += (
                []
                if _humectant_amounts(item)
                else [strings.text("lubrication", "item_amount_without_unit", item=item.strip())]
            )
    return list(dict.fromkeys(found))


def unmatched_humectant_amounts(text: str) -> list[str]:
    """Water-binding names on a label that states an amount the check did not attach to any item:
    a lone amount, or one in a humectant's item that was not read ("Glycerin: 2 0 %")."""
    names = [n for view in unhyphenated(text) for n in _unmatched_in(text, _prepared(view))]
    return list(dict.fromkeys(names))


def _unmatched_in(text: str, folded: str) -> list[str]:
    names = list(dict.fromkeys(m.group(0).strip() for m in _humectant_pattern().finditer(folded)))
    if not names:
        return []
    items = [i.strip() for i in re.split(r"[,;\n]", folded)]
    lone = any(_ANY_AMOUNT.search(i) and not re.search(r"[a-z]{2}", _ANY_AMOUNT.sub("", i)) for i in items)
    inside = not _humectant_amounts(text) and any(
        _ANY_AMOUNT.search(i) and _humectant_pattern().search(i) for i in items
    )
    return names if lone or inside else []


def order_unknown(text: str, keys: list[str]) -> bool:
    """True when the list's order cannot show amount: after an "Inactive ingredients" heading (US Drug
    Facts lists them alphabetically), or when 3 or more items are in alphabetical order, also after a first
    item such as water ("Water, Aloe vera, Carbomer, Citric acid, Glycerin": review 30 of module 03, B1)."""
    if re.search(r"(?<!\w)inactive(?:\s+ingredients?)?\s*:?", fold(text)):
        return True
    words = [re.sub(r"[^a-z0-9 ]", "", fold(k)) for k in keys]
    rest = words[1:]
    return any(len(w) >= 3 and w == sorted(w) and len(set(w)) >= 3 for w in (words, rest if len(rest) >= 4 else []))


_CAUTION = re.compile(
    r"c(?:h)?lo{1,2}r(?:o)?h?e[xk]idin\w*|(?<![a-z])chg(?![a-z])|cetyl ?pyridinium|cetil ?piridin\w*"
    r"|poly-? ?quaternium|(?<![a-z])pq-?\d+"
)


def caution_scan(text: str, claimed: list[str]) -> list[str]:
    r"""Worth-avoiding names anywhere in the text, lines joined ("Chlorhex\nidine"), that no claim named.

    >>> caution_scan("Water, Chlorhex\nidine", [])
    ['chlorhexidine']
    """
    joined = re.sub(r"-?[ \t]*[\n\r]+\s*", "", fold(clean_text(strip_tags(text, ""))))
    said = " ".join(fold(c) for c in claimed)
    return list(dict.fromkeys(m.group(0) for m in _CAUTION.finditer(joined) if m.group(0)[:8] not in said))


def claim_object(item: str) -> str:
    """What a claim names, without its opener: "contains no chlorhexidine" -> "chlorhexidine"."""
    key = _key(item)
    opener = _reader()["claim_start"].match(key)
    return key[opener.end() :].strip() if opener and key[opener.end() :].strip() else item


def osmolality_notes(text: str, listed: bool = False) -> tuple[list[str], list[str]]:
    """Printed osmolality values: (flag items above the WHO buying limit, notes for values above the data's
    note level). A value between them is still far above the body's level (review 15 of module 03, B1). With
    ``listed`` (the list's order already raised the flag), a printed value near the body's level is noted too.

    >>> osmolality_notes("Osmolality 1100 mOsm/kg")[1][0].startswith("osmolality 1100 mosm/kg")
    True
    """
    data = load()
    limit = max(o["value"] for o in data["osmolality"] if o["kind"] == "limit")
    high = [
        strings.text("lubrication", "item_stated_osmolality", item=s, limit=f"{limit:g}")
        for s in stated_osmolality(text)
    ]
    note = data["label_reader"]["osmolality_note_above"]
    above_note = stated_osmolality(text, note)
    gentle = [strings.text("lubrication", "caution_stated_osmolality", item=s) for s in above_note]
    near = [s for s in stated_osmolality(text, 0) if s not in above_note] if listed else []  # 24, C1
    return high, gentle + [strings.text("lubrication", "caution_printed_near_body", item=s) for s in near]


def stated_osmolality(text: str, ceiling: float | None = None) -> list[str]:
    """Printed osmolality values above ``ceiling`` (by default the WHO buying limit in the data), as read.

    >>> stated_osmolality("Aqua, Carbomer. Osmolality: 2,500 mOsm/kg"), stated_osmolality("Osmolality 290")
    (['osmolality: 2,500 mosm/kg'], [])
    """
    ceiling = ceiling if ceiling is not None else max(o["value"] for o in load()["osmolality"] if o["kind"] == "limit")
    folded = fold(clean_text(strip_tags(text, " ", "")))
    folded = re.sub(r"(?<![a-z])(approx|ca|c|circa|abt)\.", r"\1", re.sub(r"[ \t]+", " ", folded))  # B3
    out = []
    for match in re.finditer(r"(?<!\w)osmo(?:la[lr]|tic)\w*", folded):
        window = re.split(r"[;\n]|\.(?!\d)", folded[match.end() : match.end() + 60], maxsplit=1)[0]
        numbers = re.findall(r"\d{1,3}(?:[ ,.\u202f']\d{3})+(?!\d)|\d+(?:[.,]\d+)?", window)
        values = [float(re.sub(r"[ ,.\u202f'](?=\d{3}(?!\d))", "", n).replace(",", ".")) for n in numbers]
        per_osmol = re.search(r"(?<![a-z-])osm(?:ol)?(?![a-z])", window) and "mosm" not in window  # not "iso-osmotic"
        if values and max(values) * (1000 if per_osmol else 1) > ceiling:
            out.append(normalise(folded[match.start() : match.end() + len(window)]).strip(" ,"))
    for match in [] if out else re.finditer(r"(?<![\d.,'])(\d{1,3}(?:[ ,.']\d{3})+|\d+)\s*mosm", folded):
        if float(re.sub(r"[ ,.']", "", match.group(1))) > ceiling:  # any value in mOsm, named or not (B3)
            out.append(normalise(match.group(0)))
    return out


_NOT_LATEX = re.compile(
    r"(?:do\s+)?(?:not|never)\s+(?:be\s+)?(?:compatible|suitable|safe|for\s+use|to\s+be\s+used|used?)\s+(?:with|for|on)\s+"
    r"(?:natural\s+rubber\s+)?latex|incompatible\s+with\s+(?:natural\s+rubber\s+)?latex|not\s+latex[\s-]*(?:safe|compatible)"
)


def label_not_latex(text: str) -> list[str]:
    """Label sentences saying the product is not for latex condoms: the label's own warning (C3; 23, C2).

    >>> label_not_latex("Aqua, Carbomer. Do not use with latex condoms."), label_not_latex("Safe with latex condoms.")
    (['do not use with latex'], [])
    """
    found = [
        m.group(0)
        for folded in warning_views(text)
        for pattern in (_NOT_LATEX, *_not_latex())
        for m in pattern.finditer(folded)
        if not _HARM_FIRST.match(m.group(0)) or not_negated(folded, m.start())  # "does not weaken or damage latex"
    ]
    return list(dict.fromkeys(found))


@functools.lru_cache(maxsize=4)
def warning_views(text: str) -> tuple[str, ...]:
    r"""The folded text the label's own warnings are searched in: once with every run of space as one space,
    once with each line or table-cell end as " | ", so "Latex safe\tNo" or "Anal use: No" ends at its cell.
    Cached: the condom and the use warnings read the same text one after the other.

    >>> warning_views("Latex safe\nNo")
    ('latex safe no', 'latex safe | no')
    """
    lines = fold(clean_text(strip_tags(str(text)[:200_000], "\n", "")))
    return tuple(dict.fromkeys([re.sub(r"\s+", " ", lines), re.sub(r"[ \t]*[\n\r]\s*|[ \t]+", _cell, lines)]))


def _cell(space: re.Match) -> str:
    return " | " if re.search(r"[\n\r]", space.group(0)) else " "


_HARM_FIRST = re.compile(r"(?:damag|weaken|degrad|dissolv|break|harm|destroy)")


@functools.cache
def _not_latex() -> tuple[re.Pattern, ...]:
    """The data's other wordings: "Not for latex condoms", "Nicht mit Latexkondomen verwenden" (B3)."""
    return tuple(re.compile(p) for p in load()["label_reader"]["not_latex"])
