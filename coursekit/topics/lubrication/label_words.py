"""Module 03, the label reader's word tables and matching: clean text, fold it, and say what one item is.

``labels.py`` splits a label into items and builds the report; this module says what each item is.
"""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata

from coursekit.course import strings
from coursekit.topics.lubrication.logic import load, normalise

FUZZY_CHARS = 100  # no real ingredient name is longer: fuzzy matching skips longer items (time bound)

_FLAG_OF_KIND = {
    "numbing": "numbing",
    "spermicide": "nonoxynol9",
    "oil": "oil",
    "flavour": "flavour_warming",
    "warming": "flavour_warming",
    "caution": "choose_without",
}

# ---- text clean-up ------------------------------------------------------------


def clean_text(text: str) -> str:
    """Compose characters, drop invisible ones (soft hyphens, zero-width spaces, direction marks) and
    turn control characters into line breaks.

    >>> clean_text("Lido\\u00adcaine\\x00Water\\u200b")
    'Lidocaine\\nWater'
    """
    if text.isascii():  # the common case, in linear time without a Python loop per character
        return re.sub(r"[\x00-\x1f\x7f]", "\n", text)
    out = []
    for ch in unicodedata.normalize("NFKC", text):
        category = unicodedata.category(ch)
        if category in ("Cf", "Cs", "Co", "Cn"):
            continue
        out.append("\n" if category == "Cc" or ch in "\u2028\u2029" else ch)
    return "".join(out)


# Letters read as their twins, one for one so positions hold: Turkish dotless i, Persian yeh and kaf (9, B4).
_TWINS = str.maketrans(  # and curly apostrophes as straight ones ("Don\u2019t use with latex": review 34, B2)
    {"\u0131": "i", "\u06cc": "\u064a", "\u06a9": "\u0643", "\u2019": "'", "\u2018": "'", "\u02bc": "'"}
)


def fold(text: str) -> str:
    """Case- and accent-free form used for matching: ``fold("Lidocaïne")`` is ``'lidocaine'``."""
    text = unicodedata.normalize("NFKD", text.casefold().translate(_TWINS))
    return unicodedata.normalize("NFC", "".join(c for c in text if unicodedata.category(c) != "Mn"))


def _has_accents(text: str) -> bool:
    return fold(text) != text.casefold()


def _sub_folded(pattern: re.Pattern, repl, text: str) -> str:
    """Substitute ``pattern`` matched on the accent-free form of ``text``, keeping the text's accents."""
    folded = list(text.casefold()) if text.isascii() else [fold(c) for c in text]
    if all(len(f) == 1 for f in folded):
        out, last = [], 0
        for m in pattern.finditer("".join(folded)):
            out += [text[last : m.start()], repl(m)]
            last = m.end()
        return "".join(out) + text[last:]
    return pattern.sub(repl, text)


@functools.cache
def _reader() -> dict:
    """Compiled patterns from the data's ``label_reader`` section and ingredient names."""
    data = load()
    spec = data["label_reader"]

    def words(entries: list[str]) -> str:
        return "|".join(sorted((re.escape(fold(e)) for e in entries), key=len, reverse=True))

    def family(entries: list[str], unless: list[str] = ()) -> tuple[re.Pattern | None, re.Pattern | None]:
        plain, accented = [], []
        # whole words a "*ending" entry must not match ("américaine" is not an anaesthetic)
        skip = rf"(?!(?:{words(unless)})(?!\w))" if unless else ""
        for entry in entries:
            body = re.escape(entry.casefold().strip("*"))
            if entry.startswith("*"):
                pattern = rf"(?<!\w){skip}\w+{body}(?!\w)"  # from a word's start: linear time on long words
            elif entry.endswith("*"):
                pattern = rf"(?<!\w){body}\w*"
            else:
                pattern = rf"(?<!\w){body}(?!\w)"
            (accented if _has_accents(entry) else plain).append(pattern)
        return (re.compile("|".join(plain)) if plain else None, re.compile("|".join(accented)) if accented else None)

    headings = []
    for section, entries in spec["headings"].items():
        headings += [(form, section) for e in entries for form in {fold(e), e.casefold()}]  # accented too
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
        "heading_note": re.compile(rf"(?:{words(spec['heading_notes'])})"),
        "claim_stop": re.compile(rf"\s(?:{words(spec['claim_stops'])})\s"),
        "strip": _strip_pattern(spec),
        "families": {
            name: family(entries, spec["not_numbing"] if name == "numbing" else [])
            for name, entries in spec["families"].items()
        },
        "generic": {name: family(entries) for name, entries in spec["generic_words"].items()},
        "fillers": re.compile(rf"(?<![\w-])(?:{words(spec['fillers'])})(?![\w-])"),
        "claim_parts": re.compile(r",|;|\s(?:or|and|nor|et|ou|o|y|e|und|o[d]er|или|и)\s|/"),
        "not_oil": [(re.compile(p), kind) for p, kind in spec["not_oil"].items()],
        # "Non-greasy lidocaine gel": an opener joined by a hyphen negates only that one word
        "claim_start": re.compile(rf"^(?:{words(spec['claim_openers'])})(?![\w-])\s*:?\s*"),
        "claim_hyphen": re.compile(rf"^(?:{words(spec['claim_openers'])})-([\w]+)"),
        "claim_free": re.compile(
            rf"(?<![\w-])([\w-]+)[- ](?:{words(spec['claim_free'])})(?!\w)|(?<!\w)(\w+)frei(?!\w)"
        ),
        "claim_end": re.compile(rf"^(.+?)[- ]?(?:{words(spec['claim_free'])}|frei)$"),
        "claim_single": re.compile(rf"^(?:{words(spec['claim_single'])})(?!\w)"),
        "generic_oil": re.compile(rf"^(?:{words(spec['generic_oil'])})?$"),
        "list_heads": re.compile(rf"(?<!\w)(?:{words(spec['claim_list_heads'])})(?!\w)"),
        "list_based": family(spec["claim_list_based"]),
        "list_nouns": re.compile(rf"^(?:{words(spec['claim_list_nouns'])})$"),
        "conditional": re.compile(rf"(?<!\w)(?:{words(spec['conditional_words'])})(?!\w)"),
        "stop_start": re.compile(rf"^(?:{words(spec['claim_stops'])})\s+"),
        "names": names,
        "not_numbing": re.compile(rf"(?<!\w)(?:{words(spec['not_numbing'])})(?!\w)"),
        # a trade name a hint would show -> the ingredient's first name (never shown: CONTENT 14)
        "shown": {
            _key(n, spec): item["names"][0]
            for item in data["ingredients"]
            for n in item["names"]
            if n in spec["trade_names"]
        },
        "kinds": {item["id"]: {item["kind"], *item.get("also", [])} for item in data["ingredients"]},
        "slashed": sorted((n for n in names if "/" in n), key=len, reverse=True),
    }


_UNSPACED = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af]")  # scripts written without spaces


def _strip_pattern(spec: dict) -> re.Pattern:
    """Salt and qualifier words, each a whole word; in Japanese, Chinese and Korean a salt is written on
    to the name ("リドカイン塩酸塩", review 11 of module 03, B3), so no boundary is asked before it."""
    words = [fold(w) for w in spec["salts"] + spec["qualifiers"]]
    joined = "|".join(re.escape(w) for w in words if not _UNSPACED.search(w))
    unspaced = "|".join(re.escape(w) for w in words if _UNSPACED.search(w))
    return re.compile(rf"(?<!\w)(?:{joined})(?!\w)" + (rf"|(?:{unspaced})(?!\w)" if unspaced else ""))


def _key(text: str, spec: dict | None = None) -> str:
    """An item as matched: folded, with grade, salt and qualifier words and stray marks removed."""
    if spec is None:
        pattern = _reader()["strip"]
    else:  # building the reader: compile once here
        pattern = _strip_pattern(spec)
    text = pattern.sub(" ", fold(text))
    text = re.sub(r"(?<![\d.,])0(?=[^\W\d_])|(?<=[^\W\d_])0(?![\d.,])", "o", text)  # OCR: "Mineral 0il"
    return normalise(re.sub(r"[*†‡®™©]", " ", text).replace("\u2215", "/"))


# ---- matching ------------------------------------------------------------


def _family_hits(reader: dict, family: str, key: str, accented: str) -> bool:
    plain, marked = reader["families"][family]
    return bool((plain and plain.search(key)) or (marked and marked.search(accented)))


def _exact(reader: dict, key: str) -> str | None:
    names = reader["names"]
    found = names.get(normalise(key)) or names.get(re.sub(r"^\d+(?:[.,]\d+)*-", "", normalise(key)))
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


def _generic(reader: dict, key: str, accented: str) -> set[str]:
    """Kinds found only through generic words ("numbing", "flavour", "warming"), not named substances."""
    return {f for f in reader["generic"] if _family_hits_in(reader["generic"][f], key, accented)}


def _family_hits_in(patterns: tuple, key: str, accented: str) -> bool:
    plain, marked = patterns
    return bool((plain and plain.search(key)) or (marked and marked.search(accented)))


def _strip_family(patterns: tuple, text: str) -> str:
    for pattern in patterns:
        if pattern is not None:
            text = pattern.sub(" ", text)
    return text


def _classify_plain(reader: dict, key: str, accented: str) -> tuple[set[str], str | None]:
    """Kinds in one item and what recognised it. A "not oil" exception ("silicone oil", "PEG-40
    hydrogenated castor oil") recognises the item only when the text left after it is empty or is
    itself recognised: "aqua isohexadecane silicone oil" (commas lost) is not checked (A1)."""
    kinds: set[str] = set()
    found: str | None = None
    for family in ("numbing", "spermicide"):
        if _family_hits(reader, family, key, accented):
            kinds.add(family)
            found = found or family
    rest, accented_rest, excepted = key, accented, []
    for pattern, kind in reader["not_oil"]:
        if pattern.search(rest):
            rest = normalise(pattern.sub(" ", rest)).strip(" -/")
            accented_rest = rest
            kinds.add(kind)
            excepted.append(kind)
    rest_kinds, rest_found = _classify_rest(reader, rest, accented_rest) if rest else (set(), None)
    kinds |= rest_kinds
    if excepted and rest and rest_found is None:  # leftover text nobody recognised: not checked
        return kinds, found
    return kinds, found or rest_found or next(iter(excepted), None)


def _classify_rest(reader: dict, rest: str, accented_rest: str) -> tuple[set[str], str | None]:
    kinds: set[str] = set()
    exact = _exact(reader, rest)
    if exact is None and "/" in rest:
        parts = [_exact(reader, normalise(p)) for p in rest.split("/")]
        if all(parts):
            for part in parts:
                kinds |= reader["kinds"][part]
            exact = parts[0]
    elif exact:
        kinds |= reader["kinds"][exact]
    if exact is None:  # "Glicerine", "Propylene glycole", "propyleneglycol"
        exact = _humectant_like(reader, rest)
        kinds |= reader["kinds"][exact] if exact else set()
    found = exact
    if re.fullmatch(r"(?:peg|polyethylene glycol|macrogol|glycereth)[- ]?\d*(?: \d+)?", rest):
        kinds.add("humectant")
        found = found or "polyethylene_glycol"
    for family in ("oil", "flavour", "warming"):
        if _family_hits(reader, family, rest, accented_rest):
            kinds.add(family)
            found = found or family
    return kinds, found


def _lookalike(item: str) -> tuple[str, str] | None:
    """(flag code, name) when an item is a misspelt or broken-up numbing agent or spermicide."""
    reader = _reader()
    key = reader["not_numbing"].sub(" ", _key(item)).strip()  # "formule américaine" joined is not a "-caine"
    compact = re.sub(r"[\s-]+", "", key)
    if len(key) > FUZZY_CHARS:  # the safety net still scans it for numbing and spermicide names
        return None
    for candidate in (key, compact):
        for family in ("numbing", "spermicide"):
            if _family_hits(reader, family, candidate, candidate):
                return _FLAG_OF_KIND[family], candidate
    targets = {n: i for n, i in reader["names"].items() if reader["kinds"][i] & {"numbing", "spermicide"}}
    squeezed = {re.sub(r"[\s-]+", "", n): n for n in targets}
    inside = [n for n in squeezed if len(n) >= 6 and n in compact]  # "00a-\nsanshool" was joined up
    for candidate in (key, compact):
        close = inside or difflib.get_close_matches(candidate, list(squeezed), n=1, cutoff=0.85)
        # another number of one series is another compound ("laureth-4" is not "laureth-9"), not a misspelling
        close = [c for c in close if c in inside or re.sub(r"\d", "", c) != re.sub(r"\d", "", candidate)]
        if close:
            name = reader["shown"].get(squeezed[close[0]], squeezed[close[0]])
            kind = "numbing" if "numbing" in reader["kinds"][targets[name]] else "spermicide"
            return _FLAG_OF_KIND[kind], name
    if re.search(r"(?:ca[iy]?n|kain|cane)\w*$", compact) and re.match(
        r"(?:lido|lign|benzo|tetra|prilo|dibu|pramo|xylo|novo|proca|bupiv|ropiv|mepiv|articai|dyclo|cinch)", compact
    ):
        return "numbing", strings.text("lubrication", "lookalike_caine")
    if re.search(r"no[nm]+o[xk]+[iy]n", compact):
        return "nonoxynol9", strings.text("lubrication", "lookalike_nonoxynol")
    close = difflib.get_close_matches(compact, list(_other_names()), n=1, cutoff=0.85) if len(compact) >= 5 else []
    return _other_names()[close[0]] if close else None  # "Coconut oyl", "Mentol": flagged too (review 23, B6)


@functools.cache
def _other_names() -> dict[str, tuple[str, str]]:
    """Oil, flavour, warming and "worth avoiding" names without spaces -> (flag code, name shown)."""
    reader, out = _reader(), {}
    for name, item in reader["names"].items():
        for kind in sorted(reader["kinds"][item] & {"oil", "flavour", "warming", "caution"})[:1]:
            out[re.sub(r"[\s-]+", "", name)] = (_FLAG_OF_KIND[kind], reader["shown"].get(name, name))
    return out


def _humectant_like(reader: dict, key: str) -> str | None:
    """The humectant id for a misspelt or joined-up humectant name ("glicerine", "propyleneglycol")."""
    targets = {re.sub(r"[\s-]+", "", n): i for n, i in reader["names"].items() if "humectant" in reader["kinds"][i]}
    squeezed = re.sub(r"[\s-]+", "", key)
    if len(squeezed) > FUZZY_CHARS:
        return None
    close = difflib.get_close_matches(squeezed, [t for t in targets if len(t) >= 6], n=1, cutoff=0.85)
    return targets[squeezed] if squeezed in targets else (targets[close[0]] if close else None)


@functools.cache
def _oil_names() -> re.Pattern:
    reader = _reader()
    names = [n for n, i in reader["names"].items() if "oil" in reader["kinds"][i] and len(n) >= 6]
    return re.compile(rf"(?<![\w-])(?:{'|'.join(sorted(map(re.escape, names), key=len, reverse=True))})(?![\w-])")


def oil_names_in(item: str) -> list[str]:
    """Known oil names inside an item that was not recognised as a whole, once the "not oil"
    exceptions are removed: "Aqua Isohexadecane Silicone Oil" (commas lost) names isohexadecane."""
    key = _key(item)
    for pattern, _ in _reader()["not_oil"]:
        key = pattern.sub(" ", key)
    return list(dict.fromkeys(m.group(0) for m in _oil_names().finditer(normalise(key))))
