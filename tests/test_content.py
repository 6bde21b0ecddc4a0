"""Content loading: every real file validates, and each kind of bad file fails with a clear message."""

from __future__ import annotations

import textwrap

import pytest

from coursekit.course import banks, catalogue, schema
from coursekit.course import data as course_data
from coursekit.course.schema import ContentError, MapOf, Maybe, OneOf, Ref


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_every_data_file_and_bank_loads():
    data = catalogue.load_all()
    assert {"references", "glossary", "anatomy", "welcome"} <= set(data)
    assert "quizzes/01_anatomy" in data and "banks/01_anatomy" in data


GOOD_REF = """\
references:
  - id: a
    title: A title
    publisher: NHS
    year: 2020
    url: https://www.nhs.uk/
    kind: government
"""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            GOOD_REF.replace("    kind: government", "    kind: government\n    colour: red"),
            "refs.yaml: references[0]: unknown key 'colour'",
        ),
        (GOOD_REF.replace("    title: A title\n", ""), "refs.yaml: references[0]: missing required key 'title'"),
        (GOOD_REF + GOOD_REF.split("\n", 1)[1], "refs.yaml: references[1].id: duplicate id 'a'"),
        (GOOD_REF.replace("year: 2020", "year: soon"), "references[0].year: expected a whole number"),
        (GOOD_REF.replace("kind: government", "kind: blog"), "references[0].kind: 'blog' is not one of"),
        (GOOD_REF.replace("https://www.nhs.uk/", "www.nhs.uk"), "references[0].url: not a web address"),
        ("references: [", "refs.yaml: not valid YAML"),
        ("", "refs.yaml: expected a mapping"),
    ],
)
def test_bad_reference_file_names_file_and_key(tmp_path, text, expected):
    path = write(tmp_path, "refs.yaml", text)
    with pytest.raises(ContentError) as err:
        course_data.load_references.__wrapped__(path)
    assert expected in str(err.value)


def test_unknown_key_message_lists_allowed_keys(tmp_path):
    path = write(tmp_path, "refs.yaml", GOOD_REF.replace("    kind: government", "    kind: government\n    colour: x"))
    with pytest.raises(ContentError, match=r"unknown key 'colour' \(allowed: id, kind, note, publisher"):
        course_data.load_references.__wrapped__(path)


def test_reference_id_that_does_not_exist(tmp_path):
    path = write(tmp_path, "topic.yaml", "items:\n  - id: x\n    refs: [no-such-source]\n")
    with pytest.raises(
        ContentError, match=r"topic.yaml: items\[0\].refs\[0\]: reference id 'no-such-source' does not exist"
    ):
        course_data.load_file(path, {"items": [{"id": str, "refs": [Ref]}]}, course_data.reference_ids())


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(ContentError, match="cannot read"):
        course_data.load_file(tmp_path / "nope.yaml", {"a": str})


@pytest.mark.parametrize(
    ("value", "spec", "message"),
    [
        ("", str, "must not be empty"),
        (True, int, "expected a whole number"),
        ("3", float, "expected a number"),
        ([], [str], "expected a non-empty list"),
        ({"k": 1}, MapOf(str), "x.yaml: k: expected text"),
        ("c", OneOf("a", "b"), "is not one of: a, b"),
    ],
)
def test_validate_rejects_wrong_types(value, spec, message):
    with pytest.raises(ContentError, match=message):
        schema.validate(value, spec, "x.yaml")


def test_maybe_allows_null_and_checks_otherwise():
    assert schema.validate(None, Maybe(int), "x.yaml") is None
    with pytest.raises(ContentError):
        schema.validate("x", Maybe(int), "x.yaml")


def test_glossary_with_unknown_reference_fails(tmp_path):
    path = write(tmp_path, "glossary.yaml", "terms:\n  - {id: t, term: t, definition: d, refs: [missing-ref]}\n")
    with pytest.raises(ContentError, match="glossary.yaml: terms\\[0\\].refs\\[0\\]: reference id 'missing-ref'"):
        course_data.load_glossary.__wrapped__(path)


BANK = """\
module: 99_test
title: Test bank
kind: {kind}
questions:
  - id: q1
    type: single
    prompt: Pick one
    options:
      - {{key: a, text: A, explanation: because}}
      - {{key: b, text: B, explanation: because}}
    answer: {answer}
    explanation: why
    refs: [lee-kim-2018]
{extra}"""


@pytest.mark.parametrize(
    ("kind", "answer", "extra", "message"),
    [
        ("self-check", "c", "", r"questions\[0\] \(q1\).answer: 'c' is not an option"),
        ("self-check", "null", "", r"answer: no answer given yet"),
        ("graded", "a", "", "a graded question needs 'points'"),
        ("graded", "a", "    points: 1\n    grade_id: Bad-Id\n", "'grade_id' must be snake_case"),
        (
            "self-check",
            "a",
            "  - {id: q1, type: truefalse, prompt: p, answer: true, explanation: e, refs: [lee-kim-2018]}\n",
            r"questions\[1\].id: duplicate id 'q1'",
        ),
        (
            "self-check",
            "a",
            "  - {id: q2, type: short, prompt: p, explanation: e, refs: [lee-kim-2018]}\n",
            "missing required key 'model_answer'",
        ),
        (
            "graded",
            "a",
            "    points: 1\n    grade_id: g1\n  - {id: q2, type: short, prompt: p, explanation: e, "
            "refs: [lee-kim-2018], model_answer: m, points: 2, grade_id: g2, rubric: [{points: 1, criterion: c}]}\n",
            "rubric points must add up",
        ),
        (
            "graded",
            "a",
            "    points: 1\n    grade_id: g1\n  - {id: q2, type: truefalse, prompt: p, answer: true, "
            "explanation: e, refs: [lee-kim-2018], points: 1, grade_id: g1}\n",
            "duplicate grade_id 'g1'",
        ),
        (
            "self-check",
            "a",
            "  - {id: q3, type: ordering, prompt: p, options: [{key: a, text: A}, {key: b, text: B}], "
            "answer: [a, a], explanation: e, refs: [lee-kim-2018]}\n",
            "put every option in order exactly once",
        ),
    ],
)
def test_bad_bank_names_file_question_and_problem(tmp_path, kind, answer, extra, message):
    path = write(tmp_path, "99_test.yaml", BANK.format(kind=kind, answer=answer, extra=extra))
    with pytest.raises(ContentError, match=message) as err:
        banks.load_bank(path)
    assert str(err.value).startswith("99_test.yaml")


def test_self_check_options_need_explanations(tmp_path):
    text = BANK.format(kind="self-check", answer="a", extra="").replace(", explanation: because}}", "}}")
    text = text.replace(", explanation: because}", "}")
    path = write(tmp_path, "99_test.yaml", text)
    with pytest.raises(ContentError, match="every option of a self-check needs an explanation"):
        banks.load_bank(path)
