"""Module 02 rules: the relaxation data, the breathing cycle and the progression planner (no widgets)."""

from __future__ import annotations

import datetime as dt
import functools
import json
import math
from dataclasses import asdict, dataclass
from pathlib import Path

from coursekit.course.data import load_topic
from coursekit.course.schema import ContentError, Ref
from coursekit.course.strings import text

ACTIONS = ("stay", "up", "back", "rest", "warning_signs")
PHASES = ("inhale", "exhale")
CARE = ("bleeding", "stop", "pain", "long_session", "first_size", "privacy")
# What a learner can confirm after a stop, each with the key of its words in assets/strings/relaxation.yaml.
CLEAR_REASONS = {"settled": "clear_reason_settled", "seen": "clear_reason_seen"}
MINUTES_IN_A_DAY = 24 * 60
_RANGE = {"min": int, "max": int, "default": int}

SPEC = {
    "breathing": {
        "inhale": _RANGE,
        "exhale": _RANGE,
        "count_ms": int,
        "phases": {p: {"label": str, "instruction": str} for p in PHASES},
        "note": str,
        "refs": [Ref],
    },
    "planner": {
        "default_label": str,
        "comfortable_from": int,
        "low_comfort_below": int,
        "sessions_to_move_up": int,
        "rest_days_between_sessions": int,
        "rest_days_after_bleeding": int,
        "session_minutes_cap": int,
        "long_session_minutes": int,
        "rest_days_after_long_session": int,
        "sleep_possible_minutes": int,
        "sessions_per_week_default": int,
        "recurrence_window_days": int,
        "kit_sizes": _RANGE,
        "?refs": [Ref],  # background only: no source gives the planner's numbers
    },
    "care": {k: {"text": str, "?refs": [Ref]} for k in CARE},
    "actions": {a: str for a in ACTIONS},
}


@functools.cache
def load() -> dict:
    """The relaxation data, validated, with the ranges and planner numbers checked for sense."""
    data = load_topic("relaxation", SPEC)
    for where, rng in (
        ("breathing.inhale", data["breathing"]["inhale"]),
        ("breathing.exhale", data["breathing"]["exhale"]),
        ("planner.kit_sizes", data["planner"]["kit_sizes"]),
    ):
        if not 1 <= rng["min"] <= rng["default"] <= rng["max"]:
            raise ContentError(f"relaxation.yaml: {where}: need 1 <= min <= default <= max")
    rules = data["planner"]
    if not 0 < rules["low_comfort_below"] <= rules["comfortable_from"] <= 10:
        raise ContentError("relaxation.yaml: planner: need 0 < low_comfort_below <= comfortable_from <= 10")
    if (
        not 1
        <= rules["session_minutes_cap"]
        <= rules["long_session_minutes"]
        <= rules["sleep_possible_minutes"]
        < MINUTES_IN_A_DAY
    ):
        raise ContentError(
            "relaxation.yaml: planner: need 1 <= session_minutes_cap <= long_session_minutes"
            " <= sleep_possible_minutes < 1440"
        )
    if not 1 <= rules["sessions_per_week_default"] <= allowed_sessions_per_week(rules):
        raise ContentError("relaxation.yaml: planner.sessions_per_week_default: outside what the rest rule allows")
    for key in ("sessions_to_move_up", "recurrence_window_days", "rest_days_after_long_session"):
        if rules[key] < 1:
            raise ContentError(f"relaxation.yaml: planner.{key}: must be at least 1")
    return data


def clear_reason(key: str) -> str:
    """The words of one confirmation (a key of CLEAR_REASONS), as a learner reads them in a sentence."""
    return text("relaxation", CLEAR_REASONS[key])


def default_label(rule: dict) -> str:
    """How the planner's numbers are labelled ("course default"), from the rules if they say."""
    return rule.get("default_label", text("relaxation", "course_default"))


def rules() -> dict:
    """The planner's rules (all from the data file)."""
    return load()["planner"]


# ---------------------------------------------------------------------------
# Breathing pacer rules
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Breath:
    phase: str  # "inhale" or "exhale"
    count: int  # 1-based count within the phase
    of: int  # how many counts the phase has
    fullness: float  # 0 = breathed out, 1 = breathed in


def breath_at(tick: int, inhale: int, exhale: int) -> Breath:
    """Where a breathing cycle of ``inhale`` then ``exhale`` counts is at count ``tick`` (from 0).

    >>> breath_at(0, 4, 6).phase, breath_at(4, 4, 6).phase, breath_at(10, 4, 6).phase
    ('inhale', 'exhale', 'inhale')
    """
    if inhale < 1 or exhale < 1:
        raise ValueError("the in and out counts must each be at least 1")
    if tick < 0:
        raise ValueError("the count cannot be negative")
    pos = tick % (inhale + exhale)
    if pos < inhale:
        return Breath("inhale", pos + 1, inhale, (pos + 1) / inhale)
    count = pos - inhale + 1
    return Breath("exhale", count, exhale, 1 - count / exhale)


# ---------------------------------------------------------------------------
# Progression planner rules. Safety invariants (tested as properties in tests/test_planner_safety.py):
# the suggested size is never above E (``established_size``) except "up" to exactly E + 1 after a
# full established streak at E; after pain, bleeding or low comfort it is also at most one size
# below the last (not below 1); bleeding that comes back, or pain that comes back
# within the window, stops the plan until the learner confirms (a Clearance); a stop carries no
# size and no date; every bleeding answer names the route to care and the emergency signs.
# ---------------------------------------------------------------------------

LOG_NAME = "relaxation-log.json"


@dataclass(frozen=True)
class Session:
    date: dt.date
    size: int
    comfort: int  # 0 = very uncomfortable, 10 = fully at ease
    pain: bool
    bleeding: bool
    minutes: int


@dataclass(frozen=True)
class Clearance:
    """The learner's word, after a stop, that symptoms have settled or that a clinician was seen."""

    date: dt.date
    after: int  # how many sessions the log held when the learner confirmed
    reason: str  # a key of CLEAR_REASONS


@dataclass(frozen=True)
class Step:
    action: str  # one of ACTIONS
    size: int | None  # the size for the next session; None after a stop
    earliest: dt.date | None  # no session before this date; None after a stop
    reason: str


@dataclass(frozen=True)
class PlannerLog:
    history: list[Session]
    kit_sizes: int
    sessions_per_week: int
    clearances: list[Clearance]


def allowed_sessions_per_week(rule: dict) -> int:
    """The most sessions a week the rest-day rule allows.

    >>> allowed_sessions_per_week({"rest_days_between_sessions": 1})
    4
    """
    return math.ceil(7 / (rule["rest_days_between_sessions"] + 1))


def check_plan(kit_sizes: int, sessions_per_week: int, rule: dict) -> None:
    """Raise ValueError, in words, if the kit or the weekly plan is outside what the rules allow."""
    lo, hi = rule["kit_sizes"]["min"], rule["kit_sizes"]["max"]
    if not isinstance(kit_sizes, int) or not lo <= kit_sizes <= hi:
        raise ValueError(text("relaxation", "kit_sizes_range", lo=lo, hi=hi, label=default_label(rule)))
    most = allowed_sessions_per_week(rule)
    if not isinstance(sessions_per_week, int) or not 1 <= sessions_per_week <= most:
        raise ValueError(text("relaxation", "per_week_range", most=most, rest=rule["rest_days_between_sessions"]))


def check_history(history: list[Session], kit_sizes: int) -> None:
    """Raise ValueError, in words, for an empty log or a session the planner cannot use.

    >>> check_history([], 3)
    Traceback (most recent call last):
    ...
    ValueError: The log is empty: add a session first.
    """
    if not history:
        raise ValueError(text("relaxation", "log_empty_add_first"))
    for i, s in enumerate(history, start=1):
        if not isinstance(s.date, dt.date):
            raise ValueError(text("relaxation", "session_date_missing", n=i))
        if not isinstance(s.comfort, int) or not 0 <= s.comfort <= 10:
            raise ValueError(text("relaxation", "session_comfort_range", n=i))
        if not isinstance(s.size, int) or not 1 <= s.size <= kit_sizes:
            raise ValueError(text("relaxation", "session_size_range", n=i, kit_sizes=kit_sizes))
        if not isinstance(s.minutes, int) or not 1 <= s.minutes <= MINUTES_IN_A_DAY:
            raise ValueError(text("relaxation", "session_minutes_range", n=i, most=MINUTES_IN_A_DAY))
        if not isinstance(s.pain, bool) or not isinstance(s.bleeding, bool):
            raise ValueError(text("relaxation", "session_yes_no", n=i))
        if i > 1 and s.date < history[i - 2].date:
            raise ValueError(text("relaxation", "session_out_of_order", n=i))


def check_clearances(clearances, history: list[Session]) -> None:
    """Raise ValueError, in words, for a confirmation that does not fit the log."""
    done = 0
    for i, c in enumerate(clearances, start=1):
        if not isinstance(c.reason, str) or c.reason not in CLEAR_REASONS:  # a list in a hand-edited file
            choices = text("relaxation", "choice_separator").join(clear_reason(k) for k in CLEAR_REASONS)
            raise ValueError(text("relaxation", "confirmation_choose", n=i, choices=choices))
        if not isinstance(c.after, int) or not max(1, done) <= c.after <= len(history):
            raise ValueError(text("relaxation", "confirmation_order", n=i))
        if not isinstance(c.date, dt.date) or c.date < history[c.after - 1].date:
            raise ValueError(text("relaxation", "confirmation_before_session", n=i))
        if c.reason == "settled" and c.date <= history[c.after - 1].date:
            raise ValueError(text("relaxation", "confirmation_settled_same_day", n=i))
        if c.after < len(history) and history[c.after].date < c.date:
            raise ValueError(text("relaxation", "session_before_confirmation", n=c.after + 1, date=c.date))
        done = c.after


def save_log(history: list[Session], kit_sizes: int, sessions_per_week: int, folder: Path, clearances=()) -> Path:
    """Write the log to ``folder/relaxation-log.json``; return the path."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / LOG_NAME
    sessions = [{**asdict(s), "date": s.date.isoformat()} for s in history]
    confirmed = [{"date": c.date.isoformat(), "after_session": c.after, "reason": c.reason} for c in clearances]
    data = {
        "format": 2,
        "kit_sizes": kit_sizes,
        "sessions_per_week": sessions_per_week,
        "sessions": sessions,
        "clearances": confirmed,
    }
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    return path


def load_log(folder: Path) -> PlannerLog:
    """Read a saved log back, checked; files saved before confirmations existed load with none.

    Raise ValueError, in words, if there is no file or it is not a planner log.
    """
    path = Path(folder) / LOG_NAME
    if not path.is_file():
        raise ValueError(text("relaxation", "no_saved_log", path=path))
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        history = [
            Session(dt.date.fromisoformat(s["date"]), s["size"], s["comfort"], s["pain"], s["bleeding"], s["minutes"])
            for s in data["sessions"]
        ]
        clearances = [
            Clearance(dt.date.fromisoformat(c["date"]), c["after_session"], c["reason"])
            for c in data.get("clearances", [])
        ]
        kit_sizes, per_week = data["kit_sizes"], data["sessions_per_week"]
    except (OSError, UnicodeDecodeError, KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ValueError(text("relaxation", "log_damaged", path=path)) from exc
    check_history(history, kit_sizes)
    check_clearances(clearances, history)
    return PlannerLog(history, kit_sizes, per_week, clearances)


def delete_log(folder: Path) -> bool:
    """Delete the saved log file, if there is one; say whether there was."""
    path = Path(folder) / LOG_NAME
    if not path.is_file():
        return False
    path.unlink()
    return True
