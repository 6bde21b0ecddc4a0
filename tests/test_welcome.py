"""Module 00: the glossary look-up (forgiving, never crashing) and the course map."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from coursekit.course import data as course_data
from coursekit.topics import welcome

from .conftest import plotly_figure


def test_lookup_finds_terms_and_aliases_forgivingly():
    assert welcome.lookup("Sphincter").entry["id"] == "sphincter"
    assert welcome.lookup("  LUBE ").entry["id"] == "lubricant"
    assert welcome.lookup("osmolalities").entry is None or welcome.lookup("osmolalities").entry["id"] == "osmolality"
    assert welcome.lookup("post-exposure prophylaxis").entry["id"] == "pep"
    assert welcome.lookup("Kegels").entry["id"] == "kegel"


def test_lookup_corrects_a_small_typo_and_says_so():
    result = welcome.lookup("sphinctre")
    assert result.entry is not None and result.entry["id"] == "sphincter"
    assert "closest term" in result.message


def test_unknown_term_is_answered_helpfully():
    result = welcome.lookup("photosynthesis")
    assert result.entry is None
    assert "not in the course glossary" in result.message
    assert "sexual-health clinic" in result.message


def test_near_miss_offers_suggestions():
    result = welcome.lookup("osmo")
    assert result.entry is None or result.entry["id"] == "osmolality"


def test_empty_input_asks_for_a_word():
    for blank in ("", "   ", None, "?!"):
        assert welcome.lookup(blank).message == "Type a word to look it up."


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=5000))
def test_lookup_never_raises(text):
    result = welcome.lookup(text)
    assert result.entry is not None or result.message
    assert welcome.lookup_html(result)


def test_widget_updates_on_typing():
    widget = welcome.GlossaryLookup()
    widget.query.value = "dentate line"
    assert "dentate line" in widget.answer.value and "Source:" in widget.answer.value
    widget.query.value = "xyzzy"
    assert "not in the course glossary" in widget.answer.value
    assert widget.query.description and widget.query.tooltip and widget.button.tooltip


def test_every_glossary_term_cites_existing_sources():
    refs = course_data.load_references()
    for entry in course_data.load_glossary():
        assert all(r in refs for r in entry.get("refs", []))


def test_course_map_lists_every_module_in_order():
    modules = welcome.load()["modules"]
    assert [m["number"] for m in modules] == list(range(len(modules)))
    fig = plotly_figure(welcome.course_map())
    assert list(fig.data[0].x) == [m["minutes"] for m in modules]
    description = welcome.course_map_description()
    assert all(m["title"] in description for m in modules)


def test_fries_has_the_five_parts():
    assert [f["word"][0] for f in welcome.load()["fries"]] == list("FRIES")


def test_fries_freely_given_does_not_weaken_its_source():
    meaning = welcome.load()["fries"][0]["meaning"]
    assert "heavy" not in meaning and "influence of alcohol" in meaning


def test_care_panel_names_support_routes_and_keeps_them_opt_in():
    routes = {c["id"]: c for c in welcome.load()["care_routes"]}
    assert "support" in routes and "police" in routes["support"]["when"]
    assert "where you live" in routes["clinic"]["when"] and "UK" not in routes["clinic"]["when"]
    assert "do not drive yourself" in routes["emergency"]["when"]
    panel = welcome.care_panel()
    care, struggling, support = panel.children
    assert "Support after sex without consent" in care.value and "If you are struggling" in care.value
    # The distress route is its own folded section, beside the care routes, not inside the assault one.
    assert struggling.fold.selected_index is None and struggling.region.value is None
    assert "116 123" not in struggling.body.value
    struggling.region.value = "uk"
    assert "116 123" in struggling.body.value and "nhs.uk/sarcs" not in struggling.body.value
    assert support.fold.selected_index is None and support.region.value is None
    assert "116 123" not in support.body.value  # no numbers until a region is chosen
    support.region.value = "uk"
    assert "116 123" in support.body.value and "nhs.uk/sarcs" in support.body.value


def test_words_about_needing_help_point_to_the_care_panel():
    expected = {
        "assault": "support",
        "rape": "support",
        "I was raped": "support",
        "suicide": "struggling",
        "self-harm": "struggling",
        "bleeding": "care",
        "Emergency": "care",
    }
    for word, route in expected.items():
        result = welcome.lookup(word)
        assert result.entry is None and result.care == route, word
        assert "not in the course glossary" not in result.message
        assert "care panel" in result.message, word
    assert "If you are struggling" in welcome.lookup("suicide").message
    assert "folded section" in welcome.lookup("rape").message
    # Glossary terms still win, and ordinary unknown words are unaffected.
    assert welcome.lookup("PEP").entry["id"] == "pep" and welcome.lookup("PEP").care == ""
    assert welcome.lookup("photosynthesis").care == ""
