"""Module 03 rule: a label's general advice about oils and latex ("Oil-based lubricants can damage latex
condoms", "Do not use with petroleum jelly") is advice, not a list of what the product contains.

Water-based lubes that are safe with condoms often print such a line. Read as ingredients, it raised an
oil flag on exactly the products the course recommends (review 9 of module 03, B2). A sentence that says
the product itself has oil ("contains mineral oil, which may damage latex") is never set aside.
"""

from __future__ import annotations

import re

from coursekit.topics.lubrication.label_words import fold

__all__ = ["as_text", "set_aside_oil_advice"]

_OIL = (
    r"(?:(?:any |other |all )?(?:oil[- ]based|oil based|petroleum[- ]based) (?:lubricants?|lubes?|products?|creams?)"
    r"|(?:baby |mineral |massage |cooking |kitchen |vegetable )?oils?|petroleum jelly|petrolatum|vaseline"
    r"|(?:body )?lotions?)"
)
_OILS = rf"{_OIL}(?:(?:\s*,\s*|\s+(?:and|or|and/or)\s+|\s*,\s*(?:and|or)\s+){_OIL})*"
_HEAD = r"(?:(?:warnings?|caution|important|note|tip)\s*:?\s*)?(?:remember that\s+|please\s+)?"
_ADVICE = re.compile(
    rf"^{_HEAD}(?:do not|don't|never|avoid)\s+"
    r"(?:(?:use|using|combine|combining|mix|mixing)\s+(?:(?:it|this|this product|this lubricant|together)\s+)?"
    rf"(?:with|alongside)\s+)?{_OILS}(?![\w-])"
)
_GENERAL = re.compile(
    rf"^{_HEAD}{_OILS}\s+(?:can |may |will |could |might |do )?"
    r"(?:damages?|weakens?|degrades?|dissolves?|breaks? down|harms?|destroys?)\s+"
    r"(?:natural rubber\s+|the\s+)?(?:latex|condoms?|polyisoprene)"
)
# The product speaking of itself: never set aside ("contains mineral oil, which may damage latex").
_SELF = re.compile(
    r"(?<![\w-])(?:contains?|containing|made with|formulated with|based on|with added|enriched)(?![\w-])"
)
_SENTENCE = re.compile(r"[^.!?;\n]+")


def set_aside_oil_advice(text: str) -> tuple[str, list[str]]:
    """The text with each sentence of general oil-and-latex advice blanked out, and those sentences.

    >>> set_aside_oil_advice("Aqua, Carbomer. Oil-based lubricants can damage latex condoms.")
    ('Aqua, Carbomer. .', ['Oil-based lubricants can damage latex condoms'])
    >>> set_aside_oil_advice("Warning: contains mineral oil, which damages latex.")[1]
    []
    """
    aside: list[str] = []

    def blank(match: re.Match) -> str:
        said = match.group(0).strip()
        folded = fold(said).strip()
        if _SELF.search(folded) or not (_ADVICE.match(folded) or _GENERAL.match(folded)):
            return match.group(0)
        aside.append(said)
        return " " if match.group(0).startswith(" ") else ""

    return _SENTENCE.sub(blank, text), aside


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
