"""Module 02 planner: the safety invariants of issue 11, as properties over random logs, plus the
review's worked examples (reviews/2026-11-30-content-00-02.md, A1-A3, B4, B5, C3, C4, D5, D6)."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from coursekit import relaxation
from coursekit.content import cite
from coursekit.relaxation import Clearance, Session, next_step

RULES = relaxation.rules()
DAY = dt.date(2026, 3, 2)
KIT = 5
CF, LOW, LONG = RULES["comfortable_from"], RULES["low_comfort_below"], RULES["long_session_minutes"]
WINDOW = RULES["recurrence_window_days"]


def s(day, size=1, comfort=8, pain=False, bleeding=False, minutes=5):
    return Session(DAY + dt.timedelta(days=day), size, comfort, pain, bleeding, minutes)


# --- independent oracles (written from the words, not from the planner's code) -----------


def best_size(history):
    """The largest size logged as comfortable and pain-free, or 1 if there is none."""
    return max((x.size for x in history if x.comfort >= CF and not x.pain and not x.bleeding), default=1)


def comfy(x):
    return x.comfort >= CF and not x.pain and not x.bleeding


def open_holds(history):
    """For each pain or bleeding not yet followed by a comfortable, pain-free session at a larger
    size than the best comfortable size at that time: that best size (the hold)."""
    holds = []
    for i, x in enumerate(history):
        if x.pain or x.bleeding:
            hold = best_size(history[: i + 1])
            if not any(comfy(y) and y.size > hold for y in history[i + 1 :]):
                holds.append(hold)
    return holds


def unconfirmed_returns(history, clearances):
    """(bleeding came back, pain or bleeding came back within the window), each not yet confirmed."""
    confirmed = max((c.after for c in clearances), default=0)
    bled = hurt = False
    for i, x in enumerate(history):
        if i < confirmed:
            continue
        if x.bleeding and any(e.bleeding for e in history[:i]):
            bled = True
        if (x.pain or x.bleeding) and any(
            (e.pain or e.bleeding) and (x.date - e.date).days <= WINDOW for e in history[:i]
        ):
            hurt = True
    return bled, hurt


CITES = {cite(item.get("refs", [])) for item in relaxation.load()["care"].values()} - {""}


def unlabelled_numbers(text):
    """Numbers in planner text that are neither the learner's own data nor labelled a course default."""
    for c in CITES:
        text = text.replace(c, "")
    text = re.sub(r"\bsizes? \d+|[Mm]odule \d+|\d+ comfortable, pain-free session", "", text)
    text = re.sub(r"\d+ [^.;()]*?\(course default[^)]*\)", "", text)
    return re.findall(r"\d+", text)


def headline(advice_value):
    return re.search(r"<b>(.*?)</b>", advice_value).group(1)


# --- random logs --------------------------------------------------------------------------


RARE = st.integers(0, 4).map(lambda x: x == 0)  # pain or bleeding in about one session in five


@st.composite
def logs(draw, kit=KIT, min_size=1, max_size=14):
    """Random logs: sizes mostly walk one step at a time (sometimes jump), comfort 0-10, pain and
    bleeding in about one session in five, any length from 1 minute to a day, gaps of 1-40 days."""
    n = draw(st.integers(min_size, max_size))
    out, day, size = [], DAY, draw(st.integers(1, kit))
    for _ in range(n):
        day += dt.timedelta(days=draw(st.integers(1, 40)))
        step = draw(st.sampled_from([-1, 0, 1, 1, "jump"]))
        size = draw(st.integers(1, kit)) if step == "jump" else min(kit, max(1, size + step))
        out.append(
            Session(
                day,
                size,
                draw(st.integers(0, 10)),
                draw(RARE),
                draw(RARE),
                draw(st.one_of(st.integers(1, 20), st.integers(1, relaxation.MINUTES_IN_A_DAY))),
            )
        )
    return out


@st.composite
def logs_with_clearances(draw):
    history = draw(logs())
    positions = sorted(draw(st.sets(st.integers(1, len(history)), max_size=3)))
    clearances = []
    for p in positions:
        room = (history[p].date - history[p - 1].date).days if p < len(history) else 10
        reason = draw(st.sampled_from(sorted(relaxation.CLEAR_REASONS)))
        first = 1 if reason == "settled" else 0  # "settled" cannot be confirmed on the day of the session
        date = history[p - 1].date + dt.timedelta(days=draw(st.integers(first, room)))
        clearances.append(Clearance(date, p, reason))
    return history, tuple(clearances)


MANY = settings(max_examples=200, deadline=None)


@MANY
@given(logs_with_clearances())
def test_after_pain_or_bleeding_never_above_the_largest_comfortable_size(case):
    history, clearances = case
    step = next_step(history, RULES, KIT, 2, clearances)
    last = history[-1]
    if step.action != "warning_signs" and (last.pain or last.bleeding):
        assert step.size <= best_size(history)
        assert step.action in ("back", "rest")


@MANY
@given(logs_with_clearances())
@example(([s(8, size=1, comfort=3, pain=True), s(13, size=2, comfort=6)], ()))  # review A1 (new): was stay 2
@example(([s(0, size=2, bleeding=True), s(4, size=3, comfort=6)], ()))  # review A1 (new): was stay 3
@example(([*[s(d) for d in (0, 3, 6)], s(9, size=3, pain=True), s(12, size=2, comfort=6), s(15, size=2)], ()))
def test_after_pain_or_bleeding_anywhere_the_hold_lasts_until_a_larger_size_is_comfortable(case):
    """Pain or bleeding ANYWHERE since the last comfortable session at a larger size keeps the
    suggestion at or under the best comfortable size then; only a move up after a full
    comfortable streak at that size may go one size beyond it."""
    history, clearances = case
    step = next_step(history, RULES, KIT, 2, clearances)
    holds = open_holds(history)
    if step.action == "warning_signs" or not holds:
        return
    hold = min(holds)
    if step.action == "up":
        streak = history[-RULES["sessions_to_move_up"] :]
        assert all(comfy(x) and x.size == history[-1].size for x in streak)
        assert history[-1].size <= hold and step.size == history[-1].size + 1
    else:
        assert step.size <= hold, (step, hold)


def full_streak_before(history):
    """Whether the sessions before the last end with a full comfortable, short streak at their size."""
    need, prev = RULES["sessions_to_move_up"], history[-2]
    tail = history[:-1][-need:]
    cap = RULES["session_minutes_cap"]
    return len(tail) == need and all(comfy(x) and x.size == prev.size and x.minutes <= cap for x in tail)


@MANY
@given(logs_with_clearances())
@example(([s(3 * i, size=i + 1, comfort=5) for i in range(5)], ()))  # review A1: climbing at comfort 5 was stay 5
def test_a_jump_goes_back_to_the_size_last_settled_at(case):
    """A jump: more than one size up, or a move up without a full comfortable streak at the size before."""
    history, clearances = case
    step = next_step(history, RULES, KIT, 2, clearances)
    jump = len(history) > 1 and (
        history[-1].size > history[-2].size + 1
        or (history[-1].size > history[-2].size and not full_streak_before(history))
    )
    if jump and step.action != "warning_signs":
        assert step.action in ("back", "rest")
        assert step.size <= history[-2].size and step.size <= best_size(history[:-1])


@MANY
@given(logs_with_clearances())
def test_returning_bleeding_or_pain_stops_until_confirmed_and_nothing_else_does(case):
    history, clearances = case
    step = next_step(history, RULES, KIT, 2, clearances)
    bled, hurt = unconfirmed_returns(history, clearances)
    assert (step.action == "warning_signs") == (bled or hurt)
    if bled:
        assert "Bleeding has come back" in step.reason


@settings(max_examples=200, deadline=None)
@given(logs(), st.lists(st.tuples(st.integers(1, KIT), st.integers(CF, 10), st.integers(1, 15)), max_size=5))
def test_a_stop_stays_through_comfortable_sessions_and_lifts_only_on_confirmation(history, good):
    if next_step(history, RULES, KIT, 2).action != "warning_signs":
        return
    later = list(history)
    for size, comfort, minutes in good:
        later.append(Session(later[-1].date + dt.timedelta(days=3), size, comfort, False, False, minutes))
        assert next_step(later, RULES, KIT, 2).action == "warning_signs"
    confirmed = (Clearance(later[-1].date + dt.timedelta(days=1), len(later), "settled"),)
    after = next_step(later, RULES, KIT, 2, confirmed)
    assert after.action != "warning_signs" and after.size is not None
    assert after.action != "up"


@MANY
@given(logs_with_clearances())
def test_a_stop_shows_no_size_no_date_and_no_suggested_step(case):
    history, clearances = case
    step = next_step(history, RULES, KIT, 2, clearances)
    fig = relaxation.history_figure(history, step, KIT)
    suggested = [t for t in fig.data if (t.name or "").startswith("suggested")]
    if step.action == "warning_signs":
        assert step.size is None and step.earliest is None
        assert not suggested
        assert not re.search(r"\d", headline(relaxation.advice_html(step)))
    else:
        assert len(suggested) == 1 and suggested[0].y[-1] == step.size


@MANY
@given(logs_with_clearances())
def test_low_comfort_without_pain_goes_back_a_size(case):
    history, clearances = case
    step = next_step(history, RULES, KIT, 2, clearances)
    last = history[-1]
    if step.action != "warning_signs" and last.comfort < LOW and not (last.pain or last.bleeding):
        assert step.action in ("back", "rest")
        assert step.size < last.size or last.size == 1
        assert step.size <= best_size(history)


@MANY
@given(logs_with_clearances())
def test_every_bleeding_answer_gives_the_route_to_care_and_the_emergency_signs(case):
    history, clearances = case
    step = next_step(history, RULES, KIT, 2, clearances)
    bleeding_answer = history[-1].bleeding or (step.action == "warning_signs" and any(x.bleeding for x in history))
    if bleeding_answer:
        for words in ("module 05", "clinician", "will not stop", "toilet water", "clots", "emergency department"):
            assert words in step.reason
        assert "ambulance rather than driving yourself" in step.reason
        assert cite(["nhs-rectal-bleeding"]).strip("()") in step.reason


@MANY
@given(logs_with_clearances(), st.sampled_from([1, 2]))
def test_every_number_the_learner_reads_is_data_or_a_labelled_course_default(case, per_week):
    history, clearances = case
    step = next_step(history, RULES, KIT, per_week, clearances)
    assert unlabelled_numbers(step.reason) == []
    assert unlabelled_numbers(headline(relaxation.advice_html(step))) == []


def test_the_label_check_can_fail():
    assert unlabelled_numbers("Rest for 3 days.") == ["3"]
    assert unlabelled_numbers("Rest for 3 days (course default) at size 2.") == []


@MANY
@given(logs_with_clearances())
def test_very_long_sessions_mean_rest_and_a_check_never_stay(case):
    history, clearances = case
    step = next_step(history, RULES, KIT, 2, clearances)
    if history[-1].minutes > LONG:
        assert step.action in ("rest", "back", "warning_signs")
        assert "soreness, numbness or swelling" in step.reason and "asleep" in step.reason


@settings(max_examples=100, deadline=None)
@given(st.one_of(st.integers(-10_000, 0), st.integers(relaxation.MINUTES_IN_A_DAY + 1, 10**7)))
def test_absurd_lengths_are_refused_in_words(minutes):
    with pytest.raises(ValueError, match=r"Session 1: the length must be at least 1 minute and at most 1440"):
        next_step([s(0, minutes=minutes)], RULES, KIT, 2)


# --- the review's worked examples ----------------------------------------------------------

COMFORT_AT_1 = [s(0), s(3), s(6)]


@pytest.mark.parametrize(
    ("last", "expected"),
    [
        (s(9, size=3, pain=True), ("back", 1)),  # A1: was ("back", 2)
        (s(9, size=5, pain=True), ("back", 1)),  # A1: was ("back", 4)
        (s(9, size=4, bleeding=True), ("rest", 1)),  # A1: was ("rest", 3)
        (s(9, size=5), ("back", 1)),  # A1: a jump without pain was walked back only to 4
    ],
    ids=["1-then-3-pain", "1-then-5-pain", "1-then-4-bleeding", "1-then-5"],
)
def test_review_a1_logs(last, expected):
    step = next_step([*COMFORT_AT_1, last], RULES, KIT, 2)
    assert (step.action, step.size) == expected


def test_pain_after_an_uncomfortable_size_goes_back_to_the_comfortable_one():
    history = [*COMFORT_AT_1, s(9, size=2, comfort=5), s(12, size=3, pain=True)]
    assert (next_step(history, RULES, KIT, 2).action, next_step(history, RULES, KIT, 2).size) == ("back", 1)


def test_review_a2_bleeding_that_comes_back_weeks_apart_stops():
    history = [s(0, bleeding=True), s(10), s(20), s(30), s(40, bleeding=True)]
    step = next_step(history, RULES, KIT, 2)
    assert step.action == "warning_signs" and "Bleeding has come back" in step.reason


def test_review_a2_pain_that_comes_back_within_the_window_stops_and_outside_it_does_not():
    assert next_step([s(0, pain=True), s(3), s(6), s(9, pain=True)], RULES, KIT, 2).action == "warning_signs"
    later = next_step([s(0, pain=True), s(WINDOW + 1, pain=True)], RULES, KIT, 2)
    assert later.action == "rest" and later.size == 1


def test_review_a2_three_comfortable_sessions_after_a_stop_do_not_lift_it():
    history = [s(0, bleeding=True), s(10), s(20), s(30), s(40, bleeding=True), s(50), s(53), s(56)]
    assert next_step(history, RULES, KIT, 2).action == "warning_signs"
    confirmed = next_step(history, RULES, KIT, 2, (Clearance(s(57).date, len(history), "seen"),))
    assert confirmed.action == "stay" and confirmed.size == 1 and "Thank you for checking" in confirmed.reason


def test_confirming_then_bleeding_again_stops_again():
    history = [s(0, bleeding=True), s(10, bleeding=True)]
    cleared = (Clearance(s(12).date, 2, "settled"),)
    assert next_step(history, RULES, KIT, 2, cleared).action == "rest"
    again = [*history, s(60), s(63, bleeding=True)]
    assert next_step(again, RULES, KIT, 2, cleared).action == "warning_signs"


def test_review_b5_low_comfort_goes_back():
    history = [s(0, size=2, comfort=2), s(3, size=2, comfort=1)]
    step = next_step(history, RULES, KIT, 2)
    assert (step.action, step.size) == ("back", 1) and "course default" in step.reason


def test_review_c3_a_ten_hour_session():
    step = next_step([s(0, minutes=600)], RULES, KIT, 2)
    assert step.action == "rest" and "asleep" in step.reason and f"{LONG} minutes (course default)" in step.reason


def test_review_d5_the_cap_is_inclusive_and_says_so():
    cap = RULES["session_minutes_cap"]
    step = next_step([s(0, minutes=cap + 1)], RULES, KIT, 2)
    assert f"{cap} minutes (course default) or less" in step.reason


def test_review_d6_a_first_session_above_size_1_is_nudged():
    assert "smallest size" in next_step([s(0, size=5)], RULES, KIT, 2).reason
    assert "smallest size" not in next_step([s(0, size=1)], RULES, KIT, 2).reason


# --- the widget after a stop, and the saved log --------------------------------------------


def log(planner, **fields):
    for name, value in fields.items():
        getattr(planner, name).value = value
    planner.add_button.click()


def suggested_traces(planner):
    return [t for t in planner.current_figure.data if (t.name or "").startswith("suggested")]


def test_widget_after_a_stop_shows_no_size_or_date_and_leaves_the_date_alone(tmp_path):
    planner = relaxation.ProgressionPlanner(save_folder=tmp_path, today=DAY)
    for day, bleeding in ((0, True), (10, False), (20, False), (30, False), (40, True)):
        log(planner, date=DAY + dt.timedelta(days=day), size=1, comfort=8, bleeding=bleeding)
    assert planner.stopped and planner.confirm_box.layout.display != "none"
    assert not re.search(r"\d", headline(planner.advice.value))
    assert "Stop and see a clinician" in planner.advice.value
    assert planner.date.value == DAY + dt.timedelta(days=40)  # not moved to a restart date
    assert not suggested_traces(planner)
    for day in (50, 53, 56):  # three comfortable sessions do not lift it
        log(planner, date=DAY + dt.timedelta(days=day), bleeding=False)
        assert planner.stopped and planner.date.value == DAY + dt.timedelta(days=day)
    planner.confirm_button.click()
    assert "Choose a statement" in planner.message.value and planner.stopped
    planner.clear_reason.value = "seen"
    planner.confirm_button.click()
    assert not planner.stopped and planner.confirm_box.layout.display == "none"
    assert "size 1" in headline(planner.advice.value) and suggested_traces(planner)


def test_the_confirmation_is_saved_and_loaded_back(tmp_path):
    planner = relaxation.ProgressionPlanner(save_folder=tmp_path, today=DAY)
    log(planner, date=DAY, pain=True)
    log(planner, date=DAY + dt.timedelta(days=5), pain=True)
    planner.clear_reason.value = "settled"
    planner.confirm_button.click()  # same day as the last session: refused (review B1)
    assert planner.stopped and "cannot have fully settled on the day of the session" in planner.message.value
    planner.date.value = DAY + dt.timedelta(days=6)
    planner.confirm_button.click()
    assert not planner.stopped
    planner.save_button.click()
    data = json.loads((tmp_path / relaxation.LOG_NAME).read_text())
    assert data["clearances"] == [
        {"date": (DAY + dt.timedelta(days=6)).isoformat(), "after_session": 2, "reason": "settled"}
    ]
    fresh = relaxation.ProgressionPlanner(save_folder=tmp_path, today=DAY)
    fresh.load_button.click()
    assert fresh.history == planner.history and fresh.clearances == planner.clearances and not fresh.stopped
    fresh.delete_button.click()
    assert not (tmp_path / relaxation.LOG_NAME).exists() and "Deleted" in fresh.saved.value


def test_a_log_saved_in_the_old_format_still_loads(tmp_path):
    old = {
        "kit_sizes": 3,
        "sessions_per_week": 2,
        "sessions": [
            {"date": "2026-03-02", "size": 1, "comfort": 8, "pain": False, "bleeding": True, "minutes": 5},
            {"date": "2026-03-20", "size": 1, "comfort": 8, "pain": False, "bleeding": True, "minutes": 5},
        ],
    }
    (tmp_path / relaxation.LOG_NAME).write_text(json.dumps(old))
    saved = relaxation.load_log(tmp_path)
    assert saved.clearances == [] and len(saved.history) == 2
    planner = relaxation.ProgressionPlanner(save_folder=tmp_path, today=DAY)
    planner.load_button.click()
    assert planner.stopped and "Loaded 2 session(s)" in planner.saved.value


@pytest.mark.parametrize(
    ("text", "message"),
    [("{not json", "not a log saved by this planner"), ('{"sessions": []}', "not a log saved by this planner")],
)
def test_a_damaged_saved_log_is_explained(tmp_path, text, message):
    (tmp_path / relaxation.LOG_NAME).write_text(text)
    planner = relaxation.ProgressionPlanner(save_folder=tmp_path, today=DAY)
    planner.load_button.click()
    assert "Not loaded" in planner.saved.value and message in planner.saved.value


def test_widget_refuses_absurd_minutes_and_says_where_saved_files_go(tmp_path):
    planner = relaxation.ProgressionPlanner(save_folder=tmp_path, today=DAY)
    log(planner, minutes=-5)
    assert "Not logged" in planner.message.value and "at most 1440" in planner.message.value
    log(planner, minutes=2000)
    assert "Not logged" in planner.message.value and not planner.history
    text = planner.children[0].value
    assert "Binder" in text and "made-up sessions only" in text
    assert "saved folder" in planner.save_button.tooltip and "only" not in planner.save_button.tooltip


def test_review_a2_clear_and_load_cannot_lift_a_stop_without_a_confirmation(tmp_path):
    planner = relaxation.ProgressionPlanner(save_folder=tmp_path, today=DAY)
    log(planner, date=DAY, size=1, comfort=8)
    planner.save_button.click()  # a save made before the stop
    log(planner, date=DAY + dt.timedelta(days=4), pain=True)
    log(planner, date=DAY + dt.timedelta(days=8), pain=True)
    assert planner.stopped
    planner.clear_button.click()
    assert planner.stopped and len(planner.history) == 3
    assert "the planner asked you to stop: confirm below first" in planner.message.value.lower()
    planner.load_button.click()
    assert planner.stopped and len(planner.history) == 3
    assert "confirm below first" in planner.saved.value
    planner.clear_reason.value = "seen"
    planner.confirm_button.click()
    assert not planner.stopped
    planner.clear_button.click()
    assert planner.history == [] and "empty" in planner.message.value


def test_review_b1_settled_cannot_be_confirmed_on_or_before_the_day_of_the_last_session():
    history = [s(0, pain=True), s(4, pain=True)]
    for day in (4,):
        with pytest.raises(ValueError, match="cannot have fully settled"):
            next_step(history, RULES, KIT, 2, (Clearance(DAY + dt.timedelta(days=day), 2, "settled"),))
    assert next_step(history, RULES, KIT, 2, (Clearance(DAY + dt.timedelta(days=4), 2, "seen"),)).size == 1
    assert next_step(history, RULES, KIT, 2, (Clearance(DAY + dt.timedelta(days=5), 2, "settled"),)).size == 1
    stop = next_step(history, RULES, KIT, 2).reason
    assert "not something to rest out" not in stop and "If you cannot, wait until" in stop


def test_review_b2_d5_the_pain_answer_has_more_lube_slower_and_the_emergency_route():
    reason = next_step([s(0, size=1), s(3, size=1, pain=True)], RULES, KIT, 2).reason
    assert "more lube and go slower" in reason
    assert "belly pain, especially with a fever, is an emergency" in reason
    assert cite(["nhs-stomach-ache", "rectal-foreign-body"]) in reason


def test_review_b4_back_to_names_a_size_truthfully():
    history = [*[s(d, size=4) for d in (0, 3, 6)], s(9, size=4, comfort=2)]
    reason = next_step(history, RULES, KIT, 2).reason
    assert "size 3" in reason and "smallest size" not in reason and "one size down (size 3)" in reason


def test_review_b8_the_chart_uses_the_planners_comfortable_rule():
    history = [s(0, comfort=8), s(3, comfort=5)]
    fig = relaxation.history_figure(history, None, KIT)
    names = {t.name: list(t.y) for t in fig.data}
    assert names["comfortable"] == [1] and names["low comfort"] == [1]
