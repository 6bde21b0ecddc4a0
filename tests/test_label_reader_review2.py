"""The label reader (module 03), second independent review: exact inputs as regression tests.

Invariant: never a headline starting "Nothing flagged" when a flagged ingredient is present; what the reader
cannot read is "not checked" or "not fully checked".
"""

from __future__ import annotations

import pytest

from coursekit.topics import lubrication as lube

START = "Ingredients: Aqua, Hydroxyethylcellulose, Carbomer, "
BENZYL = START + "Benzyl Alcohol"


def codes_and_head(text: str) -> tuple[set[str], str]:
    report = lube.read_label(text)
    return report.codes, lube.headline(report)


@pytest.mark.parametrize(
    "text",
    [
        START + "(5%) Benzyl Alcohol",
        START + "5% - Benzyl Alcohol",
        START + "5%: Benzyl Alcohol",
        "Aqua | 90%\nHydroxyethylcellulose | 2%\n5% | Benzyl Alcohol",
    ],
)
def test_a1_amount_before_the_name_flags_numbing(text):
    codes, head = codes_and_head(text)
    assert "numbing" in codes and not head.startswith("Nothing flagged"), head


@pytest.mark.parametrize(
    "tail", ["\n(5%)", "\r\n(5%)", "\n50 mg/g", "\n• 5%", "\n– 5%", "\n≥5%", "\n~5%", ":\n5%", ".\n5%", ";5%"]
)
def test_a2_amount_on_the_next_line_flags_numbing(tail):
    codes, head = codes_and_head(BENZYL + tail)
    assert "numbing" in codes and not head.startswith("Nothing flagged"), head


@pytest.mark.parametrize(
    "text",
    [
        "Aqua, Carbomer, Benzyl Alcohol\n5 | units",  # an amount it cannot attach
        "Aqua 90%, Carbomer 2%\n5%\nBenzyl Alcohol",
    ],
)
def test_a1_an_amount_it_cannot_attach_stops_no_flags(text):
    _, head = codes_and_head(text)
    assert not head.startswith("Nothing flagged"), head


def test_a3_benzyl_alcohol_as_an_active_ingredient_is_not_fully_checked():
    codes, head = codes_and_head(
        "Active ingredient: Benzyl alcohol\nInactive ingredients: Aqua, Carbomer, Hydroxyethylcellulose"
    )
    assert "numbing" in codes or head.startswith("Not fully checked"), head
    assert not head.startswith("Nothing flagged")


def test_benzyl_alcohol_as_a_preservative_without_amounts_keeps_no_flags():
    _, head = codes_and_head("Aqua, Carbomer, Benzyl Alcohol")
    assert head.startswith("Nothing flagged"), head  # the backstop must not fire without a reason


@pytest.mark.parametrize(
    "tail",
    [
        "Benzyl Alcohol 50 g/kg",
        "Benzyl Alcohol 0.05 g/g",
        "Benzyl Alcohol 0,05 g/g",
        "Benzyl Alcohol (5 per cent)",
        "Benzyl alcohol 2-10%",
        "Benzyl Alcohol 50 milligrams per gram",
        "Benzylalcohol 5%",
        "Benzyl-Alcohol 5%",
    ],
)
def test_b1_units_ranges_and_spellings_flag_numbing(tail):
    codes, head = codes_and_head(START + tail)
    assert "numbing" in codes and not head.startswith("Nothing flagged"), head


@pytest.mark.parametrize("tail", ["Benzyl Alcohol 1 g/kg", "Benzyl Alcohol 0.005 g/g", "Benzyl alcohol 0.1-0.5%"])
def test_b1_low_amounts_in_the_new_units_are_not_numbing(tail):
    assert "numbing" not in codes_and_head(START + tail)[0]


def test_b2_mg_in_each_gram_flags_numbing():
    codes, head = codes_and_head(
        "Drug Facts\nActive ingredient (in each gram): Benzyl alcohol 100 mg\nInactive ingredients: Aqua, Carbomer"
    )
    assert "numbing" in codes and not head.startswith("Nothing flagged"), head


@pytest.mark.parametrize(
    "text",
    [
        "Aqua, Hydroxyethylcellulose, Carbomer. Osmolality approx. 2500 mOsm/kg",
        "Aqua, Hydroxyethylcellulose, Carbomer. Osmotic pressure: 2500 mOsm/kg",
        "Aqua, Hydroxyethylcellulose, Carbomer. 2500 mOsm/kg",
    ],
)
def test_b3_stated_osmolality_is_read(text):
    assert "high_osmolality" in codes_and_head(text)[0]


@pytest.mark.parametrize(
    "text", ["성분: 정제수, 글리세린, 리도카인", "مكونات: ماء، جلسرين، ليدوكائين", "مكونات: ماء، بنزوكائين"]
)
def test_b4_korean_and_arabic_numbing_names_flag(text):
    codes, head = codes_and_head(text)
    assert "numbing" in codes and not head.startswith("Nothing flagged"), head


@pytest.mark.parametrize(
    "text",
    [
        "Aqua, Carbomer, Hydroxyethylcellulose. Not compatible with latex condoms.",
        "Aqua, Carbomer, Hydroxyethylcellulose. Do not use with latex condoms.",
    ],
)
def test_c3_a_label_saying_not_for_latex_raises_the_oil_flag(text):
    codes, head = codes_and_head(text)
    assert "label_warning" in codes and not head.startswith("Nothing flagged"), head


def test_c3_compatible_with_latex_raises_nothing():
    assert not {"oil", "label_warning"} & codes_and_head("Aqua, Carbomer. Compatible with latex condoms.")[0]


def test_c4_disclaimer_no_longer_puts_the_packet_first():
    disclaimer = lube.load()["disclaimer"]
    assert "come first" not in disclaimer and "condom packet" in disclaimer


def test_c2_humectant_amounts_that_add_up_flag_high_osmolality():
    text = "Aqua 70%, Carbomer 1%, Hydroxyethylcellulose 1%, Glycerin 9%, Propylene Glycol 9%, Sorbitol 9%"
    codes, head = codes_and_head(text)
    assert "high_osmolality" in codes and not head.startswith("Nothing flagged"), head
