"""Module 02 rules (breathing cycle, progression planner, saving) and the two widgets over them."""

from __future__ import annotations

import datetime as dt
import html
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coursekit.course.citations import cite_html
from coursekit.topics import relaxation
from coursekit.topics.relaxation import Session, next_step

from .conftest import plotly_figure
from .labpages import page_report

RULES = relaxation.rules()
DAY = dt.date(2026, 3, 2)


def session(day=0, size=1, comfort=8, pain=False, bleeding=False, minutes=5):
    return Session(DAY + dt.timedelta(days=day), size, comfort, pain, bleeding, minutes)


def comfortable_run(n, size=1, start=0):
    """A climb, one size at a time after each full streak, then n comfortable sessions at ``size``."""
    need = RULES["sessions_to_move_up"]
    sizes = [z for z in range(1, size) for _ in range(need)] + [size] * n
    return [session(start + 3 * i, z) for i, z in enumerate(sizes)]


# --- breathing ---------------------------------------------------------------------------


@settings(max_examples=80, deadline=None)
@given(tick=st.integers(0, 500), inhale=st.integers(1, 12), exhale=st.integers(1, 12))
def test_breath_cycle_spends_the_chosen_counts_in_each_phase(tick, inhale, exhale):
    cycle = [relaxation.breath_at(tick + i, inhale, exhale) for i in range(inhale + exhale)]
    assert sum(b.phase == "inhale" for b in cycle) == inhale
    assert sum(b.phase == "exhale" for b in cycle) == exhale
    assert all(0 <= b.fullness <= 1 and 1 <= b.count <= b.of for b in cycle)


def test_breath_fills_on_the_way_in_and_empties_on_the_way_out():
    fills = [relaxation.breath_at(t, 4, 6).fullness for t in range(10)]
    assert fills[:4] == sorted(fills[:4]) and fills[3] == 1
    assert fills[4:] == sorted(fills[4:], reverse=True) and fills[-1] == 0


def test_bad_counts_are_clear_errors():
    with pytest.raises(ValueError, match="at least 1"):
        relaxation.breath_at(0, 0, 4)


def test_pacer_words_only_hides_the_circle_and_keeps_counting(monkeypatch):
    drawn = []  # outside a kernel an Output widget keeps nothing: count the drawings instead
    monkeypatch.setattr(relaxation.widgets.theme, "show", lambda fig, description: drawn.append(description))
    pacer = relaxation.BreathingPacer()
    assert len(drawn) == 1 and pacer.figure.layout.display is None
    pacer.words_only.value = True
    assert pacer.figure.layout.display == "none"
    pacer.play.value = pacer.inhale.value
    assert "Breathe out (1 of" in pacer.instruction.value and len(drawn) == 1  # no redraw while hidden
    pacer.words_only.value = False
    assert pacer.figure.layout.display is None and "count 1 of" in drawn[-1]


def test_pacer_hides_the_circle_when_the_device_asks_for_less_motion():
    pacer = relaxation.BreathingPacer()
    css = " ".join(c.value for c in pacer.children if isinstance(c, relaxation.widgets.w.HTML))
    assert "prefers-reduced-motion: reduce" in css and ".coursekit-pacer-figure" in css
    assert "coursekit-pacer-figure" in pacer.figure._dom_classes


def test_pacer_counts_are_named_drop_downs_of_counts_with_about_how_long():
    data = relaxation.load()["breathing"]
    pacer = relaxation.BreathingPacer()
    for choice, phase in ((pacer.inhale, "inhale"), (pacer.exhale, "exhale")):
        assert isinstance(choice, relaxation.widgets.w.Dropdown)  # a slider's handle has no accessible name
        low, high = data[phase]["min"], data[phase]["max"]
        assert [v for _, v in choice.options] == list(range(low, high + 1))
        assert choice.value == data[phase]["default"]
        default = data[phase]["default"]
        assert choice.label == f"{default} counts (about {default * data['count_ms'] / 1000:g} seconds)"
        assert choice.description and "counts" in choice.tooltip


@pytest.mark.parametrize(
    ("limits", "count_ms", "labels"),
    [
        ({"min": 1, "max": 2}, 1000, ["1 count (about 1 second)", "2 counts (about 2 seconds)"]),
        ({"min": 2, "max": 2}, 500, ["2 counts (about 1 second)"]),  # the two plurals are independent
        ({"min": 1, "max": 1}, 1500, ["1 count (about 1.5 seconds)"]),
        ({"min": 3, "max": 3}, 1234, ["3 counts (about 3.7 seconds)"]),  # rounded to one decimal place
        ({"min": 2, "max": 2}, 1049, ["2 counts (about 2.1 seconds)"]),
    ],
)
def test_count_labels_use_the_strings_plural_forms_and_round_the_seconds(limits, count_ms, labels):
    options = relaxation.widgets.count_options(limits, count_ms)
    assert [label for label, _ in options] == labels
    assert [n for _, n in options] == list(range(limits["min"], limits["max"] + 1))


def test_which_numbers_are_singular_comes_from_the_strings_file(monkeypatch):
    # A language whose singular covers 0 and 1 says so in its strings, with no change to the code.
    english = relaxation.widgets.text

    def words(section, key, /, **values):
        return "0 1" if key == "pacer_singular_numbers" else english(section, key, **values)

    monkeypatch.setattr(relaxation.widgets, "text", words)
    assert relaxation.widgets.plural_key("pacer_count", "0") == "pacer_count_one"
    assert relaxation.widgets.plural_key("pacer_count", "2") == "pacer_count_other"


def test_every_count_choice_gives_the_phase_text():
    pacer = relaxation.BreathingPacer()
    for _, inhale in pacer.inhale.options:
        for _, exhale in pacer.exhale.options:
            pacer.inhale.value, pacer.exhale.value = inhale, exhale
            pacer.play.value = 0
            assert f"Breathe in (1 of {inhale})" in pacer.instruction.value
            pacer.play.value = inhale + exhale - 1
            assert f"Breathe out ({exhale} of {exhale})" in pacer.instruction.value


def test_pacer_play_widget_is_a_hidden_timer():
    # Its own buttons have no accessible names: Start and Stop are the learner's controls instead.
    pacer = relaxation.BreathingPacer()
    assert pacer.play.layout.display == "none"
    assert pacer.play.interval == relaxation.load()["breathing"]["count_ms"]
    assert pacer.start_button.description == "Start" and pacer.stop_button.description == "Stop"


def test_pacer_start_stop_and_phase_text():
    pacer = relaxation.BreathingPacer()
    assert "Stopped" in pacer.status.value
    pacer.start_button.click()
    assert pacer.play.playing and "Running" in pacer.status.value
    pacer.play.value = pacer.inhale.value  # the first count of the out-breath
    assert "Breathe out (1 of" in pacer.instruction.value
    pacer.stop_button.click()
    assert not pacer.play.playing and "Stopped" in pacer.status.value
    assert "Breathe in (1 of" in pacer.instruction.value


def test_pacer_announces_each_phase_change_once_and_stop():
    # Screen readers hear the hidden line, an alert (announced when it is inserted, unlike a new
    # role=status region): a new phase while running, then "Stopped.".
    pacer = relaxation.BreathingPacer()
    assert pacer.announcer.value == ""  # nothing announced when the lesson runs (Run All)
    assert "coursekit-sr-only" in pacer.announcer._dom_classes and pacer.announcer in pacer.children
    css = " ".join(c.value for c in pacer.children if isinstance(c, relaxation.widgets.w.HTML))
    assert ".coursekit-sr-only" in css and "clip: rect(0, 0, 0, 0)" in css
    pacer.play.value = 3  # ticking while stopped (the learner changed a count): no announcement
    assert pacer.announcer.value == ""
    pacer.stop_button.click()
    pacer.start_button.click()
    assert pacer.announcer.value == '<p role="alert">Breathe in</p>'
    inhale, exhale = pacer.inhale.value, pacer.exhale.value
    values = []
    for tick in range(1, 2 * (inhale + exhale) + 1):
        pacer.play.value = tick
        values.append(pacer.announcer.value)
    changes = [b for a, b in zip(['<p role="alert">Breathe in</p>', *values], values, strict=False) if a != b]
    # Two full breaths: the announcer changed only at each change of phase, never on a count within one.
    assert changes == [
        '<p role="alert">Breathe out</p>',
        '<p role="alert">Breathe in</p>',
        '<p role="alert">Breathe out</p>',
        '<p role="alert">Breathe in</p>',
    ]
    assert "of" not in "".join(changes)  # the counts themselves are not announced
    pacer.stop_button.click()
    assert pacer.announcer.value == '<p role="alert">Stopped.</p>'
    assert 'role="status"' not in pacer.announcer.value
    pacer.play.value = inhale  # stopped: the out-breath is shown but not announced
    assert pacer.announcer.value == '<p role="alert">Stopped.</p>'


def test_pacer_status_words_do_not_promise_a_circle():
    # With "Words only" on, or on a device set to reduce motion, there is no circle to follow.
    pacer = relaxation.BreathingPacer()
    pacer.start_button.click()
    assert "Follow the words (and the circle, if shown)." in pacer.status.value
    pacer.stop_button.click()


def test_pacer_cites_its_sources_and_softens_the_pelvic_floor_on_the_in_breath():
    # The cited pelvic-health page teaches letting the pelvic floor relax with the in-breath, so the
    # guide says it there and not on the out-breath; the sources come before the course's own note
    # (counts, dizziness), never after it, and the note says it is the course's.
    data = relaxation.load()["breathing"]
    assert "nhs-pelvic-health-breathing" in data["refs"]
    assert "pelvic floor soften" in data["phases"]["inhale"]["instruction"]
    assert "pelvic floor" not in data["phases"]["exhale"]["instruction"]
    note = relaxation.widgets.pacer_note_html(data)
    citation = cite_html(data["refs"])
    assert note.startswith("Sources for belly breathing and for letting the pelvic floor soften as you breathe in: ")
    assert note.rstrip().endswith(html.escape(data["note"]))
    for own in ("counts", "dizzy"):
        assert note.index(citation) < note.index(own), own
    assert data["note"].startswith("Course suggestion: the starting counts")
    assert "stop and breathe normally." in data["note"] and "cautious advice" not in data["note"]
    pacer = relaxation.BreathingPacer()
    assert any(note in c.value for c in pacer.children if isinstance(c, relaxation.widgets.w.HTML))


# --- planner: the named rules --------------------------------------------------------------


def test_moves_up_only_after_enough_comfortable_sessions():
    needed = RULES["sessions_to_move_up"]
    assert next_step(comfortable_run(needed - 1), RULES, 3, 2).action == "stay"
    step = next_step(comfortable_run(needed), RULES, 3, 2)
    assert (step.action, step.size) == ("up", 2)


def test_uncomfortable_or_long_sessions_do_not_count_towards_moving_up():
    needed = RULES["sessions_to_move_up"]
    run = comfortable_run(needed)
    low = [*run[:-1], session(3 * (needed - 1), comfort=RULES["comfortable_from"] - 1)]
    long = [*run[:-1], session(3 * (needed - 1), minutes=RULES["session_minutes_cap"] + 1)]
    assert next_step(low, RULES, 3, 2).action == "stay"
    step = next_step(long, RULES, 3, 2)
    assert step.action == "stay" and "no safe maximum" in step.reason


def test_pain_means_do_not_move_up_and_go_back():
    run = comfortable_run(5, size=2)
    history = [*run, session((run[-1].date - DAY).days + 3, size=2, pain=True)]
    step = next_step(history, RULES, 3, 2)
    assert (step.action, step.size) == ("back", 1)
    assert "do not move up" in step.reason


def test_bleeding_means_rest_for_the_rule_s_days():
    step = next_step([session(0, size=2, bleeding=True)], RULES, 3, 2)
    assert step.action == "rest" and step.size == 1
    assert (step.earliest - DAY).days > RULES["rest_days_after_bleeding"]


def test_repeated_pain_sends_to_the_warning_signs():
    history = [session(0, pain=True), session(3, pain=True)]
    assert next_step(history, RULES, 3, 2).action == "warning_signs"


def test_sessions_without_the_rest_days_mean_rest():
    too_soon = RULES["rest_days_between_sessions"]  # days after the previous session
    history = [*comfortable_run(RULES["sessions_to_move_up"]), session(30, size=1)]
    history[-1] = session((history[-2].date - DAY).days + too_soon)
    step = next_step(history, RULES, 3, 2)
    assert step.action == "rest" and "rest day" in step.reason


def test_a_skipped_size_goes_back_to_the_size_last_settled_at():
    # Was ("back", 2): one size down from a jump is still a size never tried (review A1).
    step = next_step([session(0, size=1), session(3, size=3)], RULES, 3, 2)
    assert (step.action, step.size) == ("back", 1)


def test_largest_size_does_not_go_further():
    step = next_step(comfortable_run(RULES["sessions_to_move_up"], size=3), RULES, 3, 2)
    assert (step.action, step.size) == ("stay", 3)


@pytest.mark.parametrize(
    ("history", "message"),
    [
        ([], "log is empty"),
        ([session(comfort=11)], "comfort must be"),
        ([session(comfort=-1)], "comfort must be"),
        ([session(size=4)], "size must be from 1 to 3"),
        ([session(size=0)], "size must be from 1 to 3"),
        ([session(3), session(1)], "Log sessions in date order"),
        ([session(minutes=0)], "at least 1 minute"),
    ],
)
def test_bad_logs_are_explained(history, message):
    with pytest.raises(ValueError, match=message):
        next_step(history, RULES, 3, 2)


def test_plan_outside_the_rest_rule_is_explained():
    most = relaxation.allowed_sessions_per_week(RULES)
    with pytest.raises(ValueError, match=f"from 1 to {most}"):
        next_step([session()], RULES, 3, most + 1)
    with pytest.raises(ValueError, match="sizes in the kit"):
        next_step([session()], RULES, RULES["kit_sizes"]["max"] + 1, 2)


# --- planner: properties over random histories -------------------------------------------


@st.composite
def histories(draw):
    kit = draw(st.integers(1, 6))
    n = draw(st.integers(1, 12))
    gaps = draw(st.lists(st.integers(1, 6), min_size=n, max_size=n))
    out, day = [], DAY
    for gap in gaps:
        day += dt.timedelta(days=gap)
        out.append(
            Session(
                day,
                draw(st.integers(1, kit)),
                draw(st.integers(0, 10)),
                draw(st.booleans()),
                draw(st.booleans()),
                draw(st.integers(1, 40)),
            )
        )
    per_week = draw(st.integers(1, relaxation.allowed_sessions_per_week(RULES)))
    return out, kit, per_week


@settings(max_examples=300, deadline=None)
@given(histories())
def test_planner_properties(case):
    # The safety invariants (caps after pain, stops, labels) are in tests/test_planner_safety.py.
    history, kit, per_week = case
    step = next_step(history, RULES, kit, per_week)
    last = history[-1]
    assert step.action in relaxation.ACTIONS and step.reason
    if step.action == "warning_signs":
        assert step.size is None and step.earliest is None
        return
    # Never moves up after pain or bleeding, nor after a session longer than the cap.
    if last.pain or last.bleeding or last.minutes > RULES["session_minutes_cap"]:
        assert step.size <= last.size and step.action != "up"
    # Never skips a size, never leaves the kit.
    assert 1 <= step.size <= kit and step.size <= last.size + 1
    # Moving up needs enough comfortable sessions at this size, with the rest days kept.
    if step.action == "up":
        if len(history) > 1:
            assert (last.date - history[-2].date).days > RULES["rest_days_between_sessions"]
        tail = history[-RULES["sessions_to_move_up"] :]
        assert all(s.size == last.size and s.comfort >= RULES["comfortable_from"] for s in tail)
    # Never more sessions than the rest rule and the weekly plan allow.
    gap = (step.earliest - last.date).days
    assert gap >= RULES["rest_days_between_sessions"] + 1
    assert gap * per_week >= 7
    if last.bleeding:
        assert gap > RULES["rest_days_after_bleeding"]


# --- planner widget and saving -----------------------------------------------------------


def log(planner, **fields):
    fields.setdefault("comfort", 8)  # the widget no longer prefills comfort
    for name, value in fields.items():
        getattr(planner, name).value = value
    planner.add_button.click()


def test_planner_widget_logs_and_advises(tmp_path):
    planner = relaxation.ProgressionPlanner(save_folder=tmp_path / "saved", today=DAY)
    assert "log is empty" in planner.advice.value
    log(planner, size=1, comfort=9)
    assert len(planner.history) == 1 and "Stay at this size" in planner.advice.value
    assert planner.date.value > DAY  # the next date respects the rest rule
    log(planner, pain=True)
    assert "do not move up" in planner.advice.value
    planner.add_button.click()  # comfort is not prefilled: it must be chosen each time
    assert "Not logged" in planner.message.value and "Choose a comfort score" in planner.message.value
    assert len(planner.history) == 2


def test_nothing_is_saved_until_the_button_and_the_message_says_where(tmp_path):
    folder = tmp_path / "saved"
    planner = relaxation.ProgressionPlanner(save_folder=folder, today=DAY)
    log(planner, size=1, comfort=8)
    assert not folder.exists()
    planner.save_button.click()
    path = folder / "relaxation-log.json"
    assert str(path.resolve()) in planner.saved.value
    assert "Binder" in planner.saved.value and "Delete saved log" in planner.saved.value
    assert "this computer only" not in planner.saved.value + planner.save_button.tooltip
    data = json.loads(path.read_text())
    assert data["sessions"][0]["date"] == DAY.isoformat() and data["kit_sizes"] == 3


def test_save_errors_are_shown_not_raised(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    planner = relaxation.ProgressionPlanner(save_folder=blocker / "saved", today=DAY)
    log(planner, size=1)
    planner.save_button.click()
    assert "Could not save" in planner.saved.value and "Nothing was written" in planner.saved.value


def test_history_figure_marks_pain_by_shape_not_colour_alone():
    # Was bleeding 3 days after pain, which is now a stop (no suggested step); these are 5 weeks apart.
    history = [session(0), session(3, bleeding=True), session(40, pain=True)]
    step = next_step(history, RULES, 3, 2)
    fig = plotly_figure(relaxation.history_figure(history, step, 3))
    symbols = {t.name: t.marker.symbol for t in fig.data if t.mode == "markers"}
    assert len(set(symbols.values())) == 3 and set(symbols) == {"comfortable", "pain", "bleeding"}
    assert fig.data[-1].y[-1] == step.size


# --- in the browser ----------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.lesson("02_relaxation", uses=(".coursekit-breathing-pacer", ".coursekit-progression-planner"))
def test_relaxation_lesson_in_the_browser(lesson_page, tmp_path):
    page, hosts = lesson_page
    try:
        pacer = page.wait_for_selector(".coursekit-breathing-pacer", timeout=180_000)
        page.wait_for_selector(".coursekit-progression-planner", timeout=120_000)
    except Exception:
        pytest.fail("the relaxation widgets never appeared; " + page_report(page, tmp_path / "failure.png"))
    page.wait_for_selector(".coursekit-selfcheck", timeout=120_000)

    pacer.scroll_into_view_if_needed()
    # The Play widget is only the clock: hidden, so its unnamed buttons are out of sight and out of reach.
    play = pacer.query_selector(".widget-play")
    assert play is not None and not play.is_visible(), "the pacer's Play widget is showing"
    phase = ".coursekit-breathing-pacer .coursekit-breath-phase"
    # A shorter in-breath, chosen from its drop-down by label (the words a learner reads).
    pacer.query_selector(".widget-dropdown:has-text('Breathe in for') select").select_option(
        label="3 counts (about 3 seconds)"
    )
    page.wait_for_function(f'() => document.querySelector("{phase}").textContent.includes("(1 of 3)")', timeout=30_000)
    # The hidden announcer says nothing before Start: it has no alert (nor any live region) yet.
    status = ".coursekit-breathing-pacer [role=alert]"
    assert page.query_selector(status) is None, "the pacer announced something before Start"
    assert page.query_selector(".coursekit-breathing-pacer .coursekit-sr-only [role]") is None
    pacer.query_selector("button:has-text('Start')").click()
    page.wait_for_function(f'() => document.querySelector("{status}")?.textContent === "Breathe in"', timeout=30_000)
    # The counts advance, one a second, through the in-breath and into the out-breath.
    for step in ("Breathe in (2 of 3)", "Breathe in (3 of 3)", "Breathe out (1 of"):
        page.wait_for_function(
            f'() => document.querySelector("{phase}").textContent.includes({step!r})', timeout=30_000
        )
    # The announcement follows the phase, and only the phase (no count numbers).
    page.wait_for_function(f'() => document.querySelector("{status}").textContent === "Breathe out"', timeout=30_000)
    assert len(page.query_selector_all(status)) == 1
    box = ".coursekit-breathing-pacer .coursekit-sr-only"
    hidden = page.eval_on_selector(box, "e => [e.getBoundingClientRect().width, e.getBoundingClientRect().height]")
    assert hidden[0] <= 1 and hidden[1] <= 1, f"the announcer is visible on screen: {hidden}"
    assert "Running" in pacer.text_content()
    pacer.screenshot(path=str(tmp_path / "pacer.png"))
    pacer.query_selector("button:has-text('Stop')").click()
    page.wait_for_function(
        "() => document.querySelector('.coursekit-breathing-pacer').textContent.includes('Stopped')",
        timeout=30_000,
    )
    page.wait_for_function(f'() => document.querySelector("{status}").textContent === "Stopped."', timeout=30_000)
    stopped = page.text_content(phase)
    page.wait_for_timeout(2500)
    assert page.text_content(phase) == stopped, "the pacer kept going after Stop"

    planner = page.query_selector(".coursekit-progression-planner")
    planner.scroll_into_view_if_needed()
    pain_box = planner.query_selector(".widget-checkbox:has-text('Any pain') input")
    pain_box.check()
    planner.query_selector(".widget-dropdown select").select_option(label="8")  # comfort is never prefilled
    planner.query_selector("button:has-text('Log session')").click()
    page.wait_for_function(
        "() => document.querySelector('.coursekit-progression-planner').textContent.includes('do not move up')",
        timeout=30_000,
    )
    page.wait_for_selector(".coursekit-progression-planner .js-plotly-plot", timeout=30_000)
    planner.screenshot(path=str(tmp_path / "planner.png"))

    errors = page.query_selector_all(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']")
    assert not errors, [e.text_content()[:300] for e in errors]
    assert hosts <= {"127.0.0.1"}, f"the page contacted other hosts: {hosts}"


def test_changing_the_plan_updates_the_advice_or_explains_the_problem():
    planner = relaxation.ProgressionPlanner(today=DAY)
    log(planner, size=1, comfort=9)
    log(planner, size=2, comfort=9, date=DAY + dt.timedelta(days=4))
    assert "Go back" in planner.advice.value  # a move up without the streak
    planner.kit_sizes.value = 1
    assert "size must be from 1 to 1" in planner.advice.value
    planner.kit_sizes.value = 3
    planner.per_week.value = relaxation.allowed_sessions_per_week(RULES) + 1
    assert "Check the plan" in planner.advice.value and "Sessions per week" in planner.advice.value


@pytest.mark.parametrize("reason", [["settled"], {"a": 1}, 7, None])
def test_a_saved_log_with_an_odd_confirmation_is_refused_in_words(tmp_path, reason):
    """A hand-edited log whose confirmation reason is not text: a clear ValueError, never a TypeError."""
    from coursekit.topics.relaxation import logic

    history = [Session(date=dt.date(2026, 11, 1), size=1, comfort=8, pain=False, bleeding=False, minutes=10)]
    path = logic.save_log(history, 6, 3, tmp_path)
    data = json.loads(path.read_text())
    data["clearances"] = [{"date": "2026-11-02", "after_session": 1, "reason": reason}]
    path.write_text(json.dumps(data))
    with pytest.raises(ValueError, match="Confirmation 1"):
        logic.load_log(tmp_path)


def test_pacer_stays_at_the_start_after_stop_even_if_a_late_tick_arrives():
    """A tick already on its way from the browser when Stop was pressed must not move the words on (a run
    under load showed the pacer changing after "Stopped."); Start runs again from the start."""
    pacer = relaxation.BreathingPacer()
    pacer.start_button.click()
    pacer.play.value = pacer.inhale.value  # into the out-breath
    pacer.stop_button.click()
    shown = pacer.instruction.value
    assert "Breathe in (1 of" in shown
    pacer.play.value = pacer.inhale.value + 1  # the late tick
    assert pacer.instruction.value == shown and pacer.play.value == 0
    assert pacer.announcer.value == '<p role="alert">Stopped.</p>'
    pacer.start_button.click()
    pacer.play.value = pacer.inhale.value
    assert "Breathe out (1 of" in pacer.instruction.value
