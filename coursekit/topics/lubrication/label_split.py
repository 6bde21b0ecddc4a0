"""Module 03, the label reader's first step: split a pasted label into items, in order, with their section.

Headings ("Inactive ingredients:", "Warnings") mark sections; amounts, grades and bracketed notes are
removed; "free from" sentences are marked as claims. Pure functions, no widgets.
"""

from __future__ import annotations

import re

from coursekit.topics.lubrication.label_claims import analyse
from coursekit.topics.lubrication.label_net import strip_tags
from coursekit.topics.lubrication.label_words import _exact, _key, _reader, _sub_folded, clean_text, fold
from coursekit.topics.lubrication.logic import normalise

_AMOUNT = re.compile(  # spaces only: a line break next to an amount is still a separator
    r"\(? *(?:[<>≤≥~]=? *)?\d+(?:\.\d+)? *(?:%|(?:mg|mcg|µg|g|ml|iu)(?!\w))"
    r"(?: */ *(?:g|ml|kg|l|w|v)(?!\w))?(?: *(?:w/w|w/v|v/v|m/m))? *\)?"
    r"|(?<!\w)(?:w/w|w/v|v/v|m/m)(?!\w)"
)
_SEPARATORS = re.compile(r"[,;!\n\r\t•·●▪‣◦∙|]+|(?<!\d)\.|\.(?!\d)|\s(?:and|und|et|&|и)\s|\(and\)")
_SECTION = "\ue000"  # marks a heading inside the text while splitting (private use: never in cleaned text)


_STRONG = re.compile(r"[\n\r!]+|(?<!\d)\.|\.(?!\d)")
_BRACKETED_GRADE = r"\(\s*(?:{})\s*\)"


def _segments(text: str) -> list[tuple[str, str, str, bool]]:
    """(section, item, context, first after a heading) in label order. Section is 'ingredients',
    'active', 'instructions' or 'warnings'; context is 'claim' for items inside a "free from" or
    "not compatible with" sentence, 'warnings' in warnings and directions, else ''."""
    reader = _reader()
    text = strip_tags(clean_text(text))  # pasted HTML: entities decoded, real tags are separators
    text = re.sub(r"(?<![\w.])ol\.\s*(?=\w)", "oleum ", text, flags=re.IGNORECASE)  # "Ol. Ricini"
    # a hyphen at a line's end: "Lido-\ncaine" is one word, but "A-\nParaffinum liquidum" two items
    text = re.sub(r"-[ \t]*\n\s*", LINE_JOIN, text.casefold())
    text = re.sub(r"(\d),(\d)", r"\1.\2", text)  # a decimal comma is not a separator
    text = re.sub(rf"\(\s*(?:{reader['heading_note'].pattern})\s*\)", " ", text)  # "(per 100 g)" before amounts
    text = _AMOUNT.sub(" ", text)
    text = re.sub(_BRACKETED_GRADE.format(reader["grades"].pattern), " ", text)  # "Glycerol (Ph. Eur.)"
    # a grade's own final full stop may also end the item ("Lidocaine Ph. Eur. Water"): keep it
    text = reader["grades"].sub(lambda m: " . " if m.group(0).endswith(".") else " ", text)
    for name in reader["slashed"]:  # keep "caprylic/capric triglyceride" in one piece
        text = re.sub(re.escape(name).replace("/", r"\s*/\s*"), name.replace("/", "\u2215"), text)
    sections = reader["heading_section"]

    def mark(match: re.Match) -> str:  # a bracket that is not a known heading note is read as an item
        inside = re.search(r"\(([^()]*)\)\s*:?$", match.group(0))
        word = re.sub(r"\s*(?:\([^()]*\))?\s*:?$", "", match.group(0))
        note = inside.group(1) if inside and not reader["heading_note"].fullmatch(fold(inside.group(1)).strip()) else ""
        return f"\n{_SECTION}{sections.get(word, 'ingredients')}\n{note}\n"

    text = _sub_folded(reader["headings"], mark, text)
    out, section, new = [], "ingredients", True
    for sentence in _STRONG.split(text):
        claim = False
        for n, raw in enumerate(part for piece in _SEPARATORS.split(sentence) for part in unbreak(piece)):
            raw = raw.strip()
            if raw.startswith(_SECTION):
                section, new = raw[1:], True
                continue
            item = normalise(raw.replace("\u2215", "/"))
            if not item or not re.search(r"\w", item):
                continue
            key = _key(item)
            if n == 0 or not out:
                claim = bool(reader["claim_start"].match(key)) and not reader["claim_single"].match(key)
            elif claim and "base" in reader["kinds"].get(_exact(reader, key) or "", set()):
                claim = False  # "Free from parabens, Aqua, Glycerin": the list has begun
            context = "claim" if claim else ("warnings" if section == "warnings" else "")
            out.append((section, item, context, new))
            new = False
    return out


def split_label(text: str) -> list[str]:
    """The label's items in order (headings removed).

    >>> split_label("Ingredients: Aqua (Water), Glycerin 20%; Carbomer")
    ['aqua (water)', 'glycerin', 'carbomer']
    """
    return [segment[1] for segment in _segments(text)]


LINE_JOIN = "\ue001"  # marks a hyphen at a line's end while splitting (private use: never in cleaned text)


def unbreak(piece: str) -> list[str]:
    """Undo a hyphenated line break: the joined word when the course knows it, else the parts.

    Joining blindly would glue a real name to whatever ended the line before it ("A-" and
    "Paraffinum liquidum" read as one unknown word), so an unknown join is read as separate items.
    """
    if LINE_JOIN not in piece:
        return [piece]
    joined = piece.replace(LINE_JOIN, "")
    if analyse(normalise(joined), "")[2] is not None:
        return [joined]
    return [part for part in piece.split(LINE_JOIN)]
