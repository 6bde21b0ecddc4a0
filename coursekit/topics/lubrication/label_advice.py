"""Module 03 rule: a label's general advice about oils and latex ("Oil-based lubricants can damage latex
condoms", "Do not use with petroleum jelly") is advice, not a list of what the product contains.

Water-based lubes that are safe with condoms often print such a line. Read as ingredients, it raised an
oil flag on exactly the products the course recommends (review 9 of module 03, B2). Only a sentence
that is advice from its first word to its last is set aside: one that runs on into anything else
("... Active ingredient: Benzocaine 5%") is read as it stands (review 10, A1). A sentence that says the
product itself has oil ("contains mineral oil, which may damage latex") is never set aside, and the
safety net still reads the text as pasted.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import NamedTuple

from coursekit.topics.lubrication.label_words import fold, oil_names_in
from coursekit.topics.lubrication.logic import load

__all__ = [
    "Prepared",
    "as_text",
    "collapse_padding",
    "inactive_only",
    "advice_hits",
    "named_oils",
    "not_negated",
    "prepare",
    "set_aside_oil_advice",
]

# "oil-based lubricants", "any petroleum-based products": a class of products
_BASED = r"(?:any |other |all )?(?:oil[- ]based|oil based|petroleum[- ]based) (?:lubricants?|lubes?|products?|creams?)"


def _list_of(one: str) -> str:
    """One or more of ``one``, joined by commas, "and", "or": "baby oil, coconut oil or petroleum jelly"."""
    return rf"{one}(?:(?:\s*,\s*|\s+(?:and|or|and/or)\s+|\s*,\s*(?:and|or)\s+){one})*"


_OIL = rf"(?:{_BASED}|(?:[^\W\d][\w-]* )?oils?|petroleum jelly|petrolatum|vaseline|(?:body )?lotions?)"
_OILS = _list_of(_OIL)
# a statement that oils damage latex names a class, never one oil: "Jojoba oil can damage latex condoms" on a
# label is about its own jojoba oil (review 14 of module 03, B1); advice ("do not use with coconut oil") may
_CLASS = (
    rf"(?:{_BASED}|(?:baby |massage |cooking |kitchen |vegetable |body )?oils?|petroleum jelly|vaseline"
    r"|(?:body )?lotions?)"
)
_CLASSES = _list_of(_CLASS)
# examples after the oils: "oil-based lubricants such as petroleum jelly", "Oils (e.g. coconut oil)"
_EXAMPLES = rf"(?:\s*,?\s*\(?(?:such as|like|e\.?\s?g\.?,?|including)\s+{_OILS}\)?)?"
_THE_OILS = rf"{_OILS}{_EXAMPLES}"
_HEAD = r"(?:(?:warnings?|caution|important|note|tip)\s*:?\s*)?(?:remember that\s+|please\s+)?"
_LATEX = (
    r"(?:natural rubber\s+|the\s+)?(?:latex|polyisoprene|condoms?)"
    r"(?:\s+(?:condoms?|gloves?|dams?|barriers?|products?))?"
)
_LATEXES = rf"{_LATEX}(?:\s+or\s+{_LATEX})*"
_HARM = r"(?:damages?|weakens?|degrades?|dissolves?|breaks? down|harms?|destroys?)"
_MAY = r"(?:can |may |will |could |might |do )?"
_FAIL = r"(?:break|tear|split|fail|slip(?: off)?)"
# the same general advice in French, Spanish and German (folded: no accents)
_ELSEWHERE = (
    r"(?:les )?(?:lubrifiants?|produits?|huiles?)(?: a base d'huile| gras)? (?:peuvent|peut) (?:endommager|abimer"
    r"|fragiliser|deteriorer) (?:les )?preservatifs?(?: en latex)?"
    r"|(?:los )?(?:lubricantes?|productos?|aceites?)(?: a base de aceite)? (?:pueden|puede) (?:danar|debilitar|romper)"
    r" (?:los )?(?:preservativos?|condones?)(?: de latex)?"
    r"|(?:olhaltige |olbasierte )?(?:gleitmittel|produkte|ole) (?:konnen|kann) (?:latex)?kondome?"
    r" (?:beschadigen|schadigen)"
)
_NOT_WITH = (
    r"(?:should not|must not|cannot|can't|may not) be used (?:with|on)"
    r"|are not (?:safe|compatible|suitable) (?:with|for)"
)
# what may follow the oils in a piece of advice: "with latex condoms", ", which damage latex", "as they weaken condoms"
_TAIL = (
    rf"(?:\s*,?\s*(?:with|on)\s+{_LATEXES})?"
    rf"(?:\s*,?\s*(?:which|as (?:they|these|it)|because (?:they|these|it)|they|these)\s+{_MAY}{_HARM}\s+{_LATEX})?"
)
_DONT = r"(?:do not|don't|never|avoid)"
_ADVICE = re.compile(
    rf"{_HEAD}(?:{_DONT}\s+(?:(?:use|using|combine|combining|mix|mixing|contact)\s+"
    r"(?:(?:it|this|this product|this lubricant|together)\s+)?(?:with|alongside)\s+)?"
    r"|not (?:to be used|for use) with\s+)"
    rf"{_THE_OILS}{_TAIL}"
    # "Never use petroleum jelly with condoms", "Do not use oil-based lubricants with latex condoms"
    rf"|{_HEAD}{_DONT}\s+(?:use|using|apply|applying|put|putting)\s+{_THE_OILS}\s+(?:with|on)\s+{_LATEXES}{_TAIL}"
)
_GENERAL = re.compile(
    rf"{_HEAD}{_CLASSES}{_EXAMPLES}\s*,?\s+{_MAY}(?:{_HARM}\s+{_LATEXES}|cause\s+(?:latex\s+)?condoms?\s+to\s+{_FAIL}(?:\s+or\s+{_FAIL})?"
    rf"|(?:{_NOT_WITH})\s+{_LATEXES})"
    rf"|{_ELSEWHERE}"
    # "unlike oil-based lubes, it won't damage latex"
    rf"|unlike\s+{_THE_OILS}\s*,?\s+(?:it|this (?:product|lube|lubricant|gel))\s+"
    rf"(?:won't|will not|does not|doesn't|cannot|can't)\s+{_HARM}\s+{_LATEXES}"
)
# a closing phrase that only contrasts the product with oils: "Condom safe, unlike oils.", "(unlike oil)",
# "... like oils do"
_CONTRAST = re.compile(
    rf"(?:[,;]\s*|\s*\(\s*)(?:unlike|never|not)\s+(?:with\s+)?{_THE_OILS}\s*\)?\s*(?=[.!?;\n]|$)"
    rf"|\s+like\s+{_THE_OILS}\s+(?:do|does|can|will)\s*(?=[.!?;\n]|$)"
)
# what general advice after a comma may open with: a class of products, never one named oil
_CLASS_FIRST = re.compile(
    rf"{_HEAD}(?:{_BASED}|oils(?![\w-])|do not|don't|never|avoid|not (?:to be used|for use) with)"
)
_CONTRAST_PASTED = re.compile(_CONTRAST.pattern, re.IGNORECASE)  # on the text as pasted (the oil words are ASCII)
# The product speaking of itself: never set aside ("contains mineral oil, which may damage latex").
_SELF = re.compile(
    r"(?<![\w-])(?:contains?|containing|made with|formulated with|based on|with added|enriched)(?![\w-])"
    # "Oil-based lubricant, may damage latex condoms": one product named, then a comma (review 24, B1)
    rf"|^{_HEAD}(?:oil|petroleum)[- ]?based (?:lubricant|lube|cream|product|gel|formula|massage oil)\s*,"
)
# a sentence ends at . ! ? ; followed by a space or the end, or at a line break: "12.5%" is one number
# "e.g." ends nothing; an HTML tag ends a sentence ("<p>Aqua</p><p>Oil-based ... latex.</p>")
_SENTENCE = re.compile(r"(?:(?i:e\.\s?g\.|i\.\s?e\.)|[^.!?;\n<>]|[.!?;](?=[^\s.!?;<]))+")
_NEGATION = re.compile(r"(?<![\w'-])(?:not|no|n't|without|never|won't|zero)(?![\w'-])|n't(?![\w'-])")


def set_aside_oil_advice(text: str) -> tuple[str, list[str]]:
    """The text with each sentence of general oil-and-latex advice blanked out, and those sentences.

    >>> set_aside_oil_advice("Aqua, Carbomer. Oil-based lubricants can damage latex condoms.")
    ('Aqua, Carbomer. .', ['Oil-based lubricants can damage latex condoms'])
    >>> set_aside_oil_advice("Warning: contains mineral oil, which damages latex.")[1]
    []
    >>> set_aside_oil_advice("Do not use with oil-based lubricants Active ingredient: Benzocaine 5%")[1]
    []
    """
    aside: list[str] = []

    def advice(said: str) -> bool:
        folded = _CONTRAST.sub("", fold(said).strip())
        return not _SELF.search(folded) and bool(_ADVICE.fullmatch(folded) or _GENERAL.fullmatch(folded))

    def blank(match: re.Match) -> str:
        whole = match.group(0)
        if advice(whole):
            aside.append(whole.strip())
            return " " if whole.startswith(" ") else ""
        # "Aqua, Carbomer, Oil-based lubricants can damage latex condoms": the rest of the sentence after a
        # comma is advice (12, B4), but only when it opens with a class of products or an advice word, so a
        # listed oil is never taken into it ("..., Mineral Oil, Oil-based lubricants ...": review 13, A1);
        # only the last few commas are tried (time bound on long text, review 13, C5)
        for comma in list(re.finditer(r",", whole[-400:]))[-6:]:
            rest = whole[-400:][comma.end() :]
            if _CLASS_FIRST.match(fold(rest).strip()) and advice(rest):
                aside.append(rest.strip())
                return whole[: len(whole) - len(whole[-400:]) + comma.start()]
        return whole

    text = _SENTENCE.sub(blank, text)
    for m in reversed(list(_CONTRAST_PASTED.finditer(text))):  # "Condom safe, unlike oils." keeps "Condom safe"
        aside.append(m.group(0).strip(" ,"))
        text = text[: m.start()] + text[m.end() :]
    return text, aside


def inactive_only(text: str, segments: list) -> bool:
    """True when a medicine label's inactive part was pasted without its active part (review 11, A2).

    >>> inactive_only("Inactive ingredients: aloe vera, carbomer, water", [("ingredients", "water", "", True)])
    True
    """
    folded = fold(text)
    # an "Active ingredient:" heading with nothing under it: the active part is missing too (review 16, A4)
    headed = _inactive_heading().search(folded) or _ACTIVE_HEADING.search(folded)
    return bool(headed) and not any(segment[0] == "active" for segment in segments)


@functools.cache
def _inactive_heading() -> re.Pattern:
    words = sorted((re.escape(fold(w).rstrip(":")) for w in load()["label_reader"]["inactive_headings"]), key=len)
    return re.compile(rf"(?<![\w-])(?:{'|'.join(reversed(words))})(?![\w-])")


_ACTIVE_HEADING = re.compile(
    r"(?<![\w-])(?<!in)(?<!no )(?<!without )"
    r"(?:active(?:\s+(?:ingredients?|substances?))?|wirkstoffe?|principe actif|principio activo)"
    r"\s*(?:\([^()]{0,40}\))?\s*(?::|(?=\s*(?:$|purpose|uses|inactive|ingredients\s*:)))"  # no colon (review 23, B3)
)


def not_negated(folded: str, start: int) -> bool:
    """False when the words just before ``start`` in the same sentence deny it: "does not weaken or
    damage latex", "no risk of damaging latex condoms" (review 10 of module 03, B3)."""
    before = re.split(r"[.!?;\n]", folded[max(0, start - 40) : start])[-1]
    return not _NEGATION.search(before)


def as_text(value: object) -> str:
    """What a learner (or a caller) passed, as text: lines of a list joined, bytes decoded, never a repr
    (review 9 of module 03, D6).

    >>> as_text(["Aqua", "Lidocaine"]), as_text(b"Aqua"), as_text(None)
    ('Aqua\\nLidocaine', 'Aqua', '')
    """
    if isinstance(value, str):
        return value
    if value is None:
        return ""
    if isinstance(value, (bytes, bytearray)):
        return bytes(value).decode("utf-8", errors="replace")
    if isinstance(value, (list, tuple)):
        return "\n".join(as_text(v) for v in value)
    return str(value)


def collapse_padding(text: str) -> str:
    """Runs of spaces of any kind (review 11 of module 03, C1) and of blank lines (review 8, C5) shrink to
    one, and invisible characters go, so padding pushes nothing out of reach; a line of only invisible
    characters is blank."""
    text = re.sub(r"[\u200b-\u200d\u2060\ufeff\u00ad]+", "", re.sub(r"\r\n?", "\n", text))
    text = re.sub(r"[ \t]*\t[ \t]*", "\t", re.sub(r"[^\S\n\t]{2,}", " ", text))
    return re.sub(r"\n(?:[^\S\n]*\n){2,}", "\n\n", text)


_MARKS_OK = set("\u00ae\u2122\u00a9\u00b0\u2103\u2109")  # (R), TM, (C), degrees: common on labels
# a list cut short or with gaps: an ellipsis anywhere ("(...)", "[...]", ". . ."), "????", a replacement
# character, an item of symbols only, or a list ending in "&" (review 14 of module 03, A2)
_CUT_SHORT = re.compile(
    r"(?<!\.)\.{3}(?!\.)|(?<!\u2026)\u2026(?!\u2026)|\.[ \t]\.[ \t]\.|\?{2,}|\ufffd|&[ \t]*$"
    r"|(?:^|[,;])[ \t]*([^\w\s,;()]+|\u00bf\?)[ \t]*(?=[,;]|$)",
    re.MULTILINE,
)
# an amount with no name: "10%", "(2% w/w)", "40 mg", "2.5 mg/g", "5 g/100 g", "1 IU" (review 16, A3)
_LONE_AMOUNT = re.compile(
    r"(?:^|[,;\n])[ \t]*\(?[<>~]?\d+(?:[.,]\d+)?[ \t]*(?:%|mg|mcg|g|ml|iu)(?![a-z])"
    r"(?:[ \t]*/[ \t]*(?:\d+[ \t]*)?(?:g|ml|kg|l)(?![a-z]))?(?:[ \t]*\(?(?:w/w|w/v|v/v|m/m)\)?)?\)?[ \t]*(?=[,;.\n]|$)",
    re.IGNORECASE,
)


def unclear_marks(text: str) -> list[str]:
    """Signs that part of a label is missing or unreadable: a list cut short ("Potassium Sorbate, ..."), a
    replacement character or "????", a run of boxes or a picture. The report lists them as could not be
    checked, so it cannot say "Nothing flagged" (review 13 of module 03, A4). One bullet between items is fine.

    >>> unclear_marks("Aqua, Carbomer, Phenoxyethanol..."), unclear_marks("Aqua \u25cf Carbomer\u00ae")
    (['...'], [])
    """
    found = [(m.group(0).strip(" \t\n").lstrip(",; \t") or m.group(0).strip()) for m in _CUT_SHORT.finditer(text)]
    symbols = re.finditer(r"[^\w\s]{2,}|[^\x00-\uffff]|[\ue000-\uf8ff\ufffd]", text)  # runs, emoji, private use
    found += [m.group(0) for m in symbols if any(_odd(c) for c in m.group(0))]
    return list(dict.fromkeys(f for f in found if f))[:5]


def _odd(c: str) -> bool:
    return c not in _MARKS_OK and unicodedata.category(c) in ("So", "Co", "Cn")


def lone_amounts(text: str) -> list[str]:
    """Amounts standing alone as items ("Aqua, Carbomer, 10%"): a name may be missing (review 13, A4)."""
    text = re.sub(r"(\d),(\d)", r"\1.\2", text)  # a decimal comma is not a separator
    return [m.group(0).strip(" ,;\n\t()") for m in _LONE_AMOUNT.finditer(text)]


class Prepared(NamedTuple):
    pasted: str  # as pasted, padding shrunk: what the safety net reads
    text: str  # the same with general oil advice set aside: what is parsed
    advice: list[str]  # the sentences set aside
    unclear: list[str]  # signs of a cut-short or unreadable label
    lone: list[str]  # amounts with no name, unless a reader attaches them to one
    cut: bool  # the paste was longer than could be read at all


def prepare(value: object, scan: int, read: int) -> Prepared:
    """A learner's paste made ready to read: text of any type, padding shrunk (nothing pushed out of
    reach), general oil advice set aside, and signs of a cut-short label found."""
    raw = as_text(value)
    pasted = collapse_padding(raw[: 10 * scan])[:scan]
    text, advice = set_aside_oil_advice(pasted)
    unclear = unclear_marks(pasted)
    if len(pasted) <= read and re.search(r"[,;/(\u2013\u2014][ \t\n]*\Z", pasted):  # cut off mid-list (16, A5)
        unclear.append(pasted.rstrip()[-1])
    return Prepared(pasted, text, advice, unclear, lone_amounts(pasted), len(raw) > 10 * scan)


def named_oils(advice: list[str]) -> list[str]:
    """Oils named one by one in text set aside as advice ("Do not use with oils, Coconut Oil", "Do not use
    jojoba oil with condoms"): the label may list them, so they flag, to be safe. Classes, the usual examples
    of advice (petroleum jelly, lotions) and examples after "such as" or "e.g." do not (review 17,
    A1; review 21, A3: any "<name> oil", not only the names in the data)."""
    usual = {"petroleum jelly", "vaseline", "massage oil", "cooking oil", "body oil", "lotion", "lotions"}
    classes = {"any", "other", "all", "based", "these", "those", "the", "with", "no", "of", "or", "and", "vegetable"}
    classes |= {"never", "not", "avoid", "use", "using", "without", "free", "unlike", "as", "silicone", "contain"}
    found = []
    for said in advice:
        said = re.sub(r"(?:such as|like|e\.?\s?g\.?|including)[^.;!?]*", " ", fold(said))  # examples of advice
        quiet = usual | ({"baby oil"} if re.search(r"latex|condom", said) else set())  # the usual condom advice
        found += [n for n in oil_names_in(said) if n not in quiet]
        found += [
            m.group(0)
            for m in re.finditer(r"(?<![\w-])([^\W\d][\w]*)[ \t]+oils?(?![\w-])", said)
            if m.group(1) not in classes and m.group(0) not in quiet and not m.group(1).endswith("-based")
        ]
    return list(dict.fromkeys(found))


def advice_hits(advice: list[str], mentioned) -> dict[str, list[str]]:
    """The report's first hits: oils named one by one in set-aside advice, flagged to be safe."""
    oils = named_oils(advice)
    return {"oil": [mentioned(name) for name in oils]} if oils else {}
