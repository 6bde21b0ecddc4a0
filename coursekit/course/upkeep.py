"""Upkeep a learner can see: when a module's content was last reviewed, and where to report a mistake.

The date is ``last_reviewed`` in the module's data file (``assets/data/<topic>.yaml``), validated on load.
Each lesson ends with ``upkeep.show("NN_topic")``; ``tests/test_upkeep.py`` checks that the date is no
older than the last change to the module's data, self-checks or notebooks.
"""

from __future__ import annotations

import datetime as dt
import html
import re

from .data import DATA, last_reviewed, topic_files
from .strings import text

LESSON_ID = re.compile(r"\d{2}_([a-z][a-z_]*)")


def topic_of(lesson: str) -> str:
    """The topic of a lesson id: ``"03_lubrication"`` -> ``"lubrication"``.

    >>> topic_of("03_lubrication")
    'lubrication'
    >>> topic_of("lubrication")
    Traceback (most recent call last):
    ...
    ValueError: unknown lesson 'lubrication': write it as the lesson's folder name, such as '03_lubrication'
    """
    match = LESSON_ID.fullmatch(lesson) if isinstance(lesson, str) else None
    if not match:
        raise ValueError(f"unknown lesson {lesson!r}: write it as the lesson's folder name, such as '03_lubrication'")
    if not (DATA / f"{match.group(1)}.yaml").is_file():
        topics = ", ".join(p.stem for p in topic_files())
        raise ValueError(f"unknown lesson {lesson!r}: no data file for {match.group(1)!r} (topics: {topics})")
    return match.group(1)


def human_date(day: dt.date) -> str:
    """A date as a learner reads it, the same in every locale.

    >>> human_date(dt.date(2026, 11, 30))
    '30 November 2026'
    """
    months = text("course", "months").split()
    return f"{day.day} {months[day.month - 1]} {day.year}"


def reviewed(lesson: str) -> dt.date:
    """When the content of ``lesson`` (such as ``"03_lubrication"``) was last reviewed."""
    return last_reviewed(topic_of(lesson))


def newest() -> dt.date:
    """The most recent review date of any module (the README shows it)."""
    return max(last_reviewed(p.stem) for p in topic_files())


def line(lesson: str) -> str:
    """The upkeep line as plain text.

    >>> line("01_anatomy").startswith("Content last reviewed ")
    True
    """
    return f"{text('course', 'last_reviewed', date=human_date(reviewed(lesson)))} {text('course', 'report_mistake')}"


def notice(lesson: str) -> dict[str, str]:
    """The upkeep line as a mimebundle: accessible HTML, with the plain text as its fallback.

    >>> sorted(notice("01_anatomy"))
    ['text/html', 'text/plain']
    """
    day = reviewed(lesson)
    when = f'<time datetime="{day.isoformat()}">{human_date(day)}</time>'
    report = html.escape(text("course", "report_mistake")).replace("CONTRIBUTING.md", "<code>CONTRIBUTING.md</code>")
    reviewed_html = text("course", "last_reviewed", date=when)
    text_html = f'<p class="coursekit-upkeep" role="note">{reviewed_html} {report}</p>'
    return {"text/html": text_html, "text/plain": line(lesson)}


def show(lesson: str) -> None:
    """Display the upkeep line at the end of a lesson: ``upkeep.show("03_lubrication")``."""
    from IPython.display import display

    display(notice(lesson), raw=True)
