"""Module 03, the ingredient-label reader: split a pasted label into items, match them, flag what matters.

Safety invariant (tested): the reader never reassures about what it could not read. The headline
says "No flags." only when every item was recognised and the whole text was read; otherwise it
says how many items could not be checked, and which limits cut the text short.
"""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata
from dataclasses import dataclass

from .logic import FLAGS, load, normalise

MAX_CHARS = 5000
MAX_ITEMS = 80
SCAN_CHARS = 200_000  # beyond the part read in detail, numbing and spermicide names are still looked for
# kind of ingredient -> flag code; humectants flag only near the top of the list (see read_label)
_FLAG_OF_KIND = {
    "numbing": "numbing",
    "spermicide": "nonoxynol9",
    "oil": "oil",
    "flavour": "flavour_warming",
    "warming": "flavour_warming",
    "caution": "choose_without",
}


@dataclass(frozen=True)
class Flag:
    code: str  # one of FLAGS
    ingredients: tuple[str, ...]  # the items that raised it, as read
    message: str
    refs: tuple[str, ...]

    @property
    def ingredient(self) -> str:
        return ", ".join(self.ingredients)


@dataclass(frozen=True)
class LabelReport:
    flags: tuple[Flag, ...]  # one per flag code, most serious first
    recognised: tuple[tuple[str, str], ...]  # (as read, ingredient id or family)
    unrecognised: tuple[tuple[str, str | None], ...]  # (as read, closest known name or None)
    notes: tuple[str, ...]  # limits, what could not be checked, then the disclaimer (always last)
    limits: tuple[str, ...] = ()  # text that was never read (too long, too many items)
    instructions: tuple[str, ...] = ()  # lines read as uses, warnings or directions, not ingredients

    @property
    def codes(self) -> set[str]:
        return {f.code for f in self.flags}

    @property
    def all_checked(self) -> bool:
        """True only if there was something to read, all of it was read as ingredients, and every item was
        recognised (text read as directions or warnings was not checked as ingredients)."""
        return bool(self.recognised) and not self.unrecognised and not self.limits and not self.instructions


# ---------------------------------------------------------------------------
# Text clean-up
# ---------------------------------------------------------------------------


def clean_text(text: str) -> str:
    """Compose characters, drop invisible ones (soft hyphens, zero-width spaces, direction marks) and
    turn control characters into line breaks.

    >>> clean_text("Lido\\u00adcaine\\x00Water\\u200b")
    'Lidocaine\\nWater'
    """
    out = []
    for ch in unicodedata.normalize("NFKC", text):
        category = unicodedata.category(ch)
        if category in ("Cf", "Cs", "Co", "Cn"):
            continue
        out.append("\n" if category == "Cc" or ch in "\u2028\u2029" else ch)
    return "".join(out)


def fold(text: str) -> str:
    """Case- and accent-free form used for matching: ``fold("Lidocaïne")`` is ``'lidocaine'``."""
    text = unicodedata.normalize("NFKD", text.casefold())
    return unicodedata.normalize("NFC", "".join(c for c in text if unicodedata.category(c) != "Mn"))


def _has_accents(text: str) -> bool:
    return fold(text) != text.casefold()


@functools.cache
def _reader() -> dict:
    """Compiled patterns from the data's ``label_reader`` section and ingredient names."""
    data = load()
    spec = data["label_reader"]

    def words(entries: list[str]) -> str:
        return "|".join(sorted((re.escape(fold(e)) for e in entries), key=len, reverse=True))

    def family(entries: list[str]) -> tuple[re.Pattern | None, re.Pattern | None]:
        plain, accented = [], []
        for entry in entries:
            body = re.escape(entry.casefold().strip("*"))
            if entry.startswith("*"):
                pattern = rf"\w+{body}(?!\w)"
            elif entry.endswith("*"):
                pattern = rf"(?<!\w){body}\w*"
            else:
                pattern = rf"(?<!\w){body}(?!\w)"
            (accented if _has_accents(entry) else plain).append(pattern)
        return (re.compile("|".join(plain)) if plain else None, re.compile("|".join(accented)) if accented else None)

    headings = []
    for section, entries in spec["headings"].items():
        headings += [(fold(e), section) for e in entries]
    headings.sort(key=lambda h: len(h[0]), reverse=True)
    names: dict[str, str] = {}
    for item in data["ingredients"]:
        for name in item["names"]:
            names.setdefault(_key(name, spec), item["id"])
    return {
        "grades": re.compile(rf"(?<!\w)(?:{words(spec['grades'])})(?!\w)"),
        "headings": re.compile(
            "|".join(rf"(?<![\w-]){re.escape(h)}(?![\w-])\s*(?:\([^()]{{0,40}}\))?\s*:?" for h, _ in headings)
        ),
        "heading_section": dict(headings),
        "strip": re.compile(rf"(?<!\w)(?:{words(spec['salts'] + spec['qualifiers'])})(?!\w)"),
        "families": {name: family(entries) for name, entries in spec["families"].items()},
        "not_oil": [(re.compile(p), kind) for p, kind in spec["not_oil"].items()],
        "claim_start": re.compile(rf"^(?:{words(spec['claim_openers'])})(?!\w)\s*:?\s*"),
        "claim_free": re.compile(rf"[\w-]+[- ](?:{words(spec['claim_free'])})(?!\w)|\w+frei(?!\w)"),
        "generic_oil": re.compile(rf"^(?:{words(spec['generic_oil'])})?$"),
        "names": names,
        "kinds": {item["id"]: {item["kind"], *item.get("also", [])} for item in data["ingredients"]},
        "slashed": sorted((n for n in names if "/" in n), key=len, reverse=True),
    }


def _key(text: str, spec: dict | None = None) -> str:
    """An item as matched: folded, with grade, salt and qualifier words and stray marks removed."""
    if spec is None:
        pattern = _reader()["strip"]
    else:  # building the reader: compile once here
        pattern = re.compile(
            rf"(?<!\w)(?:{'|'.join(re.escape(fold(w)) for w in spec['salts'] + spec['qualifiers'])})(?!\w)"
        )
    text = pattern.sub(" ", fold(text))
    return normalise(re.sub(r"[*†‡®™©]", " ", text).replace("\u2215", "/"))


# ---------------------------------------------------------------------------
# Splitting
# ---------------------------------------------------------------------------

_AMOUNT = re.compile(  # spaces only: a line break next to an amount is still a separator
    r"\(? *\d+(?:\.\d+)? *(?:%|(?:mg|mcg|µg|g|ml|iu)(?!\w))"
    r"(?: */ *(?:g|ml|kg|l|w|v)(?!\w))?(?: *(?:w/w|w/v|v/v|m/m))? *\)?"
    r"|(?<!\w)(?:w/w|w/v|v/v|m/m)(?!\w)"
)
_SEPARATORS = re.compile(r"[,;\n\r\t•·●▪‣◦∙|]+|(?<!\d)\.|\.(?!\d)|\s(?:and|und|et|&|и)\s|\(and\)")
_SECTION = "\ue000"  # marks a heading inside the text while splitting (private use: never in cleaned text)


def _segments(text: str) -> list[tuple[str, str]]:
    """(section, item) pairs in label order; section is 'ingredients', 'active' or 'instructions'."""
    reader = _reader()
    text = re.sub(r"-[ \t]*\n\s*", "", clean_text(text).casefold())  # "Lido-\ncaine" is one word
    text = re.sub(r"(\d),(\d)", r"\1.\2", text)  # a decimal comma is not a separator
    text = _AMOUNT.sub(" ", text)
    # a grade's own final full stop may also end the item ("Lidocaine Ph. Eur. Water"): keep it
    text = reader["grades"].sub(lambda m: " . " if m.group(0).endswith(".") else " ", text)
    for name in reader["slashed"]:  # keep "caprylic/capric triglyceride" in one piece
        text = re.sub(re.escape(name).replace("/", r"\s*/\s*"), name.replace("/", "\u2215"), text)
    sections = reader["heading_section"]

    def mark(match: re.Match) -> str:
        word = re.sub(r"\s*(?:\([^()]*\))?\s*:?$", "", match.group(0))
        return f"\n{_SECTION}{sections.get(word, 'ingredients')}\n"

    text = _sub_folded(reader["headings"], mark, text)
    out, section = [], "ingredients"
    for raw in _SEPARATORS.split(text):
        raw = raw.strip()
        if raw.startswith(_SECTION):
            section = raw[1:]
            continue
        item = normalise(raw.replace("\u2215", "/"))
        if item and re.search(r"\w", item):
            out.append((section, item))
    return out


def _sub_folded(pattern: re.Pattern, repl, text: str) -> str:
    """Substitute ``pattern`` matched on the accent-free form of ``text``, keeping the text's accents."""
    folded = [fold(c) for c in text]
    if all(len(f) == 1 for f in folded):
        out, last = [], 0
        for m in pattern.finditer("".join(folded)):
            out += [text[last : m.start()], repl(m)]
            last = m.end()
        return "".join(out) + text[last:]
    return pattern.sub(repl, text)


def split_label(text: str) -> list[str]:
    """The label's items in order (headings removed).

    >>> split_label("Ingredients: Aqua (Water), Glycerin 20%; Carbomer")
    ['aqua (water)', 'glycerin', 'carbomer']
    """
    return [item for _, item in _segments(text)]


# ---------------------------------------------------------------------------
# Matching
# ---------------------------------------------------------------------------


def _family_hits(reader: dict, family: str, key: str, accented: str) -> bool:
    plain, marked = reader["families"][family]
    return bool((plain and plain.search(key)) or (marked and marked.search(accented)))


def _exact(reader: dict, key: str) -> str | None:
    names = reader["names"]
    found = names.get(normalise(key))
    if found or "(" not in key:
        return found
    outside = normalise(re.sub(r"\([^()]*\)", " ", key))
    if outside:  # "Benzalkonium Chloride (Aqua)" is not water: the outside text decides
        return names.get(outside)
    for inside in re.findall(r"\(([^()]*)\)", key):
        found = names.get(normalise(inside))
        if found:
            return found
    return None


def classify(item: str) -> tuple[set[str], str | None]:
    """The kinds found in one label item, and the id or family that recognised it (None if nothing did).

    Numbing and spermicide names are looked for in the whole item, whatever else it says; an oil
    is ignored only inside a "free from oil" claim or a named non-oil (silicone oil, PEG castor oil).

    >>> sorted(classify("Mentha Piperita (Peppermint) Oil")[0])
    ['oil', 'warming']
    """
    reader = _reader()
    key, accented = _key(item), item.casefold()
    kinds: set[str] = set()
    found: str | None = None
    for family in ("numbing", "spermicide"):
        if _family_hits(reader, family, key, accented):
            kinds.add(family)
            found = found or family
    # "free from ..." and "...-free" claims: the claim words are not ingredients
    rest, claim = reader["claim_start"].sub("", key), False
    if rest != key:
        claim = True
    rest2 = reader["claim_free"].sub(" ", rest)
    leftover_matters = rest2 != rest and not claim  # "Paraben-free jambu extract": the rest is read
    claim = claim or rest2 != rest
    rest = normalise(rest2)
    if claim and reader["generic_oil"].match(rest):
        return kinds, found or "claim"
    accented_rest = accented if not claim else rest
    for pattern, kind in reader["not_oil"]:
        if pattern.search(rest):
            rest = normalise(pattern.sub(" ", rest))
            accented_rest = rest
            kinds.add(kind)
            found = found or kind
    exact = _exact(reader, rest) if rest else None
    if exact is None and rest and "/" in rest:
        parts = [_exact(reader, normalise(p)) for p in rest.split("/")]
        if all(parts):
            for part in parts:
                kinds |= reader["kinds"][part]
            exact = parts[0]
    elif exact:
        kinds |= reader["kinds"][exact]
    found = found or exact
    if rest and re.fullmatch(r"(?:peg|polyethylene glycol|macrogol)[- ]?\d*(?: \d+)?", rest):
        kinds.add("humectant")
        found = found or "polyethylene_glycol"
    for family in ("oil", "flavour", "warming"):
        if rest and _family_hits(reader, family, rest, accented_rest):
            kinds.add(family)
            found = found or family
    if found is None and claim and not (leftover_matters and normalise(rest)):
        found = "claim"
    return kinds, found


def _lookalike(item: str) -> tuple[str, str] | None:
    """(flag code, name) when an item is a misspelt or broken-up numbing agent or spermicide."""
    reader = _reader()
    key = _key(item)
    compact = re.sub(r"[\s-]+", "", key)
    for candidate in (key, compact):
        for family in ("numbing", "spermicide"):
            if _family_hits(reader, family, candidate, candidate):
                return _FLAG_OF_KIND[family], candidate
    targets = {n: i for n, i in reader["names"].items() if reader["kinds"][i] & {"numbing", "spermicide"}}
    squeezed = {re.sub(r"[\s-]+", "", n): n for n in targets}
    for candidate in (key, compact):
        close = difflib.get_close_matches(candidate, list(squeezed), n=1, cutoff=0.85)
        if close:
            name = squeezed[close[0]]
            kind = "numbing" if "numbing" in reader["kinds"][targets[name]] else "spermicide"
            return _FLAG_OF_KIND[kind], name
    if re.search(r"(?:ca[iy]?n|kain|cane)\w*$", compact) and re.match(
        r"(?:lido|lign|benzo|tetra|prilo|dibu|pramo)", compact
    ):
        return "numbing", "a -caine numbing agent"
    if re.search(r"no[nm]+o[xk]+[iy]n", compact):
        return "nonoxynol9", "nonoxynol-9"
    return None


def read_label(text: object) -> LabelReport:
    """Read a pasted ingredient list and flag what matters for anal use.

    Never raises: anything that is not text, or text it cannot read, gives a report that says so.

    >>> sorted(read_label("Water, Glycerin, Mineral Oil, Nonoxynol-9").codes)
    ['high_osmolality', 'nonoxynol9', 'oil']
    """
    data = load()
    notes: list[str] = []
    limits: list[str] = []
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    beyond = ""
    if len(text) > MAX_CHARS:
        text, beyond = text[:MAX_CHARS], text[MAX_CHARS:SCAN_CHARS]
        limits.append(
            f"The text was very long: only the first {MAX_CHARS:,} characters were read, and the rest was not checked."
        )
    segments = _segments(text)
    later = [item for _, item in _segments(beyond)] if beyond else []
    if len(segments) > MAX_ITEMS:
        segments, later = segments[:MAX_ITEMS], [item for _, item in segments[MAX_ITEMS:]] + later
        limits.append(f"Only the first {MAX_ITEMS} items were read; anything after them was not checked.")
    notes += limits
    if not segments:
        notes.append("There was nothing to read: paste the ingredient list from the label.")
    reader = _reader()
    hits: dict[str, list[str]] = {}
    recognised, unrecognised, instructions = [], [], []
    position = {"ingredients": 0, "active": 0, "instructions": 0}
    previous = None
    lookalikes: list[str] = []
    for section, item in segments:
        if section != previous:
            position[section], previous = 0, section
        kinds, found = classify(item)
        codes = {_FLAG_OF_KIND[k] for k in kinds if k in _FLAG_OF_KIND}
        if "humectant" in kinds and section != "instructions" and position[section] < data["top_of_list"]:
            codes.add("high_osmolality")
        for code in codes:
            hits.setdefault(code, []).append(item)
        if found is not None and found != "claim":
            position[section] += 1
        exact = _exact(reader, _key(item))
        if section == "instructions" and exact is None:
            instructions.append(item)
            like = None if codes & {"numbing", "nonoxynol9"} else _lookalike(item)
            if like:
                hits.setdefault(like[0], []).append(item)
                lookalikes.append(f"\u201c{item}\u201d looks like {like[1]}: the spelling differs.")
        elif found is None:
            like = _lookalike(item)
            if like:
                hits.setdefault(like[0], []).append(item)
                lookalikes.append(f"\u201c{item}\u201d looks like {like[1]}: the spelling differs.")
                unrecognised.append((item, like[1]))
            else:
                close = difflib.get_close_matches(_key(item), list(reader["names"]), n=1, cutoff=0.8)
                unrecognised.append((item, close[0] if close else None))
            position[section] += 1
        else:
            recognised.append((item, found))
    for item in later:  # past the limits: still look for numbing agents and spermicides
        kinds, _ = classify(item)
        codes = {_FLAG_OF_KIND[k] for k in kinds & {"numbing", "spermicide"}}
        like = None if codes else _lookalike(item)
        for code in codes | ({like[0]} if like else set()):
            hits.setdefault(code, []).append(f"{item} (found beyond the part read in detail)")
    flags = tuple(
        Flag(code, tuple(dict.fromkeys(hits[code])), data["flags"][code]["message"], tuple(data["flags"][code]["refs"]))
        for code in FLAGS
        if code in hits
    )
    notes += lookalikes
    others = len(unrecognised) - sum(1 for _, close in unrecognised if close and any(close in n for n in lookalikes))
    if others:
        notes.append(
            f"{others} other item(s) could not be checked; they may be harmless, but this check "
            "cannot tell. Look them up, or ask a pharmacist, before use."
        )
    if instructions:
        notes.append(
            f"{len(instructions)} line(s) were read as uses, directions or warnings, not as ingredients. "
            "To check them, paste the ingredient list on its own."
        )
    notes.append(data["disclaimer"])
    return LabelReport(flags, tuple(recognised), tuple(unrecognised), tuple(notes), tuple(limits), tuple(instructions))


def headline(report: LabelReport) -> str:
    """One honest sentence or two for the top of the report.

    "No flags." appears only when every item was recognised and the whole text was read.

    >>> headline(read_label("Water, Carbomer"))
    'No flags. Every item on the list was recognised, and none of them is one this check looks for.'
    >>> headline(read_label("Water, Carbomer, Zzzine")).startswith("Not fully checked")
    True
    """
    titles = {code: spec["title"].lower() for code, spec in load()["flags"].items()}
    unknown = len(report.unrecognised)
    tail = []
    if unknown:
        tail.append(f"{unknown} item(s) could not be checked (listed below): look them up before use.")
    tail += list(report.limits)
    if report.instructions:
        tail.append(
            f"{len(report.instructions)} line(s) were read as directions or warnings and not checked as "
            "ingredients: paste the ingredient list on its own."
        )
    if report.flags:
        named = ", ".join(titles[f.code] for f in report.flags)
        first = f"Flags: {len(report.flags)} ({named})."
    elif report.all_checked:
        return "No flags. Every item on the list was recognised, and none of them is one this check looks for."
    elif not report.recognised and not unknown:
        first = "Nothing was checked." if report.limits or report.instructions else "Nothing to check yet."
        if not report.instructions:
            tail.append("Paste the ingredient list from the label.")
    elif not report.recognised and unknown:
        first = "Not checked: this check recognised none of the items, so it cannot say anything about them."
    else:
        first = f"Not fully checked. No flags among the {len(report.recognised)} item(s) recognised, but:"
    return " ".join([first, *tail])
