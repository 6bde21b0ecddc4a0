"""Module 05 rules (triage, what-to-say script) and the two widgets over them."""

from __future__ import annotations

import html
import re
from pathlib import Path

import nbformat
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from coursekit.course import data as course_data
from coursekit.topics import warning_signs
from coursekit.topics.warning_signs import NOT_SURE, describe, rank, triage

from .labpages import assert_page_clean, wait_for_widget

# The warning-signs table in CONTENT.md, written out independently of the data file: every sign
# in the data must be classified here, and the data must agree.
EXPECTED_LEVEL = {
    "pain_during": "stop_rest",
    "soreness_or_streak": "stop_rest",
    "sharp_pain_stool": "see_clinician",
    "blood_for_weeks": "see_clinician",
    "new_leakage": "see_clinician",
    "sores_or_discharge": "see_clinician",
    "pain_persists": "see_clinician",  # pain that does not ease within a day or two of stopping
    "dark_stool": "urgent",
    "bloody_diarrhoea": "urgent",
    "infection_signs": "urgent",  # hot or swollen lump, pus, fever: possible abscess
    "very_unwell_infection": "emergency",  # shivering, faint, confused or very weak
    "possible_hiv_exposure": "urgent",  # when unsure how long ago: PEP may still be possible
    "heavy_bleeding": "emergency",
    "severe_belly_pain": "emergency",
    "retained_object": "emergency",
    "unwell_after_poppers": "emergency",
}
SIGNS = warning_signs.sign_ids()


def durations_for(sid):
    return [d["id"] for d in warning_signs.sign(sid).get("durations", [])] + [NOT_SURE]


selections = st.dictionaries(
    st.sampled_from(SIGNS),
    st.none(),
).flatmap(lambda d: st.fixed_dictionaries({sid: st.sampled_from(durations_for(sid)) for sid in d}))


def test_levels_are_the_four_of_content_md_in_order():
    assert warning_signs.level_ids() == ["stop_rest", "see_clinician", "urgent", "emergency"]
    labels = [warning_signs.level(lv)["label"] for lv in warning_signs.level_ids()]
    assert labels == ["Stop and rest", "See a clinician", "Urgent: same day", "Emergency: now"]


def test_every_sign_is_classified_by_the_content_table():
    assert set(SIGNS) == set(EXPECTED_LEVEL)


@pytest.mark.parametrize("sid", sorted(EXPECTED_LEVEL))
def test_each_single_sign(sid):
    result = triage([sid])
    assert result.level == EXPECTED_LEVEL[sid]
    assert [r.sign_id for r in result.reasons] == [sid]
    assert result.headline == warning_signs.level(EXPECTED_LEVEL[sid])["label"]
    assert result.next_steps[0] == warning_signs.level(EXPECTED_LEVEL[sid])["action"]
    assert result.reasons[0].advice in result.next_steps
    assert result.reasons[0].refs  # every reason is sourced
    html = warning_signs.triage_html(result)
    assert f"Level {rank(EXPECTED_LEVEL[sid])} of 4" in html and "not a diagnosis" in html


def test_nothing_selected_is_not_a_level():
    for empty in ([], {}, ()):
        result = triage(empty)
        assert result.level is None and not result.reasons and not result.pep
        assert "Nothing selected" in result.headline
    assert "Level" not in warning_signs.triage_html(triage([]))


def test_retained_object_says_go_now_no_laxatives_stop_trying():
    steps = " ".join(triage(["retained_object"]).next_steps)
    assert "emergency department now" in steps
    assert "laxatives" in steps and "keep trying" in steps


def test_hiv_exposure_time_decides_pep():
    recent = triage({"possible_hiv_exposure": "within_72h"})
    assert recent.pep and recent.level == "urgent"
    assert any("72 hours" in s for s in recent.next_steps)
    # Review 3, B2: someone at hour 60 must not wait past 72 hours for a clinic.
    pep_step = next(s for s in recent.next_steps if "72 hours" in s)
    assert "as early as you can" in pep_step and "emergency department now" in pep_step
    late = triage({"possible_hiv_exposure": "over_72h"})
    assert not late.pep and late.level == "see_clinician"
    assert any("too late to start PEP" in s for s in late.next_steps)
    unsure = triage({"possible_hiv_exposure": NOT_SURE})
    assert unsure.pep and unsure.level == "urgent"
    assert triage({"possible_hiv_exposure": None}) == unsure


def test_bad_input_is_a_sentence_not_a_crash():
    with pytest.raises(ValueError, match="choose from"):
        triage(["sore_elbow"])
    with pytest.raises(ValueError, match="choose how long ago"):
        triage({"possible_hiv_exposure": "last_year"})
    with pytest.raises(ValueError, match="does not ask how long ago"):
        triage({"retained_object": "within_72h"})
    with pytest.raises(ValueError, match="not a single string"):
        triage("retained_object")
    with pytest.raises(ValueError, match="given by its id"):
        triage([["retained_object"]])
    with pytest.raises(ValueError, match="given by its id"):
        triage({3: None})
    with pytest.raises(ValueError, match="list of sign ids"):
        triage(42)
    assert triage(None) == triage([])


@settings(max_examples=150, deadline=None)
@given(chosen=selections, extra=st.sampled_from(SIGNS), data=st.data())
def test_adding_a_sign_never_lowers_the_level(chosen, extra, data):
    before = triage(chosen)
    more = dict(chosen)
    if extra not in more:
        more[extra] = data.draw(st.sampled_from(durations_for(extra)))
    after = triage(more)
    assert rank(after.level) >= rank(before.level)
    assert after.pep or not before.pep


@settings(max_examples=150, deadline=None)
@given(chosen=selections, data=st.data())
def test_any_combination_gives_the_highest_level_with_every_reason(chosen, data):
    result = triage(chosen)
    assert {r.sign_id for r in result.reasons} == set(chosen)
    singles = [triage({sid: d}) for sid, d in chosen.items()]
    assert rank(result.level) == max((rank(s.level) for s in singles), default=0)
    assert [rank(r.level) for r in result.reasons] == sorted((rank(r.level) for r in result.reasons), reverse=True)
    if result.level is not None:
        steps = result.next_steps
        assert steps[0] == warning_signs.level(result.level)["action"]
        assert all(r.advice in steps for r in result.reasons)
        for a in result.reasons:
            for b in result.reasons:
                if rank(a.level) > rank(b.level) and a.advice != b.advice:
                    assert steps.index(a.advice) < steps.index(b.advice)
    shuffled = dict(data.draw(st.permutations(list(chosen.items()))))
    assert triage(shuffled) == result


def test_emergency_numbers_are_data_with_sources():
    refs = course_data.load_references()
    numbers = {r["id"]: r["emergency"] for r in warning_signs.load()["regions"]}
    assert numbers == {
        "uk": "999",
        "us": "911",
        "canada": "911",
        "eu": "112",
        "australia": "000",
        "new_zealand": "111",
        "elsewhere": None,
    }
    for item in warning_signs.load()["regions"]:
        assert item["refs"] and all(rid in refs for rid in item["refs"])
        if item["emergency"]:
            assert any(refs[rid]["kind"] == "government" for rid in item["refs"])
    nz = warning_signs.region("new_zealand")
    assert nz["urgent"] == "0800 611 116"
    uk = warning_signs.region("uk")
    assert "Northern Ireland has no 111" in uk["urgent_label"]
    elsewhere = warning_signs.region("elsewhere")
    assert "Find your local emergency number now" in elsewhere["advice"]
    # "Somewhere else" shows no number at all, and at the emergency level says where to go.
    shown = warning_signs.numbers_html("elsewhere", "emergency")
    assert not any(ch.isdigit() for ch in html.unescape(shown.split("<small>")[0]))
    assert "nearest emergency department" in shown and "local emergency number" in shown


def test_signs_that_can_turn_serious_say_so():
    streak = warning_signs.sign("soreness_or_streak")["advice"]
    assert "comes back after you have rested, see a clinician" in streak and "emergency" in streak
    diarrhoea = warning_signs.sign("bloody_diarrhoea")
    assert "obvious" not in diarrhoea["label"] and "sexually transmitted" in diarrhoea["means"]
    # Any anal contact (not only anal sex) and mouth-to-anus contact; ask, don't assume, what was done.
    assert "penis or fingers" in diarrhoea["means"] and "mouth-to-anus" in diarrhoea["means"]
    assert "what kinds of sex or play you have had" in diarrhoea["means"]
    # C4: same day whatever the cause, not only after anal contact; D6: pus is a same-day sign too
    assert "same day, whatever the cause" in diarrhoea["means"]
    assert "lump, pus or a fever" in warning_signs.sign("pain_persists")["advice"]
    assert diarrhoea["refs"] == ["nhs-rectal-bleeding", "cdc-proctitis"]
    unwell = triage(["infection_signs", "very_unwell_infection"])
    assert unwell.level == "emergency"


# --- triage invariants -----------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(chosen=selections, extra=selections)
def test_adding_any_subset_never_lowers_the_level_or_loses_pep(chosen, extra):
    before = triage(chosen)
    after = triage({**extra, **chosen})
    assert rank(after.level) >= rank(before.level)
    if before.pep:
        assert after.pep
        assert any("PEP" in step for step in after.next_steps)


@settings(max_examples=200, deadline=None)
@given(chosen=selections)
def test_pep_is_never_lost_and_always_named(chosen):
    result = triage(chosen)
    hiv = chosen.get("possible_hiv_exposure", "absent")
    expect_pep = hiv in (None, NOT_SURE, "within_72h")
    assert result.pep == expect_pep
    if expect_pep:
        assert any("PEP" in step and "72 hours" in step for step in result.next_steps)
        if result.level == "emergency":
            assert warning_signs.load()["pep_at_emergency"] in result.next_steps[:2]


@settings(max_examples=200, deadline=None)
@given(chosen=selections)
def test_heavy_bleeding_or_faintness_always_says_ambulance_and_do_not_drive(chosen):
    result = triage(chosen)
    if {"heavy_bleeding", "unwell_after_poppers"} & set(chosen) or result.level == "emergency":
        text = " ".join(result.next_steps).lower()
        assert "ambulance" in text and "do not drive yourself" in text


def test_infection_and_persistent_pain_wording():
    infection = triage(["infection_signs"])
    assert infection.level == "urgent"
    assert any("emergency" in step and "very unwell" in step for step in infection.next_steps)
    assert "It is not an emergency" not in warning_signs.level("see_clinician")["action"]
    assert "usually not an emergency" in warning_signs.level("see_clinician")["action"]
    persists = triage(["pain_persists"])
    assert persists.level == "see_clinician" and "day or two" in persists.reasons[0].label


def test_poppers_sign_warns_against_erection_medicines():
    poppers = warning_signs.sign("unwell_after_poppers")
    assert "sildenafil" in poppers["means"] and "tadalafil" in poppers["means"]
    assert "blood pressure can fall dangerously" in poppers["means"]
    assert {"nhs-ed-treatment", "nhs-sildenafil"} <= set(poppers["refs"])


def test_pep_timing_and_late_exposure_advice():
    sign = warning_signs.sign("possible_hiv_exposure")
    assert "within 24 hours" in sign["means"] and "PrEP" in sign["means"]
    late = triage({"possible_hiv_exposure": "over_72h"})
    assert any("other STIs" in step for step in late.next_steps)


# --- regions and support routes -------------------------------------------------------------

REGIONS = warning_signs.region_ids()
region_or_junk = st.one_of(st.none(), st.sampled_from(REGIONS), st.text(max_size=12))


def numbers_of(region_id):
    item = warning_signs.region(region_id) or {}
    found = {item.get("emergency"), item.get("urgent")}
    for service in item.get("support", {}).values():
        found.add(service["contact"])
    return {n for n in found if n}


@settings(max_examples=150, deadline=None)
@given(region_id=region_or_junk, level_id=st.sampled_from([None, *warning_signs.level_ids()]))
def test_unknown_or_no_region_never_crashes_and_never_shows_another_regions_numbers(region_id, level_id):
    shown = warning_signs.numbers_html(region_id, level_id) + warning_signs.support_html(region_id)
    own = numbers_of(region_id)
    for other in REGIONS:
        if other == region_id:
            continue
        for number in numbers_of(other) - own:
            assert f"<b>{number}</b>" not in shown
    routes = warning_signs.support_routes(region_id)
    if warning_signs.region(region_id) is None:
        assert routes.region_id is None and routes.services == ()
        assert len(routes.guidance) == 2
        assert "Choose where you are" in shown
        # no "elsewhere" guidance before a region is chosen
        assert "No national" not in warning_signs.support_html(region_id)


def test_support_routes_are_sourced_and_complete():
    refs = course_data.load_references()
    routes = warning_signs.support_routes(None)
    ids = [step["id"] for step in warning_signs.load()["after_assault"]["steps"]]
    assert ids == ["injured", "pep", "specialist", "distress"]
    texts = " ".join(text for text, _ in routes.steps)
    assert "72 hours" in texts and "emergency" in texts and "police" in texts
    for region_id in REGIONS:
        r = warning_signs.support_routes(region_id)
        assert len(r.services) + len(r.guidance) == 2  # a service or the guidance, for both kinds
        for service in r.services:
            assert service.refs and all(rid in refs for rid in service.refs)
    uk = warning_signs.support_routes("uk")
    assert "do not need to involve the police" in uk.services[0].about
    assert warning_signs.support_routes("elsewhere").services == ()


def test_support_panel_is_folded_and_starts_with_no_region():
    panel = warning_signs.SupportPanel()
    assert panel.fold.selected_index is None  # opt-in: closed until opened
    assert panel.region.value is None and panel.region.options[0][0] == "Choose where you are"
    assert "<b>116 123</b>" not in panel.body.value
    panel.region.value = "new_zealand"
    assert "0800 044 334" in panel.body.value and "1737" in panel.body.value


# --- what to say ----------------------------------------------------------------------------

texts = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=40)


@settings(max_examples=100, deadline=None)
@given(fields=st.fixed_dictionaries({}, optional={key: texts for key in warning_signs.LEADS}))
def test_script_holds_every_filled_field_and_nothing_else(fields):
    what = " ".join(fields.get("what", "").split()).strip(".!? ")
    if not what:
        with pytest.raises(ValueError, match="What happened"):
            describe(fields)
        return
    text = describe(fields)
    for key, lead in warning_signs.LEADS.items():
        value = " ".join(fields.get(key, "").split())
        if value.strip(".!? "):
            line = next(line for line in text.splitlines() if line.startswith(lead))
            assert line.startswith(f"{lead}{value}")
            assert line[-1] in ".!?" and not line.endswith(("!.", "?."))
        else:
            assert not any(line.startswith(lead) for line in text.splitlines())
    assert text.splitlines()[0] == warning_signs.OPENINGS["private"]


def test_script_opening_is_the_learners_choice_and_punctuation_is_not_doubled():
    assert describe({"what": "x"}, opening="after_play").startswith("I need some help with a problem after anal play")
    text = describe({"what": "a toy went in too far!", "now": "is this serious?"})
    assert "too far!\n" in text and "serious?\n" in text and "!." not in text and "?." not in text
    assert "health" in warning_signs.LEADS and "chaperone" in dict((k, h) for k, _, h in warning_signs.FIELDS)["needs"]
    with pytest.raises(ValueError, match="first line"):
        describe({"what": "x"}, opening="loud")


def test_script_rejects_unknown_fields():
    with pytest.raises(ValueError, match="unknown field"):
        describe({"what": "x", "password": "y"})


def test_nothing_is_written_until_save_is_pressed(tmp_path):
    folder = tmp_path / "saved"
    widget = warning_signs.WhatToSay(save_folder=folder)
    widget.fields["what"].value = "a condom came off"
    widget.fields["when"].value = "yesterday evening"
    widget.make_button.click()
    assert "What happened: a condom came off." in widget.output.value
    assert not folder.exists()
    widget.save_button.click()
    saved = (folder / "what_to_say.txt").read_text(encoding="utf-8")
    assert "When: yesterday evening." in saved and "not a diagnosis" in saved
    assert "machine that runs Jupyter" in widget.saved.value and "Binder" in widget.saved.value
    assert "Delete the file" in widget.saved.value


def test_save_with_nothing_filled_writes_nothing(tmp_path):
    widget = warning_signs.WhatToSay(save_folder=tmp_path / "saved")
    widget.save_button.click()
    assert "Nothing saved" in widget.saved.value
    assert not (tmp_path / "saved").exists()
    widget.make_button.click()
    assert "Not yet" in widget.output.value


# --- the triage widget ----------------------------------------------------------------------


def test_triage_widget_follows_ticks_and_region():
    widget = warning_signs.SymptomTriage()
    assert "Nothing selected" in widget.result.value and "not a diagnosis" in widget.result.value
    assert widget.region.value is None and "Choose where you are" in widget.numbers.value
    assert "<b>999</b>" not in widget.numbers.value
    widget.region.value = "uk"
    widget.boxes["soreness_or_streak"].value = True
    assert "Level 1 of 4: Stop and rest" in widget.result.value
    widget.boxes["retained_object"].value = True
    assert "Level 4 of 4: Emergency: now" in widget.result.value
    assert "<b>999</b>" in widget.numbers.value and "Emergency:" in widget.numbers.value
    widget.region.value = "australia"
    assert "<b>000</b>" in widget.numbers.value
    widget.boxes["retained_object"].value = False
    widget.boxes["soreness_or_streak"].value = False
    widget.boxes["possible_hiv_exposure"].value = True
    widget.durations["possible_hiv_exposure"].value = "over_72h"
    assert "Level 2 of 4" in widget.result.value
    widget.durations["possible_hiv_exposure"].value = "within_72h"
    assert "Level 3 of 4" in widget.result.value and "PEP" in widget.result.value


# --- in the browser -------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.lesson("05_warning_signs", uses=(".coursekit-triage", ".coursekit-what-to-say"))
def test_retained_object_shows_emergency_in_the_browser(lesson_page, tmp_path):
    page, hosts = lesson_page
    widget = wait_for_widget(page, ".coursekit-triage", tmp_path)
    page.wait_for_selector(".coursekit-selfcheck", timeout=120_000)
    widget.scroll_into_view_if_needed()
    assert "Nothing selected" in widget.text_content()
    box = widget.query_selector("label:has-text('An object that cannot be retrieved') input[type=checkbox]")
    box.scroll_into_view_if_needed()
    box.click()
    page.wait_for_function(
        "() => document.querySelector('.coursekit-triage').textContent.includes('Level 4 of 4: Emergency: now')",
        timeout=30_000,
    )
    text = widget.text_content()
    assert "do not take laxatives" in text and "Do not keep trying" in text
    assert "not a diagnosis" in text and "do not drive yourself" in text

    say = page.query_selector(".coursekit-what-to-say")
    say.scroll_into_view_if_needed()
    say.query_selector("textarea").fill("a toy went in too far")
    say.query_selector("button:has-text('Write it for me')").click()
    page.wait_for_function(
        "() => document.querySelector('.coursekit-what-to-say').textContent"
        ".includes('What happened: a toy went in too far.')",
        timeout=30_000,
    )
    assert_page_clean(page, hosts)


# --- review fixes (2026-11-30): PEP consent line, ambulance wording, numbers, general steps ---


@settings(max_examples=100, deadline=None)
@given(chosen=selections)
def test_pep_brings_one_neutral_line_about_the_support_section(chosen):
    result = triage(chosen)
    note = warning_signs.load()["pep_consent_note"]
    assert (note in result.next_steps) == result.pep
    if result.pep:
        assert result.next_steps.count(note) == 1 and result.next_steps[-1] == note


def test_pep_note_is_worded_neutrally():
    note = warning_signs.load()["pep_consent_note"]
    assert note.startswith("If this happened without your consent")
    assert "folded support section" in note


def test_heavy_bleeding_means_an_ambulance_and_never_driving_yourself():
    advice = warning_signs.sign("heavy_bleeding")["advice"]
    assert advice.startswith("Call for an ambulance.")
    assert "someone else drive you" in advice and "never drive yourself" in advice


def test_australia_shows_1800respect_as_digits_and_letters():
    service = warning_signs.region("australia")["support"]["sexual_violence"]
    assert "1800 737 732" in service["contact"] and "1800RESPECT" in service["contact"]
    assert "respect-1800-terms" in service["refs"]


def test_canada_911_notes_the_remote_areas():
    html_text = warning_signs.numbers_html("canada", "emergency")
    assert "<b>911</b>" in html_text and "remote areas" in html_text


REGION_ONLY_REFS = {ref for r in warning_signs.load()["regions"] for ref in r["refs"]} | {
    ref
    for r in warning_signs.load()["regions"]
    for service in (r.get("support") or {}).values()
    for ref in service["refs"]
}


def test_general_support_steps_cite_no_regions_sources():
    for step in warning_signs.load()["after_assault"]["steps"]:
        assert not set(step.get("refs", ())) & REGION_ONLY_REFS, step["id"]


def test_free_and_confidential_claims_cite_a_page_that_was_read_saying_so():
    """A region's support line may say 'free' or 'confidential' only if one of its sources' notes
    records reading that, not a sentence saying the page does not say or mention it."""
    refs = course_data.load_references()
    words = {"free": ("free",), "confidential": ("confidential",), "in confidence": ("confidential",)}
    for region in warning_signs.load()["regions"]:
        for service in (region.get("support") or {}).values():
            about = service["about"].lower()
            for claim, needles in words.items():
                if claim not in about:
                    continue
                notes = " ".join(refs[r].get("note", "") for r in service["refs"]).lower()
                parts = re.split(r"[.;]\s", notes)
                said = [x for x in parts if not re.search(r"\bnot (say|use|mention)", x)]
                backed = [x for x in said if any(w in x for w in needles)]
                assert backed, (region["id"], service["name"], claim)
    us = next(r for r in warning_signs.load()["regions"] if r["id"] == "us")
    assert us["support"]["distress"]["refs"] == ["samhsa-988", "wyoming-988"]


def test_distress_panel_is_its_own_opt_in_route_with_only_the_regions_line():
    panel = warning_signs.DistressPanel()
    assert panel.fold.selected_index is None and panel.region.value is None
    assert "struggling" in panel.fold.get_title(0).lower()
    assert "Choose where you are" in panel.body.value
    for region_id in REGIONS:
        panel.region.value = region_id
        body = panel.body.value
        service, _ = warning_signs.distress_route(region_id)
        if service is None:
            assert "No national helpline" in body
        else:
            assert f"<b>{html.escape(service.contact)}</b>" in body
        for other in REGIONS:
            other_service, _ = warning_signs.distress_route(other)
            if other_service and (service is None or other_service.contact != service.contact):
                assert f"<b>{html.escape(other_service.contact)}</b>" not in body
    assert warning_signs.distress_route("atlantis")[0] is None


def test_self_check_explanations_name_only_what_the_options_offer():
    from coursekit.course import banks

    bank = banks.load_module_bank("05_warning_signs")
    q5 = next(q for q in bank["questions"] if q.id == "05-warning-q5")
    assert "retained object" not in q5.explanation
    q6 = next(q for q in bank["questions"] if q.id == "05-warning-q6")
    assert "see these problems often" not in q6.explanation  # the source is about retained objects only


def test_lesson_and_handout_say_go_early_and_to_an_emergency_department_if_time_runs_out():
    """Review 3, B2: the lesson and the printed sheet match the triage advice for PEP."""
    root = Path(__file__).resolve().parents[1]
    sheet = yaml.safe_load((root / "assets/data/handouts/05_warning_signs.yaml").read_text(encoding="utf-8"))
    rule = next(r["text"] for r in sheet["handout"]["stop_rules"] if "PEP" in r["text"])
    nb = nbformat.read(root / "notebooks/05_warning_signs/lesson.ipynb", as_version=4)
    lesson = " ".join(c.source for c in nb.cells if c.cell_type == "markdown")
    bullets = [" ".join(b.split()) for b in re.split(r"\n- ", lesson)]
    level_3 = [b for b in bullets if b.startswith("A possible HIV exposure. **PEP**")]
    assert len(level_3) == 1
    for flat in [" ".join(rule.split()), *level_3]:
        assert "as early as you can" in flat.lower() and "72 hours" in flat, flat
        assert "emergency department now" in flat, flat
