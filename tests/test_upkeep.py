"""Upkeep a learner can see: each module's review date is current, shown in its lesson and in the README.

A module's content is its data file, its self-check questions and its notebooks folder. Its
``last_reviewed`` must be no older than the newest commit touching any of them; a file changed but
not yet committed (a tracked file) counts as changed today.
"""

from __future__ import annotations

import ast
import datetime as dt
import re
import shutil
import subprocess
from pathlib import Path

import nbformat
import pytest

from coursekit.course import data as course_data
from coursekit.course import upkeep
from coursekit.course.schema import ContentError, validate

from .conftest import ROOT, require

LESSONS = sorted(p.name for p in (ROOT / "notebooks").iterdir() if (p / "lesson.ipynb").is_file())


def content_paths(lesson: str) -> list[str]:
    topic = upkeep.topic_of(lesson)
    return [f"assets/data/{topic}.yaml", f"assets/quizzes/{lesson}.yaml", f"notebooks/{lesson}"]


def git(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True, text=True)


def last_change(paths: list[str], today: dt.date) -> dt.date | None:
    """The newest commit date touching ``paths``, or today if one of them has uncommitted changes."""
    committed = git("log", "-1", "--format=%cs", "--", *paths).stdout.strip()
    dirty = git("status", "--porcelain", "--untracked-files=no", "--", *paths).stdout.strip()
    dates = [dt.date.fromisoformat(committed)] if committed else []
    return max([*dates, today]) if dirty else max(dates, default=None)


def stale(reviewed: dt.date, changed: dt.date | None) -> bool:
    return changed is not None and reviewed < changed


@pytest.fixture(scope="module")
def history() -> None:
    has_history = shutil.which("git") is not None and git("rev-parse", "--verify", "--quiet", "HEAD").returncode == 0
    require(has_history, "no git history here (a downloaded copy?): review dates not compared with changes")


def test_every_lesson_has_a_data_file_and_a_review_date():
    assert LESSONS, "no lessons found"
    assert {upkeep.topic_of(lesson) for lesson in LESSONS} == {p.stem for p in course_data.topic_files()}
    for lesson in LESSONS:
        assert upkeep.reviewed(lesson) <= dt.date.today(), f"{lesson}: last_reviewed is in the future"


@pytest.mark.parametrize("lesson", LESSONS)
def test_review_date_is_no_older_than_the_last_content_change(lesson, history):
    reviewed = upkeep.reviewed(lesson)
    changed = last_change(content_paths(lesson), dt.date.today())
    assert not stale(reviewed, changed), (
        f"{lesson}: its content changed on {changed}, but assets/data/{upkeep.topic_of(lesson)}.yaml says "
        f"last_reviewed: {reviewed}. Review the module, then set last_reviewed to the date of the review."
    )


def test_the_staleness_check_can_fail(history):
    changed = last_change(content_paths("01_anatomy"), dt.date.today())
    assert changed is not None, "git log finds no change to module 01"
    assert stale(changed - dt.timedelta(days=1), changed)
    assert not stale(changed, changed)


def test_readme_shows_the_newest_review_date():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    shown = re.findall(r"Content last reviewed: ([^;\n]+); each lesson shows its own\.", readme)
    assert shown == [upkeep.human_date(upkeep.newest())], f"README shows {shown}"


def display_calls(path: Path) -> list[str]:
    """The lesson ids passed to ``upkeep.show(...)`` in a lesson's code cells."""
    found = []
    for cell in nbformat.read(path, as_version=4).cells:
        if cell.cell_type != "code":
            continue
        for node in ast.walk(ast.parse(cell.source)):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "show"
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id == "upkeep"
            ):
                found.append(ast.literal_eval(node.args[0]))
    return found


@pytest.mark.parametrize("lesson", LESSONS)
def test_each_lesson_shows_its_own_review_date(lesson):
    assert display_calls(ROOT / "notebooks" / lesson / "lesson.ipynb") == [lesson]
    bundle = upkeep.notice(lesson)
    day = upkeep.reviewed(lesson)
    assert upkeep.human_date(day) in bundle["text/plain"] and upkeep.human_date(day) in bundle["text/html"]
    assert f'datetime="{day.isoformat()}"' in bundle["text/html"]
    assert "CONTRIBUTING.md" in bundle["text/plain"] and 'role="note"' in bundle["text/html"]


def test_the_contributing_section_the_lessons_point_to_exists():
    assert "## How to report a content error" in (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(("bad", "expected"), [("lubrication", "folder name"), ("09_nothing", "no data file")])
def test_a_wrong_lesson_id_is_a_clear_error(bad, expected):
    with pytest.raises(ValueError, match=expected):
        upkeep.show(bad)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("", "missing required key 'last_reviewed'"),
        ("last_reviewed: 30 November 2026\n", "last_reviewed: expected a date written YYYY-MM-DD"),
        ("last_reviewed: 2026-11-30 10:00\n", "last_reviewed: expected a date written YYYY-MM-DD"),
        ("last_reviewed: 2026-13-01\n", "a date that does not exist"),
        ("last_reviewed: '2026-02-30'\n", "is not a real date"),
        ("last_reviewed:\n", "expected a date written YYYY-MM-DD, got None"),
    ],
)
def test_a_missing_or_malformed_review_date_fails_to_load(tmp_path, line, expected):
    path = tmp_path / "topic.yaml"
    path.write_text(line + "items: [a]\n", encoding="utf-8")
    with pytest.raises(ContentError, match=re.escape(expected)):
        course_data.load_file(path, course_data.topic_spec({"items": [str]}))
    with pytest.raises(ContentError, match=re.escape(expected)):
        course_data.last_reviewed.__wrapped__("topic", path)


def test_a_quoted_iso_date_loads():
    spec = course_data.topic_spec({"a": str})
    assert validate({"last_reviewed": "2026-11-30", "a": "x"}, spec, "x.yaml")["last_reviewed"] == dt.date(2026, 11, 30)
