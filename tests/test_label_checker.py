"""The ingredient-label checker (module 03): it must never falsely reassure.

Invariants: every numbing-agent spelling in the data, with any salt, grade or amount, is flagged
wherever it sits in a label; so is every oil; and the headline says "Nothing flagged:" only when every
item was recognised and the whole text was read.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st

from coursekit.course import strings
from coursekit.topics import lubrication as lube

LABELS = yaml.safe_load((Path(__file__).parent / "lubrication_labels.yaml").read_text(encoding="utf-8"))
DATA = lube.load()
NUMBING = [n for i in DATA["ingredients"] if i["kind"] == "numbing" for n in i["names"]]
OILS = [n for i in DATA["ingredients"] if i["kind"] == "oil" for n in i["names"]]
HARMLESS = [n for i in DATA["ingredients"] if i["kind"] in ("base", "other", "silicone") for n in i["names"]]
SALTS = ["", " HCl", " hydrochloride", " Hydrochloride Monohydrate", " base"]
GRADES = ["", " USP", " BP", " Ph. Eur.", " EP", " USP/NF"]
AMOUNTS = ["", " 4%", " (5%)", " 2,5 % w/w", " 10 mg/g"]
SEPARATORS = [", ", "; ", "\n", ". ", " • ", " | ", "\t"]
PREFIXES = ["", "Ingredients: ", "INCI: ", "Drug Facts Active ingredient ", "Inactive ingredients: ", "Ingrédients : "]
CASES = [str, str.upper, str.lower, str.title]


def no_flags_headline(report) -> bool:
    return lube.headline(report).startswith("Nothing flagged")


# --- the written labels ---------------------------------------------------------------------------


@pytest.mark.parametrize("case", LABELS, ids=[c["name"] for c in LABELS])
def test_label_cases(case):
    report = lube.read_label(case["text"])
    assert report.codes == set(case["flags"])
    assert len(report.unrecognised) == case.get("unrecognised", len(report.unrecognised))
    assert "reading aid, not a safety test" in report.notes[-1]
    head = lube.headline(report)
    assert head.startswith(case.get("head", "")) and (
        case["flags"] or not no_flags_headline(report) or "head" not in case
    )
    if case.get("unrecognised"):
        assert f"{case['unrecognised']} item(s) could not be checked" in head
        assert not no_flags_headline(report)
    if case.get("instructions"):
        assert report.instructions and "read as directions" in head
        assert not no_flags_headline(report)
    for item, close in report.unrecognised:
        if close and lube.read_label(item).codes & {"numbing", "nonoxynol9"}:
            assert "may be harmless" not in " ".join(n for n in report.notes if item in n)
    if case.get("limited"):
        assert "not checked" in head and not no_flags_headline(report)
    assert no_flags_headline(report) == (not case["flags"] and report.all_checked)
    if case.get("headline"):
        assert case["headline"] in head, head
    if case.get("mention"):
        assert all("flagged to be safe" in f.ingredient for f in report.flags)


def test_there_are_enough_labels_in_enough_styles():
    assert len([c for c in LABELS if c["text"].strip()]) >= 60
    styles = {c["style"] for c in LABELS}
    assert {"inci", "drug_facts", "eu"} <= styles
    assert len(styles & {"fr", "es", "it", "de", "pt", "ru"}) >= 2
    assert set(lube.FLAGS) <= {f for c in LABELS for f in c["flags"]}


def test_the_review_examples_are_all_kept():
    names = {c["name"] for c in LABELS}
    assert len([n for n in names if n.startswith("review ")]) >= 40


# --- the headline never reassures about what was not read ---------------------------------------


def test_headline_says_no_flags_only_when_everything_was_read():
    assert lube.headline(lube.read_label("Aqua, Carbomer")).startswith("Nothing flagged:")
    partial = lube.read_label("Aqua, Carbomer, Zinc Gluconate")
    assert lube.headline(partial).startswith("Not fully checked") and "1 item(s) could not be checked" in lube.headline(
        partial
    )
    many = lube.read_label(", ".join(["Carbomer"] * 100 + ["Lidocaine"]))
    assert "numbing" in many.codes and "Only the first 80 items" in lube.headline(many)  # B2: scanned beyond
    long = lube.read_label("Water, " * 2000 + "Lidocaine")
    assert "5,000 characters" in lube.headline(long) and not no_flags_headline(long)
    nothing = lube.read_label("   ")
    assert lube.headline(nothing).startswith("Nothing to check") and not nothing.flags
    unknown = lube.read_label("Zinc Gluconate")
    assert lube.headline(unknown).startswith("Not checked")


def test_widget_puts_the_headline_first_and_lists_every_unchecked_item():
    html = lube.report_html(lube.read_label("Aqua, Carbomer, Zinc Gluconate, Fenoxyethanol"))
    assert html.startswith("<p><b>Not fully checked")
    assert "Could not be checked (2)" in html and "zinc gluconate" in html and "phenoxyethanol" in html
    flagged = lube.report_html(lube.read_label("Glycerin, Propylene Glycol, Glycerol"))
    assert flagged.count("Likely high osmolality") == 1  # one flag per kind, listing all three


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_no_flags_headline_implies_everything_was_recognised(text):
    report = lube.read_label(text)
    if no_flags_headline(report):
        assert report.all_checked and not report.flags and not report.unrecognised and not report.limits


# --- numbing agents as a family -------------------------------------------------------------------


def spelled(names):
    return st.builds(
        lambda name, salt, grade, amount, case: case(name + salt + grade + amount),
        st.sampled_from(names),
        st.sampled_from(SALTS),
        st.sampled_from(GRADES),
        st.sampled_from(AMOUNTS),
        st.sampled_from(CASES),
    )


random_labels = st.lists(
    st.one_of(
        st.sampled_from(
            HARMLESS + ["Glycerin", "Free from parabens", "Oil-free", "Paraben-free formula", "Directions: apply"]
        ),
        st.text(max_size=12),
    ),
    max_size=10,
)


@settings(max_examples=300, deadline=None)
@given(
    spelled(NUMBING), random_labels, st.integers(min_value=0), st.sampled_from(SEPARATORS), st.sampled_from(PREFIXES)
)
def test_any_numbing_spelling_anywhere_is_flagged(name, items, where, separator, prefix):
    items = list(items)
    items.insert(where % (len(items) + 1), name)
    report = lube.read_label(prefix + separator.join(items))
    assert "numbing" in report.codes, (name, report.recognised)
    assert not no_flags_headline(report)


@settings(max_examples=300, deadline=None)
@given(
    st.builds(
        lambda q, name, case: case(q + name),
        st.sampled_from(["", "Organic ", "Refined ", "Pure "]),
        st.sampled_from(OILS),
        st.sampled_from(CASES),
    ),
    random_labels,
    st.integers(min_value=0),
    st.sampled_from(SEPARATORS),
    st.sampled_from(PREFIXES),
)
def test_any_oil_anywhere_is_flagged(name, items, where, separator, prefix):
    items = list(items)
    items.insert(where % (len(items) + 1), name)
    report = lube.read_label(prefix + separator.join(items))
    assert "oil" in report.codes, (name, report.recognised)
    assert not no_flags_headline(report)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Water\nA-\nParaffinum liquidum", "oil"),  # a hyphen ending the line before: not one word
        ("Water\n0-\nParaffinum liquidum", "oil"),
        ("Water, Coconut-\noil", "oil"),
        ("Water, Lido-\ncaine", "numbing"),  # a name broken over two lines is still found
        ("Water, Nonoxy-\nnol-9", "nonoxynol9"),
    ],
)
def test_a_hyphen_at_a_line_end_never_hides_a_flag(text, code):
    report = lube.read_label(text)
    assert code in report.codes, report
    assert not no_flags_headline(report)


@pytest.mark.parametrize(
    "word",
    [
        "Cocaine",
        "Fomocaine",
        "Lidocainhydrochlorid",
        "Lidocaini hydrochloridum",
        "Lidokaina",
        "прокаин",
        "Numbing spray",
        "Désensibilisant",
        "Anestésico",
        "Betäubend",
    ],
)
def test_the_numbing_family_catches_unlisted_spellings(word):
    assert "numbing" in lube.read_label(f"Aqua, {word}").codes


@pytest.mark.parametrize(
    "text",
    [
        "Chrysophyllum Cainito Leaf Extract",
        "Cocamidopropyl Betaine",
        "Sugar Cane Extract",
        "Lot number 12345",
        "Arcane",
    ],
)
def test_the_caine_stem_does_not_flag_unrelated_words(text):
    assert "numbing" not in lube.read_label(text).codes


@pytest.mark.parametrize(
    "text",
    [
        "Nonoxynol-9",
        "nonoxynol 9",
        "Nonoxinol-9",
        "N-9",
        "N9",
        "n 9",
        "Nonoxynol-9 spermicide",
        "Octoxynol-9",
        "octoxinol 9",
    ],
)
def test_every_spelling_of_the_spermicides_is_flagged(text):
    assert "nonoxynol9" in lube.read_label(f"Water, {text}").codes


@pytest.mark.parametrize(
    "text",
    [
        "Huile de coco",
        "Aceite de almendras",
        "Olio di oliva",
        "Óleo de coco",
        "Kokosöl",
        "Sheabutter",
        "Lanolin",
        "Wool Fat",
        "Adeps Lanae",
        "Oleum Cocos",
    ],
)
def test_oils_in_other_languages_and_latin_are_flagged(text):
    assert "oil" in lube.read_label(f"Aqua, {text}").codes


def test_false_alarms_stay_away_but_a_real_oil_never_hides():
    for text in [
        "Oil-free",
        "Free from: oil",
        "Silicone oil",
        "PEG-40 Hydrogenated Castor Oil",
        "Polyoxyl 35 castor oil",
    ]:
        assert "oil" not in lube.read_label(text).codes, text
    for text in ["Oil-free, Coconut Oil", "Silicone oil, Mineral oil", "Free from parabens, Petrolatum", "Castor oil"]:
        assert "oil" in lube.read_label(text).codes, text


def test_invisible_characters_and_accents_are_ignored():
    assert lube.clean_text("Lido\u00adca\u200bine\u200f") == "Lidocaine"
    assert lube.fold("LIDOCAÏNE") == "lidocaine"
    assert "numbing" in lube.read_label("Water\u0000Lido\ufeffcaine").codes


def test_drug_facts_sections_are_read_on_one_line():
    report = lube.read_label(
        "Drug Facts Active ingredient Lidocaine 4% Purpose Topical anesthetic Inactive ingredients water, carbomer"
    )
    assert [item for item, _ in report.recognised] == ["lidocaine", "water", "carbomer"]
    assert report.instructions == ("topical anesthetic",)
    # glycerin position restarts in each section: here it is first among the inactive ingredients
    assert (
        "high_osmolality" in lube.read_label("Active ingredient: Benzocaine 5%. Inactive ingredients: Glycerin").codes
    )


@pytest.mark.parametrize(
    "text",
    [
        "pramoxine USP. water",  # a grade's full stop also ended the item
        "ethyl aminobenzoate 4%\nwater",  # an amount swallowed the line break after it
        "Lidocaine Ph. Eur. Water",
        "00A-\nsanshool",  # a line-end hyphen joined the two items
    ],
)
def test_regressions_found_by_the_property_tests(text):
    assert "numbing" in lube.read_label(text).codes


MARKETING = [
    "Hypoallergenic",
    "Vegan",
    "Water based",
    "Water-based gel",
    "Lube",
    "pH balanced",
    "Paraben-free",
    "Free from parabens",
    "No numbing agents",
    "Personal lubricant",
    "Oil-free",
]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.one_of(st.sampled_from(MARKETING), st.from_regex(r"[A-Za-z ]{1,15}", fullmatch=True)), max_size=6),
    st.lists(st.sampled_from(HARMLESS), max_size=5),
    st.sampled_from(["Glycerin", "Propylene Glycol", "Sorbitol", "Glycerol"]),
    st.integers(min_value=0, max_value=2),
)
def test_marketing_words_and_a_heading_never_change_a_top_humectant(words, others, humectant, where):
    """A2 (second review): prefixing package words and an "Ingredients:" heading changes nothing."""
    items = [o for o in others if lube.classify(o)[1] not in (None, "label_words")]
    items.insert(min(where, len(items)), humectant)
    plain = lube.read_label(", ".join(items))
    prefixed = lube.read_label(". ".join(words + [""]) + "Ingredients: " + ", ".join(items))
    top = items.index(humectant) < DATA["top_of_list"]
    assert ("high_osmolality" in plain.codes) == top
    assert ("high_osmolality" in prefixed.codes) == top, (words, items)


# --- third review A1: a claim negates only its own object ------------------------------------------

NUMBING_WORDS = ["numbing", "numb", "desensitizing", "desensitising", "anaesthetic", "anesthetic", "delay"]
NUMBING_WORDS += ["delaying", "pain relief", "pain relieving", "analgesic", "desensitiser"]
NEGATED = ["paraben", "parabens", "glycerin", "oil", "greasy", "sticky", "fragrance", "sugar", "silicone"]
CLAIMS = [
    "{x}-free {n}{tail}",
    "{x}-free, {n}{tail}",
    "{x} free. {n}{tail}",
    "Non-{x} {n}{tail}",
    "Non-{x}, {n}{tail}",
    "No {x}, {n}{tail}",
    "No {x} {n}{tail}",
    "Zero {x}, {n}{tail}",
    "Free from {x} {n}{tail}",
    "Free from {x}. {n}{tail}",
    "Free from {x}, {n} gel",
    "Without {x}! {n}{tail}",
]


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(CLAIMS),
    st.sampled_from(NEGATED),
    st.sampled_from(NUMBING_WORDS),
    st.sampled_from(["", " gel", " anal gel", " spray", " lubricant", " formula"]),
    st.sampled_from(CASES),
    st.sampled_from(["", ". Ingredients: Aqua, Carbomer", ": Aqua, Hydroxyethylcellulose, Sodium Benzoate"]),
)
def test_a_numbing_word_that_a_claim_does_not_negate_is_always_flagged(claim, x, n, tail, case, rest):
    text = case(claim.format(x=x, n=n, tail=tail)) + rest
    report = lube.read_label(text)
    assert "numbing" in report.codes, (text, report.recognised)
    assert not no_flags_headline(report)


@pytest.mark.parametrize("claim", ["No numbing agents", "Numbing-free", "Free from numbing agents", "Non-numbing"])
def test_a_negated_numbing_word_is_not_flagged(claim):
    assert lube.read_label(f"{claim}. Aqua, Carbomer").codes == set()


# --- the safety net: no parsing involved ----------------------------------------------------------

from coursekit.topics.lubrication.label_net import apply_net, net_scan  # noqa: E402

SPERMICIDES = [n for i in DATA["ingredients"] if i["kind"] == "spermicide" for n in i["names"]]
HAZARDS = NUMBING + SPERMICIDES
MARKETING = [
    "Water-based",
    "Hypoallergenic",
    "Vegan",
    "Paraben-free",
    "Free from parabens",
    "Non-greasy formula",
    "Sans paraben",
    "Sin parabenos",
    "pH balanced",
    "Unscented",
    "Personal lubricant",
    "Glycerin-free formula",
]
CONTEXTS = [
    "{}",
    "Ingredients ({}): ",
    "({})",
    "<{}",
    ">{}",
    "< {} >",
    "<{}>",
    "with {}",
    "avec {}",
    "con {}",
    "mit {}",
    "com {}",
    "met {}",
    "plus {}",
    "Non-greasy formula with {}",
    "Sans paraben avec {}",
    "<b>{}</b>",
    '<span title="{}">',
    "&amp;{}&nbsp;",
    "\n{}\n",
    "-\n{}",
    "<br>{}<br/>",
    "Free from parabens, {}",
]
harmless_labels = st.builds(
    lambda prefix, items, separator: prefix + separator.join(items),
    st.sampled_from(PREFIXES + ["Ingredients (INCI): ", "<p>Ingredients:</p> ", "Composition (per 100 g): "]),
    st.lists(st.sampled_from(HARMLESS + MARKETING), min_size=1, max_size=10),
    st.sampled_from(SEPARATORS + ["<br>", "</li><li>", " &middot; "]),
)


def code_of(name: str) -> str:
    return "numbing" if name in NUMBING else "nonoxynol9"


@settings(max_examples=300, deadline=None)
@given(harmless_labels, spelled(HAZARDS), st.sampled_from(CONTEXTS), st.integers(min_value=0))
def test_a_hazard_inserted_anywhere_never_gets_no_flags(label, name, context, where):
    where %= len(label) + 1
    text = label[:where] + context.format(name) + label[where:]
    report = lube.read_label(text)
    assert not no_flags_headline(report), (text, lube.headline(report))


@settings(max_examples=300, deadline=None)
@given(
    harmless_labels, spelled([n for n in HAZARDS if len(n) >= 6]), st.sampled_from(CONTEXTS), st.integers(min_value=0)
)
def test_the_net_alone_finds_a_hazard_at_any_character(label, name, context, where):
    where %= len(label) + 1
    text = label[:where] + context.format(name) + label[where:]
    source = next(n for n in HAZARDS if name.casefold().startswith(n.casefold()))
    assert code_of(source) in net_scan(text), text


@settings(max_examples=200, deadline=None)
@given(harmless_labels)
def test_the_net_stays_quiet_on_harmless_labels(label):
    assert net_scan(label) == {}, label


def test_the_net_reads_all_the_text_joined_and_folded():
    assert "numbing" in net_scan("Aqua, Lido\u00adcaine")
    assert "numbing" in net_scan("Aqua, Lido-\ncaine")
    assert "numbing" in net_scan("Aqua, Lido\ncaine")
    assert "numbing" in net_scan("Aqua, <b>Lido</b>caine")
    assert "numbing" in net_scan("Aqua, LIDOCAÏNE")
    assert "numbing" in net_scan("Aqua, Carbomer" * 4000 + ", Lidocaine")  # far past the part read in detail
    assert "nonoxynol9" in net_scan("Aqua, Nonoxynol&#45;9")


def test_the_net_flags_what_the_reader_missed_and_asks_about_claims():
    hits: dict[str, list[str]] = {}
    assert apply_net("Aqua, Lidocaine", hits, {}) == [] and hits["numbing"] == ["lidocaine (found in the label text)"]
    hits = {}
    claimed = apply_net("Free from lidocaine. Aqua", hits, {"numbing": ["free from lidocaine"]})
    assert claimed == ["lidocaine"] and hits == {}
    hits = {"numbing": ["lidocaine"]}
    assert apply_net("Aqua, Lidocaine", hits, {}) == [] and hits == {"numbing": ["lidocaine"]}
    head = lube.headline(lube.read_label("No nonoxynol-9. Aqua, Carbomer"))
    assert head.startswith("Check this label: it names nonoxynol") and "does not take a claim as proof" in head


# --- bracketed names (independent review 2026-11-30, A1) ------------------------------------------

BRACKET_HAZARDS = (
    [n for i in DATA["ingredients"] if i["kind"] == "caution" for n in i["names"]]
    + ["Glycerin", "Propylene Glycol", "Sorbitol"]  # humectants: placed first, so near the top
    + ["Mineral Oil", "Coconut Oil", "Petrolatum"]
)


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from(["Aqua", "Water", "Sodium Benzoate", "Carbomer", "Chamomilla Recutita Flower Extract"]),
    st.sampled_from(BRACKET_HAZARDS),
    st.sampled_from(["", "in ", "with "]),
    st.sampled_from(["Carbomer", "Water, Carbomer", "Hydroxyethylcellulose"]),
)
def test_a_flag_name_in_brackets_never_gives_no_flags(outside, hazard, lead, rest):
    report = lube.read_label(f"{outside} ({lead}{hazard}), {rest}")
    assert report.flags, lube.headline(report)
    assert not no_flags_headline(report)


FLAG_NAMES = [n + " 12%" for i in DATA["ingredients"] if i["kind"] == "humectant" for n in i["names"]] + [
    n for i in DATA["ingredients"] if i["kind"] in ("caution", "oil") for n in i["names"]
]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(HARMLESS), min_size=1, max_size=10),
    st.sampled_from(FLAG_NAMES),
    st.sampled_from(PREFIXES),
    st.sampled_from(SEPARATORS),
    st.integers(min_value=0),
)
def test_a_flag_kind_name_inserted_anywhere_never_gets_no_flags(items, name, prefix, separator, where):
    """Humectant stated at 10% or more, "worth avoiding" names and oils: never "Nothing flagged" (review A1, B2)."""
    items.insert(where % (len(items) + 1), name)
    report = lube.read_label(prefix + separator.join(items))
    assert not no_flags_headline(report), (items, lube.headline(report))


# --- review 2026-11-30 (round 19): the reviewer's exact inputs -------------------------------------

HUMECTANTS = [n for i in DATA["ingredients"] if i["kind"] == "humectant" for n in i["names"] if len(n) > 3]
# (finding id, input as the reviewer gave it, flag codes that must be raised; empty: not "Nothing flagged")
REVIEW_19 = [
    ("A1", "Aqua Isohexadecane Silicone Oil", {"oil"}),
    ("A1", "Aqua Polyisobutene Silicone Oil", {"oil"}),
    ("A1", "Aqua Hydrogenated Polydecene Silicone Oil", {"oil"}),
    ("A1", "Ingredients: Aqua、Hydroxyethylcellulose、Isohexadecane、Silicone Oil", {"oil"}),
    ("A1", "Aqua، Isohexadecane، Silicone Oil", {"oil"}),
    ("A1", "Aqua -\nGlycerin -\nSilicone oil", {"high_osmolality"}),
    ("A1", "Aqua - Glycerin - Silicone Oil", {"high_osmolality"}),
    ("A1", "Aqua + Glycerin + Silicone oil", {"high_osmolality"}),
    ("A1", "Glycerin with Silicone oil", set()),
    ("A1", "Glycerin Aqua Silikonöl", set()),
    ("A1", "Aqua, Carbomer, Cetearyl Ethylhexanoate PEG-40 Hydrogenated Castor Oil", {"oil"}),
    ("A2", "Water, Xanthan Gum, Benzyl Alco-\nhol 10%, Carbomer", {"numbing"}),
    ("A2", "Water, Xanthan Gum, Sodium Benzoate, Glyc-\nerin 40%, Carbomer", {"high_osmolality"}),
    ("A2", "Water, Hydroxyethylcellulose, Carbomer, Sodium Benzoate, Propylene Gly-\ncol 30%", {"high_osmolality"}),
    ("A3", "Free from parabens, Glycerin, Propylene Glycol, Aqua, Carbomer", set()),
    ("A3", "Without parabens, Glycerin, Propylene Glycol, Aqua, Carbomer", set()),
    ("A3", "Free from mineral oil. Aqua, Carbomer", set()),
    ("A4", "Caution:\nGlycerin, Propylene Glycol, Aqua", set()),
    ("B1", "Water, Carbomer, Paraf\u2010\nfinum liquidum", {"oil"}),
    ("B1", "Water, Carbomer, Petro\u2011\nlatum", {"oil"}),
    ("B1", "Water, Carbomer, Petro\u2013\nlatum", {"oil"}),
    ("B2", "Aqua, Coco-\nCaprylate, Carbomer", {"oil"}),
    ("B2", "Aqua, C12-\n15 Alkyl Benzoate", {"oil"}),
    ("B3", "Aqua, Paraf&shy;finum liquidum", {"oil"}),
    ("B3", "Aqua, Paraf&#8203;finum liquidum", {"oil"}),
    ("B4", "Free from parabens: Aqua, Hydroxyethylcellulose, Propylene Glycol, Glycerin", {"high_osmolality"}),
    ("B4", "Contains no oils: Aqua, Propylene Glycol, Glycerin", {"high_osmolality"}),
    ("B5", "Aqua, Hydroxyethylcellulose, Sodium benzoate. Osmolality: 2500 mOsm/kg", {"high_osmolality"}),
    ("B6", "Aqua, Paraff. subliquid.", {"oil"}),
    ("B6", "Aqua, Carbomer, Mineral 0il", {"oil"}),
    ("B6", "Aqua, Carbomer, Benzyl <b>Alcohol</b> 10%", {"numbing"}),
    ("B6", "Water, Glycerin, リドカイン", {"numbing"}),
    ("C3", "Free from lidocaine and benzocaine; contains Aqua, Carbomer, Tetracaine", {"numbing"}),
    ("C4", "Ingredients: Aqua Propylene Glycol Glycerin PEG-40 Hydrogenated Castor Oil Carbomer", set()),
]


@pytest.mark.parametrize("finding, text, codes", REVIEW_19, ids=[f"{f}-{t[:30]}" for f, t, _ in REVIEW_19])
def test_review_19_inputs_never_get_no_flags(finding, text, codes):
    report = lube.read_label(text)
    assert codes <= report.codes, (finding, lube.headline(report))
    assert not no_flags_headline(report), (finding, lube.headline(report))


def test_review_19_claims_ask_and_do_not_swallow_the_list():
    # A3 of review 19 asked here; review 4 of module 03 (A4) showed the list may begin at glycerin, and a
    # "check it is absent" note then reads as the wrong answer: the list carries on, so it flags.
    report = lube.read_label("Free from parabens, Glycerin, Propylene Glycol, Aqua, Carbomer")
    assert "high_osmolality" in report.codes, lube.headline(report)
    # a humectant that is the claim's own object keeps the earlier reviews' note (cases "A2 glycerin-free
    # formula is a claim" and "review2 B free from list is a claim" in lubrication_labels.yaml)
    head = lube.headline(lube.read_label("Free from glycerin and parabens\nAqua, Carbomer"))
    assert "is named in a claim" in head, head
    assert lube.headline(lube.read_label("Caution:\nGlycerin, Propylene Glycol, Aqua")).startswith(
        "Nothing was checked"
    )
    head = lube.headline(lube.read_label("Contains no oils: Aqua, Propylene Glycol, Glycerin"))
    assert "oils: aqua" not in head and head.startswith("Flags"), head  # C2
    report = lube.read_label("Free from lidocaine and benzocaine; contains Aqua, Carbomer, Tetracaine")
    numbing = next(f for f in report.flags if f.code == "numbing")
    assert "tetracaine" in numbing.ingredients, numbing.ingredients  # C3: listed, so no "mentioned in a claim"


def test_review_19_amount_wording_says_what_the_label_says():
    report = lube.read_label("Ingredients: Aqua Propylene Glycol Glycerin PEG-40 Hydrogenated Castor Oil Carbomer")
    assert not any("amount" in item for item, _ in report.unrecognised), report.unrecognised  # C4: PEG-40 is a grade
    solution = lube.read_label("Aqua, Sorbitol 70% solution").flags[0].ingredient
    assert "70% solution" in solution and "as supplied" in solution, solution  # D2
    assert "85% 30%" in lube.read_label("Glycerol 85% 30%, Aqua").flags[0].ingredient  # D2
    assert ("glycerin", "glycerin") in lube.read_label("Glycerin 2-\n5%, Aqua").recognised  # D3
    assert "check the packet" in DATA["flags"]["oil"]["message"]  # D1 (CONTENT position 2)
    low = lube.read_label("Aqua, Carbomer. Osmolality: 290 mOsm/kg")
    assert "high_osmolality" not in low.codes and not no_flags_headline(low)  # B5: a low value is not flagged


@pytest.mark.parametrize(
    "text",
    [
        *("a" * 200_000, "1" * 200_000, "<p>Aqua, glycerin</p>" * 5000, "-\n" * 100_000),
        # second label-reader review, C1: whitespace floods and repeated names
        *(" " * 20000, " " * 200000, "benzyl alcohol " * 13000, "a-\n" * 60000),
    ],
    ids=["letters", "digits", "html", "hyphen-lines", "spaces", "many-spaces", "benzyl-repeated", "hyphen-a-lines"],
)
def test_review_19_hostile_input_returns_quickly(text):
    import time

    start = time.process_time()
    report = lube.read_label(text)
    assert time.process_time() - start < 6, "C1: the reader must stay fast on long input"
    assert not no_flags_headline(report)


SEPARATORS_19 = ["、", "، ", " - ", " + ", " \u2013 ", " -\n"]


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.sampled_from(HARMLESS), min_size=1, max_size=5),
    st.sampled_from(OILS + HUMECTANTS),
    st.sampled_from(SEPARATORS_19),
    st.integers(min_value=0),
)
def test_new_separators_read_like_commas(items, name, separator, where):
    items.insert(where % (len(items) + 1), name)
    assert lube.read_label(separator.join(items)).codes == lube.read_label(", ".join(items)).codes


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.sampled_from(HARMLESS), min_size=1, max_size=4),
    st.sampled_from(OILS + HUMECTANTS),
    st.sampled_from(["Silicone Oil", "PEG-40 Hydrogenated Castor Oil", "Silikonöl", "Huile de silicone"]),
    st.permutations(range(3)),
)
# Found by this test in a full run: a line that starts like product information ("water-based") was set
# aside unread, with the oil in it.
@example(["water-based"], "beeswax", "Silicone Oil", [0, 1, 2])
def test_a_not_oil_exception_never_hides_a_run_together_item(items, name, exception, order):
    parts = [" ".join(items), name, exception]
    text = " ".join(parts[i] for i in order)  # the commas were lost
    report = lube.read_label(text)
    assert not no_flags_headline(report), (text, lube.headline(report))
    if name in OILS and len(name) >= 6:  # a known oil name inside the run-together item is still flagged
        assert "oil" in report.codes, (text, lube.headline(report))


@settings(max_examples=100, deadline=None)
@given(
    st.sampled_from([n for n in OILS + HUMECTANTS + ["benzyl alcohol"] if len(n) >= 6]),
    st.sampled_from(["-", "\u2010", "\u2011", "\u2013"]),
    st.integers(min_value=1),
    st.sampled_from(["", " 40%", " 30 %"]),
)
def test_a_hyphenated_line_break_in_a_flagged_name_never_gives_no_flags(name, hyphen, cut, amount):
    cut = 1 + cut % (len(name) - 1)
    amount = amount or (" 10%" if name == "benzyl alcohol" else "")  # 10% benzyl alcohol counts as numbing
    broken = name[:cut] + hyphen + "\n" + name[cut:] + amount
    top = lube.read_label(f"{broken}, Water, Xanthan Gum")  # at the top, every one of them is flagged
    assert not no_flags_headline(top), (broken, lube.headline(top))
    report = lube.read_label(f"Water, Xanthan Gum, Sodium Benzoate, Carbomer, {broken}")
    if amount and name in HUMECTANTS and not name[cut - 1].isspace() and not name[cut].isspace():
        assert "high_osmolality" in report.codes or report.unrecognised, broken  # A2: the amount is still read
        assert not no_flags_headline(report), broken


@settings(max_examples=100, deadline=None)
@given(
    st.sampled_from(["Free from parabens", "Without parabens", "Contains no oils", "Paraben-free", "Sans paraben"]),
    st.sampled_from([", ", ": ", "\n"]),
    st.lists(st.sampled_from(HUMECTANTS), min_size=1, max_size=2),
    st.lists(st.sampled_from(["Aqua", "Carbomer", "Hydroxyethylcellulose"]), min_size=1, max_size=3),
)
def test_a_humectant_after_a_claim_never_gets_no_flags(claim, joint, humectants, rest):
    text = claim + joint + ", ".join(humectants + rest)
    report = lube.read_label(text)
    assert not no_flags_headline(report), (text, lube.headline(report))


# --- review 2026-12-01 (module 03): a claim list's later items that say what the product is ----------

REVIEW_0312 = [
    ("A1", "Free from water, silicone and parabens, with oils", "oil"),
    ("A1", "Free from parabens, oil-based", "oil"),
    ("A1", "Without water; oil-based", "oil"),
    ("A1", "Without parabens, oily", "oil"),
    ("A1", "Free of silicone, with natural oils", "oil"),
    ("A1", "Without silicone, with oils. Ingredients: Aqua, Carbomer", "oil"),
    ("A1", "Sin parabenos, a base de aceite. Ingredientes: Aqua, Carbomer", "oil"),
    ("A2", "Free from parabens, numbing", "numbing"),
    ("A2", "Without parabens, numbing", "numbing"),
    ("A2", "Free from parabens, desensitizing. Ingredients: Aqua, Carbomer", "numbing"),
    ("A2", "Free from parabens, anaesthetic", "numbing"),
    ("A2", "Free from parabens, delay", "numbing"),
    ("A2", "Free from parabens - numbing and desensitizing. Ingredients: Aqua, Carbomer", "numbing"),
    ("A2", "Ohne Parabene, betäubend", "numbing"),
    ("A2", "Sin parabenos, anestésico", "numbing"),
    ("A2", "Sans parabènes, anesthésiant", "numbing"),
    ("A2", "Free from alcohol and parabens, desensitising", "numbing"),
    ("B1", "Free from parabens, warming", "flavour_warming"),
    ("B1", "Free from parabens, flavoured", "flavour_warming"),
    ("B6", "Free from parabens, spermicidal", "nonoxynol9"),
    ("B6", "Free from alcohol and parabens, strawberry flavoured", "flavour_warming"),
    ("B6", "Hormone-free, spermicidal gel", "nonoxynol9"),
    ("B4", "Free from all oils except mineral oil. Ingredients: Aqua, Carbomer", "oil"),
    ("B4", "Aqua, Carbomer. Contains no oils other than mineral oil.", "oil"),
    ("B2", "Water, Carbomer, Sodium Benzoate. Warnings: This product contains an anaesthetic.", "numbing"),
    ("B2", "Warning: desensitizing product, avoid contact with eyes. Ingredients: Aqua, Carbomer", "numbing"),
    ("B2", "Caution: numbing. Ingredients: Aqua, Carbomer", "numbing"),
    ("B2", "Aqua, Carbomer. Directions: apply to the penis before sex to delay climax.", "numbing"),
]


@pytest.mark.parametrize("finding, text, code", REVIEW_0312, ids=[f"{f}-{t[:40]}" for f, t, _ in REVIEW_0312])
def test_review_0312_inputs_raise_their_flag(finding, text, code):
    report = lube.read_label(text)
    assert code in report.codes, (text, lube.headline(report))
    assert not no_flags_headline(report)
    if finding == "B4":  # the exception is listed, not absent: not named as a claim for it
        assert "mineral oil" not in " ".join(report.claimed), report.claimed


@pytest.mark.parametrize(
    "text, code",
    [
        ("Free from parabens, water-based", "oil"),
        ("Without oils, silicone-based", "oil"),
        ("Aqua, Carbomer. Warnings: Stop use if numbness occurs.", "numbing"),
        ("Aqua, Carbomer. Stop use if numbness occurs.", "numbing"),  # failed before: flagged numbing
        ("Aqua, Carbomer. Warnings: if irritation or numbness occurs, stop and seek care without delay", "numbing"),
        ("Free from: oils, parabens, numbing agents. Aqua, Carbomer", "numbing"),
        ("Free from parabens, oils and numbing agents. Ingredients: Aqua, Carbomer", "oil"),
        ("Free from parabens, artificial flavours. Ingredients: Aqua, Carbomer", "flavour_warming"),
        ("Free from parabens, spermicides. Ingredients: Aqua, Carbomer", "nonoxynol9"),
        ("Free from parabens, oil-based agents. Ingredients: Aqua, Carbomer", "oil"),
        ("Free from parabens, oil-based ingredients. Ingredients: Aqua, Carbomer", "oil"),
        ("Free from parabens, numbing or desensitising ingredients. Aqua, Carbomer", "numbing"),
        ("Free from parabens, cooling or warming agents. Ingredients: Aqua, Carbomer", "flavour_warming"),
        ("Free from parabens / oils. Aqua, Carbomer", "oil"),
        ("Free from parabens, fragrance and flavour. Aqua, Carbomer", "flavour_warming"),
        ("Aqua, Carbomer. Directions: apply the gel: if numbness occurs, stop", "numbing"),
    ],
)
def test_review_0312_class_words_and_conditional_warnings_raise_no_false_alarm(text, code):
    assert code not in lube.read_label(text).codes, text


PRESENT = {
    "oil": ["oil-based", "oily", "with oils", "with natural oils", "oil based", "a base de aceite", "con aceite"]
    + ["mit Öl", "avec huile", "à base d'huile"],
    "numbing": ["numbing", "desensitizing", "desensitising", "anaesthetic", "anesthetic", "delay", "numbing gel"]
    + ["betäubend", "anestésico", "anesthésiant", "with lidocaine", "delaying", "pain relieving"],
    "nonoxynol9": ["spermicidal", "spermicidal gel", "with nonoxynol-9"],
    "flavour_warming": ["flavoured", "flavored", "strawberry flavoured", "warming", "tingling", "cooling"]
    + ["with flavour", "aromatisé", "con sabor"],
}
OPENERS = ["Free from parabens", "Without water", "Free of silicone and parabens", "Sin parabenos", "Sans parabènes"]
OPENERS += ["Ohne Parabene", "Contains no parabens", "Free from alcohol and parabens"]


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(OPENERS),
    st.sampled_from([", ", "; ", " - ", " | ", " • ", " and ", " / ", " or "]),
    st.sampled_from([(code, word) for code, words in PRESENT.items() for word in words]),
    st.sampled_from(["", ". Ingredients: Aqua, Carbomer", ", Aqua, Carbomer", "\nAqua, Hydroxyethylcellulose"]),
    st.sampled_from(CASES),
)
@example("Free from parabens", ", ", ("oil", "with oils"), "", str)
@example("Free from parabens", ", ", ("numbing", "numbing"), "", str)
@example("Free from parabens", " / ", ("oil", "oil-based"), "", str)
@example("Sin parabenos", " y ", ("numbing", "anestésico"), "", str)
def test_a_claim_list_item_that_says_what_the_product_is_always_flags(opener, joint, said, rest, case):
    """A1, A2, B1, B6: after "free from ...", an item stating oil, numbing, spermicide or flavour raises it."""
    code, word = said
    text = case(opener + joint + word) + rest
    report = lube.read_label(text)
    assert code in report.codes, (text, lube.headline(report))
    assert not no_flags_headline(report)


@pytest.mark.parametrize(
    "said",
    [
        "Not for latex condoms.",
        "Unsuitable for latex condoms.",
        "Avoid use with latex condoms.",
        "May damage latex condoms.",
        "Damages latex.",
        "Incompatible with condoms.",
        "Use only with polyurethane condoms.",
        "Not compatible with polyisoprene condoms.",
        "Nicht mit Latexkondomen verwenden.",
        "No usar con preservativos de látex.",
        "Ne pas utiliser avec des préservatifs en latex.",
    ],
)
def test_review_0312_b3_the_labels_own_condom_warning_flags_oil(said):
    """The label's own condom warning is flagged as the label's warning (review 23, C2: not as "Oil")."""
    report = lube.read_label(f"Aqua, Carbomer. {said}")
    assert "label_warning" in report.codes and "oil" not in report.codes, (said, lube.headline(report))
    assert not no_flags_headline(report)


@pytest.mark.parametrize(
    "said",
    [
        "Safe with latex condoms.",
        "Compatible with latex and polyisoprene condoms.",
        "Does not damage latex.",
        "Will not damage latex condoms.",
        "Latex safe.",
        "Apto para preservativos de látex.",
        "Compatible avec les préservatifs en latex.",
    ],
)
def test_review_0312_b3_a_condom_safe_label_raises_no_oil_flag(said):
    assert not {"oil", "label_warning"} & lube.read_label(f"Aqua, Carbomer. {said}").codes, said


@pytest.mark.parametrize(
    "text",
    [
        "Water-based lubricant: Glycerin, Aqua, Carbomer",
        "Personal lubricant: Propylene glycol, Aqua, Carbomer",
        "Silky water-based gel: Glycerin, Aqua, Carbomer",
    ],
)
def test_review_0312_b5_a_product_line_with_a_colon_does_not_swallow_the_first_ingredient(text):
    report = lube.read_label(text)
    assert "high_osmolality" in report.codes, (text, report.recognised, report.instructions)
    assert not no_flags_headline(report)


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(["Warnings: ", "Warning: ", "Caution: ", "Directions: ", "Directions for use: "]),
    st.sampled_from(["This product is {n}.", "{n} product, avoid contact with eyes.", "{n}.", "Has a {n} effect."]),
    st.sampled_from(["numbing", "desensitizing", "desensitising", "anaesthetic", "anesthetic", "delay"]),
    st.sampled_from(CASES),
    st.booleans(),
)
def test_review_0312_b2_a_warning_that_says_the_product_numbs_flags_and_a_condition_does_not(
    heading, said, word, case, first
):
    """B2: "Caution: numbing" flags; "Stop use if you feel numbness" (a condition) does not."""
    stated = case(heading + said.format(n=word))
    report = lube.read_label(f"{stated} Ingredients: Aqua, Carbomer" if first else f"Aqua, Carbomer. {stated}")
    assert "numbing" in report.codes, (stated, lube.headline(report))
    conditional = case(f"{heading}Stop use if you feel burning, {word} or pain.")
    assert "numbing" not in lube.read_label(f"Aqua, Carbomer. {conditional}").codes, conditional


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(MARKETING), min_size=1, max_size=5), st.sampled_from([", ", "\n", ". "]))
def test_claims_and_marketing_words_alone_never_get_no_flags(words, separator):
    """Review 2 of module 03, B4: "Paraben-free, vegan" names no ingredient, so nothing was checked."""
    report = lube.read_label(separator.join(words))
    assert not no_flags_headline(report), (words, lube.headline(report))


@pytest.mark.parametrize(
    "text",
    ["Paraben-free", "Water-based, paraben-free, vegan, hypoallergenic", "Free from flavours and numbing agents"],
)
def test_review_0312_round2_b4_claims_only_say_nothing_was_checked(text):
    assert lube.headline(lube.read_label(text)).startswith("Nothing was checked.")
    # the same claims on their own line above a real list leave its answer alone
    assert no_flags_headline(lube.read_label(f"{text}\nIngredients: Aqua, Carbomer"))


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Unscented 5% lidocaine cream. Aqua, Carbomer", "numbing"),
        ("Unscented 4% Lidocaine Anorectal Cream", "numbing"),
        ("Non greasy lidocaine gel. Aqua, Carbomer", "numbing"),
        ("No mess benzocaine spray. Aqua, Carbomer", "numbing"),
        ("Neutral taste benzocaine gel", "numbing"),
        ("Tasteless benzocaine gel", "numbing"),
        ("Ingredients: Aqua, Carbomer, Sodium Benzoate. Unscented lidocaine gel.", "numbing"),
        ("Non sticky nonoxynol-9 gel. Aqua, Carbomer", "nonoxynol9"),
        ("Unflavored: Nonoxynol-9, Aqua, Carbomer", "nonoxynol9"),
        ("Unscented mineral oil", "oil"),
        ("Unscented: Mineral Oil, Tocopherol", "oil"),
        ("Unscented menthol gel. Aqua, Carbomer", "flavour_warming"),
        ("Unscented: Glycerin, Aqua, Carbomer", "high_osmolality"),
        ("Neutral taste: Propylene Glycol, Aqua, Carbomer", "high_osmolality"),
        ("Unscented glycerin lube. Aqua, Carbomer", "high_osmolality"),
    ],
)
def test_review_0312_round2_a1_a_one_word_opener_negates_only_its_own_word(text, code):
    report = lube.read_label(text)
    assert code in report.codes, (text, lube.headline(report))
    assert not no_flags_headline(report)


@pytest.mark.parametrize("text", ["No lidocaine. Aqua, Carbomer", "No mineral oil. Aqua, Carbomer"])
def test_a_bare_no_still_negates_what_it_names(text):
    assert not lube.read_label(text).codes and lube.headline(lube.read_label(text)).startswith("Check this label")


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(["Unscented", "Unflavoured", "Unflavored", "Tasteless", "Neutral taste", "Non", "No", "Zero"]),
    st.sampled_from(["greasy", "sticky", "mess", "stain", "fuss"]),
    st.sampled_from(NUMBING + SPERMICIDES),
    st.sampled_from(["gel", "cream", "spray", "lube"]),
    st.sampled_from(CASES),
)
def test_a_one_word_opener_before_another_word_never_hides_a_named_drug(opener, word, name, noun, case):
    text = case(f"{opener} {word} {name} {noun}. Aqua, Carbomer")
    report = lube.read_label(text)
    assert report.codes & {"numbing", "nonoxynol9"}, (text, lube.headline(report))


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Non greasy mineral oil lubricant", "oil"),
        ("Non greasy coconut oil, water", "oil"),
        ("No mess mineral oil", "oil"),
        ("Zero waste coconut oil", "oil"),
        ("Non sticky petroleum jelly", "oil"),
        ("No drip shea butter", "oil"),
        ("Unscented non greasy mineral oil", "oil"),
        ("Contains no alcohol lidocaine 4%", "numbing"),
        ("Free from alcohol benzocaine spray", "numbing"),
        ("Without sting lidocaine cream", "numbing"),
        ("Sin olor lidocaína", "numbing"),
        ("Sans alcool lidocaïne spray", "numbing"),
        ("Ohne Geruch Lidocain", "numbing"),
        ("Sin olor nonoxinol-9 gel", "nonoxynol9"),
        ("Sin grasa aceite mineral", "oil"),
        ("Without alcohol mineral oil", "oil"),
        ("Free from parabens warming gel. Ingredients: Water, Carbomer, Sodium Benzoate", "flavour_warming"),
        ("No parabens flavoured lube. Ingredients: Water, Carbomer, Sodium Benzoate", "flavour_warming"),
        ("Without parabens tingling gel\nWater, Carbomer", "flavour_warming"),
        ("Non greasy glycerin gel", "high_osmolality"),
        ("No mess menthol gel", "flavour_warming"),
    ],
)
def test_review_0312_round3_a_word_in_front_of_a_name_is_a_description_not_a_claim(text, code):
    """Review 3 of module 03, A1-A3: "Non greasy mineral oil", "Sin olor lidocaína", "... warming gel"."""
    report = lube.read_label(text)
    assert code in report.codes, (text, lube.headline(report))
    assert not no_flags_headline(report)


@pytest.mark.parametrize(
    "text",
    [
        "No mineral oil. Aqua, Carbomer",
        "Contains no mineral oil. Aqua, Carbomer",
        "Free from coconut oil. Aqua, Carbomer",
        "Without petroleum jelly. Aqua, Carbomer",
        "No added oils. Aqua, Carbomer",
        "Free from parabens and artificial flavours. Aqua, Carbomer",
        "Free from glycerin and parabens. Aqua, Carbomer",
    ],
)
def test_a_claim_that_names_an_ingredient_still_negates_it(text):
    assert not lube.read_label(text).codes, lube.headline(lube.read_label(text))


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(["No", "Non", "Zero", "Without", "Free from", "Contains no", "Sin", "Sans", "Ohne"]),
    st.sampled_from(["greasy", "mess", "sticky", "alcohol", "scent", "olor", "odeur", "geruch"]),
    st.sampled_from(
        [
            ("lidocaine", "numbing"),
            ("benzocaine", "numbing"),
            ("nonoxynol-9", "nonoxynol9"),
            ("mineral oil", "oil"),
            ("coconut oil", "oil"),
            ("petrolatum", "oil"),
        ]
    ),  # fmt: skip
    st.sampled_from(["gel", "cream", "spray", "lube", ""]),
    st.sampled_from(CASES),
)
def test_an_unknown_word_after_a_claim_opener_never_hides_the_name_after_it(opener, word, named, noun, case):
    name, code = named
    text = case(f"{opener} {word} {name} {noun}".strip() + ". Aqua, Carbomer")
    report = lube.read_label(text)
    assert code in report.codes, (text, lube.headline(report))


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Free from parabens with menthol", "flavour_warming"),
        ("Free from parabens with strawberry flavour", "flavour_warming"),
        ("Free from alcohol with menthol", "flavour_warming"),
        ("Free from parabens with glycerin", "high_osmolality"),
        ("No parabens / Glycerin, Aqua, Carbomer", "high_osmolality"),
        ("Free from parabens / Propylene Glycol, Water, Hydroxyethylcellulose", "high_osmolality"),
        ("Free from parabens, Glycerin, Water, Carbomer", "high_osmolality"),
        ("Free from sugar, glycerin, water, carbomer", "high_osmolality"),
        ("Free from parabens, peppermint, water", "flavour_warming"),
    ],
)
def test_review_0312_round4_what_follows_a_claim_and_carries_on_into_the_list_flags(text, code):
    """Review 4 of module 03, A1, A2, A4: "with menthol", "/ Glycerin, Aqua", ", Glycerin, Water"."""
    report = lube.read_label(text)
    assert code in report.codes, (text, lube.headline(report))
    assert not no_flags_headline(report)


@pytest.mark.parametrize(
    "text",
    [
        "Free from parabens / oils. Aqua, Carbomer",
        "Free from parabens, glycerin\nIngredients: Aqua, Carbomer",
        "Free from parabens / glycerin\nIngredients: Aqua, Carbomer",
        "Free from: glycerin, chlorhexidine",
        "No parabens / no glycerin. Aqua, Carbomer",
    ],
)
def test_a_claim_list_that_ends_before_the_ingredients_still_only_asks(text):
    assert not lube.read_label(text).codes, lube.headline(lube.read_label(text))


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("No parabens (with glycerin). Aqua, Carbomer", "high_osmolality"),
        ("No parabens (contains glycerin). Aqua, Carbomer", "high_osmolality"),
        ("No parabens (with flavour). Aqua, Carbomer", "flavour_warming"),
        ("Ohne Parabene (mit Glycerin). Aqua, Carbomer", "high_osmolality"),
        ("Sin parabenos (con aroma). Aqua, Carbomer", "flavour_warming"),
        ("No glycerin (contains propylene glycol). Aqua, Carbomer", "high_osmolality"),
        ("No parabens (contains benzocaine). Aqua, Carbomer", "numbing"),
        ("Sans parabènes (avec lidocaïne). Aqua, Carbomer", "numbing"),
        ("No parabens (contains nonoxynol-9). Aqua, Carbomer", "nonoxynol9"),
        ("No parabens (but contains menthol). Aqua", "flavour_warming"),
        ("Free from parabens (contains coconut oil). Aqua, Carbomer", "oil"),
        ("No oil (except coconut oil). Aqua, Carbomer", "oil"),
        ("No parabens (lidocaine 2%)", "numbing"),
        ("Free from parabens, flavor, aqua, carbomer", "flavour_warming"),
        ("Free from parabens, aroma, aqua, carbomer", "flavour_warming"),
        ("Free from parabens, warming agent, aqua", "flavour_warming"),
    ],
)
def test_review_0312_round5_a_bracket_or_list_item_after_a_claim_that_says_present_flags(text, code):
    """Review 5 of module 03, A1-A3: "(with glycerin)", "(contains benzocaine)", ", aroma, aqua"."""
    report = lube.read_label(text)
    assert code in report.codes, (text, lube.headline(report))
    assert not no_flags_headline(report)


@pytest.mark.parametrize(
    "text",
    [
        "No parabens (parabens). Aqua, Carbomer",
        "Free from parabens and artificial flavours. Aqua, Carbomer",
        "Free from parabens, fragrance and flavour. Aqua, Carbomer",
        "Free from parabens and warming agents. Aqua, Carbomer",
    ],
)
def test_a_bracket_or_class_that_only_repeats_the_claim_stays_quiet(text):
    assert not lube.read_label(text).codes, lube.headline(lube.read_label(text))


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Free from parabens / Lidocaine HCl 2% / Aqua / Carbomer", "numbing"),
        ("Free from parabens / Lidocaine / Aqua / Carbomer", "numbing"),
        ("No silicone / coconut oil / aqua", "oil"),
        ("Free from parabens / glycerin / aqua", "high_osmolality"),
    ],
)
def test_review_0312_round5_a4_a_slash_list_with_water_after_a_claim_is_the_ingredient_list(text, code):
    report = lube.read_label(text)
    assert code in report.codes, (text, lube.headline(report))


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Free from parabens (warming). Aqua, Carbomer", "flavour_warming"),
        ("Free from parabens (tingling). Aqua, Carbomer", "flavour_warming"),
        ("Free from parabens (flavoured). Aqua, Carbomer", "flavour_warming"),
        ("Free from parabens (glycerin based). Aqua, Carbomer", "high_osmolality"),
        ("Free from parabens (glycerine-based formula). Aqua, Carbomer", "high_osmolality"),
        ("Free from parabens (benzocaine-enhanced). Aqua, Carbomer", "numbing"),
        ("Free from parabens (spermicidal). Aqua, Carbomer", "nonoxynol9"),
        ("Free from parabens (oil-based). Aqua, Carbomer", "oil"),
        ("Free from parabens (menthol-infused). Aqua, Carbomer", "flavour_warming"),
        ("Free from parabens (lidocaine). Aqua", "numbing"),
    ],
)
def test_review_0312_round6_a_bracket_after_a_claim_says_what_the_product_has(text, code):
    """Review 6 of module 03, A1-A3, B7: a bracket after a claim is read as what the product has."""
    report = lube.read_label(text)
    assert code in report.codes, (text, lube.headline(report))


@pytest.mark.parametrize(
    "text", ["Contains no parabens or glycerin. Aqua, Carbomer", "Free from parabens and glycerin. Aqua, Carbomer"]
)
def test_a_claims_own_list_joined_by_or_or_and_is_not_a_description(text):
    assert not lube.read_label(text).codes, lube.headline(lube.read_label(text))


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Contains no sugar, sweetened with sucralose", "flavour_warming"),
        ("Free from parabens, menthol-infused", "flavour_warming"),
        ("Free from parabens, strawberry flavour", "flavour_warming"),
        # A2: a claim never gives an amount, so a flagged name with one is in the product
        ("Free from parabens / benzocaine 5%", "numbing"),
        ("No parabens / 2% lidocaine HCl", "numbing"),
        ("Free from parabens / Lidocaine 40 mg/g", "numbing"),
        ("Without parabens / nonoxynol-9 2%", "nonoxynol9"),
        ("Free from parabens / mineral oil 10%", "oil"),
    ],
)
def test_review_0312_round4_a2_a3_a_later_item_that_says_present_or_has_an_amount_flags(text, code):
    assert code in lube.read_label(text).codes, lube.headline(lube.read_label(text))


def test_a_class_with_a_singular_flavour_after_a_claim_stays_quiet():
    assert not lube.read_label("Free from parabens, artificial flavour. Aqua").codes


@pytest.mark.parametrize("text", ["Free from parabens / benzocaine", "Free from lidocaine (0%)", "No mineral oil"])
def test_a_claim_with_no_amount_or_a_zero_amount_still_only_asks(text):
    report = lube.read_label(text)
    assert not report.codes and report.claimed, lube.headline(report)


@pytest.mark.parametrize(
    "text",
    [
        "0% parabens, 0% fragrance, Aqua, Glycerin, Carbomer",
        "Parabens 0%, Fragrance 0%, Aqua, Glycerin, Carbomer",
        "100% silicone-free, 0% parabens, 0% fragrance, Aqua, Glycerin",
        "0% parabens, 0% perfume. Aqua, Propylene Glycol, Hydroxyethylcellulose",
        "Aloe vera & Vitamin E. Aqua, Glycerin, Carbomer",
    ],
)
def test_review_0312_round7_a1_zero_amounts_and_a_front_line_do_not_push_a_humectant_down(text):
    report = lube.read_label(text)
    assert "high_osmolality" in report.codes, lube.headline(report)
    fragrance = strings.text("lubrication", "caution_fragrance")
    assert fragrance not in report.cautions, "a 0% claim was read as the product's own fragrance"


@pytest.mark.parametrize("text", ["0% lidocaine, Aqua", "Lidocaine 0%, Aqua"])
def test_a_zero_amount_never_turns_a_drug_into_a_claim(text):
    """Review 15 of module 03, A1: "Benzocaine 0% Parabens" showed how a zero beside a drug can belong to the
    next word, so a zero never makes a numbing agent, spermicide or oil "free": it is flagged to be safe."""
    report = lube.read_label(text)
    assert "numbing" in report.codes and not report.claimed, lube.headline(report)


@pytest.mark.parametrize(
    "text",
    [
        "Free from parabens; Aroma; Aqua; Carbomer",
        "Without parabens; Aroma; Aqua; Carbomer",
        "Free from parabens; Flavouring; Aqua; Carbomer",
    ],
)
def test_review_0312_round7_b1_a_list_of_semicolons_after_a_claim_is_the_ingredient_list(text):
    assert "flavour_warming" in lube.read_label(text).codes, lube.headline(lube.read_label(text))


def test_a_semicolon_before_a_comma_list_still_ends_the_claim():
    assert not lube.read_label("Free from parabens and flavour; Aqua, Carbomer").codes


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Active ingredient: Lidocaine free base 4%. Inactive ingredients: Aqua, Carbomer", "numbing"),
        ("Aqua, Carbomer, Lidocaine free base 4%", "numbing"),
        ("Aqua, Glycerin, Carbomer, Benzocaine free base", "numbing"),
        ("Aqua, Glycerin, Propylene Glycol, Hydroxyethylcellulose, Lidocaine / Paraben-free", "numbing"),
        ("Aqua, Hydroxyethylcellulose, Lidocaine paraben-free", "numbing"),
        ("Aqua, Hydroxyethylcellulose, Lidocaine: paraben-free", "numbing"),
        ("Aqua, Hydroxyethylcellulose, Benzocaine* *paraben-free", "numbing"),
        ("Aqua, Hydroxyethylcellulose, Lidocaine sugar-free", "numbing"),
        ("Aqua, Hydroxyethylcellulose, Lidocaine / Vegan / Paraben-free", "numbing"),
        ("Aqua, Hydroxyethylcellulose, Nonoxynol-9 / Paraben-free", "nonoxynol9"),
        ("Aqua, Dimethicone, Mineral Oil paraben-free", "oil"),
        ("Aqua, Hydroxyethylcellulose, Sodium Benzoate, Aroma / Vegan / Paraben-free", "flavour_warming"),
        ("Active ingredient: Benzyl Alcohol 4%. Inactive ingredients: Water, Carbomer, Triethanolamine.", "numbing"),
        ("Active ingredient (in each gram): Benzyl alcohol 40 mg. Inactive ingredients: Water, Carbomer", "numbing"),
        # round 8, B1: ", 100% X" after a claim says what the product is; B2: a list under a front line
        ("Dimethicone, Dimethiconol, Tocopherol. 0% parabens, 100% oil.", "oil"),
        ("Dimethicone, Dimethiconol. 0% parabens, 100% huile.", "oil"),
        ("Aqua, Carbomer, Sodium Benzoate. Free from parabens, 100% oil", "oil"),
        ("Aqua, Hydroxyethylcellulose, Sodium Benzoate. 0% parabens, 100% flavour.", "flavour_warming"),
        ("Aloe Vera · Vitamin E · Panthenol\nGlycerin, Aqua, Carbomer, Sodium Benzoate", "high_osmolality"),
        ("Aloe Vera | Vitamin E | Hyaluronic Acid\nPropylene Glycol, Aqua, Hydroxyethylcellulose", "high_osmolality"),
        ("Aloe vera, Vitamin E, Panthenol. Glycerin, Aqua, Carbomer", "high_osmolality"),
        # round 16, A1: benzyl alcohol with a basis before its name, or under "Active:"
        ("Aqua, Carbomer, 4% (w/w) Benzyl Alcohol", "numbing"),
        ("Aqua, Carbomer, 4 % (m/m) Benzyl Alcohol", "numbing"),
        ("Aqua, Carbomer, 4% m/m Benzyl Alcohol", "numbing"),
        ("Active: 4% m/m Benzyl Alcohol. Other ingredients: Aqua, Carbomer", "numbing"),
        ("Ingredients: Water, Carbomer.\nWarning: contains nonoxynol-9", "nonoxynol9"),
    ],
)
def test_review_0312_rounds_7_8_16_a_name_before_a_free_word_an_active_or_all_of_it_is_in_the_product(text, code):
    assert code in lube.read_label(text).codes, lube.headline(lube.read_label(text))


@pytest.mark.parametrize(
    "text",
    [
        "Aqua, Carbomer, Mineral oil-free",
        "Aqua, Carbomer, Lidocaine-free",
        "Aqua, Carbomer, fragrance and paraben free",
        "Aqua, Carbomer, Benzyl Alcohol 0.5%",
        "Active ingredient: Lidocaine 4%. Inactive ingredients: Aqua, Benzyl alcohol 0.5%",
    ],
)
def test_a_free_word_on_its_own_name_still_negates_it_and_inactive_benzyl_alcohol_is_quiet(text):
    report = lube.read_label(text)
    assert "oil" not in report.codes and ("numbing" not in report.codes or "lidocaine 4" in text.casefold()), (
        lube.headline(report)
    )


@pytest.mark.parametrize(
    "text", ["Eau, Carbomère, Benzoate de sodium. Formule américaine.", "Eau, Carbomère. Laboratoire africain"]
)
def test_review_0312_round7_c4_french_words_ending_in_caine_are_not_numbing(text):
    assert "numbing" not in lube.read_label(text).codes


@pytest.mark.parametrize(
    "text",
    [
        "Aqua - Water - Eau, Hydroxyethylcellulose, Glycerin",
        "Aqua, Water, Eau, Glycerin",
        "Aqua\nWater\nEau\nGlycerin",
        "Water, Aloe Barbadensis Leaf Juice, Aloe Vera, Glycerin",
    ],
)
def test_review_0312_round8_c2_a_name_given_twice_counts_once_for_the_top_of_the_list(text):
    assert "high_osmolality" in lube.read_label(text).codes, lube.headline(lube.read_label(text))


def test_a_fourth_different_ingredient_is_still_not_near_the_top():
    assert "high_osmolality" not in lube.read_label("Aqua, Carbomer, Xanthan Gum, Glycerin").codes


@pytest.mark.parametrize(
    "text",
    [
        "Aqua, Carbomer, Xanthan Gum,\nGlycerin, Sodium Benzoate",  # a list wrapped after a comma
        "Aqua\nCarbomer\nXanthan Gum\nGlycerin",  # one item a line
        "100% silicone-free, 0% parabens, Aqua, Carbomer",
    ],
)
def test_a_wrapped_or_one_per_line_list_keeps_its_count(text):
    assert "high_osmolality" not in lube.read_label(text).codes, lube.headline(lube.read_label(text))


@pytest.mark.parametrize(
    "text",
    [
        "Aqua, Hydroxyethylcellulose, Sodium Benzoate. Free from parabens, aroma.",
        "Aqua, Carbomer. Without parabens, aroma",
        "Aqua, Carbomer. Free from parabens, flavour.",
        "Aqua, Carbomer. Free from parabens, warming agent.",
    ],
)
def test_review_0312_round8_c1_a_flavour_word_ending_a_claim_list_asks(text):
    report = lube.read_label(text)
    assert report.claimed and not no_flags_headline(report), lube.headline(report)


@pytest.mark.parametrize("blank", ["\n" * 6000, "\r\n" * 3000, " \n" * 5000, "\n\t" * 3000])
def test_review_0312_round8_c5_runs_of_blank_lines_return_quickly(blank):
    import time

    start = time.process_time()
    report = lube.read_label("Aqua, Carbomer" + blank + "Mineral oil")
    assert time.process_time() - start < 3, "C5: blank lines must not freeze the checker"
    assert "oil" in report.codes


def test_review_0312_round9_every_source_a_flag_shows_links_to_its_own_page():
    """Review 9, C8: a flag's "(publisher, year)" was plain text, and two of its sources were in no list the
    learner could see. Each now links to the source's page, and the course's own words around a learner's
    text are never cut (D5)."""
    from coursekit.course.data import load_references

    refs = load_references()
    report = lube.read_label("Aqua, Carbomer, Benzyl Alcohol 10%, Diphenhydramine")
    html = lube.report_html(report)
    for flag in report.flags:
        for rid in flag.refs:
            assert f'href="{refs[rid]["url"]}"' in html, rid
    assert 'rel="noopener noreferrer"' in html
    assert strings.text("lubrication", "item_strong_benzyl_alcohol", item="10%") in html


@pytest.mark.parametrize(
    "text",
    [
        "Dimethicone, Dimethiconol, Cyclopentasiloxane",
        "Water, Dimethicone, Carbomer, Triethanolamine, Phenoxyethanol",
        "Silicone-based. Dimethicone, Cyclopentasiloxane, Dimethiconol",
    ],
)
def test_review_0312_round9_b1_silicone_gets_the_silicone_toy_note(text):
    report = lube.read_label(text)
    assert any("silicone toy" in c for c in report.cautions), lube.headline(report)
    assert "silicone toy" in lube.headline(report)


@pytest.mark.parametrize("text", ["100% silicone-free, Aqua, Carbomer", "Aqua, Carbomer, free from silicone"])
def test_a_silicone_free_claim_gets_no_silicone_note(text):
    assert not any("silicone toy" in c for c in lube.read_label(text).cautions)


@pytest.mark.parametrize(
    "text",
    [
        "Ingredients: Aqua, Hydroxyethylcellulose, Carbomer, Sodium Hydroxide. "
        "Oil-based lubricants can damage latex condoms.",
        "Ingredients: Aqua, Hydroxyethylcellulose, Carbomer. Warnings: Do not use with oil-based lubricants, "
        "petroleum jelly or baby oil, which damage latex.",
        "Ingredients: Aqua, Carbomer. Remember that petroleum jelly weakens latex.",
    ],
)
def test_review_0312_round9_b2_general_advice_about_oils_is_not_an_oil_flag(text):
    report = lube.read_label(text)
    assert not {"oil", "label_warning"} & report.codes, lube.headline(report)


@pytest.mark.parametrize(
    "text",
    [
        "Mineral Oil, Petrolatum. Warning: contains mineral oil, which may damage latex.",
        "Warning: Oil-based. Damages latex condoms. Ingredients: Aqua, Carbomer",
        "Avoid oil. Mineral oil, Aqua",
        "Do not use with latex condoms or oils. Ingredients: Aqua, Carbomer",
        "Do not use with oils: contains coconut oil. Aqua",
    ],
)
def test_advice_that_the_product_has_oil_or_is_not_for_latex_still_flags(text):
    assert {"oil", "label_warning"} & lube.read_label(text).codes, lube.headline(lube.read_label(text))


@pytest.mark.parametrize(
    "text",
    [
        "Glycerin and paraben free. Aqua, Hydroxyethylcellulose, Carbomer",
        "Glycerin & paraben free. Aqua, Carbomer",
        "Our water-based formula is free of parabens and glycerin. Ingredients: Aqua, Carbomer",
        "Free of parabens, glycerin and mineral oil. Aqua, Carbomer",
    ],
)
def test_review_0312_round9_b3_a_glycerin_free_claim_asks_and_does_not_flag_glycerin(text):
    report = lube.read_label(text)
    asks = "glycerin" in lube.headline(report) or "glycerin" in report.claimed
    assert "high_osmolality" not in report.codes and asks, lube.headline(report)


@pytest.mark.parametrize("text", ["Aqua, Lidocaine and paraben free", "Free from parabens, Glycerin, Water"])
def test_a_name_inside_the_list_before_and_free_still_flags(text):
    assert lube.read_label(text).codes & {"numbing", "high_osmolality"}, lube.headline(lube.read_label(text))


@pytest.mark.parametrize(
    "name", ["Лідокаїн", "Бензокаїн", "لیدوکائین", "בנזוקאין", "לידוקאין", "ลิโดเคน", "Lıdokaın", "Lıdocaıne"]
)
def test_review_0312_round9_b4_numbing_names_in_more_scripts_flag(name):
    assert "numbing" in lube.read_label(f"Aqua, Carbomer, {name}").codes
    assert "numbing" in lube.read_label(f"Вода, Гліцерин, {name}").codes


@pytest.mark.parametrize(
    ("text", "item"),
    [
        ("Free from parabens and glycerin, lidocaine-enhanced", "lidocaine-enhanced"),
        ("Contains no alcohol, lidocaine for comfort, aqua, carbomer", "lidocaine for comfort"),
        ("Free from parabens, rich in shea butter. Aqua", "rich in shea butter"),
    ],
)
def test_review_0312_round9_b5_an_item_said_to_be_there_has_no_check_it_is_absent_note(text, item):
    report = lube.read_label(text)
    items = [i for flag in report.flags for i in flag.ingredients]
    assert item in items, items
    assert not any("flagged to be safe" in i for i in items), items


def test_review_0312_round9_c1_a_whole_name_beside_an_unknown_word_is_not_split():
    report = lube.read_label("Aqua, Carbomer, Natriumhydroxid, Lidocainhydrochlorid")
    assert report.flags[0].ingredients == ("lidocainhydrochlorid",)
    assert "split" in lube.read_label("Aqua, Lido\ncaine").flags[0].ingredients[0]


@pytest.mark.parametrize(("value", "code"), [(["Aqua", "Lidocaine"], "numbing"), (b"Aqua, Mineral Oil", "oil")])
def test_review_0312_round9_d6_a_list_or_bytes_is_read_as_text(value, code):
    report = lube.read_label(value)
    assert code in report.codes and not any("'" in i for f in report.flags for i in f.ingredients)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        (
            "Inactive ingredients: Water, Hydroxyethylcellulose, Sodium Benzoate. Warning: Do not use with "
            "oil-based lubricants Active ingredient: Benzocaine 5%",
            "numbing",
        ),
        (
            "Ingredients: Aqua, Hydroxyethylcellulose, Sodium Benzoate, Potassium Sorbate. Oil-based lubricants "
            "can damage latex condoms, Lidocaine 2%",
            "numbing",
        ),
        (
            "Ingredients: Aqua, Hydroxyethylcellulose, Sodium Benzoate. Do not use with oils or lotions, "
            "lidocaine may cause numbness",
            "numbing",
        ),
        ("Do not use with oil-based lubricants Ingredients: Aqua, Benzocaine, Glycerin", "numbing"),
        ("Do not use with oil-based lubricants Ingredients: Aqua, Nonoxynol-9", "nonoxynol9"),
        ("Do not use with oil-based lubricants Inactive ingredients aloe, carbomer, mineral oil, petrolatum", "oil"),
        ("Aqua, Carbomer, Sodium Hydroxide\nAvoid oil based lubricants, Nonoxynol-9 12.5%", "nonoxynol9"),
        ("Free from parabens and fragrance: Aqua, Carbomer, Menthol", "flavour_warming"),
        ("Free from parabens and fragrance: Aqua, Glycerin, Carbomer", "high_osmolality"),
        ("Aqua, Carbomer, Laureth-9", "numbing"),
        ("Aqua, Carbomer, Nonylphenyl polyethylene glycol ether", "nonoxynol9"),
    ],
)
def test_review_0312_round10_a1_b2_advice_never_hides_what_follows_and_a_later_colon_starts_the_list(text, code):
    report = lube.read_label(text)
    assert code in report.codes, lube.headline(report)
    assert not any("flagged to be safe" in i for f in report.flags for i in f.ingredients), lube.headline(report)


def test_review_0312_round10_b1_padding_never_pushes_a_hazard_out_of_reach():
    for pad in ("\n" * 300_000, " " * 300_000):
        report = lube.read_label("Aqua, Carbomer" + pad + "Mineral oil, Benzocaine")
        assert {"oil", "numbing"} <= report.codes, lube.headline(report)
    report = lube.read_label("Aqua, Carbomer, " + "x " * 1_200_000 + "Benzocaine")
    assert report.limits and not no_flags_headline(report)


@pytest.mark.parametrize(
    "sentence",
    [
        "Does not weaken or damage latex condoms.",
        "No risk of damaging latex condoms.",
        "Avoid contact with oils.",
        "Not to be used with oil-based products.",
        "Oil-based lubricants may cause condoms to break.",
        "Condom safe, unlike oils.",
        "Use only water-based or silicone lubricants with latex condoms, never oil.",
    ],
)
def test_review_0312_round10_b3_a_water_based_lubes_condom_wording_is_not_an_oil_flag(sentence):
    report = lube.read_label(f"Aqua, Hydroxyethylcellulose, Sodium Benzoate. {sentence}")
    assert not {"oil", "label_warning"} & report.codes, lube.headline(report)


@pytest.mark.parametrize(
    "text",
    ["Aqua, Carbomer. Damages latex condoms.", "Aqua. Not for use with latex condoms.", "Mineral oil. Avoid oils."],
)
def test_a_label_that_says_it_harms_latex_or_lists_oil_still_flags(text):
    assert {"oil", "label_warning"} & lube.read_label(text).codes, lube.headline(lube.read_label(text))


@pytest.mark.parametrize(
    "text", ["Aqua, Carbomer, Sodium Benzoate. Doesn't numb or desensitise.", "Aqua, Carbomer. Won't numb."]
)
def test_review_0312_round10_c1_a_denied_numbing_word_asks_but_does_not_flag(text):
    report = lube.read_label(text)
    assert "numbing" not in report.codes and not no_flags_headline(report), lube.headline(report)


def test_review_0312_round10_d9_an_item_said_to_be_there_is_listed_once():
    (flag,) = lube.read_label("Lidocaine free formula with benzocaine").flags
    assert flag.ingredients == ("lidocaine free formula with benzocaine",)


def test_another_number_in_a_series_is_not_a_lookalike():
    assert "numbing" not in lube.read_label("Aqua, Carbomer, Laureth-4").codes
    assert "numbing" in lube.read_label("Aqua, Carbomer, Lidocaime").codes


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Ingredients: Aqua / Carbomer / Benzocaine / Parabens 0%", "numbing"),
        ("Aqua, Carbomer, Lidocaine / Parabens 0%", "numbing"),
        ("Ingredients: Aqua / Carbomer / Petrolatum / Fragrance 0%", "oil"),
        ("Aqua / Glycerin / Carbomer / Parabens 0%", "high_osmolality"),
        ("Aqua \u00b7 Carbomer \u00b7 Lidocaine \u00b7 Parabens 0%", "numbing"),
        ("Aqua - Carbomer - Lidocaine - Parabens 0%", "numbing"),
        ("Parabens 0% Lidocaine, Aqua", "numbing"),
        ("Free from parabens, lidocaine 4%", "numbing"),
        ("Free from parabens with lidocaine", "numbing"),
        ("Ohne Parabene mit Lidocain", "numbing"),
        ("Sans parab\u00e8nes, \u00e0 la lidoca\u00efne", "numbing"),
        ("Without parabens, includes benzocaine", "numbing"),
        ("Free from parabens; Benzocaine; Aqua", "numbing"),
        ("Sin parabenos, lidoca\u00edna, agua", "numbing"),
        ("\u7cbe\u88fd\u6c34\u3001\u30ea\u30c9\u30ab\u30a4\u30f3\u5869\u9178\u5869", "numbing"),
        ("\uc815\uc81c\uc218, \ub9ac\ub3c4\uce74\uc778\uc5fc\uc0b0\uc5fc", "numbing"),
        ("Aqua, Carbomer, Nonoxy<wbr>nol-9", "nonoxynol9"),
        ("Aqua, Carbomer, <mark>Lido</mark>caine", "numbing"),
        ("<p>Aqua, Carbomer, Petro<wbr>latum</p>", "oil"),
        ("\u6c34\u3001\u77f3\u8721\u6cb9", "oil"),
        ("\uc815\uc81c\uc218, \ubbf8\ub124\ub784\uc624\uc77c", "oil"),
        ("Aqua, Carbomer, Myristalkonium chloride", "nonoxynol9"),
    ],
)
def test_review_0312_round11_a1_b1_b3_b4_c5_a_listed_hazard_flags_with_no_check_it_is_absent_note(text, code):
    report = lube.read_label(text)
    assert code in report.codes, lube.headline(report)
    if code in ("numbing", "nonoxynol9"):
        assert not any("flagged to be safe" in i for f in report.flags for i in f.ingredients), lube.headline(report)


@pytest.mark.parametrize(
    "text",
    ["Inactive ingredients: aloe vera, benzyl alcohol, carbomer, water", "Other ingredients: water, carbomer"],
)
def test_review_0312_round11_a2_an_inactive_list_alone_never_says_no_flags(text):
    report = lube.read_label(text)
    assert not no_flags_headline(report) and "Active ingredient" in lube.headline(report), lube.headline(report)
    whole = lube.read_label("Active ingredient: Lidocaine 4%. " + text)
    assert "numbing" in whole.codes and not any("inactive part" in n for n in whole.limits)


@pytest.mark.parametrize(
    "sentence",
    [
        "Oil-based lubricants should not be used with latex condoms.",
        "Oil-based lubricants are not safe with latex condoms.",
        "Oil-based lubricants such as petroleum jelly can weaken condoms.",
        "Compatible with latex condoms (unlike oil).",
        "Does not weaken latex condoms like oils do.",
        "Safe with latex condoms; unlike oil-based lubes, it won't damage latex.",
        "Oils (e.g. coconut oil) can damage latex condoms.",
        "Never use petroleum jelly with condoms.",
        "Do not use oil-based lubricants with latex condoms.",
    ],
)
def test_review_0312_round11_b2_more_condom_safe_advice_is_not_an_oil_flag(sentence):
    report = lube.read_label(f"Aqua, Carbomer, Sodium Benzoate. {sentence}")
    assert not {"oil", "label_warning"} & report.codes, lube.headline(report)


@pytest.mark.parametrize("pad", ["\u00a0" * 30_000, "\u3000" * 30_000, "\u00a0\n" * 30_000, "\u200b\n" * 30_000])
def test_review_0312_round11_c1_unicode_padding_is_quick_and_hides_nothing(pad):
    import time

    start = time.process_time()
    report = lube.read_label("Aqua," + pad + "Mineral Oil")
    assert time.process_time() - start < 3, "padding took too long"
    assert "oil" in report.codes, lube.headline(report)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Aqua, Hydroxyethylcellulose, Lidocaine free-base 4%", "numbing"),
        ("Ingredients: Aqua, Propylene Glycol, Tetracaine free-base 1%", "numbing"),
        ("Active ingredient: Lidocaine free\u2011base 4%. Inactive ingredients: Aqua, Carbomer", "numbing"),
        ("Aqua, Carbomer, White Petrolatum free of PAHs", "oil"),
        ("Aqua, Carbomer, Shea Butter free from additives", "oil"),
        ("Aqua, Carbomer, Mineral Oil free of PAH", "oil"),
        ("Aqua, Carbomer, Coconut Oil free of hexane", "oil"),
        ("Free from parabens / Aqua / Lidocaine / Carbomer", "numbing"),
        ("Free from parabens / Mineral Oil / Aqua", "oil"),
        ("Without parabens  Coconut Oil  Aqua", "oil"),
        ("Vesi, Hydroksietyyliselluloosa, Lidokaiinihydrokloridi", "numbing"),
        ("Aqua, Carbomer, Bentsokaiini", "numbing"),
        ("Aqua, Carbomer, Tripelennamine HCl", "numbing"),
        ("Aqua, Carbomer, Juniper tar", "flavour_warming"),
    ],
)
def test_review_0312_round12_a1_a2_a3_b1_a_listed_hazard_flags_as_listed(text, code):
    report = lube.read_label(text)
    assert code in report.codes, lube.headline(report)
    items = [i for f in report.flags for i in f.ingredients]
    assert not any("flagged to be safe" in i for i in items), items
    assert not report.claimed or code == "flavour_warming", lube.headline(report)


def test_review_0312_round12_a3_a_claim_note_on_a_flag_says_it_is_flagged_to_be_safe():
    (flag,) = lube.read_label("Free from parabens, fragrance and mineral oil. Aqua, Carbomer").flags
    assert any("flagged to be safe" in i for i in flag.ingredients) and not any("absent" in i for i in flag.ingredients)


def test_review_0312_round12_b2_a_drug_facts_column_header_keeps_the_active_part():
    text = (
        "Drug Facts\nActive ingredient Purpose\nLidocaine 4% Topical anesthetic\n"
        "Inactive ingredients aloe vera, carbomer, water"
    )
    report = lube.read_label(text)
    assert "numbing" in report.codes and not any("inactive part" in n for n in report.limits)
    assert not report.instructions, report.instructions


@pytest.mark.parametrize(
    "sentence",
    [
        "This is not a contraceptive and does not contain a spermicide.",
        "Not spermicidal.",
        "Not a spermicide.",
    ],
)
def test_review_0312_round12_b3_a_not_a_spermicide_disclaimer_asks_but_does_not_flag(sentence):
    report = lube.read_label(f"Aqua, Carbomer. {sentence}")
    assert "nonoxynol9" not in report.codes and not no_flags_headline(report), lube.headline(report)


@pytest.mark.parametrize(
    "text",
    [
        "Aqua, Carbomer, not less than 5% lidocaine",
        "Aqua, Carbomer, Not less than 2% Nonoxynol-9",
        "Not numbing, lidocaine",
    ],
)
def test_a_not_before_a_dosed_or_later_drug_never_hides_it(text):
    assert lube.read_label(text).codes & {"numbing", "nonoxynol9"}, lube.headline(lube.read_label(text))


@pytest.mark.parametrize(
    "text",
    [
        "Aqua, Carbomer, Oil-based lubricants can damage latex condoms",
        "Aqua, Carbomer. Oil-based lubricants may cause condoms to break or slip.",
        "Aqua, Carbomer. Les lubrifiants \u00e0 base d'huile peuvent endommager les pr\u00e9servatifs en latex.",
        "Aqua, Carbomer. Los lubricantes a base de aceite pueden da\u00f1ar los preservativos de l\u00e1tex.",
        "<p>Aqua, Carbomer</p><p>Oil-based lubricants can damage latex condoms.</p>",
    ],
)
def test_review_0312_round12_b4_advice_without_a_full_stop_in_other_languages_or_html_is_not_an_oil_flag(text):
    assert not {"oil", "label_warning"} & lube.read_label(text).codes, lube.headline(lube.read_label(text))


def test_advice_after_a_comma_never_takes_an_ingredient_with_it():
    report = lube.read_label("Aqua, Carbomer, Mineral Oil, Petrolatum, avoid oils with latex")
    assert "oil" in report.codes and {"mineral oil", "petrolatum"} <= set(report.flags[0].ingredients)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Ingredients: Aqua, Carbomer, Mineral Oil, Oil-based lubricants can damage latex condoms.", "oil"),
        ("Ingredients: Aqua, Glycerin, Carbomer, Coconut Oil, Oils can damage latex condoms.", "oil"),
        ("Aqua, Carbomer, Petrolatum may damage latex condoms", "oil"),
        ("Carbomer, Aqua, Vaseline can damage latex condoms.", "oil"),
        ("Aqua, Carbomer, Coconut Oil and Almond Oil can damage latex condoms", "oil"),
        ("Free from parabens\u2014Lidocaine, Aqua, Carbomer", "numbing"),
        ("Free from glycerin\u2014Nonoxynol-9, Hydroxyethylcellulose, Aqua", "nonoxynol9"),
        ("Ohne Parabene\u2013Lidocain, Wasser", "numbing"),
        ("<p>Free from parabens&mdash;Lidocaine, Aqua, Carbomer</p>", "numbing"),
        ("Free from parabens-Lidocaine, Aqua", "numbing"),
        ("Free from parabens\u2014Menthol, Aqua", "flavour_warming"),
        ("Aqua, Lidocaine 0%-4%, Carbomer", "numbing"),
        ("Aqua, Benzocaine: 0%\u201320%, Carbomer", "numbing"),
        ("Composition (% w/w): Water 80-90%, Mineral oil 0%-5%, Carbomer 1%", "oil"),
        ("Aqua, Carbomer, 0% alcohol lidocaine", "numbing"),
        ("Aqua, Carbomer, Benzyl Alcohol\nUses: temporarily relieves pain, itching and burning", "numbing"),
        ("Aqua, Carbomer. Prolong spray.", "numbing"),
    ],
)
def test_review_0312_round13_a1_a2_a3_b3_a_listed_hazard_is_never_advice_or_a_claim(text, code):
    report = lube.read_label(text)
    assert code in report.codes, lube.headline(report)
    assert not report.claimed, lube.headline(report)


def test_review_0312_round13_b1_a_drug_at_the_end_of_a_claim_list_is_flagged_to_be_safe():
    text = "Ingredients: Aqua, Hydroxyethylcellulose.\nFree from parabens, glycerin, fragrance and nonoxynol-9."
    (flag,) = lube.read_label(text).flags
    assert flag.code == "nonoxynol9" and all("flagged to be safe" in i for i in flag.ingredients)


def test_review_0312_round13_c5_long_comma_runs_are_read_in_bounded_time():
    import time

    start = time.process_time()
    lube.read_label("a, " * 66_000)
    assert time.process_time() - start < 5


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("No parabens / Tetracaine / Carbomer", "numbing"),
        ("Free from parabens / Nonoxynol-9 / Hydroxyethylcellulose / Sorbic acid", "nonoxynol9"),
        ("Free from parabens / Lidocaine HCl, Carbomer, Sodium Hydroxide", "numbing"),
        ("Free from parabens / glycerin / Coconut Oil / Shea Butter / Tocopherol", "oil"),
        ("Contains no parabens / Isopropyl Myristate / Dimethicone", "oil"),
        ("Free from glycerin w/ coconut oil", "oil"),
        ("Aqua, Carbomer. Jojoba oil can damage latex condoms.", "oil"),
    ],
)
def test_review_0312_round14_a1_b1_a_hazard_in_a_slash_list_or_a_named_oil_flags(text, code):
    report = lube.read_label(text)
    assert code in report.codes and not report.claimed, lube.headline(report)


@pytest.mark.parametrize(
    "text",
    [
        "Ingredients: Aqua, Hydroxyethylcellulose, (...), Sodium Benzoate",
        "Ingredients: Aqua, Hydroxyethylcellulose \u2026 Potassium Sorbate",
        "Aqua, Carbomer, ..., Sodium Benzoate",
        "Aqua, Carbomer, Sodium Benzoate, [...]",
        "Aqua, Carbomer, Sodium Benzoate, . . .",
        "Aqua, Carbomer, **",
        "Aqua, Carbomer, ?",
        "Aqua, Carbomer &",
        "Aqua (and 3 others), Carbomer",
        "Aqua, Carbomer, Sodium Benzoate (see full list on pack)",
        "Aqua, Carbomer (proprietary blend), Sodium Benzoate",
        "Aqua, Hydroxyethylcellulose, Potassium sorbate (\u30b3\u30b3\u30ca\u30c3\u30c4\u6cb9)",
        # round 13, A4: a list cut short or unreadable
        "Aqua, Hydroxyethylcellulose, Potassium Sorbate, ...",
        "Aqua, Carbomer, Phenoxyethanol\u2026",
        "Aqua, Carbomer, Sodium Hydroxide, ????",
        "Aqua, Carbomer, \ufffd\ufffd\ufffd",
        "Aqua, Carbomer, \u25a0\u25a0\u25a0\u25a0",
        "Aqua, Carbomer, \U0001f965",
        "Aqua, Carbomer, 10%",
        "Aqua, Carbomer, (2%)",
    ],
)
def test_review_0312_rounds_13_14_gaps_and_unread_brackets_never_say_no_flags(text):
    report = lube.read_label(text)
    assert not no_flags_headline(report) and report.unrecognised, lube.headline(report)


@pytest.mark.parametrize(
    "text",
    [
        "Aqua (Water/Eau), Carbomer",
        "Aqua, Carbomer, Tocopherol (Vitamin E)",
        "Aqua, Carbomer.",
        "Aqua (>80%), Carbomer",
        "Aqua, Carbomer\u00ae",
        "Aqua \u25cf Carbomer \u25cf Xanthan gum",
    ],
)
def test_a_synonym_a_bullet_a_mark_a_named_amount_or_a_full_stop_is_not_a_gap(text):
    assert no_flags_headline(lube.read_label(text)), lube.headline(lube.read_label(text))


@pytest.mark.parametrize("value", ["1100", "800", "1,150"])
def test_review_0312_round15_b1_a_printed_osmolality_below_the_buying_limit_still_gets_a_note(value):
    report = lube.read_label(f"Water, Hydroxyethylcellulose, Sodium Benzoate. Osmolality {value} mOsm/kg")
    assert any("above the body's own level" in c for c in report.cautions), report.cautions
    assert "above the body" in lube.report_html(report)


def test_a_printed_osmolality_near_the_body_gets_no_note_and_a_high_one_flags():
    assert not lube.read_label("Water, Carbomer. Osmolality: 290 mOsm/kg").cautions
    assert "high_osmolality" in lube.read_label("Water, Carbomer. Osmolality: 2500 mOsm/kg").codes


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Aqua, Carbomer, Benzocaine 0% Parabens", "numbing"),
        ("Aqua, Glycerin, Carbomer, Benzocaine 0% Parabens", "numbing"),
        ("Ingredients: Aqua, Hydroxyethylcellulose, Petrolatum 0% Parabens", "oil"),
        ("Aqua, Carbomer, Mineral Oil 0% Parabens", "oil"),
        ("Free from parabens Aqua, Menthol, Carbomer", "flavour_warming"),
        ("Free from parabens and fragrance Aqua, Carbomer, Capsicum Annuum Fruit Extract", "flavour_warming"),
        ("Free from glycerin Aroma, Aqua, Carbomer", "flavour_warming"),
        ("Active ingredient: Pramocaine hydrochloride 1% w/w. Inactive ingredients: Aqua", "numbing"),
    ],
)
def test_review_0312_round15_a1_a2_a3_a_listed_hazard_is_never_turned_into_a_claim(text, code):
    report = lube.read_label(text)
    assert code in report.codes and not report.claimed, lube.headline(report)


def test_review_0312_round15_b1_silicone_oil_gets_the_silicone_toy_note():
    assert any("silicone toy" in c for c in lube.read_label("Aqua, Carbomer, Silicone Oil").cautions)


@pytest.mark.parametrize(
    "text",
    [
        "Long-lasting, prolonged glide. Ingredients: Aqua, Hydroxyethylcellulose, Sodium Benzoate",
        "Aqua, Carbomer. Warnings: Prolonged use may cause irritation.",
        "Free from artificial flavours. Aqua, Carbomer",
    ],
)
def test_review_0312_round15_b4_ordinary_words_raise_no_flag(text):
    assert not lube.read_label(text).codes, lube.headline(lube.read_label(text))


@pytest.mark.parametrize(
    "text",
    [
        "Active: Benzyl Alcohol. Inactive: Aqua, Carbomer",
        "Active substance: Benzyl Alcohol\nExcipients: Aqua, Carbomer",
        "Ingredients: Aqua, Hydroxyethylcellulose, Sodium Benzoate, 5% w/w",
        "Ingredients: Aqua, Hydroxyethylcellulose, Sodium Benzoate\n(2% w/w)",
        "Ingredients: Aqua, Hydroxyethylcellulose, Sodium Benzoate, 40 mg.",
        "Composition: Aqua, Carbomer, Sodium Benzoate, 50 mg/g",
        "Aqua, Carbomer, Sodium Benzoate, 5 g/100 g",
        "Aqua, Carbomer, Sodium Benzoate, 1 IU",
        "Active ingredient:\n\nIngredients: Aqua, Carbomer, Sodium Benzoate",
        "Active:\nIngredients: Aqua, Hydroxyethylcellulose",
        "Wirkstoff:\nBestandteile: Wasser, Hydroxyethylcellulose",
        "Ingredients: Aqua, Hydroxyethylcellulose, Sodium Benzoate,",
        "Aqua, Carbomer;",
        "Aqua, Carbomer, (",
    ],
)
def test_review_0312_round16_a2_to_a5_a_missing_active_part_or_name_never_says_no_flags(text):
    report = lube.read_label(text)
    assert not no_flags_headline(report), lube.headline(report)


@pytest.mark.parametrize(
    "text",
    [
        "Ingredients: Water, Hydroxyethylcellulose, Sodium Benzoate.\n"
        "WARNING: This product is not a contraceptive and does not contain a spermicide.",
        "Ingredients: Water, Hydroxyethylcellulose.\nWarnings: Does not contain nonoxynol-9. No lidocaine.",
        "Ingredients: Water, Hydroxyethylcellulose.\nWarnings: Do not use with numbing products.",
    ],
)
def test_review_0312_round16_b2_a_warning_that_denies_a_hazard_does_not_flag_it(text):
    assert not lube.read_label(text).codes, lube.headline(lube.read_label(text))


def test_a_list_wrapped_after_a_comma_is_not_cut_short():
    assert "high_osmolality" in lube.read_label("Aqua, Carbomer,\nGlycerin").codes
    assert no_flags_headline(lube.read_label("Ingredients: Aqua, Carbomer"))


@pytest.mark.parametrize(
    "text", ["Made without parabens, glycerin, or oils. Aqua, Carbomer", "Formulated without parabens. Aqua, Carbomer"]
)
def test_review_0312_round16_b4_made_without_is_a_claim(text):
    report = lube.read_label(text)
    assert "high_osmolality" not in report.codes and (report.claimed or no_flags_headline(report)), lube.headline(
        report
    )


@pytest.mark.parametrize(
    "text",
    [
        "Aqua, Carbomer, Do not use with oils, Coconut Oil",
        "Aqua, Carbomer, Avoid oils, Coconut Oil",
        "Ingredients: Aqua, Carbomer\nDo not use with oil-based lubricants, mineral oil",
        "Aqua, Carbomer\nNot for use with oil based lubes, Petrolatum",
        "Aqua, Carbomer, Do not use with lotions, Baby oil",
        "Not for use with oil-based lubricants, Coconut oil",
        "Aqua, Carbomer. Do not use with baby oil, coconut oil or petroleum jelly.",
    ],
)
def test_review_0312_round17_a1_an_oil_named_in_advice_without_condoms_flags_to_be_safe(text):
    (flag,) = lube.read_label(text).flags
    assert flag.code == "oil" and all("flagged to be safe" in i for i in flag.ingredients), flag.ingredients


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("No glycerin? It has lidocaine.", "numbing"),
        ("Contains no glycerin? Contains benzocaine.", "numbing"),
        ("Free from parabens? Contains coconut oil.", "oil"),
    ],
)
def test_review_0312_round17_a2_a_question_mark_ends_a_claim(text, code):
    report = lube.read_label(text)
    assert code in report.codes and not report.claimed, lube.headline(report)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Lidocaine-free? No.\nAqua, Carbomer", "numbing"),
        ("Benzocaine free: No\nAqua, Carbomer", "numbing"),
        ("Not lidocaine-free. Aqua, Carbomer", "numbing"),
        ("This is not a lidocaine-free product. Aqua, Carbomer", "numbing"),
        ("Nicht lidocainfrei. Wasser, Carbomer", "numbing"),
        ("Sin lidoca\u00edna? No. Agua, carb\u00f3mero", "numbing"),
        ("Spermicide-free: no\nAqua, Carbomer", "nonoxynol9"),
        ("Not free from nonoxynol-9. Water, carbomer", "nonoxynol9"),
        ("Paraben free: Yes\nLidocaine free: No\nAqua, Carbomer", "numbing"),
        ("Numbing free? No.\nAqua, Carbomer", "numbing"),
        ("Not oil-free. Aqua, Carbomer", "oil"),
        ("Oil-free: no. Aqua, Carbomer", "oil"),
        ("Is it oil-free? No.", "oil"),
    ],
)
def test_review_0312_round18_a1_a2_a_denied_free_claim_says_the_product_has_it(text, code):
    report = lube.read_label(text)
    assert code in report.codes and not report.claimed, lube.headline(report)


@pytest.mark.parametrize(
    "text",
    ["Latex safe: No. Aqua, Hydroxyethylcellulose", "Condom compatible: No. Aqua, Carbomer", "Condom-safe? No. Aqua"],
)
def test_review_0312_round18_b1_a_spec_table_no_for_latex_is_the_labels_own_not_for_latex(text):
    assert "label_warning" in lube.read_label(text).codes, lube.headline(lube.read_label(text))
    answered_yes = lube.read_label(text.replace(": No", ": Yes").replace("? No", "? Yes"))
    assert not {"oil", "label_warning"} & answered_yes.codes


R19_DENIED = [
    ("Aqua, Hydroxyethylcellulose.\nOil-free\tNo\nLidocaine-free\tNo", {"oil", "numbing"}),
    ("Aqua, Hydroxyethylcellulose.\n| Oil-free | No |\n| Lidocaine-free | No |", {"oil", "numbing"}),
    (
        "<table><tr><td>Oil-free</td><td>No</td></tr><tr><td>Lidocaine-free</td><td>No</td></tr></table> Aqua",
        {"oil", "numbing"},
    ),
    ("Aqua, Hydroxyethylcellulose. Lidocaine-free?\nNo", {"numbing"}),
    ("Aqua, Hydroxyethylcellulose. Lidocaine\u2011free? No.", {"numbing"}),
    ("Aqua, Hydroxyethylcellulose. Oil\u2010free: No", {"oil"}),
    ("Aqua, Hydroxyethylcellulose. Oil-free | No", {"oil"}),
    ("Aqua, Hydroxyethylcellulose.\nOil-free \u2014 No", {"oil"}),
    ("Aqua, Hydroxyethylcellulose.\nOil-free:\nNo", {"oil"}),
    ("Aqua, Hydroxyethylcellulose. Not 100% oil-free.", {"oil"}),
    ("Aqua, Hydroxyethylcellulose. Libre de aceite: No", {"oil"}),
    ("Aqua, Hydroxyethylcellulose. Q: Is it oil-free? A: No.", {"oil"}),
    ("Aqua, Hydroxyethylcellulose. Is it lidocaine free? Unfortunately no.", {"numbing"}),
    ("Aqua, Hydroxyethylcellulose. It isn't oil-free.", {"oil"}),
    ("Aqua, Hydroxyethylcellulose. NOT free from benzocaine (contains 5%).", {"numbing"}),
]


@pytest.mark.parametrize(("text", "codes"), R19_DENIED)
def test_review_0312_round19_a1_to_a4_a_denied_claim_in_any_layout_says_the_product_has_it(text, codes):
    report = lube.read_label(text)
    assert codes <= report.codes and not report.claimed, lube.headline(report)


@pytest.mark.parametrize(
    "text",
    [
        "Aqua, Hydroxyethylcellulose. Oil-free: No added oils.",
        "Aqua, Hydroxyethylcellulose. Oil-free: no parabens, no glycerin.",
        "Aqua, Hydroxyethylcellulose. Not greasy and oil-free!",
        "Aqua, Hydroxyethylcellulose. Lidocaine-free: Yes",
    ],
)
def test_review_0312_round19_b2_to_b4_a_no_that_opens_a_phrase_or_a_yes_is_not_a_denial(text):
    assert not lube.read_label(text).codes, lube.headline(lube.read_label(text))


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("\u2717 Lidocaine-free\nWater, Carbomer", "numbing"),
        ("[ ] Lidocaine-free\n[x] Paraben-free", "numbing"),
        ("\u2717 N-9 free", "nonoxynol9"),
        ("\u2718 Oil-free", "oil"),
        ("Free from parabens, but not benzocaine.\nWater, Carbomer", "numbing"),
        ("Free from parabens, but not oil.\nWater, Carbomer", "oil"),
        ("Not paraben- or lidocaine-free.", "numbing"),
        ("Neither lidocaine-free nor oil-free.", "oil"),
        ("Lidocaine-free? Unfortunately not.", "numbing"),
        ("Lidocaine-free? Negative.", "numbing"),
        ("Non-numbing? No.\nWater, Carbomer", "numbing"),
        ("Non-spermicidal: No", "nonoxynol9"),
        ("Non-oily: No", "oil"),
    ],
)
def test_review_0312_round20_a1_to_a5_a_crossed_contrasted_or_denied_claim_flags(text, code):
    report = lube.read_label(text)
    assert code in report.codes and not report.claimed, lube.headline(report)


@pytest.mark.parametrize(
    "text",
    ["Does not contain lidocaine. Water, Carbomer", "Non-greasy formula. Water, Carbomer", "Paraben-free. Oil-free."],
)
def test_a_plain_claim_still_only_asks_or_passes(text):
    assert not lube.read_label(text).codes, lube.headline(lube.read_label(text))


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("We left out parabens, not lidocaine.", "numbing"),
        ("Free from parabens, not lidocaine.", "numbing"),
        ("We removed parabens, not benzocaine.", "numbing"),
        ("No longer free from lidocaine", "numbing"),
        ("Formerly nonoxynol-9 free", "nonoxynol9"),
        ("Aqua, Carbomer. Do not use with oil, sunflower oil.", "oil"),
        ("Aqua, Carbomer. Do not use jojoba oil with condoms.", "oil"),
        ("Ingredients: Aqua, Carbomer. Caution: Avoid petroleum jelly and mineral oil with latex condoms.", "oil"),
    ],
)
def test_review_0312_round21_a1_to_a3_a_contrasted_or_former_claim_or_a_named_oil_in_advice_flags(text, code):
    report = lube.read_label(text)
    assert code in report.codes and not report.claimed, lube.headline(report)


@pytest.mark.parametrize(
    "text",
    [
        "Aqua, Carbomer, Oil-free? No: coconut oil",
        "Petroleum-free? No: petrolatum\nAqua, Carbomer",
        "Free from mineral oil? No: mineral oil.\nAqua, Carbomer",
        "Is it paraben and oil free? No: coconut oil\nAqua, Carbomer",
        "Contains no coconut oil? Wrong.\nAqua, Carbomer",
    ],
)
def test_review_0312_round22_a1_a_no_answer_that_names_an_oil_says_the_product_has_it(text):
    report = lube.read_label(text)
    assert "oil" in report.codes and not report.claimed, lube.headline(report)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Ingredients: Dimethicone, Dimethiconol. Not condom safe.", "label_warning"),
        ("Ingredients: Dimethicone, Dimethiconol. Can't be used with latex condoms.", "label_warning"),
        ("Ingredients: Dimethicone, Dimethiconol. Not recommended for use with latex condoms.", "label_warning"),
        ("Ingredients: Dimethicone, Dimethiconol. Not latex-friendly.", "label_warning"),
        ("Aqua, Carbomer, \u30ce\u30ce\u30ad\u30b7\u30ce\u30fc\u30eb", "nonoxynol9"),
    ],
)
def test_review_0312_round22_b2_b3_more_not_for_latex_wordings_and_a_japanese_spermicide(text, code):
    assert code in lube.read_label(text).codes, lube.headline(lube.read_label(text))


@pytest.mark.parametrize(
    "text", ["Aqua, Carbomer", "Aqua, Lidocaine", "Aqua, Carbomer, Zinc Gluconate", "Free from lidocaine. Aqua", ""]
)
def test_every_report_ends_with_the_read_it_yourself_checklist(text):
    """The checker is a reading aid: whatever it found, the last thing shown is what to look for on the
    packet yourself, and a clean headline says it is no safety guarantee (issue 12, review 22 follow-up)."""
    report = lube.read_label(text)
    last = lube.report_html(report).rsplit("<p", 1)[1]
    assert "coursekit-read-yourself" in last and "reading aid, not a safety test" in last
    for thing in ("numbing", "oils", "nonoxynol-9", "external use only", "pharmacist"):
        assert thing in last, thing
    if no_flags_headline(report):
        assert "not a safety guarantee" in lube.headline(report)


@pytest.mark.parametrize(
    "text",
    [
        "Ingredients: water, hydroxyethylcellulose, sodium benzoate / Warnings: For external use only. Do not put into "
        "the rectum by using fingers or any mechanical device or applicator.",
        "Aqua, Carbomer. Not for anal use.",
        "Aqua, Carbomer. Not suitable for internal use.",
        "Aqua, Carbomer. Do not insert into the anus.",
        "Nur zur äußerlichen Anwendung. Aqua, Carbomer",
        "Agua, Carbómero. Uso externo.",
        "Aqua, Carbomer. Réservé à l'usage externe.",
    ],
)
def test_review_0312_round23_b1_the_labels_own_not_for_internal_use_warning_is_flagged(text):
    """The lesson teaches that "external use only" means not inside the anus: the checker says so, and never
    lists the warning as an item it could not check (review 23 of module 03, B1 and C2)."""
    report = lube.read_label(text)
    assert "label_warning" in report.codes and not no_flags_headline(report), lube.headline(report)
    (flag,) = [f for f in report.flags if f.code == "label_warning"]
    assert all("about where it may be used" in item for item in flag.ingredients)
    assert not any(w in item for item, _ in report.unrecognised for w in ("anal use", "internal use")), report


@pytest.mark.parametrize(
    "text",
    [
        "Aqua, Carbomer. Suitable for internal and external use.",
        "Aqua, Carbomer. Safe for anal use.",
        "Agua, Carbómero. Para uso externo e interno.",
        "Aqua, Carbomer. Usage externe et interne.",
        "Aqua, Carbomer. Not for external use only.",
    ],
)
def test_review_0312_round23_b1_a_label_that_allows_internal_use_raises_no_warning(text):
    assert "label_warning" not in lube.read_label(text).codes, lube.headline(lube.read_label(text))


def test_review_0312_round23_c2_a_condom_warning_is_flagged_once_and_not_listed_as_unchecked():
    report = lube.read_label("Aqua, Carbomer. Not condom compatible. Do not use with polyisoprene condoms.")
    assert "label_warning" in report.codes and not report.unrecognised, report.unrecognised
    assert "says it is not for latex condoms" not in lube.report_html(report)  # the old wording, wrong for polyisoprene


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Active ingredient: Benzyl alcohol. Inactive ingredients: water, carbomer", "numbing"),  # B2
        ("Wirkstoff: Benzylalkohol. Sonstige Bestandteile: Wasser, Carbomer", "numbing"),  # B2
        ("Aqua, Carbomer. Caution: may cause a warming sensation.", "flavour_warming"),  # B4
        ("Aqua, Carbomer. Warnings: Flavoured product.", "flavour_warming"),  # B4
        ("Aqua, Carbomer. Warnings: Contains a cooling agent.", "flavour_warming"),  # B4
        ("Aqua, Carbomer. Warning: tingling sensation is normal and will pass.", "flavour_warming"),  # B4
        ("Aqua, Carbomer. Use with polyurethane condoms only.", "label_warning"),  # B5
        ("Aqua, Carbomer, Coconut oyl", "oil"),  # B6
        ("Aqua, Carbomer, Vasline", "oil"),  # B6
        ("Aqua, Carbomer, Shea buter", "oil"),  # B6
        ("Aqua, Carbomer, Mentol", "flavour_warming"),  # B6
        ("Aqua, Carbomer, Chlorhexadine", "choose_without"),  # B6
    ],
)
def test_review_0312_round23_pharmacist_b_inputs_raise_their_flag(text, code):
    report = lube.read_label(text)
    assert code in report.codes and not no_flags_headline(report), lube.headline(report)


@pytest.mark.parametrize(
    "text",
    [
        "Benzyl Alcohol, Aqua, Carbomer",  # B1: benzyl alcohol high in the list, no amount
        "Dimethicone, Benzyl Alcohol, Cyclomethicone",
        "Aqua, Benzyl Alcohol, Hydroxyethylcellulose, Carbomer",
        "Active ingredient Purpose. Ingredients: water, carbomer",  # B3: an empty heading without a colon
        "Active ingredients (in each gram)\nIngredients: water, hydroxyethylcellulose",
        "Water, Carbomer\nActive Ingredient",
    ],
)
def test_review_0312_round23_pharmacist_b1_b3_never_nothing_flagged(text):
    report = lube.read_label(text)
    assert not no_flags_headline(report) and lube.headline(report).startswith("Not fully checked"), lube.headline(
        report
    )


@pytest.mark.parametrize(
    "text",
    [
        "Aqua, Carbomer, Benzyl Alcohol",  # a preservative low in the list stays quiet
        "Inactive ingredients: water, benzyl alcohol, carbomer",
        "Water, Carbomer. No active ingredients.",
        "Aqua, Carbomer. Warning: stop use if a warming sensation occurs.",
        "Aqua, Carbomer. Directions: taste neutral.",
        "Aqua, Carbomer, Phenoxyethanol",
    ],
)
def test_review_0312_round23_pharmacist_guards_stay_quiet(text):
    report = lube.read_label(text)
    assert not report.flags and not any("benzyl" in u for u, _ in report.unrecognised), lube.headline(report)


@pytest.mark.parametrize(
    "said",
    [
        "Topical use only.",
        "Intended for external application only.",
        "Only use with polyurethane condoms.",
    ],
)
def test_review_0312_round24_d5_more_of_the_labels_own_warnings(said):
    assert "label_warning" in lube.read_label(f"Aqua, Carbomer. {said}").codes, said


def test_review_0312_round24_d5_an_anal_relaxer_is_numbing():
    assert "numbing" in lube.read_label("Aqua, Carbomer. Anal relaxer.").codes


def test_review_0312_round24_c1_the_courses_note_on_an_unchecked_item_is_never_cut():
    html = lube.report_html(lube.read_label("Water, Benzyl alcohol, Carbomer"))
    note = strings.text("lubrication", "item_benzyl_high_unstated", item="benzyl alcohol")
    assert note in html, html
    assert "does not know them" not in html  # benzyl alcohol is known; it is its amount that is unread


@pytest.mark.parametrize(
    "text",
    [
        "Oil-based lubricant, may damage latex condoms. Ingredients: Cetearyl Alcohol, Dimethicone, Aqua, Carbomer",
        "Oil-based lube, may weaken latex condoms. Ingredients: Aqua, Carbomer",  # B1
        "Compatible with latex: No\nIngredients: Aqua, Carbomer, Phenoxyethanol",  # B2
        "For vaginal use only.\nIngredients: Aqua, Hydroxyethylcellulose, Carbomer, Lactic Acid, Sodium Benzoate",
        "Massage gel. For external use on the skin only.\nIngredients: Aqua, Carbomer, Phenoxyethanol",
        "Aqua, Carbomer. Keep away from the anus.",
        "Aqua, Carbomer. Nur äußerlich anwenden.",
        "Aqua, Carbomer. Don't use with latex condoms.",
        "Aqua, Carbomer. Not compatible w/ latex condoms.",
        "Aqua, Carbomer. Can cause latex condoms to break.",
        "Aqua, Carbomer. Latex: not compatible",
        "Aqua, Carbomer. Only compatible with polyurethane condoms.",
        "Aqua, Carbomer. Not for anal intercourse.",
        "Aqua, Carbomer. Not for intravaginal or rectal use.",
        "Aqua, Carbomer. Not for use in or around the anus.",
        "Aqua, Carbomer. Avoid contact with mucous membranes.",
        "Latex compatible - NO. Aqua, Carbomer",  # B3
        "Latex compatible\tNo\nIngredients: Aqua, Carbomer, Phenoxyethanol",
        "Latex condom safe \u2014 No. Aqua, Carbomer",
    ],
)
def test_review_0312_round24_pharmacist_b_the_labels_own_warnings_are_flagged(text):
    report = lube.read_label(text)
    assert "label_warning" in report.codes and not no_flags_headline(report), lube.headline(report)


@pytest.mark.parametrize(
    "text",
    [
        "Aqua, Carbomer. Compatible with latex: Yes",
        "Aqua, Carbomer. Latex compatible - YES",
        "Aqua, Carbomer. For external and internal use.",
        "Aqua, Carbomer. Safe for vaginal and anal use.",
        "Aqua, Carbomer. Latex safe: no worries!",
        "Ingredients: Silicone-oil, Aqua",  # C3: silicone oil is silicone, not an oil for latex
        "Dimethicone oil",
        "Siliconöl",
    ],
)
def test_review_0312_round24_pharmacist_guards_raise_no_warning_or_oil(text):
    report = lube.read_label(text)
    assert not {"label_warning", "oil"} & report.codes, lube.headline(report)


def test_review_0312_round24_the_report_names_the_lines_read_as_directions():
    html = lube.report_html(lube.read_label("Ingredients: Water, Carbomer\nWarnings: Keep out of reach of children."))
    assert "keep out of reach of children" in html


def test_review_0312_round24_c1_a_printed_osmolality_near_the_body_is_shown_beside_a_list_order_flag():
    text = "Ingredients: Aqua, Propanediol, Hydroxyethylcellulose. Osmolality: 290 mOsm/kg"
    html = lube.report_html(lube.read_label(text))
    assert "close to the body" in html and "outweighs any sign from the order" in html


def test_review_0312_round24_c5_a_misspelt_trade_name_of_a_numbing_drug_flags():
    assert "numbing" in lube.read_label("Aqua, Xylocane gel").codes


@pytest.mark.parametrize(
    "text", ["Aqua, Carbomer. Reduces sensitivity for longer play.", "Aqua, Carbomer. Less sensation"]
)
def test_review_0312_round25_c1_marketing_that_promises_less_feeling_is_numbing(text):
    assert "numbing" in lube.read_label(text).codes


def test_review_0312_round25_d3_a_strong_benzyl_alcohol_reads_as_its_name_and_amount():
    (flag,) = lube.read_label("Water, Benzyl Alcohol 5%, Carbomer").flags
    assert flag.ingredients[0].startswith("benzyl alcohol 5% (")


@pytest.mark.parametrize(
    "said",
    [
        "Warnings: Do not use for anal sex.",  # B1
        "Caution: Should not be used rectally.",
        "Use polyurethane condoms only.",  # C5
        "May reduce the effectiveness of latex condoms and diaphragms.",
        "Apply externally.",
        "Unsuitable for anal use.",
        "Not for anal/vaginal use",
        "Latex incompatible.",
        "Nicht für die anale Anwendung.",
        "Non usare con preservativi in lattice.",
        "Não usar com preservativos de látex.",
        "Только для наружного применения.",
    ],
)
def test_review_0312_round25_more_of_the_labels_own_warnings(said):
    report = lube.read_label(f"Ingredients: Aqua, Hydroxyethylcellulose, Sodium Benzoate\n{said}")
    assert "label_warning" in report.codes, (said, lube.headline(report))


def test_review_0312_round25_b3_benzyl_alcohol_above_a_thickener_asks_to_check():
    report = lube.read_label("Water, Propylene Glycol, Benzyl Alcohol, Hydroxyethylcellulose")
    assert any(u.startswith("benzyl alcohol (listed high") for u, _ in report.unrecognised), report.unrecognised


@pytest.mark.parametrize(
    "text",
    [
        "Aqua, Hydroxyethylcellulose, Benzyl Alcohol <1%",  # C4: under the threshold
        "Doesnt damage latex. Aqua, Carbomer",  # C2
        "Suitable for external use, internal use and anal play. Aqua, Carbomer",
    ],
)
def test_review_0312_round25_c2_c4_false_alarms_are_gone(text):
    assert not {"numbing", "label_warning"} & lube.read_label(text).codes, lube.headline(lube.read_label(text))


def test_review_0312_round24_d1_the_put_it_on_its_own_line_hint_only_when_no_ingredient_was_read():
    listed = lube.read_label("Ingredients: Water, Carbomer\nWarnings: Keep out of reach of children.")
    assert "read as directions" in lube.headline(listed) and "line of its own" not in lube.headline(listed)
    only = lube.read_label("Directions: apply as needed. Warnings: keep out of reach of children.")
    assert "line of its own" in lube.headline(only)


@pytest.mark.parametrize(
    "said",
    [
        "Do not put this product into the rectum by using fingers or any mechanical device or applicator.",  # B1
        "Avoid use in the anal area.",
        "Avoid contact with the anus.",
        "Do not insert.",
        "Use externally.",
        "Apply to external genitalia only.",
        "Ext. use only.",
        "Anal use not recommended.",
        "Nicht für den analen Gebrauch.",
        "Pas pour usage anal.",
        "No usar por vía anal.",
        "Non per uso anale.",
        "Latex condoms: no",  # B2
        "Condom safe: false.",
        "Condom compatible: NOT compatible.",
        "Compatible with: polyurethane condoms",
        "Latex condoms may be damaged by this product.",
        "Not intended for use with latex condoms.",
    ],
)
def test_review_0312_round26_pharmacist_b_more_of_the_labels_own_warnings(said):
    report = lube.read_label(f"Aqua, Hydroxyethylcellulose, Carbomer\n{said}")
    assert "label_warning" in report.codes, (said, lube.headline(report))


@pytest.mark.parametrize(
    "text",
    [
        "Aqua, Carbomer. Latex: no",  # "contains latex: no" on a latex-free product
        "Compatible with: latex, polyisoprene and polyurethane condoms\nAqua, Carbomer",
        "Aqua, Carbomer. Condom safe: yes",
        "Aqua, Carbomer. Apply to the skin or inside as needed.",
    ],
)
def test_review_0312_round26_guards_raise_no_label_warning(text):
    assert "label_warning" not in lube.read_label(text).codes, lube.headline(lube.read_label(text))


@pytest.mark.parametrize(
    "text",
    [
        "Tocopheryl Acetate",
        "Tocopherol",
        "Ingredients: Vitamin E (Tocopheryl Acetate)",
        "Dimethicone, Tocopheryl Acetate",
    ],
)
def test_review_0312_round27_a1_vitamin_e_as_the_base_is_an_oil(text):
    report = lube.read_label(text)
    assert "oil" in report.codes and not no_flags_headline(report), lube.headline(report)


def test_review_0312_round27_a1_a_trace_of_vitamin_e_low_in_a_list_stays_quiet():
    assert "oil" not in lube.read_label("Aqua, Carbomer, Tocopheryl Acetate").codes


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Aqua, Carbomer, Benzyl Alcohol <5%", "numbing"),  # B1: under 5% may be 1 to 4%
        ("<table><tr><td>Latex safe</td><td>No</td></tr></table><p>Aqua, Carbomer</p>", "label_warning"),  # B2
        ("<dl><dt>Latex compatible</dt><dd>No</dd></dl>Aqua, Carbomer", "label_warning"),
        ("Latex-safe: \u2717 Toy-safe: \u2713\nAqua, Carbomer", "label_warning"),
        ("Latex safe: Yes; Polyisoprene safe: No\nAqua, Carbomer", "label_warning"),
        ("Q: Is it condom safe? A: No.\nAqua, Carbomer", "label_warning"),
        ("Aqua, Carbomer. For cutaneous use only.", "label_warning"),  # C4
        ("Aqua, Carbomer. Not for rectal administration.", "label_warning"),
        ("Aqua, Carbomer. Do not apply to mucous membranes.", "label_warning"),
        ("Aqua, Carbomer. Not for use in the back passage.", "label_warning"),
        ("Aqua, Carbomer. Not to be inserted.", "label_warning"),
    ],
)
def test_review_0312_round27_pharmacist_b_c_inputs_raise_their_flag(text, code):
    assert code in lube.read_label(text).codes, lube.headline(lube.read_label(text))


@pytest.mark.parametrize(
    "text",
    [
        "<table><tr><td>Latex safe</td><td>Yes</td></tr></table><p>Aqua, Carbomer</p>",
        "Latex safe: Yes; Polyisoprene safe: Yes\nAqua, Carbomer",
        "Aqua, Hydroxyethylcellulose, Benzyl Alcohol <1%",
    ],
)
def test_review_0312_round27_guards(text):
    assert not {"label_warning", "numbing"} & lube.read_label(text).codes, lube.headline(lube.read_label(text))


@pytest.mark.parametrize(
    "text",
    ["Water, Hydroxyethylcellulose, Sodium benzoate, Glycerin 9%", "Aqua, Carbomer, Xanthan, Propylene Glycol 5%"],
)
def test_review_0312_round28_b1_a_stated_humectant_amount_of_5_percent_or_more_flags(text):
    report = lube.read_label(text)
    assert "high_osmolality" in report.codes and not no_flags_headline(report), lube.headline(report)


@pytest.mark.parametrize(
    "text",
    [
        "Cyclopentasiloxane, Dimethicone, Dimethiconol, Tocopheryl Acetate",  # B1: a trace in a silicone lube
        "Dimethicone, Cyclomethicone, Dimethiconol, Vitamin E",
        "Aqua, Carbomer. Use externally or internally.",  # C5
        "Aqua, Carbomer. Apply externally to the genital area or internally as needed.",
        "Aqua, Carbomer. Not only for external use.",
        "Relaxing massage gel. Aqua, Carbomer",
    ],
)
def test_review_0312_round28_pharmacist_false_alarms_are_gone(text):
    assert not {"oil", "label_warning", "numbing"} & lube.read_label(text).codes, lube.headline(lube.read_label(text))


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Aqua, Carbomer. Harmful to latex.", "label_warning"),  # C6
        ("Aqua, Carbomer. Latex condoms \u2717", "label_warning"),
        ("Aqua, Carbomer. Condom safe: polyurethane only", "label_warning"),
        ("Aqua, Carbomer. Niet gebruiken met latex condooms", "label_warning"),
        ("Aqua, Carbomer. Nur zur vaginalen Anwendung", "label_warning"),
        ("Aqua, Carbomer. Do u\u017cytku zewn\u0119trznego", "label_warning"),
        ("Aqua, Carbomer. \u5916\u7528\u306e\u307f", "label_warning"),
        ("Anal relaxing gel. Ingredients: Water, Carbomer, Hydroxyethylcellulose", "numbing"),  # C8
        ("Aqua, Carbomer. For anal relaxation.", "numbing"),  # review 30 (educator C3)
    ],
)
def test_review_0312_round28_pharmacist_more_warnings_and_marketing(text, code):
    assert code in lube.read_label(text).codes, lube.headline(lube.read_label(text))


@pytest.mark.parametrize(
    "said",
    [
        "Not suitable for use with condoms made of latex.",  # B1
        "Anal use: not recommended.",
        "Do not combine with latex condoms.",
        "Latex condoms: avoid",
        "Latex safe: N",
        "Condom compatible: \u2715",
        "May compromise the integrity of latex condoms.",
        "Externally use only.",
        "Not for insertion.",
    ],
)
def test_review_0312_round29_b1_more_of_the_labels_own_warnings(said):
    report = lube.read_label(f"Aqua, Hydroxyethylcellulose, Sodium Benzoate. {said}")
    assert "label_warning" in report.codes, (said, lube.headline(report))


@pytest.mark.parametrize(
    "text",
    [
        "Ingredients: Water, Hydroxyethylcellulose, Phenoxyethanol. Apply to penis, vagina or anus.",  # C3
        "Aqua, Carbomer. Directions: Apply to skin, toy or condom as desired.",
    ],
)
def test_review_0312_round29_c3_directions_that_allow_internal_use_are_no_warning(text):
    assert "label_warning" not in lube.read_label(text).codes, lube.headline(lube.read_label(text))


def test_review_0312_round29_d3_the_closing_checklist_names_other_spermicides_and_stated_amounts():
    last = lube.report_html(lube.read_label("Aqua, Carbomer")).rsplit("<p", 1)[1]
    assert "another spermicide" in last and "5% or more" in last


def test_review_0312_round30_b1_a_list_alphabetical_after_water_cannot_show_amount():
    report = lube.read_label("Water, Aloe vera, Carbomer, Citric acid, Glycerin, Propylene glycol, Sodium benzoate")
    assert not no_flags_headline(report) and report.unplaced, lube.headline(report)


@pytest.mark.parametrize(
    "text",
    [
        "Dimethicone, Dimethiconol, Cyclopentasiloxane. Compatible with polyurethane, latex & polyisoprene condoms.",
        "Aqua, Hydroxyethylcellulose, Carbomer. Free from oils that can damage latex condoms.",
    ],
)
def test_review_0312_round30_b2_condom_safe_wording_is_not_the_labels_own_warning(text):
    assert "label_warning" not in lube.read_label(text).codes, lube.headline(lube.read_label(text))


@pytest.mark.parametrize(
    "said",
    [
        "Not safe for anal use.",  # B1
        "Do not use in or around the anus.",
        "Not to be used internally.",
        "Externally only.",
        "Avoid using with condoms.",
        "Do not use with diaphragms or condoms.",
        "Latex condoms: not recommended.",
        "Not for use with oils, latex or polyisoprene.",
        "Do not use with petroleum jelly, baby oil or latex condoms.",
    ],
)
def test_review_0312_round31_b1_more_of_the_labels_own_warnings(said):
    report = lube.read_label(f"Aqua, Hydroxyethylcellulose, Carbomer. {said}")
    assert "label_warning" in report.codes, (said, lube.headline(report))


@pytest.mark.parametrize(
    "text",
    [
        "Active ingredient: Benzyl Alc 4%. Inactive: water, carbomer",  # B2
        "Aqua, Hydroxyethylcellulose, Carbomer, Benzyl alchohol 4%",
        "Aqua, Hydroxyethylcellulose, Carbomer, Phenylmethanol 4%",
    ],
)
def test_review_0312_round31_b2_benzyl_alcohol_written_another_way_is_read(text):
    assert "numbing" in lube.read_label(text).codes, lube.headline(lube.read_label(text))


@pytest.mark.parametrize(
    "text",
    [
        "Aqua, Hydroxyethylcellulose, Carbomer. Osmolality 280 (iso-osmotic)",
        "Aqua, Carbomer. Osmolality: iso-osmotic, about 290",
    ],
)
def test_review_0312_round31_b3_iso_osmotic_is_not_read_as_osmoles(text):
    assert "high_osmolality" not in lube.read_label(text).codes, lube.headline(lube.read_label(text))


@pytest.mark.parametrize(
    "said",
    [
        "Does not compromise the integrity of latex condoms.",  # B2: a condom-safe claim, not a warning
        "Will not reduce the effectiveness of latex condoms.",
        "Won't deteriorate latex condoms.",
        "Does not deteriorate latex.",
        "Not harmful to latex.",
    ],
)
def test_review_0312_round32_b2_a_denied_harm_to_condoms_is_not_the_labels_own_warning(said):
    report = lube.read_label(f"Aqua, Hydroxyethylcellulose, Sodium Benzoate. {said}")
    assert "label_warning" not in report.codes, (said, lube.headline(report))


@pytest.mark.parametrize(
    "text",
    [
        "Aqua (Oxethazaine), Carbomer",  # B1: a short unknown name in brackets is not "recognised"
        "Aqua, Carbomer (Hemisqualane)",
        "Aqua (C15-19 Alkane), Carbomer",
        "Aqua, Carbomer, Gel (external)",
        "Aqua, Carbomer, Parfum (Cherry)",
    ],
)
def test_review_0312_round33_b1_a_short_unknown_bracket_is_never_nothing_flagged(text):
    report = lube.read_label(text)
    assert not no_flags_headline(report) and report.unrecognised, lube.headline(report)


@pytest.mark.parametrize(
    "text",
    [
        "Aqua (Water), Carbomer",
        "Aqua, Carbomer, Sodium Hydroxide (pH adjuster)",
        "Aqua, Hydroxyethylcellulose (thickener), Carbomer",
    ],
)
def test_review_0312_round33_b1_synonyms_and_role_notes_in_brackets_stay_quiet(text):
    assert no_flags_headline(lube.read_label(text)), lube.headline(lube.read_label(text))


@pytest.mark.parametrize(
    ("said", "warns"),
    [
        ("Don\u2019t use with latex condoms.", True),  # B2: a curly apostrophe is an apostrophe
        ("Don\u2019t use inside the anus.", True),
        ("Can\u2019t be used with latex condoms.", True),
        ("Isn\u2019t suitable for anal use.", True),
        ("Doesn\u2019t damage latex.", False),
        ("Won\u2019t degrade latex condoms.", False),
        ("It doesn\u2019t weaken condoms.", False),
    ],
)
def test_review_0312_round34_b2_a_curly_apostrophe_reads_like_a_straight_one(said, warns):
    report = lube.read_label(f"Aqua, Hydroxyethylcellulose, Carbomer. {said}")
    assert ("label_warning" in report.codes) == warns, (said, lube.headline(report))


@pytest.mark.parametrize(
    "text",
    [
        "Anal use: No\nIngredients: Aqua, Hydroxyethylcellulose, Sodium Benzoate, Potassium Sorbate",  # B1
        "Internal use: No\nIngredients: Aqua, Carbomer",
        "Aqua, Carbomer. Not to be used anally.",  # B3
        "Aqua, Carbomer. Not intended for use inside the body.",
        "Aqua, Carbomer. Not anal-safe",
        "Aqua, Carbomer. For external-use only",
        "Aqua, Carbomer. Use only polyurethane condoms with this product.",  # B4
        "Aqua, Carbomer. Latex condoms: \u274c | Silicone toys: \u2705",
        "Aqua, Carbomer. Not safe for: latex condoms, polyisoprene condoms",
        "Aqua, Carbomer. Nicht kondomsicher.",
    ],
)
def test_review_0312_round35_more_of_the_labels_own_warnings(text):
    assert "label_warning" in lube.read_label(text).codes, lube.headline(lube.read_label(text))


def test_review_0312_round35_b2_every_line_read_as_directions_is_shown():
    text = (
        "Ingredients: Aqua, Hydroxyethylcellulose, Lactic Acid, Sodium Benzoate.\nWarnings: Keep out of reach of "
        "children. Do not use if seal is broken. Store below 25\u00b0C. Does not protect against STIs. If irritation "
        "occurs, discontinue use. Keep away from pets."
    )
    html = lube.report_html(lube.read_label(text))
    assert "keep away from pets" in html and "and 2 more" not in html


@pytest.mark.parametrize("text", ["Aqua, Carbomer. Anal use: yes", "Aqua, Carbomer. Safe for anal play."])
def test_review_0312_round35_guards(text):
    assert "label_warning" not in lube.read_label(text).codes, lube.headline(lube.read_label(text))


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Aqua 80%\nHydroxyethylcellulose 1.5%\nCarbomer 0.5%\nPropylene Glycol (USP, EP) 18%", "high_osmolality"),
        ("Water 67%\nHydroxyethylcellulose 1%\nCarbomer 1%\nGlycerin (vegetable, USP) 31%", "high_osmolality"),
        ("Water 60%\nCarbomer 0.5%\nBenzyl alcohol ..................... 4%", "numbing"),
    ],
)
def test_review_0312_round39_a1_an_amount_on_the_line_above_is_not_this_ingredients(text, code):
    """One ingredient per line: the amount at the end of the line above never becomes this item's amount,
    and the item's own amount after a bracket or dot leaders is read (review 39 of module 03, A1)."""
    report = lube.read_label(text)
    assert code in report.codes and not no_flags_headline(report), lube.headline(report)


def test_review_0312_round39_a1_a_stray_amount_above_does_not_silence_the_listed_high_question():
    report = lube.read_label("Aqua 90%\nHydroxyethylcellulose 0.5%\nBenzyl Alcohol\nCarbomer")
    assert not no_flags_headline(report) and any("benzyl alcohol" in u for u, _ in report.unrecognised)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Numbing-free! Aqua, Carbomer, Hydroxyethylcellulose, Benzyl alcohol 0.8 %\u20132.5 %", "numbing"),
        ("Aqua, Carbomer, Hydroxyethylcellulose, Benzyl alcohol 0.5%-4%", "numbing"),
        ("Aqua, Carbomer, Hydroxyethylcellulose, Benzyl alcohol 0.5 % / 4 %", "numbing"),
        ("Aqua, Carbomer, Hydroxyethylcellulose, Benzyl alcohol 5 mg/g - 40 mg/g", "numbing"),
        ("Aqua, Carbomer, Hydroxyethylcellulose, Glycerin 2% - 30%", "high_osmolality"),
    ],
)
def test_review_0312_round40_a1_a_range_with_units_on_both_ends_counts_by_its_upper_bound(text, code):
    report = lube.read_label(text)
    assert code in report.codes and not no_flags_headline(report), lube.headline(report)


def test_review_0312_round40_a1_a_range_wholly_under_the_line_stays_quiet():
    assert "numbing" not in lube.read_label("Aqua, Carbomer, Benzyl alcohol 0.1%-0.5%").codes


def test_review_0312_round40_b1_an_amount_before_the_name_is_not_lost_to_the_next_items():
    report = lube.read_label("70% Water | 1% Carbomer | 2% Hydroxyethylcellulose | 25% Glycerin | 0.5% Sodium benzoate")
    assert any("25%" in item for f in report.flags if f.code == "high_osmolality" for item in f.ingredients), report
