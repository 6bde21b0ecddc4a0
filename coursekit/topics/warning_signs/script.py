"""Module 05 rules: the 'what to say' script a learner can take to a clinic (pure text, no widgets)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from pathlib import Path

# ---------------------------------------------------------------------------
# What to say
# ---------------------------------------------------------------------------

OPENINGS = {
    "private": "I have a private problem that I would rather explain to the clinician.",
    "after_sex": "I need some help with a problem after sex.",
    "after_play": "I need some help with a problem after anal play.",
}
FIELDS = (
    ("what", "What happened", "e.g. a toy without a flared base went in and I cannot reach it"),
    ("when", "When", "e.g. about two hours ago"),
    ("now", "What I notice now", "e.g. some cramping, no bleeding"),
    ("tried", "What I have tried or taken", "e.g. I tried twice to remove it, then stopped"),
    ("health", "Medicines I take, health conditions", "e.g. blood thinners, PrEP, an allergy"),
    ("needs", "What would help me", "e.g. a chaperone, an interpreter, or a clinician of a particular gender"),
)
LEADS = {key: f"{label}: " for key, label, _ in FIELDS}


def _sentence(text: str) -> str:
    """One line, with a full stop added only when it does not already end in . ! or ?

    >>> _sentence("too far!"), _sentence("  last   night "), _sentence("ok...")
    ('too far!', 'last night.', 'ok...')
    """
    text = " ".join(str(text or "").split())
    return text if not text or re.search(r"[.!?]$", text) else f"{text}."


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
        raise ValueError("Write a few words under 'What happened' first; everything else is optional.")
    lines = [OPENINGS[opening]]
    lines += [f"{LEADS[key]}{clean[key]}" for key, *_ in FIELDS if clean.get(key, "").strip(".!? ")]
    lines.append("Please tell me what you think is going on, and what my options are.")
    return "\n".join(lines)


def save_script(text: str, folder: Path | str) -> Path:
    """Write the script to ``folder/what_to_say.txt`` (only when the learner presses save)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "what_to_say.txt"
    path.write_text(f"{text}\n\n(written {dt.date.today().isoformat()}; not a diagnosis)\n", encoding="utf-8")
    return path
