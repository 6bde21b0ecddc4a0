"""Module 03, the ingredient-label reader: split a pasted label into items, match them, flag what matters.

Safety invariant (tested): the reader never reassures about what it could not read. The headline
says "Nothing flagged:" only when every item was recognised and the whole text was read; otherwise it
says how many items could not be checked, and which limits cut the text short.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from coursekit.course import strings
from coursekit.topics.lubrication import label_advice
from coursekit.topics.lubrication.label_claims import (
    _bracket_kinds,
    _ends_claim,
    _is_claim,
    _stated_in_brackets,
    analyse,
    broken_words,
    classify,
    stated_in_item,
)
from coursekit.topics.lubrication.label_headline import headline
from coursekit.topics.lubrication.label_net import (
    _claim_note,
    apply_net,
    dosed,
    is_product_info,
    unmatched_benzyl_alcohol,
    unplaced_benzyl_alcohol,
)
from coursekit.topics.lubrication.label_order import (
    caution_scan,
    claim_object,
    high_humectant_amounts,
    order_unknown,
    osmolality_notes,
    unmatched_humectant_amounts,
    unread_humectant_amounts,
)
from coursekit.topics.lubrication.label_present import (
    flag_denied,
    later_flavour,
    listed_as_present,
    names_water,
    open_list_after_water,
    plain_ingredient,
    unread_brackets,
)
from coursekit.topics.lubrication.label_split import RESTART, _segments
from coursekit.topics.lubrication.label_warnings import label_warnings
from coursekit.topics.lubrication.label_words import (
    _FLAG_OF_KIND,
    FUZZY_CHARS,
    _exact,
    _generic,
    _key,
    _lookalike,
    _reader,
    clean_text,
    fold,
    oil_names_in,
)
from coursekit.topics.lubrication.logic import FLAGS, load

__all__ = ["MAX_CHARS", "MAX_ITEMS", "Flag", "LabelReport", "classify", "clean_text", "fold", "headline", "read_label"]

MAX_CHARS = 5000
MAX_ITEMS = 80
SCAN_CHARS = 200_000  # beyond the part read in detail, numbing and spermicide names are still looked for
LATER_CHARS, LATER_ITEMS = 20_000, 400  # and items there are matched one by one up to these bounds (time)


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
    cautions: tuple[str, ...] = ()  # mild notes the headline repeats even when nothing is flagged
    claimed: tuple[str, ...] = ()  # numbing or spermicide names seen only in a "free from" claim
    unplaced: tuple[str, ...] = ()  # water-binding items in a list whose order says nothing about amount
    ingredients: int = 0  # recognised items read as ingredients (not claims or marketing words)

    @property
    def codes(self) -> set[str]:
        return {f.code for f in self.flags}

    @property
    def all_checked(self) -> bool:
        """True only if there was something to read, all of it was read as ingredients, and every item was
        recognised (text read as directions or warnings was not checked as ingredients)."""
        read = (
            not self.unrecognised
            and not self.limits
            and not self.instructions
            and not self.claimed
            and not self.unplaced
        )
        return self.ingredients > 0 and read  # "Paraben-free, vegan" alone: no ingredient was read


def read_label(text: object) -> LabelReport:
    """Read a pasted ingredient list and flag what matters for anal use.

    Never raises: anything that is not text, or text it cannot read, gives a report that says so.

    >>> sorted(read_label("Water, Glycerin, Mineral Oil, Nonoxynol-9").codes)
    ['high_osmolality', 'nonoxynol9', 'oil']
    """
    data = load()
    notes, limits = [], []  # what the report says below the flags; text that was never read
    ready = label_advice.prepare(text, SCAN_CHARS, MAX_CHARS)  # padding shrunk, advice set aside, gaps found
    pasted, text, beyond = ready.pasted, ready.text, ""
    if len(text) > MAX_CHARS or ready.cut:
        text, beyond = text[:MAX_CHARS], text[MAX_CHARS:SCAN_CHARS]
        limits.append(strings.text("lubrication", "limit_chars", count=f"{MAX_CHARS:,}"))
    segments = open_list_after_water(_segments(text))
    later = [segment[1] for segment in _segments(beyond[:LATER_CHARS])] if beyond else []
    if len(segments) > MAX_ITEMS:
        segments, later = segments[:MAX_ITEMS], [segment[1] for segment in segments[MAX_ITEMS:]] + later
        limits.append(strings.text("lubrication", "limit_items", count=MAX_ITEMS))
    notes += limits
    if not segments:
        notes.append(strings.text("lubrication", "nothing_to_read"))
    reader = _reader()
    hits = label_advice.advice_hits(ready.advice, _claim_note())  # an oil named in advice flags (review 17, A1)
    recognised, instructions, cautions, silicone = [(a, "label_words") for a in ready.advice], [], [], []
    unrecognised = [(strings.text("lubrication", "item_unclear", item=m), None) for m in ready.unclear]
    position, previous, low, unplaced, ingredients = 0, None, [], [], 0
    unordered = order_unknown(text, [s[1] for s in segments if s[0] in ("ingredients", "active") and not s[2]])
    lookalikes, mentioned = [], _claim_note()  # "looks like ..." notes; the "named near a claim" marker
    named_in_claims: dict[str, list[str]] = {}
    claim_only: dict[str, list[str]] = {}
    # Whether plain ingredients follow an item in its section: a claim list then carries on into the list
    # ("Free from parabens, Glycerin, Water", "No parabens / Glycerin, Aqua"; review 4 of module 03, A2, A4).
    begun = [False] * len(segments)
    for i in range(len(segments) - 2, -1, -1):
        after = segments[i + 1]  # (section, item, context, starts a new heading)
        begun[i] = after[3] not in (True, RESTART) and (after[2] == "" or begun[i + 1])  # water opens a new list
    for index, (section, item, context, new) in enumerate(segments):
        if new or section != previous:
            position, previous, placed = 0, section, set()  # every heading starts the count again
        listed = context == "claim list"  # after "Free from parabens, ...", before "Aqua": maybe ingredients
        context = "claim" if listed else context
        kinds, named, found = analyse(item, context)
        claim = context == "claim" or found == "claim" or _is_claim(item)
        tail, *rest = item.split("/")[::-1]
        if claim and begun[index] and rest and _exact(reader, _key(tail)):  # "No parabens / Glycerin, Aqua"
            kinds = kinds | analyse(tail)[0]  # a named ingredient after "/" starts the list ("/ oils" is a class)
        present = stated_in_item(claim_object(item)) if context == "claim" else set()  # "... with X", not "use with"
        kinds = kinds | present  # (review 4, A3), said to be there: no "check it is absent" note (review 9, B5)
        slashed = item.split("/")[1:]
        # a plain ingredient in the slash list ("No parabens / Tetracaine / Carbomer"): the list began (14, A1)
        after = [s[1] for s in segments[index + 1 : index + 4] if s[2] == "claim list"]  # "No parabens / X, Carbomer"
        begins = bool(
            claim and rest and _exact(reader, _key(tail)) and (begun[index] or any(map(plain_ingredient, after)))
        )
        watered = begins or any(plain_ingredient(x) for x in slashed) or names_water(item)
        if claim and watered:  # "Free from parabens / Lidocaine / Aqua": the list began in it (5, A4; 12, A3)
            for part in slashed:
                present = present | analyse(part)[0]
            kinds = kinds | present
        if "(" in item and not claim:  # "Aqua (Sorbitol)": a bracketed name counts too
            kinds = kinds | _bracket_kinds(item, found)
        for said in re.findall(r"\(([^)]*)\)", item) if claim else []:  # "No parabens (with glycerin)"
            kinds = kinds | _stated_in_brackets(reader, said)
        codes = {_FLAG_OF_KIND[k] for k in kinds if k in _FLAG_OF_KIND} | (later_flavour(item) if claim else set())
        # A claim's own objects are in ``named`` (a note); what analyse affirms in a claim item flags (C1).
        if kinds & {"humectant", "oil_if_high"} and not section.startswith(("instr", "warn")):
            if "oil_if_high" in kinds:  # vitamin E as the base (27, A1); every item counts, not each id (28, B1)
                codes |= {"oil"} if ingredients < 2 else set()
            elif position < data["top_of_list"]:
                codes.add("high_osmolality")
            else:
                (unplaced if unordered else low).append(item)
        if named & {"humectant", "numbing", "spermicide"} and not watered:  # a list under way is not a claim
            cautions.append(strings.text("lubrication", "caution_claim", item=item))
        for kind in named & {"numbing", "spermicide"}:
            named_in_claims.setdefault(_FLAG_OF_KIND[kind], []).append(mentioned(item))
        for code in codes:
            said = context != "claim" or watered or code in {_FLAG_OF_KIND.get(k) for k in present}
            said = said or listed_as_present(code, listed, item, begun[index], text)  # 11, B1; 13, B1
            hits.setdefault(code, []).append(item if said else mentioned(item))
        # "Free from parabens, flavour, aqua": an INCI name (singular), not a class such as "artificial
        # flavours" (5, A3). At the claim's end ("..., aroma.") it may be either: the loop asks (8, C1).
        if listed and not _is_claim(item) and not _key(item).endswith("s"):
            named = named | (_generic(reader, _key(item), item) & {"flavour", "warming"})
        named_codes = {_FLAG_OF_KIND[k] for k in named - present if k in _FLAG_OF_KIND} - {"numbing", "nonoxynol9"}
        for code in named_codes | ({"high_osmolality"} if "humectant" in named and listed else set()):  # A3
            claim_like = _is_claim(item) or (context == "claim" and code != "oil")
            if listed and begun[index] and not _is_claim(item) and not _ends_claim(text, item):  # list begun (A4)
                hits.setdefault(code, []).append(item)
                continue
            if code != "high_osmolality" and (not claim_like or re.match(r"(?:not|do not)\b", _key(item))):
                # "not compatible with oils" flags oil; "not compatible with glycerin" only asks
                hits.setdefault(code, []).append(mentioned(item))
                continue
            cautions.append(strings.text("lubrication", "caution_claim", item=item))
            claim_only.setdefault(code, []).append(claim_object(item))  # flagged only if also listed on its own
        for code, joined in [] if found else broken_words([segment[1] for segment in segments], index):
            hits.setdefault(code, []).append(strings.text("lubrication", "item_split", item=joined))  # "Lido\ncaine"
        exact = _exact(reader, _key(item))
        counts = found is not None and not claim and found != "label_words" and exact != "label_words"
        # marketing words, claims, unknown items and a name already counted ("Aqua - Water - Eau") never
        # push an ingredient down (review 8 of module 03, C2)
        same = exact or _key(item)  # one ingredient id, or the item as written ("coconut oil" is not "shea butter")
        position += counts and same not in placed
        placed.add(same)
        info = is_product_info(item) and not codes  # "Osmolality 1000", "Made in ..."
        if section in ("instructions", "warnings") or (info and exact is None):  # A4: never counted as read
            instructions.append(item)
            like = None if codes & {"numbing", "nonoxynol9"} or _is_claim(item) else _lookalike(item)  # 16, B2
            if like:
                hits.setdefault(like[0], []).append(item)
                lookalikes.append(strings.text("lubrication", "caution_lookalike", item=item, name=like[1]))
            # Read as product information only by its first words ("Water-based beeswax silicone oil",
            # commas lost): an oil named inside it is still flagged, as in an unrecognised item.
            for name in [] if claim or section in ("instructions", "warnings") else oil_names_in(item):
                hits.setdefault("oil", []).append(strings.text("lubrication", "item_in_text", item=name))
        elif found is None:
            like = _lookalike(item)
            if like:
                hits.setdefault(like[0], []).append(item)
                lookalikes.append(strings.text("lubrication", "caution_lookalike", item=item, name=like[1]))
                unrecognised.append((item, like[1]))
            else:
                short = len(_key(item)) <= FUZZY_CHARS  # no fuzzy matching on long text (time bound)
                close = difflib.get_close_matches(_key(item), list(reader["names"]), n=1, cutoff=0.8) if short else []
                unrecognised.append((item, reader["shown"].get(close[0], close[0]) if close else None))
            for name in [] if claim else oil_names_in(item):  # commas lost: "Aqua Isohexadecane Silicone Oil"
                hits.setdefault("oil", []).append(strings.text("lubrication", "item_in_text", item=name))
        else:
            recognised.append((item, found))
            unrecognised += [(extra, None) for extra in unread_brackets(item)]  # "(proprietary blend)" (14, A3)
            ingredients += counts and section not in ("instructions", "warnings")
            silicone += (
                [item] if counts and "silicone" in (reader["kinds"].get(found, set()) | {found}) else []
            )  # toys (9, B1)
            if exact == "fragrance" and not claim:
                cautions.append(strings.text("lubrication", "caution_fragrance"))
    claimed = apply_net(pasted, hits, named_in_claims)  # the safety net: no parsing, nothing set aside
    claimed = flag_denied(pasted, claimed, hits)  # "but not lidocaine", "✗ N-9 free": flagged (review 20, A2-A4)
    for code, items in claim_only.items():  # "free from mineral oil": ask, do not flag, unless listed too
        if code in hits or dosed(text, [name for item in items for name in oil_names_in(item)]):  # "oil 10%"
            hits.setdefault(code, [])
            hits[code] += [mentioned(item) for item in items]
        else:
            claimed += [item for item in items if item not in claimed]
    for name in [] if "choose_without" in hits else caution_scan(text + beyond, claimed):
        hits.setdefault("choose_without", []).append(strings.text("lubrication", "item_in_text", item=name))
    for amount in unplaced_benzyl_alcohol(text):  # "Benzyl Alcohol 3 units": cannot say how strong
        unrecognised.append((strings.text("lubrication", "item_benzyl_amount_unread", item=amount), None))
    warned, unrecognised = label_warnings(text + beyond, unrecognised)  # "External use only." (review 23)
    hits.update({"label_warning": warned} if warned else {})
    for key, name in unmatched_benzyl_alcohol(text):  # "5% | Benzyl Alcohol", or high in the list: how strong?
        unrecognised.append((strings.text("lubrication", key, item=name), None))
    for amount in unread_humectant_amounts(text):  # "Glycerin 4 units": cannot say if it is 10% or more
        unrecognised.append((strings.text("lubrication", "item_humectant_amount_unread", item=amount), None))
    for name in unmatched_humectant_amounts(text):  # backstop: an amount the reader could not attach
        unrecognised.append((strings.text("lubrication", "item_humectant_amount_unmatched", item=name), None))
    for code, items in named_in_claims.items():  # a named drug also listed on its own keeps its flag
        if code in hits:
            hits[code] += items
    percent = f"{load()['label_reader']['humectant_high_percent']:g}"  # the data's threshold, as read
    high, gentle = osmolality_notes(text, "high_osmolality" in hits)  # printed values (B5; 15, B1; 24, C1)
    hits.setdefault("high_osmolality", []).extend(high) if high else cautions.extend(gentle)
    for stated in high_humectant_amounts(text):  # "Glycerin 40%": flagged wherever it is listed
        key = "item_high_amount_solution" if stated.endswith(" solution") else "item_high_amount"
        high = strings.text("lubrication", key, item=stated, percent=percent)
        hits.setdefault("high_osmolality", []).append(high)
    unplaced = [] if "high_osmolality" in hits else list(dict.fromkeys(unplaced))
    if unplaced:
        cautions.append(strings.text("lubrication", "caution_unplaced", items=", ".join(unplaced)))
    if low and "high_osmolality" not in hits:
        cautions.append(strings.text("lubrication", "caution_low", items=", ".join(dict.fromkeys(low))))
    if silicone:
        cautions.append(strings.text("lubrication", "caution_silicone", items=", ".join(dict.fromkeys(silicone))))
    for item in list(dict.fromkeys(later))[:LATER_ITEMS]:  # past the limits: numbing agents, spermicides
        if len(item) > FUZZY_CHARS:  # no name is this long: the safety net has scanned it (time bound)
            continue
        kinds, _ = classify(item)
        codes = {_FLAG_OF_KIND[k] for k in kinds & {"numbing", "spermicide"}}
        like = None if codes else _lookalike(item)
        for code in codes | ({like[0]} if like else set()):
            hits.setdefault(code, []).append(strings.text("lubrication", "item_beyond", item=item))
    if label_advice.inactive_only(text, segments) and not hits.keys() & {
        "numbing",
        "nonoxynol9",
    }:  # active part missing (11, A2)
        limits.append(strings.text("lubrication", "limit_inactive_only"))
        notes.append(limits[-1])
    shown = " ".join([*(i for items in hits.values() for i in items), *(u for u, _ in unrecognised)])
    for amount in [a for a in ready.lone if re.sub(r"\s", "", a) not in re.sub(r"\s", "", shown)]:  # (13, A4)
        unrecognised.append((strings.text("lubrication", "item_unclear", item=amount), None))
    for code, items in hits.items():  # an item listed as present is not also "check it is absent" (review 10, D9)
        hits[code] = [i for i in dict.fromkeys(items) if not any(i == mentioned(p) for p in items)]
    flags = tuple(
        Flag(code, tuple(hits[code]), data["flags"][code]["message"], tuple(data["flags"][code]["refs"]))
        for code in FLAGS
        if code in hits
    )
    notes += lookalikes
    others = len(unrecognised) - sum(1 for _, close in unrecognised if close and any(close in n for n in lookalikes))
    if others:
        notes.append(strings.text("lubrication", "note_unrecognised", count=others))
    if instructions:
        notes.append(strings.text("lubrication", "note_instructions", count=len(instructions)))
    cautions = list(dict.fromkeys(cautions))
    notes += cautions
    notes.append(data["disclaimer"])
    lists = (recognised, unrecognised, notes, limits, instructions, cautions, claimed, unplaced)
    return LabelReport(flags, *(tuple(x) for x in lists), ingredients=ingredients)
