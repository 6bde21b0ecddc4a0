"""Module 05 rules: the 'what to say' script a learner can take to a clinic (pure text, no widgets)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from pathlib import Path

from coursekit.course.strings import text

# ---------------------------------------------------------------------------
# What to say
# ---------------------------------------------------------------------------

OPENINGS = {
    "private": text("warning_signs", "opening_private"),
    "after_sex": text("warning_signs", "opening_after_sex"),
    "after_play": text("warning_signs", "opening_after_play"),
}
# (key, label, example shown in the empty box), in the order the script lists them.
FIELDS = (
    ("what", text("warning_signs", "field_what"), text("warning_signs", "field_what_hint")),
    ("when", text("warning_signs", "field_when"), text("warning_signs", "field_when_hint")),
    ("now", text("warning_signs", "field_now"), text("warning_signs", "field_now_hint")),
    ("tried", text("warning_signs", "field_tried"), text("warning_signs", "field_tried_hint")),
    ("health", text("warning_signs", "field_health"), text("warning_signs", "field_health_hint")),
    ("needs", text("warning_signs", "field_needs"), text("warning_signs", "field_needs_hint")),
)
LEADS = {key: text("warning_signs", "script_line_start", label=label) for key, label, _ in FIELDS}


def _sentence(words: str) -> str:
    """One line, with a full stop added only when it does not already end in . ! or ?

    >>> _sentence("too far!"), _sentence("  last   night "), _sentence("ok...")
    ('too far!', 'last night.', 'ok...')
    """
    words = " ".join(str(words or "").split())
    return words if not words or re.search(r"[.!?]$", words) else f"{words}."


def describe(fields: Mapping[str, str], opening: str = "private") -> str:
    """A short, frank description to read out or show at a clinic, built only from the fields given.

    ``opening`` picks the first line: "private" (the default, which names nothing), "after_sex"
    or "after_play".

    >>> print(describe({"what": "a condom broke", "when": "last night"}, opening="after_sex"))
    I need some help with a problem after sex.
    What happened: a condom broke.
    When: last night.
    Please tell me what you think is going on, and what my options are.
    """
    unknown = set(fields) - set(LEADS)
    if unknown:
        raise ValueError(f"unknown field(s): {', '.join(sorted(unknown))}; use: {', '.join(LEADS)}")
    if opening not in OPENINGS:
        raise ValueError(f"choose the first line from: {', '.join(OPENINGS)}")
    clean = {k: _sentence(v) for k, v in fields.items()}
    if not clean.get("what", "").strip(".!? "):
        raise ValueError(text("warning_signs", "script_needs_what", field=text("warning_signs", "field_what")))
    lines = [OPENINGS[opening]]
    lines += [f"{LEADS[key]}{clean[key]}" for key, *_ in FIELDS if clean.get(key, "").strip(".!? ")]
    lines.append(text("warning_signs", "script_last_line"))
    return "\n".join(lines)


def save_script(script: str, folder: Path | str) -> Path:
    """Write the script to ``folder/what_to_say.txt`` (only when the learner presses save)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "what_to_say.txt"
    note = text("warning_signs", "script_file_note", date=dt.date.today().isoformat())
    path.write_text(f"{script}\n\n{note}\n", encoding="utf-8")
    return path
