"""Module 02 planner rules: the settled size, stops that need a confirmation, and the next step (no widgets)."""

from __future__ import annotations

import datetime as dt
import math

from coursekit.course.citations import cite
from coursekit.topics.relaxation.logic import Session, Step, check_clearances, check_history, check_plan, load


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


def _d(rule: dict, value: int, unit: str) -> str:
    return f"{value} {unit} ({rule.get('default_label', 'course default')})"


def _stop(history: list[Session], index: int, rule: dict, confirmed: int, earlier=()) -> str:
    kept = [e for e in earlier if e.bleeding and e not in history]
    bled_again = any(
        s.bleeding and any(e.bleeding for e in [*history[:i], *kept]) for i, s in enumerate(history) if i >= confirmed
    )
    if bled_again:
        parts = ["Bleeding has come back: it has happened in more than one session."]
    else:
        window = _d(rule, rule["recurrence_window_days"], "days")
        parts = [f"Pain or bleeding has come back within {window}."]
    parts.append(care("stop"))
    if index < len(history) - 1:
        parts.append("Sessions logged since then do not lift this: only your confirmation does.")
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
    over = _d(rule, rule["long_session_minutes"], "minutes")
    notes = [f"That session was longer than {over}. {care('long_session')}"]
    if last.minutes >= rule["sleep_possible_minutes"]:
        notes.append(
            f"A session of {_d(rule, rule['sleep_possible_minutes'], 'minutes')} or more may have included sleep: "
            "read module 05 (warning signs), and see a clinician if anything feels wrong."
        )
    return notes


def _bleeding_rest_note(history: list[Session], rule: dict) -> list[str]:
    """A note when the session after the latest bleeding came before the rest days were over."""
    days = rule["rest_days_after_bleeding"]
    for i in range(len(history) - 2, -1, -1):
        if history[i].bleeding:
            if (history[i + 1].date - history[i].date).days <= days:
                return [
                    f"The session after the bleeding came before {_d(rule, days, 'rest days')} were over. "
                    "After bleeding, wait until everything has healed."
                ]
            return []
    return []


def _size_words(history: list[Session], cap: int, size: int, rule: dict) -> str:
    if cap == established_size(history, rule) and any(established(s, rule) and s.size == cap for s in history):
        return (
            f"size {cap}, the largest size you have settled at (comfortable, short and pain-free, "
            "with no pain or bleeding at that size or smaller since)"
        )
    if cap == 1:
        return "size 1, the smallest size, until sessions there are comfortable, short and pain-free"
    if cap == size - 1:
        return f"one size down (size {cap})"
    return f"size {cap}"


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
        notes.append(
            f"The last two sessions were closer together than "
            f"{_d(rule, rest_days, 'rest day' if rest_days == 1 else 'rest days')} allow. "
            "Rest days are part of training, not a delay."
        )
    if just_cleared:
        notes.append("Thank you for checking. Restart gently, and stop at any pain.")
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
            f"There was bleeding, so do not move up. Rest for at least {_d(rule, days, 'days')}, and longer "
            f"until everything has healed. Then start again at {back_to}, with more lube. {care('bleeding')}",
            last.date + dt.timedelta(days=days + 1),
        )
    if last.pain:
        if size == 1:
            return step("rest", 1, f"You felt pain, so do not move up. Rest, then try again gently. {care('pain')}")
        return step(
            "back",
            cap,
            f"You felt pain, so do not move up. Go back to {back_to}. "
            f"That is a normal part of training. {care('pain')}",
        )
    if low:
        lowest = _d(rule, rule["low_comfort_below"], "out of 10")
        said = f"Comfort was under {lowest}, even without pain, and that is worth listening to."
        if size == 1:
            return step("rest", 1, f"{said} Rest, then try again more slowly, with more lube and slow breathing.")
        return step("back", cap, f"{said} Go back to {back_to}.")
    if size > top:
        needed = _d(rule, rule["sessions_to_move_up"], "comfortable, short sessions in a row")
        if prev is not None and size > prev.size + 1:
            why = "That was more than one size up at once."
        elif (
            prev is not None
            and size > prev.size
            and streak_at(history[:-1], prev.size, rule) < rule["sessions_to_move_up"]
        ):
            why = f"That was a move up before {needed} at the size before."
        else:
            why = (
                f"You have not settled at size {size} yet: a session counts once it is comfortable, short and "
                "pain-free, with no pain or bleeding at that size or smaller since."
            )
        return step("back", top, f"{why} Go back to {back_to}, and move up one size at a time.")
    if too_close:
        return step("rest", size, "Rest first.")
    if last.minutes > rule["long_session_minutes"]:
        return step("rest", size, "Do not move up. Rest before your next session, and keep it short.")
    if last.minutes > rule["session_minutes_cap"]:
        most = _d(rule, rule["session_minutes_cap"], "minutes")
        return step(
            "stay",
            size,
            f"Stay at this size and keep sessions to {most} or less: "
            "no safe maximum time is known, so shorter is the sensible choice.",
        )
    since = clearances[-1].after if clearances else 0
    streak = streak_at(history[since:], size, rule)
    needed = rule["sessions_to_move_up"]
    counted = (
        f"{streak} comfortable, pain-free session(s) in a row at size {size}. "
        f"The planner waits for {_d(rule, needed, 'in a row')}, each with comfort of "
        f"{_d(rule, rule['comfortable_from'], 'or more out of 10')} and no longer than "
        f"{_d(rule, rule['session_minutes_cap'], 'minutes')}"
    )
    if streak >= needed and size < kit_sizes:
        return step("up", size + 1, f"{counted}. You can try size {size + 1}, if size {size} now feels easy.")
    if streak >= needed and size == kit_sizes:
        return step("stay", size, "You are comfortable at your largest size. There is no need to go further.")
    return step("stay", size, f"Stay at size {size}. So far: {counted}.")
