"""Module 03, the label reader's claims: where a claim item's negated object ends and the rest begins.

"Free from X with Y" negates X only; "X-free Y" negates X; "Non greasy lidocaine gel" negates "greasy";
"Lidocaine / paraben-free" negates parabens, and the lidocaine before it is an ordinary item.
"""

from __future__ import annotations

import re

from coursekit.topics.lubrication.label_words import _classify_plain, _exact, _key, fold
from coursekit.topics.lubrication.logic import normalise


def _claim_split(reader: dict, key: str) -> tuple[str, str] | None:
    """(negated text, the rest) for a claim item, or None when the item is not a claim.

    "free from X, Y" and "no X" negate all that follows; "X-free Y" negates only X, and Y is an
    ordinary item ("Paraben-free numbing gel" still names a numbing gel)."""
    opener = reader["claim_start"].match(key)
    if opener:  # "Free from parabens with lidocaine": the claim stops at "with"
        negated = key[opener.end() :]
        if reader["claim_single"].match(key):  # one-word openers (reviews 2 and 3 of module 03, A1)
            return _single_split(reader, key[: opener.end()], negated)
        stop = reader["claim_stop"].search(negated)
        split = (negated[: stop.start()], negated[stop.end() :]) if stop else (negated, "")
        described = _described(reader, split[0])  # "Sin olor lidocaína", "Without alcohol mineral oil"
        return (described[0], f"{described[1]} {split[1]}".strip()) if described else split
    hyphen = reader["claim_hyphen"].match(key)
    if hyphen:  # "Non-greasy benzocaine gel" negates "greasy" only; benzocaine is an ordinary item
        return hyphen.group(1), key[hyphen.end() :]
    end = reader["claim_end"].match(key)
    if end:
        return _end_split(reader, end.group(1))
    free = reader["claim_free"].search(key)
    if free:
        return free.group(1) or free.group(2), f"{key[: free.start()]} {key[free.end() :]}"
    return None


def _end_split(reader: dict, head: str) -> tuple[str, str]:
    """(negated text, the rest) for an item ending in "free": "Lidocaine paraben-free", "Mineral Oil /
    sugar-free" negate only the last word, and the flagged name before it is an ordinary item (review 7 of
    module 03, A2); "mineral oil-free" and "fragrance and paraben free" negate the whole."""
    match = re.match(r"^(.*?)[\s/:*|]+([^\s/:*|]+)$", head)
    if not match or re.search(r"(?:\b(?:and|or|nor|und|oder|et|ou|y|e|o)|[&,+])$", match.group(1)):
        return head, ""
    before = normalise(match.group(1).strip(" /:*|"))
    if _exact(reader, _key(f"{before} {match.group(2)}")) or not before:
        return head, ""  # "mineral oil-free": one name
    return (match.group(2), before) if _classify_plain(reader, before, before)[0] & _FLAGGED else (head, "")


# One-word openers that describe the product rather than negate what follows: "Unscented lidocaine
# cream" is a lidocaine cream, and "Unscented: Glycerin, Aqua" a list.
_DESCRIBES = re.compile(r"^(?:unscented|unflavou?red|tasteless|neutral (?:in )?taste)\b")


# Kinds the checker flags or asks about: a word in front of one of them is a description, not a claim.
_FLAGGED = {"numbing", "spermicide", "oil", "humectant", "flavour", "warming", "caution"}


def _described(reader: dict, negated: str) -> tuple[str, str] | None:
    """(first word, the rest) when ``negated`` is an unknown word before a flagged name ("greasy
    mineral oil", "alcohol lidocaine 4%"), so only the word is negated; None when it is one name
    ("mineral oil"), a generic oil word ("added oils"), or the first word is itself flagged."""
    first, _, rest = negated.partition(" ")
    if not rest or reader["generic_oil"].match(negated):
        return None
    if re.match(r"(?:or|and|nor|ni|y|o|e|et|ou|und|oder|&)\b", rest):
        return None  # "parabens or glycerin": the claim's own list, not a description
    words = negated.split()
    if any(_exact(reader, " ".join(words[:n])) for n in range(2, len(words) + 1)):
        return None  # it starts with a name: "mineral oil and petrolatum"
    if _classify_plain(reader, first, first)[0] & _FLAGGED:
        return None
    return (first, rest) if _classify_plain(reader, rest, rest)[0] & _FLAGGED else None


def _single_split(reader: dict, opener: str, negated: str) -> tuple[str, str]:
    """(negated text, the rest) after a one-word opener. "Unscented" negates nothing else; "No",
    "Non" and "Zero" negate what follows, unless a flagged name comes after another word: "Non greasy
    lidocaine gel", "No mess mineral oil" name the product ("No lidocaine" negates it)."""
    if _DESCRIBES.match(opener):
        return "", negated
    return _described(reader, negated) or (negated, "")


_OPENER = r"(?:free (?:from|of)|contains no|without|sin|sans|ohne|senza|libre de)"
_WORD = r"[^\W\d](?:[\w'-]*[^\W_])?"  # never ends in a hyphen: "lidocaine-free" is "lidocaine" + "free"
_WORDS = rf"(?!(?:and|but|or|only)\b){_WORD}(?:[ \t](?!(?:and|but|or|only)\b){_WORD}){{0,3}}?"
# between a claim and its answer: any spaces, line breaks, table bars, colons, dashes, "A:" (review 19, A1, A3)
_GAP = r"[\s|:?=\-\u2013\u2014()]*(?:a:[\s]*)?(?:unfortunately|sadly)?[\s,]*"
# a "no" that answers, standing alone: not "No added oils" (review 19, B2)
_NO = (
    r"(?:no|nein|non|nope|false|wrong|n\u00e3o|nee|nej|nie|not this one|\u2717|\u2718|\u274c)"
    r"(?=[ \t]*(?:[.!,;:|\n)]|$))"  # "Oil-free? No: coconut oil" answers too (review 22, A1)
)
_YES = r"(?:yes|ja|oui|s\u00ed|si|\u2713|\u2714)(?=[ \t]*(?:[.!,;|\n)]|$))"
_NOT = r"(?:is[ \t]+not|isn't|is[ \t]+n't|not)[ \t]+(?:an?[ \t]+)?(?:(?:100%|completely|entirely|totally)[ \t]+)?"
_DENIED = [  # a "free" claim the label denies says the product has it (review 18 of module 03, A1, A2)
    re.compile(rf"(?<![\w-])(?:it[ \t]+)?{_NOT}({_WORDS})[- \t]?free(?:[ \t]+product)?(?![\w-])"),
    re.compile(rf"(?<![\w-]){_NOT}{_OPENER}[ \t]+({_WORDS})(?=[ \t]*(?:[.,;:!?(\n]|$))"),
    re.compile(r"(?<![\w-])nicht[ \t]+([^\W\d][\w]*?)-?frei(?![\w-])"),
    re.compile(rf"(?<![\w-])(?:q:[ \t]*)?(?:is[ \t]+it[ \t]+)?{_OPENER}[ \t]+({_WORDS})[ \t]*{_GAP}{_NO}"),
    re.compile(rf"(?<![\w-])(?:q:[ \t]*)?(?:is[ \t]+it[ \t]+)?({_WORDS})[- \t]?(?:free|frei){_GAP}{_NO}"),
]
_DENIED += [
    # "✗ Lidocaine-free", "[ ] Oil-free": a cross or an empty box before the claim (review 20, A1)
    re.compile(rf"(?:[\u2717\u2718\u274c\u2715\U0001f6ab]|\[[ \t]\])[ \t]*({_WORDS})[- \t]?(?:free|frei)(?![\w-])"),
    # "Free from parabens, but not oil", "neither lidocaine-free nor oil-free" (review 20, A2, A3)
    re.compile(rf"(?<![\w-])(?:but|except)[ \t]+not[ \t]+({_WORDS})(?=[ \t]*(?:[.,;!?\n]|$))"),
    re.compile(rf"(?<![\w-])(?:neither|nor)[ \t]+({_WORDS})[- \t]?free(?![\w-])"),
    # "Non-numbing? No.", "Non-oily: No": a denied "non-" claim (review 20, A5; B1)
    re.compile(rf"(?<![\w-])non-?[ \t]?({_WORD}){_GAP}{_NO}"),
]
_AFFIRMED = re.compile(rf"(?<![\w-])({_WORDS}[- \t]?(?:free|frei))[ \t]*[?:|][ \t]*{_YES}")


def denied_claims(text: str) -> str:
    """ "Lidocaine-free? No.", "Not oil-free", "Oil-free: no", "Nicht lidocainfrei": read as "contains X";
    "Lidocaine-free: Yes" is the plain claim (review 19, B4). Web hyphens are plain hyphens here (19, A2).

    >>> denied_claims("lidocaine-free? no. aqua"), denied_claims("not oil-free. aqua")
    ('contains lidocaine. aqua', 'contains oil. aqua')
    """
    text = re.sub("[\u2010\u2011]", "-", text)
    for pattern in _DENIED:
        text = pattern.sub(lambda m: "contains " + m.group(1), text)
    return _AFFIRMED.sub(lambda m: m.group(1), text)


_OPENERS_WITH_NOT = re.compile(r"do(?:es)? not contain|doesn't contain|not (?:for use|compatible|suitable) with")
# signs on a line that a claim is denied or contrasted: "but not", ", not", "except", "neither ... nor", a
# cross, "? No", "Unfortunately not" (review 20, A2-A4), "no longer", "formerly" (review 21, A1, A2)
_DENIAL = re.compile(
    r"(?<![\w-])(?:but[ \t]+not|except|neither|nor|no[ \t]+longer|formerly|previously|used[ \t]+to[ \t]+be"
    r"|not[ \t]+any[ \t]?more)(?![\w-])|(?<![\w-])not[^.;\n]{0,30}?-?free(?![\w-])|[,;\u2013][ \t]*not(?![\w-])"
    r"|[?:|][ \t]*(?:unfortunately[ \t]+)?(?:no|nope|nein|not|negative|wrong)(?![\w-])"
    r"|[\u2717\u2718\u274c\u2715\U0001f6ab]|\[[ \t]\]"
)


def denied_near(text: str, name: str) -> bool:
    """Whether a line that names ``name`` also denies or contrasts a claim: a hazard the reader took as
    claimed absent is then flagged instead, to be safe (review 20 of module 03, A2-A4)."""
    key = fold(name)
    for line in fold(text).splitlines():
        if key in line and _DENIAL.search(_OPENERS_WITH_NOT.sub(" ", line)):
            return True
    return False
