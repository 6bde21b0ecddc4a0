"""Module 02 planner rules: the settled size, stops that need a confirmation, and the next step (no widgets)."""

from __future__ import annotations

import datetime as dt
import math

from coursekit.course.citations import cite
from coursekit.course.strings import text
from coursekit.topics.relaxation.logic import (
    Session,
    Step,
    check_clearances,
    check_history,
    check_plan,
    default_label,
    load,
)


def gap_days(sessions_per_week: int, rule: dict) -> int:
    """Days from one session to the earliest next one, for the weekly plan and the rest rule.

    >>> gap_days(2, {"rest_days_between_sessions": 1})
    4
    """
    return max(rule["rest_days_between_sessions"] + 1, math.ceil(7 / sessions_per_week))


def comfortable(s: Session, rule: dict) -> bool:
    """A session that was comfortable (at or above the course default) and had no pain or bleeding."""
    return s.comfort >= rule["comfortable_from"] and not (s.pain or s.bleeding)


def established(s: Session, rule: dict) -> bool:
    """Comfortable, pain-free, bleeding-free and short (within the course-default length cap)."""
    return comfortable(s, rule) and s.minutes <= rule["session_minutes_cap"]


def established_size(history: list[Session], rule: dict) -> int:
    """E, the single source of the planner's size cap.

    The largest size with an established session that counts and that no later session with pain
    or bleeding, at that size or smaller, has undone; 1 (the smallest size) if there is none. A
    session counts only at a size the planner allowed when it was logged: E then, or E + 1 after
    the last ``sessions_to_move_up`` sessions were all established at E. A jump does not count.

    >>> rule = {"comfortable_from": 7, "session_minutes_cap": 15, "sessions_to_move_up": 1}
    >>> day = dt.date(2026, 1, 1)
    >>> ok = lambda size, pain=False: Session(day, size, 9, pain, False, 5)
    >>> established_size([ok(1), ok(2), ok(3)], rule), established_size([ok(1), ok(3)], rule)
    (3, 1)
    >>> established_size([ok(1), ok(2), ok(3), ok(2, pain=True)], rule)
    1
    """
    active: list[int] = []  # sizes of counted established sessions, not undone since
    for i, s in enumerate(history):
        top = max(active, default=1)
        allowed = top + 1 if streak_at(history[:i], top, rule) >= rule["sessions_to_move_up"] else top
        if s.pain or s.bleeding:
            active = [a for a in active if a < s.size]
        elif established(s, rule) and s.size <= allowed:
            active.append(s.size)
    return max(active, default=1)


def streak_at(history: list[Session], size: int, rule: dict) -> int:
    """Established sessions in a row at ``size``, ending the log."""
    streak = 0
    for s in reversed(history):
        if s.size != size or not established(s, rule):
            break
        streak += 1
    return streak


def recurrences(history: list[Session], rule: dict, earlier=()) -> list[int]:
    """Indices of sessions where bleeding came back (after any earlier bleeding), or where pain or
    bleeding came back within the course-default window of days.

    ``earlier`` holds pain or bleeding sessions from a log the learner cleared or replaced: a session
    in ``history`` within the window of one of them (either side, as the order is unknown), or any
    bleeding after a remembered bleed, also counts. Sessions that are also in ``history`` are skipped.
    """
    window = rule["recurrence_window_days"]
    kept = [e for e in earlier if e not in history and (e.pain or e.bleeding)]
    found = []
    for i, s in enumerate(history):
        before = history[:i]
        bled_again = s.bleeding and any(e.bleeding for e in [*before, *kept])
        hurt_again = (s.pain or s.bleeding) and (
            any((e.pain or e.bleeding) and (s.date - e.date).days <= window for e in before)
            or any(abs((s.date - e.date).days) <= window for e in kept)
        )
        if bled_again or hurt_again:
            found.append(i)
    return found


def episodes(history: list[Session], rule: dict) -> list[Session]:
    """The pain or bleeding sessions a later session could still count as coming back: any bleeding,
    and pain within the course-default window of the last session."""
    if not history:
        return []
    window, last = rule["recurrence_window_days"], history[-1].date
    return [s for s in history if s.bleeding or (s.pain and (last - s.date).days <= window)]


def open_stop(history: list[Session], clearances, rule: dict, earlier=()) -> int | None:
    """The index of the latest session behind a stop the learner has not confirmed past, or None.

    Only a confirmation logged after that session lifts the stop; later sessions do not.
    """
    found = recurrences(history, rule, earlier)
    confirmed = max((c.after for c in clearances), default=0)
    return found[-1] if found and found[-1] >= confirmed else None


def care(key: str) -> str:
    """One of the planner's care sentences from the data file, with its citation if it has one."""
    item = load()["care"][key]
    return f"{item['text']} {cite(item.get('refs', []))}".strip()


def _d(rule: dict, value: int, key: str) -> str:
    """A planner number with its unit and label, e.g. "2 days (course default)"; ``key`` names the words."""
    return text("relaxation", key, n=value, label=default_label(rule))


def _stop(history: list[Session], index: int, rule: dict, confirmed: int, earlier=()) -> str:
    kept = [e for e in earlier if e.bleeding and e not in history]
    bled_again = any(
        s.bleeding and any(e.bleeding for e in [*history[:i], *kept]) for i, s in enumerate(history) if i >= confirmed
    )
    if bled_again:
        parts = [text("relaxation", "stop_bleeding_again")]
    else:
        window = _d(rule, rule["recurrence_window_days"], "amount_days")
        parts = [text("relaxation", "stop_came_back", window=window)]
    parts.append(care("stop"))
    if index < len(history) - 1:
        parts.append(text("relaxation", "stop_later_sessions"))
    if any(s.bleeding for s in history):
        parts.append(care("bleeding"))
    return " ".join(parts)


def stop_step(history: list[Session], clearances, rule: dict, earlier=()) -> Step | None:
    """The stop answer if a stop is open, else None. It needs only the log, not the plan settings."""
    stop = open_stop(history, clearances, rule, earlier)
    if stop is None:
        return None
    confirmed = max((c.after for c in clearances), default=0)
    return Step(
        "warning_signs",
        None,
        None,
        " ".join([_stop(history, stop, rule, confirmed, earlier), *_long_notes(history, rule)]),
    )


def _long_notes(history: list[Session], rule: dict) -> list[str]:
    last = history[-1]
    if last.minutes <= rule["long_session_minutes"]:
        return []
    over = _d(rule, rule["long_session_minutes"], "amount_minutes")
    notes = [text("relaxation", "long_session", over=over, care=care("long_session"))]
    if last.minutes >= rule["sleep_possible_minutes"]:
        length = _d(rule, rule["sleep_possible_minutes"], "amount_minutes")
        notes.append(text("relaxation", "long_session_sleep", length=length))
    return notes


def _bleeding_rest_note(history: list[Session], rule: dict) -> list[str]:
    """A note when the session after the latest bleeding came before the rest days were over."""
    days = rule["rest_days_after_bleeding"]
    for i in range(len(history) - 2, -1, -1):
        if history[i].bleeding:
            if (history[i + 1].date - history[i].date).days <= days:
                return [text("relaxation", "bleeding_rest_short", days=_d(rule, days, "amount_rest_days"))]
            return []
    return []


def _size_words(history: list[Session], cap: int, size: int, rule: dict) -> str:
    if cap == established_size(history, rule) and any(established(s, rule) and s.size == cap for s in history):
        return text("relaxation", "size_settled", size=cap)
    if cap == 1:
        return text("relaxation", "size_smallest")
    if cap == size - 1:
        return text("relaxation", "size_one_down", size=cap)
    return text("relaxation", "size_plain", size=cap)


def next_step(
    history: list[Session], rule: dict, kit_sizes: int, sessions_per_week: int, clearances=(), earlier=()
) -> Step:
    """What the next session should be, with the reason in words. Every number comes from ``rule``.

    The size cap has one source, E = ``established_size``: the suggested size is never above E,
    except "up" to exactly E + 1 after the last ``sessions_to_move_up`` sessions were all
    established at size E. In order: bleeding that comes back, or pain or bleeding that comes back
    within the window, means stop until the learner confirms (``clearances``); bleeding means rest,
    pain means go back, each to at most E and at most one size below the last (not below 1); a
    logged size above E (a jump, or a move up without the streak) means go back to E; low comfort
    means go back like pain; sessions closer than the rest days, or very long, mean rest; then move
    up after the streak, or stay.

    >>> day = dt.date(2026, 1, 1)
    >>> rule = load()["planner"]
    >>> next_step([Session(day, 2, 8, True, False, 5)], rule, 3, 2).action
    'back'
    """
    check_plan(kit_sizes, sessions_per_week, rule)
    check_history(history, kit_sizes)
    check_clearances(clearances, history)
    stop = stop_step(history, clearances, rule, earlier)
    if stop is not None:
        return stop
    last, size = history[-1], history[-1].size
    prev = history[-2] if len(history) > 1 else None
    top = established_size(history, rule)
    soon = last.date + dt.timedelta(days=gap_days(sessions_per_week, rule))
    if last.minutes > rule["long_session_minutes"]:
        soon += dt.timedelta(days=rule["rest_days_after_long_session"])
    just_cleared = bool(clearances) and clearances[-1].after == len(history)
    if just_cleared:
        soon = max(soon, clearances[-1].date)
    notes = [*_long_notes(history, rule), *_bleeding_rest_note(history, rule)]
    rest_days = rule["rest_days_between_sessions"]
    too_close = prev is not None and (last.date - prev.date).days <= rest_days
    if too_close:
        rest = _d(rule, rest_days, "amount_rest_day" if rest_days == 1 else "amount_rest_days")
        notes.append(text("relaxation", "too_close", rest=rest))
    if just_cleared:
        notes.append(text("relaxation", "restart_gently"))
    if len(history) == 1 and size > 1:
        notes.append(care("first_size"))
    low = last.comfort < rule["low_comfort_below"]
    cap = max(1, min(top, size - 1)) if (last.pain or last.bleeding or low) else top
    back_to = _size_words(history, cap, size, rule)

    def step(action, new_size, reason, earliest=soon):
        limit = top + 1 if action == "up" else cap
        return Step(action, min(new_size, limit), max(earliest, soon), " ".join([reason, *notes]))

    if last.bleeding:
        days = rule["rest_days_after_bleeding"]
        return step(
            "rest",
            cap,
            text(
                "relaxation",
                "bleeding_rest",
                days=_d(rule, days, "amount_days"),
                back_to=back_to,
                care=care("bleeding"),
            ),
            last.date + dt.timedelta(days=days + 1),
        )
    if last.pain:
        if size == 1:
            return step("rest", 1, text("relaxation", "pain_rest", care=care("pain")))
        return step("back", cap, text("relaxation", "pain_back", back_to=back_to, care=care("pain")))
    if low:
        lowest = _d(rule, rule["low_comfort_below"], "amount_out_of_10")
        said = text("relaxation", "low_comfort", lowest=lowest)
        if size == 1:
            return step("rest", 1, text("relaxation", "low_comfort_rest", said=said))
        return step("back", cap, text("relaxation", "low_comfort_back", said=said, back_to=back_to))
    if size > top:
        needed = _d(rule, rule["sessions_to_move_up"], "amount_short_streak")
        if prev is not None and size > prev.size + 1:
            why = text("relaxation", "jumped")
        elif (
            prev is not None
            and size > prev.size
            and streak_at(history[:-1], prev.size, rule) < rule["sessions_to_move_up"]
        ):
            why = text("relaxation", "moved_up_early", needed=needed)
        else:
            why = text("relaxation", "not_settled", size=size)
        return step("back", top, text("relaxation", "go_back_one_at_a_time", why=why, back_to=back_to))
    if too_close:
        return step("rest", size, text("relaxation", "rest_first"))
    if last.minutes > rule["long_session_minutes"]:
        return step("rest", size, text("relaxation", "rest_after_long"))
    if last.minutes > rule["session_minutes_cap"]:
        most = _d(rule, rule["session_minutes_cap"], "amount_minutes")
        return step("stay", size, text("relaxation", "stay_short", most=most))
    since = clearances[-1].after if clearances else 0
    streak = streak_at(history[since:], size, rule)
    needed = rule["sessions_to_move_up"]
    counted = text(
        "relaxation",
        "streak_counted",
        streak=streak,
        size=size,
        needed=_d(rule, needed, "amount_in_a_row"),
        comfort=_d(rule, rule["comfortable_from"], "amount_or_more_out_of_10"),
        minutes=_d(rule, rule["session_minutes_cap"], "amount_minutes"),
    )
    if streak >= needed and size < kit_sizes:
        return step("up", size + 1, text("relaxation", "move_up", counted=counted, next=size + 1, size=size))
    if streak >= needed and size == kit_sizes:
        return step("stay", size, text("relaxation", "largest_size"))
    return step("stay", size, text("relaxation", "stay_so_far", size=size, counted=counted))
