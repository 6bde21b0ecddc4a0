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

import re

from coursekit.topics.lubrication.label_words import fold

__all__ = ["as_text", "not_negated", "set_aside_oil_advice"]

_OIL = (
    r"(?:(?:any |other |all )?(?:oil[- ]based|oil based|petroleum[- ]based) (?:lubricants?|lubes?|products?|creams?)"
    r"|(?:baby |mineral |massage |cooking |kitchen |vegetable )?oils?|petroleum jelly|petrolatum|vaseline"
    r"|(?:body )?lotions?)"
)
_OILS = rf"{_OIL}(?:(?:\s*,\s*|\s+(?:and|or|and/or)\s+|\s*,\s*(?:and|or)\s+){_OIL})*"
_HEAD = r"(?:(?:warnings?|caution|important|note|tip)\s*:?\s*)?(?:remember that\s+|please\s+)?"
_LATEX = (
    r"(?:natural rubber\s+|the\s+)?(?:latex|polyisoprene|condoms?)"
    r"(?:\s+(?:condoms?|gloves?|dams?|barriers?|products?))?"
)
_HARM = r"(?:damages?|weakens?|degrades?|dissolves?|breaks? down|harms?|destroys?)"
_MAY = r"(?:can |may |will |could |might |do )?"
# what may follow the oils in a piece of advice: "with latex condoms", ", which damage latex", "as they weaken condoms"
_TAIL = (
    rf"(?:\s*,?\s*(?:with|on)\s+{_LATEX}(?:\s+or\s+{_LATEX})*)?"
    rf"(?:\s*,?\s*(?:which|as (?:they|these|it)|because (?:they|these|it)|they|these)\s+{_MAY}{_HARM}\s+{_LATEX})?"
)
_ADVICE = re.compile(
    rf"{_HEAD}(?:(?:do not|don't|never|avoid)\s+(?:(?:use|using|combine|combining|mix|mixing|contact)\s+"
    r"(?:(?:it|this|this product|this lubricant|together)\s+)?(?:with|alongside)\s+)?"
    r"|not (?:to be used|for use) with\s+)"
    rf"{_OILS}{_TAIL}"
)
_GENERAL = re.compile(
    rf"{_HEAD}{_OILS}\s+{_MAY}(?:{_HARM}\s+{_LATEX}|cause\s+(?:latex\s+)?condoms?\s+to\s+(?:break|tear|split|fail))"
)
# a closing phrase that only contrasts the product with oils: "Condom safe, unlike oils."
_CONTRAST = re.compile(rf",\s*(?:unlike|never|not)\s+(?:with\s+)?{_OILS}\s*(?=[.!?;\n]|$)")
_CONTRAST_PASTED = re.compile(_CONTRAST.pattern, re.IGNORECASE)  # on the text as pasted (the oil words are ASCII)
# The product speaking of itself: never set aside ("contains mineral oil, which may damage latex").
_SELF = re.compile(
    r"(?<![\w-])(?:contains?|containing|made with|formulated with|based on|with added|enriched)(?![\w-])"
)
# a sentence ends at . ! ? ; followed by a space or the end, or at a line break: "12.5%" is one number
_SENTENCE = re.compile(r"(?:[^.!?;\n]|[.!?;](?=[^\s.!?;]))+")
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

    def blank(match: re.Match) -> str:
        said = match.group(0).strip()
        folded = _CONTRAST.sub("", fold(said).strip())
        if _SELF.search(folded) or not (_ADVICE.fullmatch(folded) or _GENERAL.fullmatch(folded)):
            return match.group(0)
        aside.append(said)
        return " " if match.group(0).startswith(" ") else ""

    text = _SENTENCE.sub(blank, text)
    for m in reversed(list(_CONTRAST_PASTED.finditer(text))):  # "Condom safe, unlike oils." keeps "Condom safe"
        aside.append(m.group(0).strip(" ,"))
        text = text[: m.start()] + text[m.end() :]
    return text, aside


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
