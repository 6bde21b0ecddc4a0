"""Module 02 planner: the safety invariants of issue 11, as properties over random logs, plus the
review's worked examples (reviews/2026-11-30-content-00-02.md, A1-A3, B4, B5, C3, C4, D5, D6)."""

from __future__ import annotations

import datetime as dt
import functools
import json
import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from coursekit.course.citations import cite
from coursekit.topics import relaxation
from coursekit.topics.relaxation import Clearance, Session, next_step

from .conftest import plotly_figure

RULES = relaxation.rules()
DAY = dt.date(2026, 3, 2)
KIT = 5
CF, LOW, LONG = RULES["comfortable_from"], RULES["low_comfort_below"], RULES["long_session_minutes"]
WINDOW = RULES["recurrence_window_days"]
CAP, NEED = RULES["session_minutes_cap"], RULES["sessions_to_move_up"]


def s(day, size=1, comfort=8, pain=False, bleeding=False, minutes=5):
    return Session(DAY + dt.timedelta(days=day), size, comfort, pain, bleeding, minutes)


# --- independent oracles (written from the words, not from the planner's code) -----------


def best_size(history):
    """The largest size logged as comfortable and pain-free, or 1 if there is none."""
    return max((x.size for x in history if x.comfort >= CF and not x.pain and not x.bleeding), default=1)


def comfy(x):
    return x.comfort >= CF and not x.pain and not x.bleeding


def settled(x):
    """Established: comfortable, short, no pain and no bleeding (the issue's words)."""
    return x.comfort >= CF and x.minutes <= CAP and not x.pain and not x.bleeding


def streak_ok(history, e):
    """The last sessions_to_move_up sessions were all established at size e."""
    tail = history[-NEED:]
    return len(tail) == NEED and all(settled(x) and x.size == e for x in tail)


@functools.cache
def oracle_e(history):
    """E: the largest size s with an established session at s and no session with pain or bleeding
    at a size <= s logged after it; 1 if there is none. A session counts only if its size was within
    what the rule allowed when it was logged (E then, or E + 1 after the streak): a jump never counts."""
    history = tuple(history)
    sizes = []
    for i, x in enumerate(history):
        before = history[:i]
        allowed = oracle_e(before) + (1 if streak_ok(before, oracle_e(before)) else 0)
        undone = any((y.pain or y.bleeding) and y.size <= x.size for y in history[i + 1 :])
        if settled(x) and x.size <= allowed and not undone:
            sizes.append(x.size)
    return max(sizes, default=1)


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


REPROS = [
    # (kit, [(day, size, comfort, pain)]) from the reviews: each once gave an unsafe "stay"
    (
        3,
        [(0, 1, 9, False), (3, 3, 8, True), (40, 1, 9, False), (43, 2, 9, False), (46, 3, 5, False), (49, 3, 5, False)],
    ),
    (4, [(0, 1, 9, False), (3, 4, 5, False), (6, 4, 5, False)]),
]


def check_cap(history, clearances, kit, step):
    """The size-cap invariant, exactly as the issue words it, against the independent E."""
    if step.action == "warning_signs":
        return
    e, last = oracle_e(tuple(history)), history[-1]
    since = max((c.after for c in clearances), default=0)
    streak = streak_ok(history[since:], e)
    if step.size > e:
        assert step.action == "up" and streak and step.size == e + 1 <= kit, (step, e)
    if last.pain or last.bleeding or last.comfort < LOW:
        assert step.action in ("back", "rest")
        assert step.size <= min(e, max(1, last.size - 1)), (step, e)
    elif last.size > e:
        assert (step.action, step.size) == ("back", e), (step, e)


@MANY
@given(logs_with_clearances(), st.integers(1, KIT))
@example(([s(8, size=1, comfort=3, pain=True), s(13, size=2, comfort=6)], ()), 3)  # earlier A1: was stay 2
@example(([s(0, size=2, bleeding=True), s(4, size=3, comfort=6)], ()), 3)  # earlier A1: was stay 3
@example(([s(d, size=sz, comfort=c, pain=p) for d, sz, c, p in REPROS[0][1]], ()), 3)
@example(([s(d, size=sz, comfort=c, pain=p) for d, sz, c, p in REPROS[1][1]], ()), 4)
@example(([s(0), s(3), s(6), s(9, size=2, comfort=9, minutes=30)], ()), 3)
@example(([s(0, size=2, comfort=9, minutes=300), s(3, size=2, comfort=9)], ()), 3)
def test_the_size_is_never_above_e_except_up_to_e_plus_1_after_the_streak(case, kit):
    history, clearances = case
    history = [Session(x.date, min(x.size, kit), x.comfort, x.pain, x.bleeding, x.minutes) for x in history]
    step = next_step(history, RULES, kit, 2, clearances)
    assert relaxation.established_size(history, RULES) == oracle_e(tuple(history))
    check_cap(history, clearances, kit, step)


def test_the_cap_check_can_fail():
    history = [s(0, size=1, comfort=9), s(3, size=3, comfort=5)]
    with pytest.raises(AssertionError):
        check_cap(history, (), 3, relaxation.Step("stay", 3, DAY, ""))
    with pytest.raises(AssertionError):
        check_cap([s(0, size=2, comfort=9)], (), 3, relaxation.Step("up", 3, DAY, ""))


@pytest.mark.parametrize("index", [0, 1])
def test_review_repros_never_stay_above_e(index):
    kit, rows = REPROS[index]
    history = [s(d, size=sz, comfort=c, pain=p) for d, sz, c, p in rows]
    step = next_step(history, RULES, kit, 2)
    assert step.action == "back" and step.size == 1  # size 2 there came after no streak: it does not count


@pytest.mark.parametrize("minutes", [30, 300])
def test_a_long_comfortable_session_establishes_nothing_and_lifts_nothing(minutes):
    streak = [s(0), s(3), s(6)]
    # a long session at a new size does not settle it
    step = next_step([*streak, s(9, size=2, comfort=9, minutes=minutes)], RULES, 3, 2)
    assert (step.action, step.size) == ("back", 1)
    # nor does it count towards a streak, or lift the cap after pain
    assert next_step([s(0), s(3), s(6, minutes=minutes)], RULES, 3, 2).action in ("stay", "rest")
    after_pain = [s(0, size=2), s(3, size=2, pain=True), s(40, size=2, comfort=9, minutes=minutes)]
    assert relaxation.established_size(after_pain, RULES) == 1
    assert next_step(after_pain, RULES, 3, 2).size == 1


@pytest.mark.parametrize(
    ("history", "allowed"),
    [
        ([s(8, size=1, comfort=3, pain=True), s(13, size=2, comfort=6)], {("back", 1)}),
        ([s(0, size=2, bleeding=True), s(4, size=3, comfort=6)], {("back", 1), ("rest", 1)}),
    ],
)
def test_earlier_review_repros_go_back_to_1(history, allowed):
    step = next_step(history, RULES, 3, 2)
    assert (step.action, step.size) in allowed


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
    fig = plotly_figure(relaxation.history_figure(history, step, KIT))
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
    fields.setdefault("comfort", 8)  # the widget no longer prefills comfort
    for name, value in fields.items():
        getattr(planner, name).value = value
    planner.add_button.click()


def suggested_traces(planner):
    return [t for t in plotly_figure(planner.current_figure).data if (t.name or "").startswith("suggested")]


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
    planner.clear_button.click()  # a first click only warns (review 2026-11-30 C1)
    assert len(planner.history) == 3 and "again to confirm" in planner.message.value
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
    climb = [s(3 * i, size=1 + i // NEED) for i in range(4 * NEED)]  # settled at 1, 2, 3 and 4 in turn
    history = [*climb, s(3 * len(climb), size=4, comfort=2)]
    reason = next_step(history, RULES, KIT, 2).reason
    assert "size 3" in reason and "smallest size" not in reason and "one size down (size 3)" in reason


def test_review_b8_the_chart_uses_the_planners_comfortable_rule():
    history = [s(0, comfort=8), s(3, comfort=5)]
    fig = plotly_figure(relaxation.history_figure(history, None, KIT))
    names = {t.name: list(t.y) for t in fig.data}
    assert names["comfortable"] == [1] and names["low comfort"] == [1]


@pytest.mark.parametrize("bad", [{"per_week": 9}, {"kit_sizes": 1}], ids=["9-a-week", "kit-below-a-logged-size"])
@pytest.mark.parametrize("button", ["clear_button", "load_button"])
def test_an_invalid_plan_cannot_hide_a_stop_or_let_clear_or_load_wipe_it(tmp_path, bad, button):
    planner = relaxation.ProgressionPlanner(save_folder=tmp_path, today=DAY)
    log(planner, date=DAY, size=1)
    planner.save_button.click()  # a save made before the stop
    log(planner, date=DAY + dt.timedelta(days=4), size=2, pain=True)
    log(planner, date=DAY + dt.timedelta(days=8), size=2, pain=True)
    assert planner.stopped
    for name, value in bad.items():
        getattr(planner, name).value = value
    assert planner.stopped and "Check the plan" in planner.advice.value
    assert "Stop and see a clinician" in planner.advice.value and "say so below" in planner.advice.value
    assert "lost unless you save the log" in planner.advice.value and "Save log" in planner.advice.value
    getattr(planner, button).click()
    assert planner.stopped and len(planner.history) == 3
    assert "confirm below first" in (planner.message.value + planner.saved.value)
    planner.save_button.click()  # the stop can still be saved, with plan settings that load back
    fresh = relaxation.ProgressionPlanner(save_folder=tmp_path, today=DAY)
    fresh.load_button.click()
    assert fresh.stopped and len(fresh.history) == 3


def test_the_stop_message_says_it_lives_in_memory_and_offers_save(tmp_path):
    planner = relaxation.ProgressionPlanner(save_folder=tmp_path, today=DAY)
    log(planner, date=DAY, pain=True)
    assert "memory" not in planner.advice.value
    log(planner, date=DAY + dt.timedelta(days=3), pain=True)
    assert "memory" in planner.advice.value and "kernel restarts" in planner.advice.value


def test_a_pain_episode_can_be_logged_on_the_same_day_and_the_form_resets(tmp_path):
    planner = relaxation.ProgressionPlanner(save_folder=tmp_path, today=DAY)
    log(planner, date=DAY, size=1, comfort=9)
    assert planner.comfort.value is None and not planner.pain.value
    log(planner, date=DAY, size=1, pain=True, bleeding=True)
    assert len(planner.history) == 2 and "closer together" in planner.advice.value
    assert not planner.pain.value and not planner.bleeding.value and planner.comfort.value is None
    planner.add_button.click()
    assert "Choose a comfort score" in planner.message.value and len(planner.history) == 2


def test_the_plan_defaults_and_kit_limits_are_labelled(tmp_path):
    planner = relaxation.ProgressionPlanner(save_folder=tmp_path, today=DAY)
    note = planner.plan_note.value
    assert "2 sessions a week (course defaults)" in note and "1 to 8 sizes (course default limits)" in note
    with pytest.raises(ValueError, match=r"from 1 to 8 \(course default limits"):
        relaxation.check_plan(9, 2, RULES)


def test_long_sessions_add_rest_days_and_very_long_ones_point_to_module_05():
    normal = next_step([s(0, minutes=10)], RULES, KIT, 2).earliest
    long = next_step([s(0, minutes=LONG + 1)], RULES, KIT, 2)
    assert (long.earliest - normal).days == RULES["rest_days_after_long_session"]
    assert "may have included sleep" not in long.reason
    overnight = next_step([s(0, minutes=RULES["sleep_possible_minutes"])], RULES, KIT, 2)
    assert "may have included sleep" in overnight.reason and "module 05" in overnight.reason


def test_a_session_too_soon_after_bleeding_is_named():
    days = RULES["rest_days_after_bleeding"]
    early = next_step([s(0, bleeding=True), s(days)], RULES, KIT, 2)
    assert "before 3 rest days (course default) were over" in early.reason
    later = next_step([s(0, bleeding=True), s(days + 1)], RULES, KIT, 2)
    assert "were over" not in later.reason


# --- review of 2026-11-30 (planner): B1 clear or load dropping an open episode, C1, D1 -----------


def _repro_until_the_first_pain(planner):
    """Three comfortable 5-minute sessions at size 1, three at size 2, Save, then pain at size 2."""
    for i in range(2 * NEED):
        log(planner, date=DAY + dt.timedelta(days=3 * i), size=1 + i // NEED, comfort=8, minutes=5)
    planner.save_button.click()
    pain_day = DAY + dt.timedelta(days=3 * 2 * NEED)
    log(planner, date=pain_day, size=2, comfort=8, pain=True)
    assert planner.step.action == "back" and planner.step.size == 1
    return pain_day


@pytest.mark.parametrize("button", ["clear_button", "load_button"])
def test_review_b1_clear_or_load_cannot_hide_pain_that_comes_back(tmp_path, button):
    planner = relaxation.ProgressionPlanner(save_folder=tmp_path, today=DAY)
    pain_day = _repro_until_the_first_pain(planner)
    getattr(planner, button).click()  # the first click only warns, naming what would be lost
    warned = planner.message.value + planner.saved.value
    assert len(planner.history) == 2 * NEED + 1 and "Press" in warned and "again to confirm" in warned
    assert f"This removes {2 * NEED + 1} sessions" in warned or f"{2 * NEED + 1} sessions" in warned
    assert f"including pain on {pain_day:%d %B}" in warned and "no longer see it" in warned
    getattr(planner, button).click()
    if button == "load_button":
        assert len(planner.history) == 2 * NEED and planner.step.action == "up" and planner.step.size == 3
    else:
        assert planner.history == []
    assert f"remembers pain on {pain_day:%d %B}" in planner.message.value + planner.saved.value
    log(planner, date=pain_day + dt.timedelta(days=WINDOW - 1), size=3 if button == "load_button" else 1, pain=True)
    assert planner.stopped and planner.step.action == "warning_signs" and planner.step.size is None
    assert "come back" in planner.advice.value


def test_review_b1_the_remembered_pain_is_needed_for_the_stop(tmp_path):
    """Without the widget's memory the same log would say 'back', so the test above can fail."""
    planner = relaxation.ProgressionPlanner(save_folder=tmp_path, today=DAY)
    pain_day = _repro_until_the_first_pain(planner)
    planner.load_button.click()
    planner.load_button.click()
    later = [*planner.history, Session(pain_day + dt.timedelta(days=WINDOW - 1), 3, 8, True, False, 5)]
    assert next_step(later, RULES, planner.kit_sizes.value, 2).action == "back"
    assert next_step(later, RULES, planner.kit_sizes.value, 2, (), tuple(planner.remembered)).size is None
    outside = [*planner.history, Session(pain_day + dt.timedelta(days=WINDOW + 1), 3, 8, True, False, 5)]
    assert next_step(outside, RULES, planner.kit_sizes.value, 2, (), tuple(planner.remembered)).action == "back"


def test_review_b1_a_remembered_session_that_is_also_in_the_loaded_log_is_not_counted_twice(tmp_path):
    planner = relaxation.ProgressionPlanner(save_folder=tmp_path, today=DAY)
    log(planner, date=DAY, size=1, pain=True)
    planner.save_button.click()
    planner.load_button.click()
    planner.load_button.click()
    assert len(planner.history) == 1 and planner.remembered == planner.history and not planner.stopped


def test_review_c1_clear_always_needs_a_second_click_and_says_how_many(tmp_path):
    planner = relaxation.ProgressionPlanner(save_folder=tmp_path, today=DAY)
    planner.clear_button.click()
    assert "already empty" in planner.message.value
    log(planner, date=DAY, size=1, comfort=8)
    log(planner, date=DAY + dt.timedelta(days=3), size=1, comfort=8)
    planner.clear_button.click()
    assert len(planner.history) == 2 and "This removes 2 sessions" in planner.message.value
    assert "Press Clear log again to confirm" in planner.message.value and "including" not in planner.message.value
    log(planner, date=DAY + dt.timedelta(days=6), size=1, comfort=8)  # anything else in between resets it
    planner.clear_button.click()
    assert len(planner.history) == 3 and "This removes 3 sessions" in planner.message.value
    planner.clear_button.click()
    assert planner.history == [] and "empty again" in planner.message.value and not planner.remembered


def test_review_c1_load_without_pain_or_bleeding_in_memory_is_one_click(tmp_path):
    planner = relaxation.ProgressionPlanner(save_folder=tmp_path, today=DAY)
    log(planner, date=DAY, size=1, comfort=8)
    planner.save_button.click()
    log(planner, date=DAY + dt.timedelta(days=3), size=1, comfort=8)
    planner.load_button.click()
    assert len(planner.history) == 1 and "Loaded 1 session" in planner.saved.value


def test_review_d1_seen_a_clinician_can_be_confirmed_the_same_day_and_the_control_says_so(tmp_path):
    planner = relaxation.ProgressionPlanner(save_folder=tmp_path, today=DAY)
    log(planner, date=DAY, size=1, pain=True)
    log(planner, date=DAY + dt.timedelta(days=3), size=1, pain=True)
    assert planner.stopped
    for text in (planner.confirm_button.tooltip, planner.clear_reason.tooltip, planner.confirm_box.children[1].value):
        assert "same day" in text and "clinician" in text and "later day" in text
    planner.date.value = DAY + dt.timedelta(days=3)  # the day of the session behind the stop
    planner.clear_reason.value = "seen"
    planner.confirm_button.click()
    assert not planner.stopped and "Recorded on" in planner.message.value
    assert planner.clearances[-1].date == planner.history[-1].date
