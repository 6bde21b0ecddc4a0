"""Module 03, the label reader's first step: split a pasted label into items, in order, with their section.

Headings ("Inactive ingredients:", "Warnings") mark sections; amounts, grades and bracketed notes are
removed; "free from" sentences are marked as claims. Pure functions, no widgets.
"""

from __future__ import annotations

import re

from coursekit.topics.lubrication.label_claim_split import denied_claims
from coursekit.topics.lubrication.label_claims import _kind_word, analyse, states_presence
from coursekit.topics.lubrication.label_net import strip_tags
from coursekit.topics.lubrication.label_words import (
    _FLAG_OF_KIND,
    _exact,
    _family_hits,
    _key,
    _reader,
    _sub_folded,
    clean_text,
    fold,
)
from coursekit.topics.lubrication.logic import normalise

_AMOUNT = re.compile(  # spaces only: a line break next to an amount is still a separator
    r"\(? *(?:[<>≤≥~]=? *)?(?<![\d.])(?:\d+(?:\.\d+)? *[-–] *)?\d+(?:\.\d+)? *(?:%|(?:mg|mcg|µg|g|ml|iu)(?!\w))"
    r"(?: */ *(?:g|ml|kg|l|w|v)(?!\w))?(?: *(?:w/w|w/v|v/v|m/m))? *\)?"
    r"|(?<!\w)(?:w/w|w/v|v/v|m/m)(?!\w)"
)
# Japanese and Arabic commas, "+", and a dash with a space on each side separate items too (A1).
_SEPARATORS = re.compile(
    r"[,;!\n\r\t•·●▪‣◦∙|、，،؛+]+|(?<!\d)\.|\.(?!\d)|\s(?:and|und|et|&|и)\s|\(and\)|\s[-‐‑–—]+(?=\s)"
)
_HYPHENS = "-\u2010\u2011\u2013"  # hyphen, Unicode hyphen, non-breaking hyphen, en dash
_SECTION = "\ue000"  # marks a heading inside the text while splitting (private use: never in cleaned text)


_STRONG = re.compile(r"[\n\r!?]+|(?<!\d)\.|\.(?!\d)")
MAX_JOINS = 60  # hyphenated line breaks tried in one item; more are read as separate items
MAX_CUTS = 40  # "or", "/" and the like looked at in one claim item (time bound; the net still scans it)
_BRACKETED_GRADE = r"\(\s*(?:{})\s*\)"


def _segments(text: str) -> list[tuple[str, str, str, bool | str]]:
    """(section, item, context, first after a heading) in label order. Section is 'ingredients',
    'active', 'instructions' or 'warnings'; context is 'claim' for items inside a "free from" or
    "not compatible with" sentence ('claim list' after the claim's first item: the ingredient list
    may already have begun), 'warnings' in warnings and directions ('warnings if' from a condition
    such as "stop use if" to the sentence's end), else ''. The last field is True for the first item
    after a heading, RESTART for water opening a later sentence of the same list, else False."""
    reader = _reader()
    # pasted HTML: entities decoded before invisible characters go ("Paraf&shy;finum"), inline tags
    # dropped ("Benzyl <b>Alcohol</b>"), other real tags are separators
    text = clean_text(strip_tags(clean_text(text), inline=""))
    text = re.sub(r"(?<![\w.])ol\.\s*(?=\w)", "oleum ", text, flags=re.IGNORECASE)  # "Ol. Ricini"
    text = re.sub(rf"(\d)[ \t]*[{_HYPHENS}][ \t]*\n\s*(?=\d)", r"\1-", text)  # "Glycerin 2-\n5%": a range
    # a hyphen at a line's end: "Lido-\ncaine" is one word, but "A-\nParaffinum liquidum" two items;
    # a dash with a space before it ("Aqua -\nGlycerin") separates items
    text = re.sub(rf"(?<=\S)[{_HYPHENS}][ \t]*\n\s*", LINE_JOIN, text.casefold())
    text = re.sub(rf"(?<![\w-])free[ \t{_HYPHENS}]*base(?!\w)", "freebase", text)  # a salt form, not a claim (12, A1)
    # "Free from glycerin w/ coconut oil" (14, A1); "1% w/w" and "w/v" stay units
    text = re.sub(r"(?<![\w/])w/(?![wv]\b)(?=[ \t]*[^\W\d])", "with ", text)
    # a dash with no spaces between words separates them ("Free from parabens\u2014Lidocaine"): INCI names use
    # only the ASCII hyphen; before a numbing name even that one does ("Parabens-Lidocaine", review 13, A2)
    text = re.sub(r"(?<=[^\W\d])[\u2012-\u2015\u2212\u2e3a\ufe58\ufe63\uff0d](?=[^\W\d])", " \u2013 ", text)
    text = re.sub(r"(?<=[^\W\d]{3})-(?=(?:lido|ligno|benzo|tetra|prilo|dibu|pramo)[^\W\d]*ca[iy]?n)", " \u2013 ", text)
    text = re.sub(r"(\d),(\d)", r"\1.\2", text)  # a decimal comma is not a separator
    text = _none_or_all_as_claims(denied_claims(text))
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
        before = re.search(r"([\w'-]+)[ \t]+$", match.string[: match.start()])
        if (
            ":" not in match.group(0)
            and before
            and _kind_word(reader, before.group(1))
            and word in ("ingredients", "ingredient")
        ):
            return match.group(0)  # "free from parabens, numbing ingredients": a class in a claim, not a heading
        line = match.string[: match.start()].rsplit("\n", 1)[-1]
        if word in ("purpose", "purposes") and re.search(r"active\s+(?:ingredients?|substances?)\W*$", line):
            return " "  # "Active ingredient  Purpose": a Drug Facts column header, still the active part (12, B2)
        return f"\n{_SECTION}{sections.get(word, 'ingredients')}\n{note}\n"

    text = _sub_folded(reader["headings"], mark, text)
    out, section, new, first = [], "ingredients", True, 0
    stops = [None, *_STRONG.findall(text)]  # the mark before each sentence
    watered = period = False  # water already read since the last heading; a full stop since the last item
    tail = ""  # the last mark of the last sentence with text in it
    for sentence, stop in zip(_STRONG.split(text), stops, strict=True):
        claim = iffy = False
        period = period or (stop is not None and not re.search(r"[\n\r]", stop))  # ".\n" is still one
        parts = [part for piece in _SEPARATORS.split(sentence) for part in unbreak(piece)]
        many = sum(1 for part in parts if re.search(r"\w", part)) > 1
        # A sentence that may start the list again: after a full stop, or a line of two or more items
        # after a line that did not end in a comma (review 8 of module 03, B2: "Aloe Vera · Vitamin E\nGlycerin, Aqua")
        opening = period or (stop is not None and many and tail not in ",;")
        if sentence.strip():
            period, tail = False, sentence.rstrip()[-1:]
        for n, raw in enumerate(_stated(reader, _claim_colon(reader, _product_colon(parts, section)))):
            raw = raw.strip()
            if raw.startswith(_SECTION):
                section, new, watered = raw[1:], True, False
                continue
            ends = raw.startswith(_CLAIM_END)
            item = normalise(raw.lstrip(_CLAIM_END).replace("\u2215", "/"))
            if not item or not re.search(r"\w", item):
                continue
            key = _key(item)
            water = _exact(reader, key) == "water"
            wet = "humectant" in reader["kinds"].get(_exact(reader, key) or "", set()) and many
            if opening and out and not new and section == "ingredients" and (water and not watered or wet):
                new = RESTART  # "Aloe vera & vitamin E. Aqua, Glycerin": the list starts again here
            opening, watered = False, watered or water
            if ends:  # "Free from parabens: Aqua, Glycerin": the list starts after the claim's colon
                claim = False
            elif n == 0 or not out:
                claim = bool(reader["claim_start"].match(key)) and not reader["claim_single"].match(key)
                first = len(out)
            elif claim and re.match(r"contains\s+(?!no\b|not\b)", key):  # "...; contains Aqua, Tetracaine"
                claim, item = False, normalise(re.sub(r"^\W*contains\s+", "", item))
            elif claim and "base" in reader["kinds"].get(_exact(reader, key) or "", set()):
                claim = False  # "Free from parabens, Aqua, Glycerin": the list has begun
            elif claim and reader["stop_start"].match(key):  # "Free from parabens, with oils": the claim ends
                words = len(reader["stop_start"].match(key).group(0).split())  # "other than" is two words
                claim, item = False, normalise(" ".join(item.split()[words:]))
            elif claim and states_presence(item):  # "Free from parabens, oil-based": says what it is
                claim = False
            iffy = iffy or (section == "warnings" and bool(reader["conditional"].search(key)))
            # "Warnings: stop use if you feel burning, numbness or pain": the condition runs to the full stop (B2)
            context = "claim" if claim else ("warnings" if section == "warnings" else "")
            context = "warnings if" if context == "warnings" and iffy else context
            if claim and len(out) > first:  # "Free from parabens, Glycerin, ...": the list may have begun (A3)
                context = "claim list"
            out.append((section, item, context, new))
            new = False
    return out


def split_label(text: str) -> list[str]:
    """The label's items in order (headings removed).

    >>> split_label("Ingredients: Aqua (Water), Glycerin 20%; Carbomer")
    ['aqua (water)', 'glycerin', 'carbomer']
    """
    return [segment[1] for segment in _segments(text)]


RESTART = "restart"  # the 4th field of a segment: the count of places starts again, in the same section

# "0% parabens", "Fragrance 0%": an amount of nothing is a claim, not an ingredient (review 7 of module 03, A1)
_ZERO = r"(?<![\d.])0+(?:\.0+)?[ \t]*%"


def _none_or_all_as_claims(text: str) -> str:
    """Read "0% parabens" and "parabens 0%" as "parabens-free", and ", 100% oil" as ", with oil"
    (casefolded text).

    >>> _none_or_all_as_claims("0% parabens, fragrance 0%, aqua, glycerin 10%")
    'parabens-free, fragrance-free, aqua, glycerin 10%'
    """
    # "..., 100% oil": all of it, said after another item, is what the product is (review 8 of module 03, B1)
    text = re.sub(r"(?<=[,;] )100(?:\.0+)?[ \t]*%[ \t]*(?=[^\W\d])(?![\w-]*[- ]?free(?!\w))", "with ", text)
    # "Glycerin and paraben free." opening a sentence: both are claimed; "... is free of X": the claim
    # starts at "free" (review 9 of module 03, B3). Mid-list ("Aqua, Lidocaine and paraben free") stays.
    text = re.sub(
        r"(^|[.!?;\n][ \t]*)([^\W\d][\w-]*)[ \t]+(?:and|&)[ \t]+([^\W\d][\w-]*)[- ]free(?!\w)",
        r"\1\2-free, \3-free",
        text,
    )
    # "... is free of X", "White petrolatum free of PAHs": the claim starts at "free" and negates only what
    # follows it; the name before it is read as it stands (review 12 of module 03, A2)
    text = re.sub(r"(?<=[^\W\d])[ \t]+(?=free[ \t]+(?:of|from)(?!\w))", ". ", text)
    if not re.search(_ZERO, text):
        return text
    # A name with 0% is one item, read as "X-free" (which negates only X, also inside a "/" list), and never
    # run back over a separator ("Aqua / Lidocaine / Parabens 0%"; review 11 of module 03, A1). Bounded, so
    # no scan to the end of a long line from every word.
    sep = r"[,;/|+\n\t\u00b7\u2022]|[ \t][-\u2013][ \t]"
    name = r"[^\W\d](?:(?![ \t][-\u2013][ \t])[^\n,;:.()%\d/|+\t\u00b7\u2022]){0,60}?"
    zero = rf"{_ZERO}(?![ \t]*(?:[-\u2013\u2014][ \t]*\d|to[ \t]*\d))"  # "0%-4%" is a range, not a claim (13, A3)
    word = r"[^\W\d][\w'-]*"  # "0% alcohol lidocaine": the claim is one word, what follows is read as it stands
    end = rf"(?=[ \t]*(?:{sep}|[:.)]|$))"  # "Parabens 0%" only before a separator: "Benzocaine 0% Parabens" (15, A1)

    def free(match: re.Match) -> str:  # a zero never turns a drug or an oil into a claim: flagged to be safe
        return match.group(0) if _hazard(match.group(3)) else f"{match.group(1)}{match.group(2)}{match.group(3)}-free"

    text = re.sub(rf"(^|{sep}|\(|[ \t])([ \t]*){zero}[ \t]*({word})", free, text)  # "0% parabens"
    return re.sub(rf"(^|{sep}|\()([ \t]*)({name})[ \t]*[:\-\u2013]?[ \t]*{zero}{end}", free, text)


def _hazard(name: str) -> bool:
    """Whether a name is a numbing agent, a spermicide or an oil, by its exact name or its family."""
    reader, key = _reader(), _key(name)
    found = _exact(reader, key)
    if found and reader["kinds"].get(found, set()) & {"numbing", "spermicide", "oil"}:
        return True
    return any(_family_hits(reader, family, key, key) for family in ("numbing", "spermicide", "oil"))


LINE_JOIN = "\ue001"  # marks a hyphen at a line's end while splitting (private use: never in cleaned text)
_FAMILY_FINDS = ("numbing", "spermicide", "oil", "flavour", "warming")  # found through one word only
_CLAIM_END = "\ue002"  # marks the first item after a claim's colon (private use: never in cleaned text)


def _claim_colon(reader: dict, parts: list[str]) -> list[str]:
    """Split "free from parabens: aqua" at the colon: the claim, then the first item of the list (B4).

    "Free from: glycerin" (nothing between opener and colon) stays one claim list."""
    for n, part in enumerate(parts):
        if part.strip().startswith(_SECTION) or not part.strip():
            continue
        head, colon, tail = part.partition(":")
        opener = reader["claim_start"].match(_key(head))
        if colon and tail.strip() and opener and _key(head)[opener.end() :].strip(" -"):
            return [*parts[:n], head, _CLAIM_END + tail, *parts[n + 1 :]]
        if opener and not colon:  # "Free from parabens and fragrance: aqua": the colon ends a later part
            for m in range(n + 1, len(parts)):  # (review 10 of module 03, B2); a spaced dash works so too (12, A3)
                found = re.search(r":|[ \t][-\u2013\u2014][ \t]", parts[m])
                if found:
                    head, tail = parts[m][: found.start()], parts[m][found.end() :]
                    return [*parts[:m], head, _CLAIM_END + tail, *parts[m + 1 :]] if tail.strip() else parts
        return parts
    return parts


# "Water-based lubricant: Glycerin, ...": a short product description ending in a colon (B5).
_PRODUCT_COLON = re.compile(
    r"^\s*((?:[^\W\d][\w'-]*\s+){0,4}(?:gel|gels|lube|lubes|lubricant|lubricants|lubrifiant|lubricante|gleitgel"
    r"|cream|creme|crème|lotion|formula|spray|serum|liquid))\s*:(?=\s*\S)"
)


def _product_colon(parts: list[str], section: str) -> list[str]:
    """Split "water-based lubricant: glycerin" into the description, then the list as if after a heading:
    the first ingredient is read, and counted first. Not in warnings or directions ("apply the gel: ...")."""
    out = []
    for part in parts:
        section = part.strip()[1:] if part.strip().startswith(_SECTION) else section
        match = _PRODUCT_COLON.match(part) if section in ("ingredients", "active") else None
        out += [match.group(1), f"{_SECTION}ingredients", part[match.end() :]] if match else [part]
    return out


def _stated(reader: dict, parts: list[str]) -> list[str]:
    """In a claim sentence, end an item where a later part says what the product is: "free from
    parabens / oil-based" and "sin parabenos y anestésico" read like "free from parabens, oil-based"."""
    first = next((p.strip() for p in parts if p.strip() and not p.strip().startswith(_SECTION)), "")
    if not reader["claim_start"].match(_key(first)):
        return parts
    out = []
    for part in parts:
        cuts = list(reader["claim_parts"].finditer(part))[:MAX_CUTS]
        ends = [m.start() for m in cuts[1:]] + [len(part)] if cuts else []
        # a class head noun anywhere after a cut ("or warming agents") makes the rest one class
        heads = [bool(reader["list_heads"].search(_key(part[m.end() : e]))) for m, e in zip(cuts, ends, strict=True)]
        for n in range(len(heads) - 2, -1, -1):
            heads[n] = heads[n] or heads[n + 1]
        for match, end, head in zip(cuts, ends, heads, strict=True):
            if states_presence(part[match.end() : end], head):
                out += [part[: match.start()], part[match.end() :]]
                break
        else:
            out.append(part)
    return out


def unbreak(piece: str) -> list[str]:
    """Undo a hyphenated line break, one break at a time: join the two sides (without the hyphen,
    then with it: "Coco-\ncaprylate") when the joined text is a name the course knows, or names a
    flagged kind that neither side names alone; else read them as separate items.

    Joining blindly would glue a real name to whatever ended the line before it ("A-" and
    "Paraffinum liquidum" read as one unknown word), so an unknown join is read as separate items.
    """
    if LINE_JOIN not in piece:
        return [piece]
    if piece.count(LINE_JOIN) > MAX_JOINS:  # time bound (C1): the safety net still reads joined lines
        return piece.split(LINE_JOIN)
    out = []
    for part in piece.split(LINE_JOIN):
        joined = _join(out[-1], part) if out else None
        if joined is None:
            out.append(part)
        else:
            out[-1] = joined
    return out


def _join(left: str, right: str) -> str | None:
    reader = _reader()
    tries = [left.rstrip() + right.lstrip(), left.rstrip() + "-" + right.lstrip()]
    for joined in tries:  # the whole joined text is a known name or a whole "not oil" exception
        found = analyse(normalise(joined), "")[2]
        if _exact(reader, _key(normalise(joined))) or found not in (None, "claim", *_FAMILY_FINDS):
            return joined
    flagged = set(_FLAG_OF_KIND) | {"humectant"}
    alone = [analyse(normalise(side), "") for side in (left, right) if normalise(side)]
    if any(found is not None or kinds & flagged for kinds, _, found in alone):
        return None
    for joined in tries:
        if analyse(normalise(joined), "")[0] & flagged:  # "Macadamia seed oi-\nl": still an oil
            return joined
    return None
