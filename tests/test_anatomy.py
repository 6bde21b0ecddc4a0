"""Module 01 rules (angle, centreline, flared base) and the two widgets over them."""

from __future__ import annotations

import html
import math
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coursekit.course import theme
from coursekit.course.strings import text
from coursekit.topics import anatomy

from .conftest import plotly_figure


def test_data_matches_content_positions():
    data = anatomy.load()
    assert 3 <= data["canal_length_cm"] <= 5
    assert anatomy.structure("external_sphincter")["control"] == "voluntary"
    assert anatomy.structure("internal_sphincter")["control"] == "involuntary"
    assert anatomy.structure("puborectalis")["control"] == "voluntary"
    assert anatomy.anorectal_angle("rest") < anatomy.anorectal_angle("bearing_down")


def test_unknown_structure_and_state_are_clear_errors():
    with pytest.raises(KeyError, match="choose from"):
        anatomy.structure("spleen")
    with pytest.raises(ValueError, match="state must be one of"):
        anatomy.anorectal_angle("squeezing")
    with pytest.raises(ValueError, match="between 60 and 180"):
        anatomy.rectum_centreline(20)


@settings(max_examples=60, deadline=None)
@given(st.floats(min_value=60, max_value=180))
def test_centreline_leaves_the_canal_at_the_requested_angle(angle):
    xs, ys = anatomy.rectum_centreline(angle)
    assert math.isclose(anatomy.angle_at_junction(xs, ys), angle, abs_tol=1e-6)
    assert ys[-1] > ys[0]  # the rectum ends above where it starts
    assert all(x >= -1e-9 for x in xs)  # and runs towards the back, never the front


def test_wider_angle_means_straighter_path():
    rest = anatomy.rectum_centreline(anatomy.anorectal_angle("rest"))
    down = anatomy.rectum_centreline(anatomy.anorectal_angle("bearing_down"))
    assert down[0][3] < rest[0][3]  # less sideways travel early on


@pytest.mark.parametrize(
    ("flared", "depth", "state"),
    [
        (True, 0, "not_inserted"),
        (False, 0, "not_inserted"),
        (True, 0.05, "outside"),
        (True, 0.99, "outside"),
        (False, 0.05, "at_risk"),
        (False, 0.99, "at_risk"),
        (True, 1, "held"),
        (False, 1, "lost"),
    ],
)
def test_flared_base_outcomes(flared, depth, state):
    assert anatomy.flared_base_outcome(flared, depth).state == state


@settings(max_examples=200, deadline=None)
@given(depth=st.floats(min_value=0, max_value=1, exclude_min=True))
def test_a_toy_without_a_flared_base_is_never_shown_as_safe_once_inside(depth):
    # The safety invariant (CONTENT: a flared base always): once any of it is inside, a toy with no base
    # is at risk or lost, never in a safe or neutral state, and its words say to use a flared base.
    outcome = anatomy.flared_base_outcome(False, depth)
    assert outcome.state in anatomy.UNSAFE_STATES
    assert outcome.state != anatomy.flared_base_outcome(True, depth).state
    if outcome.state == "at_risk":
        assert outcome.message.endswith("Use only toys that have a flared base.")
    colours = anatomy.widgets.STATE_COLOURS
    assert colours[outcome.state] not in {colours[s] for s in ("not_inserted", "outside", "held")}


def test_every_outcome_state_has_words_and_a_colour():
    labels = {state: text("anatomy", f"state_{state}") for state in anatomy.BASE_STATES}
    assert len(set(labels.values())) == len(labels)  # no two outcomes read the same
    assert set(anatomy.widgets.STATE_COLOURS) == set(anatomy.BASE_STATES)
    assert "nothing stops it" in labels["at_risk"] and "emergency" in labels["lost"]


@pytest.mark.parametrize("flared", [True, False])
def test_depth_zero_says_nothing_is_inside_yet(flared):
    assert anatomy.flared_base_outcome(flared, 0).message.startswith("Nothing is inside yet")
    assert not anatomy.flared_base_outcome(flared, 0.05).message.startswith("Nothing is inside yet")


@pytest.mark.parametrize("depth", [-3, -0.01, 1.01, 7, float("inf"), float("-inf"), "0.5", None, True])
def test_depth_outside_zero_to_one_is_rejected_in_words(depth):
    with pytest.raises(ValueError, match="between 0 and 1"):
        anatomy.flared_base_outcome(True, depth)


@pytest.mark.parametrize("flared", [1, 0, "yes", None, 1.0])
def test_flared_must_be_a_real_bool(flared):
    with pytest.raises(ValueError, match="True or False"):
        anatomy.flared_base_outcome(flared, 0.5)


@settings(max_examples=60, deadline=None)
@given(depth=st.floats(allow_nan=False).filter(lambda d: not 0 <= d <= 1))
def test_any_depth_outside_the_range_raises(depth):
    with pytest.raises(ValueError):
        anatomy.flared_base_outcome(False, depth)


def test_lost_object_message_sends_to_emergency_without_laxatives():
    message = anatomy.flared_base_outcome(False, 1).message
    assert "emergency" in message and "laxatives" in message and "keep trying" in message


def test_nan_depth_is_rejected_in_words():
    with pytest.raises(ValueError, match="between 0 and 1"):
        anatomy.flared_base_outcome(True, float("nan"))


@settings(max_examples=30, deadline=None)
@given(sid=st.sampled_from(anatomy.structure_ids()), state=st.sampled_from(anatomy.STATES))
def test_explorer_shows_chosen_structure_for_any_input(sid, state):
    explorer = anatomy.AnatomyExplorer()
    explorer.structure.value = sid
    explorer.state.value = state
    item = anatomy.structure(sid)
    assert item["name"].split(" (")[0] in explorer.info.value
    assert "Under voluntary control?" in explorer.info.value
    assert "Source:" in explorer.info.value
    assert anatomy.load()["angles"][state]["label"] in explorer.angle_note.value


def test_choosing_a_structure_changes_the_text_and_the_highlight():
    explorer = anatomy.AnatomyExplorer()
    before = explorer.info.value
    explorer.structure.value = "internal_sphincter"
    assert explorer.info.value != before
    assert "No: it works automatically" in explorer.info.value
    fig = plotly_figure(anatomy.make_diagram("internal_sphincter", "rest"))
    highlighted = [t.name for t in fig.data if t.line.color == theme.HIGHLIGHT]
    assert highlighted == ["Internal sphincter (inner ring)"]


def test_diagram_title_and_description_follow_the_state():
    for state in anatomy.STATES:
        angle = anatomy.anorectal_angle(state)
        assert f"{angle:.0f}°" in plotly_figure(anatomy.make_diagram(None, state)).layout.title.text
        assert f"{angle:.0f} degrees" in anatomy.diagram_description("rectum", state)


@pytest.mark.parametrize("flared", [True, False])
def test_flared_demo_widget_for_every_depth_choice(flared):
    demo = anatomy.FlaredBaseDemo()
    demo.flared.value = flared
    for label, percent in demo.depth.options:
        demo.depth.value = percent
        expected = anatomy.flared_base_outcome(flared, percent / 100)
        shown = html.unescape(demo.result.value)
        assert expected.message in shown and text("anatomy", f"state_{expected.state}") in shown, label
        assert "Traceback" not in demo.result.value


def test_depth_is_a_named_drop_down_of_whole_percentages_in_fives():
    demo = anatomy.FlaredBaseDemo()
    assert isinstance(demo.depth, anatomy.widgets.w.Dropdown)  # a slider's handle has no accessible name
    labels, values = zip(*demo.depth.options, strict=True)
    assert values == tuple(range(0, 101, 5)) and demo.depth.value == 50
    assert labels[0] == "0% (tip at the opening)" and labels[10] == "50%"
    # The demo measures the shaft: 100% never means a flared base inside too.
    assert labels[-1] == "100% (all of the shaft; the base, if any, stays outside)"
    assert "whole toy" not in " ".join(labels)
    assert demo.depth.description == "How much of the toy's shaft is inside:"
    assert "base stays outside" in demo.depth.tooltip and "whole toy" not in demo.depth.tooltip
    demo.depth.value = 7 * 5  # a whole percentage, so any multiple of 5 is a valid value
    assert "Still in reach" in demo.result.value
    demo.depth.value = 0
    assert "Not inserted" in demo.result.value and "slider" not in demo.result.value
    # The control, by its label, as a list to choose in (not "under", not a slider).
    assert html.escape('in the "How much of the toy\'s shaft is inside" list') in demo.result.value
    demo.flared.value = False
    demo.depth.value = 100
    assert "emergency" in demo.result.value


def test_toy_choice_is_a_named_drop_down_and_the_description_names_the_toy():
    demo = anatomy.FlaredBaseDemo()
    # A native select tied to its label (ipywidgets 8 radio buttons have no group name or label link).
    assert isinstance(demo.flared, anatomy.widgets.w.Dropdown)
    assert demo.flared.options == (
        ("With a flared base (a wide stopper at the end)", True),
        ("Without a flared base", False),
    )
    assert demo.flared.value is True and demo.flared.description == "Toy:" and demo.flared.tooltip
    descriptions = {flared: anatomy.widgets.toy_description(flared, 50) for flared in (True, False)}
    assert "A toy with a flared base, 50% of its shaft inside; state: Still in reach." in descriptions[True]
    assert "A toy without a flared base, 50% of its shaft inside; state: In reach for now" in descriptions[False]
    assert "Still in reach" not in descriptions[False]


def test_a_flared_toy_at_100_percent_has_its_base_outside_and_the_message_says_so():
    # 100% is all of the shaft: the base rests outside. A base that slips in is the out-of-reach emergency.
    description = anatomy.widgets.toy_description(True, 100)
    assert "shaft fully inside, base outside against the opening" in description and "Held" in description
    assert "whole toy" not in description and "100% of its length" not in description
    held = anatomy.flared_base_outcome(True, 1).message
    assert held.startswith("The base rests outside, against the opening.")
    assert "If the base itself slips inside" in held and "emergency department" in held
    assert "do not take laxatives" in held and "do not keep trying" in held
    plain = anatomy.widgets.toy_description(False, 100)
    assert "nothing left outside" in plain and "Out of reach" in plain


def test_flared_demo_reads_controls_then_result_then_figure():
    demo = anatomy.FlaredBaseDemo()
    assert list(demo.children) == [demo.flared, demo.depth, demo.result, demo.figure]


def test_toy_figure_uses_a_warning_colour_without_a_base():
    demo = anatomy.FlaredBaseDemo()
    toy = text("anatomy", "toy_figure_toy")
    colours = {}
    for flared in (True, False):
        demo.flared.value = flared
        fig = plotly_figure(anatomy.widgets._toy_figure(flared, 0.5, anatomy.flared_base_outcome(flared, 0.5)))
        colours[flared] = next(t.line.color for t in fig.data if t.name == toy)
    assert colours[True] == theme.OKABE_ITO["blue"] and colours[False] == anatomy.widgets.AT_RISK_COLOUR


def _contrast(a: str, b: str = "#FFFFFF") -> float:
    def lum(hex_colour):
        r, g, b_ = (int(hex_colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4))
        f = lambda c: c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4  # noqa: E731
        return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b_)

    hi, lo = sorted((lum(a), lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_every_toy_state_colour_has_at_least_3_to_1_contrast_on_white():
    """Review 3, D4: the old orange (#E69F00) had about 2.2:1 on white; graphics need 3:1."""
    assert _contrast("#E69F00") < 3  # the check can fail
    for state, colour in anatomy.widgets.STATE_COLOURS.items():
        assert _contrast(colour) >= 3, (state, colour)


def test_flared_base_message_is_a_rule_not_a_guarantee():
    # A base stops a toy only if it is wide and firm: the message must say so and promise nothing more.
    message = anatomy.flared_base_outcome(True, 1).message
    assert "wider" in message and "firm" in message and "out of reach" in message
    assert "designed to stay" in message and "not a guarantee" in message and "every time" in message
    for promise in ("cannot", "can't", "always", "easy to remove", "stays within reach"):
        assert promise not in message


def test_sketch_says_positions_are_not_to_scale():
    # The prostate is drawn at a height, but the course gives no depth for it (CONTENT: unverified).
    for state in anatomy.STATES:
        assert "not to scale" in anatomy.diagram_description("prostate", state)
    texts = [a.text for a in plotly_figure(anatomy.make_diagram(None, "rest")).layout.annotations]
    assert any("not to scale" in t for t in texts)


def test_rectum_length_is_the_sourced_twelve_cm():
    # 15 cm is where the rectum's upper end is often placed, measured from the opening, not its length.
    assert anatomy.load()["rectum_length_cm"] == 12
    assert "12 to 15" not in anatomy.structure("rectum")["role"]


# Every file in which module 01 says something to a learner.
MODULE_01_TEXTS = (
    "assets/data/anatomy.yaml",
    "assets/quizzes/01_anatomy.yaml",
    "grading/banks/01_anatomy.yaml",
    "notebooks/01_anatomy/lesson.ipynb",
)


def module_01_text(path: str) -> str:
    return (Path(__file__).resolve().parent.parent / path).read_text(encoding="utf-8")


def test_module_01_no_longer_cites_the_neoplasm_ontology_term():
    for path in MODULE_01_TEXTS:
        assert "hpo-anal-canal" not in module_01_text(path), path


def test_sketch_keeps_if_present_on_the_prostate_label():
    # The label must not assume every body has a prostate.
    texts = [a.text for a in plotly_figure(anatomy.make_diagram(None, "rest")).layout.annotations]
    assert "Prostate (if present)" in texts
    assert "Internal sphincter" in texts  # other glosses are still shortened


@pytest.mark.parametrize("depth", [0.05, 0.5, 0.95])
def test_no_base_warns_it_can_slip_further_in_even_while_in_reach(depth):
    no_base = anatomy.flared_base_outcome(False, depth).message
    assert "slip further in" in no_base
    assert "slip further in" not in anatomy.flared_base_outcome(True, depth).message


def test_flared_base_is_never_described_as_a_guarantee_in_module_01():
    for path in MODULE_01_TEXTS:
        text = module_01_text(path).lower()
        for promise in ("stays outside the body, so", "can't travel further", "stays within reach"):
            assert promise not in text, (path, promise)


def test_glossary_flared_base_is_not_a_guarantee():
    from coursekit.course import data as course_data

    entry = next(e for e in course_data.load_glossary() if e["id"] == "flared_base")
    assert "designed to stay outside" in entry["definition"] and "not a guarantee" in entry["definition"]
