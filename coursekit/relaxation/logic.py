"""Module 02 rules: the relaxation data, the breathing cycle and the progression planner (no widgets)."""

from __future__ import annotations

import datetime as dt
import functools
import json
import math
from dataclasses import asdict, dataclass
from pathlib import Path

from ..content import ContentError, Ref, load_topic

ACTIONS = ("stay", "up", "back", "rest", "warning_signs")
PHASES = ("inhale", "exhale")
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
        "comfortable_from": int,
        "sessions_to_move_up": int,
        "rest_days_between_sessions": int,
        "rest_days_after_bleeding": int,
        "session_minutes_cap": int,
        "pain_sessions_for_warning": int,
        "pain_window": int,
        "kit_sizes": _RANGE,
        "refs": [Ref],
    },
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
    if not 0 <= rules["comfortable_from"] <= 10:
        raise ContentError("relaxation.yaml: planner.comfortable_from: must lie between 0 and 10")
    if not 1 <= rules["pain_sessions_for_warning"] <= rules["pain_window"]:
        raise ContentError("relaxation.yaml: planner.pain_window: must be at least pain_sessions_for_warning")
    for key in ("sessions_to_move_up", "session_minutes_cap"):
        if rules[key] < 1:
            raise ContentError(f"relaxation.yaml: planner.{key}: must be at least 1")
    return data


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
# Progression planner rules
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Session:
    date: dt.date
    size: int
    comfort: int  # 0 = very uncomfortable, 10 = fully at ease
    pain: bool
    bleeding: bool
    minutes: int


@dataclass(frozen=True)
class Step:
    action: str  # one of ACTIONS
    size: int  # the size for the next session
    earliest: dt.date  # no session before this date
    reason: str


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
        raise ValueError(f"The number of sizes in the kit must be a whole number from {lo} to {hi}.")
    most = allowed_sessions_per_week(rule)
    if not isinstance(sessions_per_week, int) or not 1 <= sessions_per_week <= most:
        raise ValueError(
            f"Sessions per week must be from 1 to {most}: the planner keeps "
            f"{rule['rest_days_between_sessions']} rest day(s) between sessions."
        )


def check_history(history: list[Session], kit_sizes: int) -> None:
    """Raise ValueError, in words, for an empty log or a session the planner cannot use.

    >>> check_history([], 3)
    Traceback (most recent call last):
    ...
    ValueError: The log is empty: add a session first.
    """
    if not history:
        raise ValueError("The log is empty: add a session first.")
    for i, s in enumerate(history, start=1):
        if not isinstance(s.comfort, int) or not 0 <= s.comfort <= 10:
            raise ValueError(f"Session {i}: comfort must be a whole number from 0 to 10.")
        if not isinstance(s.size, int) or not 1 <= s.size <= kit_sizes:
            raise ValueError(f"Session {i}: size must be from 1 to {kit_sizes}, the sizes in your kit.")
        if not isinstance(s.minutes, int) or s.minutes < 1:
            raise ValueError(f"Session {i}: the length must be at least 1 minute.")
        if i > 1 and s.date <= history[i - 2].date:
            raise ValueError(f"Session {i}: dates must be in order, one session a day at most.")


def gap_days(sessions_per_week: int, rule: dict) -> int:
    """Days from one session to the earliest next one, for the weekly plan and the rest rule.

    >>> gap_days(2, {"rest_days_between_sessions": 1})
    4
    """
    return max(rule["rest_days_between_sessions"] + 1, math.ceil(7 / sessions_per_week))


def next_step(history: list[Session], rule: dict, kit_sizes: int, sessions_per_week: int) -> Step:
    """What the next session should be, with the reason in words. Every number comes from ``rule``.

    The rules, in order: bleeding means rest (pain or bleeding again soon after means stop and
    read the warning signs); pain means do not move up (go back a size); sessions closer together
    than the rest days allow mean rest; a jump of more than one size means go back; move up one
    size only after enough comfortable, pain-free, short sessions at the current size; otherwise
    stay.

    >>> day = dt.date(2026, 1, 1)
    >>> rule = load()["planner"]
    >>> next_step([Session(day, 2, 8, True, False, 5)], rule, 3, 2).action
    'back'
    """
    check_plan(kit_sizes, sessions_per_week, rule)
    check_history(history, kit_sizes)
    last = history[-1]
    size = last.size
    soon = last.date + dt.timedelta(days=gap_days(sessions_per_week, rule))
    recent = history[-rule["pain_window"] :]
    hurt = sum(s.pain or s.bleeding for s in recent)

    def step(action, new_size, reason, earliest=soon):
        return Step(action, new_size, max(earliest, soon), reason)

    if hurt >= rule["pain_sessions_for_warning"] and (last.pain or last.bleeding):
        return step(
            "warning_signs",
            max(1, size - 1),
            f"Pain or bleeding came up in {hurt} of your last {len(recent)} sessions. Stop training for now "
            "and read the warning-signs module: it says which signs need a clinician, and how soon.",
            last.date + dt.timedelta(days=rule["rest_days_after_bleeding"] + 1),
        )
    if last.bleeding:
        return step(
            "rest",
            max(1, size - 1),
            f"There was bleeding, so do not move up: rest for at least {rule['rest_days_after_bleeding']} days, "
            "and longer until everything has healed; then start again a size smaller, with more lube.",
            last.date + dt.timedelta(days=rule["rest_days_after_bleeding"] + 1),
        )
    if last.pain:
        if size == 1:
            return step("rest", 1, "You felt pain, so do not move up: rest, then try again gently, with more lube.")
        return step(
            "back",
            size - 1,
            "You felt pain, so do not move up. Go back one size next time; that is a normal part of training.",
        )
    rest_days = rule["rest_days_between_sessions"]
    if len(history) > 1 and (last.date - history[-2].date).days <= rest_days:
        return step(
            "rest",
            min(size, history[-2].size + 1),
            f"The last two sessions were closer together than {rest_days} rest day(s) allow. "
            "Rest first; rest days are part of training, not a delay.",
        )
    if len(history) > 1 and size > history[-2].size + 1:
        return step("back", size - 1, "That was more than one size up at once. Go back and move one size at a time.")
    streak = 0
    for s in reversed(history):
        if s.size != size or s.pain or s.bleeding or s.comfort < rule["comfortable_from"]:
            break
        if s.minutes > rule["session_minutes_cap"]:
            break
        streak += 1
    needed = rule["sessions_to_move_up"]
    if last.minutes > rule["session_minutes_cap"]:
        return step(
            "stay",
            size,
            f"Stay at this size and keep sessions under {rule['session_minutes_cap']} minutes: "
            "no safe maximum time is known, so shorter is the sensible choice.",
        )
    if streak >= needed and size < kit_sizes:
        return step(
            "up", size + 1, f"{streak} comfortable, pain-free sessions at size {size}: you can try size {size + 1}."
        )
    if streak >= needed:
        return step("stay", size, "You are comfortable at your largest size. There is no need to go further.")
    return step(
        "stay",
        size,
        f"Stay at size {size}: {streak} of {needed} comfortable, pain-free sessions so far "
        f"(comfort {rule['comfortable_from']} or more).",
    )


def save_log(history: list[Session], kit_sizes: int, sessions_per_week: int, folder: Path) -> Path:
    """Write the log to ``folder/relaxation-log.json`` on this computer; return the path."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "relaxation-log.json"
    sessions = [{**asdict(s), "date": s.date.isoformat()} for s in history]
    data = {"kit_sizes": kit_sizes, "sessions_per_week": sessions_per_week, "sessions": sessions}
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    return path
