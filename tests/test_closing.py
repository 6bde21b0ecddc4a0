"""Module 06: the checklist review, the revisit rule, saving locally, and the two widgets."""

from __future__ import annotations

import html
import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coursekit.course.citations import cite
from coursekit.topics import closing

from .labpages import assert_page_clean, wait_for_widget

ITEMS = closing.load()["checklist"]
IDS = [i["id"] for i in ITEMS]
ESSENTIAL = {i["id"] for i in ITEMS if i["essential"]}
N_MODULES = len(closing.load()["modules"])


def test_essentials_include_the_course_non_negotiables():
    assert {"consent", "flared_base", "lube_ready", "stop_at_pain", "know_signs", "short_wear"} <= ESSENTIAL


def test_a_household_object_means_the_essentials_are_not_all_there():
    made = item("made_for_anal")
    assert made["essential"] and {"pp-sex-toys", "nhs-sex-toys"} <= set(made["refs"])
    for word in ("sex toy for anal use", "no cracks"):
        assert word in made["text"], word
    # The flared base has its own item; saying it twice would blur which box covers it.
    assert "flared base" not in made["text"] and "flared base" in item("flared_base")["text"]
    # Ticking every other essential is not enough while this one is unticked.
    review = closing.review_checklist(ESSENTIAL - {"made_for_anal"})
    assert not review.complete and [i["id"] for i in review.missing_essentials] == ["made_for_anal"]


def item(key):
    return ITEMS[IDS.index(key)]


def test_poppers_are_their_own_plain_essential_item():
    # CONTENT.md position 1 (poppers: don't) and the erection-medicine interaction, stated plainly.
    poppers = item("no_poppers")
    assert poppers["essential"] and not poppers.get("suggestion")
    assert poppers["text"].startswith("I don't use poppers")
    assert "sildenafil" in poppers["text"] and "tadalafil" in poppers["text"]
    assert {"fda-poppers", "nhs-ed-treatment", "nhs-sildenafil"} <= set(poppers["refs"])
    assert "poppers" not in item("no_substances")["text"].lower()
    review = closing.review_checklist(ESSENTIAL - {"no_poppers"})
    assert [i["id"] for i in review.missing_essentials] == ["no_poppers"]


def test_checklist_carries_wear_time_douching_and_prep():
    # CONTENT.md 4, 6 and 12: these positions must be on the checklist a learner saves.
    wear = item("short_wear")
    assert wear["suggestion"] and not wear["refs"] and "course" in wear["why"]
    assert "sleep" in wear["text"] and "toilet" in wear["text"]
    douching = item("douching")
    assert not douching["essential"] and "optional" in douching["text"].lower()
    for word in ("small", "lukewarm", "soap-free", "tap or shower hose", "phosphate enemas", "not daily", "own nozzle"):
        assert word in douching["text"], word
    assert {"violett-douching", "leyva-2013", "li-2019-douching", "infosexwork-douching"} <= set(douching["refs"])
    testing = item("testing")
    assert "PrEP" in testing["text"] and "cdc-prep" in testing["refs"] and "72 hours" in testing["text"]
    assert "polyisoprene" in item("condoms")["text"]


def test_every_item_is_sourced_or_labelled_a_course_suggestion():
    for entry in ITEMS:
        assert entry["why"].strip(), entry["id"]
        if entry.get("suggestion"):
            assert "course suggestion" in closing.label(entry) and "course" in entry["why"], entry["id"]
        else:
            assert entry["refs"], f"{entry['id']}: a sourced item needs refs"


def test_an_unsourced_item_that_is_not_a_suggestion_fails_to_load(monkeypatch):
    bad = {**item("consent"), "refs": []}
    data = {**closing.load(), "checklist": [bad]}
    monkeypatch.setattr(closing.logic, "load_topic", lambda *_: data)
    closing.load.cache_clear()
    try:
        with pytest.raises(closing.ContentError, match="not a course suggestion"):
            closing.load()
    finally:
        closing.load.cache_clear()


@settings(max_examples=200, deadline=None)
@given(st.sets(st.sampled_from(IDS)))
def test_review_reports_exactly_the_missing_essentials(ticked):
    review = closing.review_checklist(ticked)
    assert {i["id"] for i in review.missing_essentials} == ESSENTIAL - ticked
    assert review.complete == ESSENTIAL.issubset(ticked)
    assert {i["id"] for i in review.unticked} == set(IDS) - ESSENTIAL - ticked


@pytest.mark.parametrize("bad", ["consent", 5, {"nope"}])
def test_review_rejects_bad_input_in_words(bad):
    with pytest.raises(ValueError, match="list of ids|not on the checklist"):
        closing.review_checklist(bad)


def test_revisit_threshold_and_order():
    threshold = closing.load()["revisit_below"]
    ratings = {m["id"]: 5 for m in closing.load()["modules"]}
    assert closing.modules_to_revisit(ratings) == []
    ratings["lubrication"], ratings["anatomy"] = threshold - 1, 0
    assert [m["id"] for m in closing.modules_to_revisit(ratings)] == ["anatomy", "lubrication"]


@settings(max_examples=200, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from([m["id"] for m in closing.load()["modules"]] + ["x"]),
        st.one_of(st.integers(), st.floats(), st.text(), st.none()),
    )
)
def test_revisit_never_raises_and_only_lists_low_ratings(ratings):
    listed = {m["id"] for m in closing.modules_to_revisit(ratings)}
    for module in closing.load()["modules"]:
        value = ratings.get(module["id"])
        if isinstance(value, int) and value >= closing.load()["revisit_below"]:
            assert module["id"] not in listed


def test_checklist_widget_lists_missing_essentials_with_reasons():
    widget = closing.PracticeChecklist()
    widget.check_button.click()
    # Nothing ticked: every item's reason is on the page as text, essentials and the rest alike.
    for entry in ITEMS:
        assert html.escape(entry["why"]) in widget.result.value, entry["id"]
    for key in ESSENTIAL:
        widget.boxes[key].value = True
    widget.check_button.click()
    assert "All the essentials are there." in widget.result.value
    assert "hover" not in widget.result.value


def test_every_reason_is_reachable_without_hover():
    # The tooltip is not enough (keyboard, touch, screen readers): the toggle shows every reason as text.
    widget = closing.PracticeChecklist()
    for key in IDS:
        widget.boxes[key].value = True
    assert widget.reasons.value == ""
    widget.why_button.value = True
    for entry in ITEMS:
        assert html.escape(entry["why"]) in widget.reasons.value, entry["id"]
        assert html.escape(cite(entry["refs"])) in widget.reasons.value
    assert widget.why_button.description == "Hide the reasons"
    widget.why_button.value = False
    assert widget.reasons.value == ""


def test_nothing_is_saved_until_the_button_and_the_message_is_true_on_a_server(tmp_path):
    folder = tmp_path / "saved"
    widget = closing.PracticeChecklist(save_folder=folder)
    widget.boxes["consent"].value = True
    widget.check_button.click()
    widget.why_button.value = True
    assert not folder.exists()
    widget.save_button.click()
    text = (folder / "checklist.txt").read_text()
    assert "[x] " + item("consent")["text"] in text
    assert "[ ] " + item("short_wear")["text"] + " (course suggestion)" in text
    assert "not medical advice" in text
    message = widget.result.value
    assert str(folder / "checklist.txt") in message
    # Binder and JupyterHub run on a server: the message must not promise "this computer only".
    assert "computer only" not in message and "server" in message and "JupyterHub" in message
    assert "Delete my saved checklist" in message


def test_delete_removes_the_saved_files_and_says_when_there_is_nothing(tmp_path):
    folder = tmp_path / "saved"
    widget = closing.PracticeChecklist(save_folder=folder)
    widget.save_button.click()
    assert {p.name for p in folder.iterdir()} == set(closing.SAVED_FILES)
    widget.delete_button.click()
    assert not folder.exists()
    assert "checklist.txt" in widget.result.value and "checklist.json" in widget.result.value
    widget.delete_button.click()
    assert "Nothing to delete" in widget.result.value


def test_delete_keeps_other_files(tmp_path):
    folder = tmp_path / "saved"
    closing.save_checklist({"consent"}, folder)
    (folder / "what_to_say.txt").write_text("kept")
    assert [p.name for p in closing.delete_checklist(folder)] == list(closing.SAVED_FILES)
    assert [p.name for p in folder.iterdir()] == ["what_to_say.txt"]


def test_save_failure_is_reported_not_raised(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    widget = closing.PracticeChecklist(save_folder=blocker / "saved")  # a folder inside a file
    widget.save_button.click()
    assert "Could not save" in widget.result.value and "Nothing was written" in widget.result.value


def test_confidence_map_advice_follows_the_ratings():
    widget = closing.ConfidenceMap()
    for dropdown in widget.dropdowns.values():
        dropdown.value = 5
    threshold = closing.load()["revisit_below"]
    assert f"No module is rated below {threshold} (a course default)." in widget.advice.value
    widget.dropdowns["hygiene"].value = 0
    assert "Hygiene" in widget.advice.value and "04_hygiene/lesson.ipynb" in widget.advice.value
    assert "Module 4, Hygiene" in widget.advice.value  # unpadded: "04" is read as "zero four"
    assert all(d.description and d.tooltip for d in widget.dropdowns.values())


def test_confidence_map_ratings_are_named_drop_downs_from_0_to_5():
    widget = closing.ConfidenceMap()
    modules = closing.load()["modules"]
    assert list(widget.dropdowns) == [m["id"] for m in modules]
    for dropdown in widget.dropdowns.values():
        assert isinstance(dropdown, closing.widgets.w.Dropdown)  # a slider's handle has no accessible name
        assert [v for _, v in dropdown.options] == list(range(closing.MAX_RATING + 1)) and dropdown.value == 3
        labels = [label for label, _ in dropdown.options]
        assert labels[0] == "0 (not at all confident)" and labels[1] == "1"
        assert labels[-1] == f"{closing.MAX_RATING} (very confident)"
    for module, dropdown in zip(modules, widget.dropdowns.values(), strict=True):
        # The label says what is rated, not only which module.
        # An unpadded number ("Module 1", never "01", read as "zero one").
        assert dropdown.description == f"Module {module['number']}, {module['title']}: how confident?"
        assert f"Module 0{module['number']}" not in dropdown.description


def test_confidence_map_says_every_rating_starts_at_3_before_the_drop_downs():
    # At Run All every rating is the starting value: the learner is told before any result is read.
    widget = closing.ConfidenceMap()
    assert all(d.value == closing.widgets.START_RATING == 3 for d in widget.dropdowns.values())
    assert widget.children[0] is widget.start_note
    assert "Every module starts at 3" in widget.start_note.value
    assert "Change each one to match how you feel" in widget.start_note.value
    first_dropdown = list(widget.children).index(next(iter(widget.dropdowns.values())))
    assert first_dropdown > list(widget.children).index(widget.start_note)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(0, closing.MAX_RATING), min_size=N_MODULES, max_size=N_MODULES))
def test_confidence_map_lists_exactly_the_modules_below_the_threshold(ratings):
    widget = closing.ConfidenceMap()
    threshold = closing.load()["revisit_below"]
    for dropdown, rating in zip(widget.dropdowns.values(), ratings, strict=True):
        dropdown.value = rating
    assert widget.ratings == dict(zip(widget.dropdowns, ratings, strict=True))
    for module, rating in zip(closing.load()["modules"], ratings, strict=True):
        listed = f"notebooks/{module['notebook']}" in widget.advice.value
        assert listed == (rating < threshold), (module["id"], rating)
    assert ("No module is rated below" in widget.advice.value) == all(r >= threshold for r in ratings)


def test_every_module_listed_has_a_lesson(root):
    for module in closing.load()["modules"]:
        if os.environ.get("CI") or (root / "notebooks" / module["notebook"]).exists():
            assert (root / "notebooks" / module["notebook"]).exists(), module["notebook"]


@pytest.mark.browser
@pytest.mark.lesson("06_closing", uses=(".coursekit-checklist",))
def test_checklist_in_the_browser(lesson_page, tmp_path):
    page, hosts = lesson_page
    widget = wait_for_widget(page, ".coursekit-checklist", tmp_path)
    widget.query_selector("button:has-text('What am I missing?')").click()
    page.wait_for_function(
        "() => document.querySelector('.coursekit-checklist').textContent.includes('Essentials not ticked yet')",
        timeout=30_000,
    )
    assert_page_clean(page, hosts)


def test_self_check_keys_are_spread_and_not_the_longest_option():
    # Modules 00, 05 and 06: the key must not sit in one position or be given away by length.
    import yaml

    from coursekit.course.data import ROOT

    singles = []
    for name in ("00_welcome", "05_warning_signs", "06_closing"):
        data = yaml.safe_load((ROOT / "assets" / "quizzes" / f"{name}.yaml").read_text(encoding="utf-8"))
        singles += [q for q in data["questions"] if q["type"] == "single"]
    positions = [[o["key"] for o in q["options"]].index(q["answer"]) for q in singles]
    assert max(positions.count(p) for p in set(positions)) <= len(singles) // 2
    longest = [q["id"] for q in singles if max(q["options"], key=lambda o: len(o["text"]))["key"] == q["answer"]]
    assert len(longest) <= len(singles) // 3, longest
