"""Quiz grading for every question type, odd input, and the self-check widget."""

from __future__ import annotations

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from coursekit.course import banks, questions, selfcheck
from coursekit.course import data as course_data
from coursekit.course.questions import Option, Question, grade
from coursekit.course.schema import ContentError
from coursekit.grading.checks import check_answer, check_form, digest

OPTS = (Option("a", "A", "why a"), Option("b", "B", "why b"), Option("c", "C", "why c"))
SINGLE = Question("t-q1", "single", "p", "expl", ("lee-kim-2018",), OPTS, answer="b")
MULTI = Question("t-q2", "multiple", "p", "expl", ("lee-kim-2018",), OPTS, answer=("a", "c"))
TF = Question("t-q3", "truefalse", "p", "expl", ("lee-kim-2018",), answer=False)
ORDER = Question("t-q4", "ordering", "p", "expl", ("lee-kim-2018",), OPTS, answer=("c", "a", "b"))
SHORT = Question("t-q5", "short", "p", "expl", ("lee-kim-2018",), model_answer="model")
ALL = (SINGLE, MULTI, TF, ORDER, SHORT)


@pytest.mark.parametrize(
    ("q", "response", "correct"),
    [
        (SINGLE, "b", True),
        (SINGLE, " B ", True),
        (SINGLE, "'b'", True),
        (SINGLE, "a", False),
        (MULTI, {"a", "c"}, True),
        (MULTI, ["c", "a", "a"], True),
        (MULTI, "a, c", True),
        (MULTI, {"a"}, False),
        (MULTI, {"a", "b", "c"}, False),
        (TF, False, True),
        (TF, "false", True),
        (TF, True, False),
        (TF, "TRUE", False),
        (ORDER, ["c", "a", "b"], True),
        (ORDER, ("C", "A", "B"), True),
        (ORDER, ["a", "b", "c"], False),
    ],
)
def test_grade_each_type(q, response, correct):
    assert grade(q, response).correct is correct


@pytest.mark.parametrize(
    ("q", "response", "words"),
    [
        (SINGLE, None, "no answer given yet"),
        (SINGLE, "", "no answer given yet"),
        (SINGLE, "z", "'z' is not an option"),
        (SINGLE, 3, "give one option key"),
        (MULTI, set(), "no answer given yet"),
        (MULTI, {1, 2}, "use option keys"),
        (MULTI, 4.5, "expected option keys"),
        (TF, "maybe", "answer True or False"),
        (TF, 1, "True or False"),
        (ORDER, ["a", "b"], "exactly once"),
        (ORDER, ["a", "a", "b"], "exactly once"),
        (SHORT, "   ", "write a few sentences"),
    ],
)
def test_odd_input_is_not_checked_and_says_why(q, response, words):
    result = grade(q, response)
    assert result.correct is None
    assert words in result.message


def test_short_answers_are_never_auto_marked():
    assert grade(SHORT, "A thoughtful answer").correct is None


@settings(max_examples=200, deadline=None)
@given(
    q=st.sampled_from(ALL),
    response=st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
        lambda inner: st.lists(inner, max_size=4) | st.sets(st.text(max_size=3), max_size=4),
        max_leaves=8,
    ),
)
def test_grade_never_raises(q, response):
    result = grade(q, response)
    assert result.correct in (True, False, None)
    assert result.message


def test_digest_depends_on_question_and_answer():
    assert digest("q1", "a") != digest("q2", "a")
    assert digest("q1", "a") != digest("q1", "b")
    assert digest("q1", ("a", "c")) == digest("q1", ("a", "c"))


def test_check_answer_and_form_used_by_graded_notebooks():
    expected = digest("t-q2", ("a", "c"))
    assert check_answer("t-q2", "multiple", "abc", {"c", "a"}, expected)
    assert not check_answer("t-q2", "multiple", "abc", {"a"}, expected)
    assert not check_answer("t-q2", "multiple", "abc", None, expected)
    check_form("multiple", "abc", {"a"})
    with pytest.raises(AssertionError, match=r'a set of option keys, for example \{"a", "c"\}: no answer given yet'):
        check_form("multiple", "abc", None)
    with pytest.raises(AssertionError, match="True or False"):
        check_form("truefalse", "", "yes")


def test_graded_notebook_helpers_need_no_widgets():
    # Graded notebooks import coursekit.grading.checks in every kernel; it must stay light.
    import subprocess
    import sys

    code = "import sys, coursekit.grading.checks; print('ipywidgets' in sys.modules, 'yaml' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]


# --- the self-check widget -------------------------------------------------------------------


MODULES = sorted(p.stem for p in course_data.QUIZZES.glob("*.yaml"))


def bank_question(qtype):
    """The first self-check question of this type in any module's bank."""
    return next(q for m in MODULES for q in banks.load_module_bank(m)["questions"] if q.type == qtype)


def test_widget_without_selection_says_so_and_does_not_crash():
    for qtype in ("single", "multiple", "truefalse", "ordering"):
        widget = selfcheck.SelfCheck(bank_question(qtype))
        widget.check_button.click()
        assert "no answer given yet" in widget.feedback.value


def test_widget_single_choice_shows_chosen_option_explanation_and_source():
    q = bank_question("single")
    widget = selfcheck.SelfCheck(q)
    wrong = next(o for o in q.options if o.key != q.answer)
    widget.choice.value = wrong.key
    widget.check_button.click()
    assert "Not quite yet." in widget.feedback.value
    assert wrong.explanation[:30] in widget.feedback.value.replace("&#x27;", "'")
    assert "Source:" in widget.feedback.value
    widget.choice.value = q.answer
    widget.check_button.click()
    assert "Correct." in widget.feedback.value


def test_every_self_check_source_links_to_its_own_page():
    """The "Source:" line names each publisher as a link to the source, so a learner can follow it
    (review 9 of module 03, C8); nothing loads until the link is chosen."""
    refs = course_data.load_references()
    for module in MODULES:
        for q in banks.load_module_bank(module)["questions"]:
            html = selfcheck.feedback_html(q, grade(q, q.answer if q.type != "short" else "x"))
            for rid in q.refs:
                assert f'href="{refs[rid]["url"]}"' in html.replace("&amp;", "&"), (q.id, rid)


def test_widget_multiple_and_ordering_read_their_controls():
    q = bank_question("multiple")
    widget = selfcheck.SelfCheck(q)
    for option, box in zip(q.options, widget.choice.children[1:], strict=True):
        box.value = option.key in q.answer
    widget.check_button.click()
    assert "Correct." in widget.feedback.value

    q = bank_question("ordering")
    widget = selfcheck.SelfCheck(q)
    for key, dropdown in zip(q.answer, widget.choice.children[1:], strict=True):
        dropdown.value = key
    widget.check_button.click()
    assert "Correct." in widget.feedback.value
    widget.choice.children[1].value = widget.choice.children[2].value  # the same step twice
    widget.check_button.click()
    assert "exactly once" in widget.feedback.value


def test_every_control_has_a_description_or_label_and_tooltip():
    for q in banks.load_module_bank("01_anatomy")["questions"]:
        widget = selfcheck.SelfCheck(q)
        assert widget.check_button.description and widget.check_button.tooltip
        controls = widget.choice.children[1:] if hasattr(widget.choice, "children") else [widget.choice]
        for control in controls:
            assert control.description and control.tooltip


def test_show_builds_one_widget_per_question():
    box = selfcheck.show("01_anatomy")
    assert len(box.children) == len(banks.load_module_bank("01_anatomy")["questions"]) >= 6


def test_self_check_and_graded_questions_differ():
    for module in ("01_anatomy",):
        selfcheck = {q.prompt for q in banks.load_module_bank(module)["questions"]}
        graded = {q.prompt for q in banks.load_module_bank(module, graded=True)["questions"]}
        assert not selfcheck & graded


def test_answers_module_types_match_quiz():
    assert questions.TYPES == questions.TYPES


@pytest.mark.parametrize(
    ("answer", "fails"),
    [(["a", "b", "c", "d"], True), (["d", "c", "b", "a"], True), (["c", "a", "d", "b"], False)],
)
def test_an_ordering_key_never_matches_the_printed_order(tmp_path, answer, fails):
    bank = {
        "module": "01_anatomy",
        "title": "Test bank",
        "kind": "graded",
        "questions": [
            {
                "id": "01-anatomy-g1",
                "grade_id": "order_test",
                "points": 1,
                "type": "ordering",
                "prompt": "Put these in order.",
                "options": [{"key": k, "text": f"step {k}"} for k in "abcd"],
                "answer": answer,
                "explanation": "Because.",
                "refs": ["lee-kim-2018"],
            }
        ],
    }
    path = tmp_path / "bank.yaml"
    path.write_text(yaml.safe_dump(bank))
    if fails:
        with pytest.raises(ContentError, match="order the options are printed in"):
            banks.load_bank(path)
    else:
        assert banks.load_bank(path)["questions"][0].answer == tuple(answer)


def test_every_bank_prints_ordering_options_apart_from_the_key():
    for module in ("01_anatomy", "02_relaxation", "03_lubrication", "04_hygiene", "05_warning_signs", "06_closing"):
        for graded in (False, True):
            for q in banks.load_module_bank(module, graded=graded)["questions"]:
                if q.type == "ordering":
                    assert list(q.answer) != [o.key for o in q.options], q.id
