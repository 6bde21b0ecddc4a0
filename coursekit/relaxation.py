"""Module 02, relaxation: a belly-breathing pacer and a comfort-led progression planner."""

from __future__ import annotations

import datetime as dt
import functools
import html
import json
import math
from dataclasses import asdict, dataclass
from pathlib import Path

import ipywidgets as w

from . import theme
from .content import ContentError, Ref, cite, load_topic

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


# ---------------------------------------------------------------------------
# Views
# ---------------------------------------------------------------------------


def pacer_figure(breath: Breath) -> theme.go.Figure:
    """A circle that grows as the belly fills and shrinks as it empties."""
    radius = 0.35 + 0.6 * breath.fullness
    label = load()["breathing"]["phases"][breath.phase]["label"]
    colour = theme.OKABE_ITO["blue"] if breath.phase == "inhale" else theme.OKABE_ITO["green"]
    fig = theme.figure(
        title=f"{label}: {breath.count} of {breath.of}",
        xaxis={"visible": False, "range": [-1.1, 1.1]},
        yaxis={"visible": False, "range": [-1.1, 1.1], "scaleanchor": "x"},
        showlegend=False,
        height=320,
        width=360,
    )
    fig.add_shape(type="circle", x0=-radius, y0=-radius, x1=radius, y1=radius, fillcolor=colour, opacity=0.5)
    fig.add_shape(type="circle", x0=-0.95, y0=-0.95, x1=0.95, y1=0.95, line={"color": theme.MUTED, "dash": "dot"})
    return fig


def pacer_description(breath: Breath) -> str:
    phase = load()["breathing"]["phases"][breath.phase]
    return f"{phase['label']}, count {breath.count} of {breath.of}. The circle is {breath.fullness:.0%} full."


class BreathingPacer(w.VBox):
    """An animated guide for slow belly breathing: choose the counts, press Start, follow the circle."""

    def __init__(self):
        data = load()["breathing"]
        self.inhale = w.IntSlider(
            value=data["inhale"]["default"],
            min=data["inhale"]["min"],
            max=data["inhale"]["max"],
            description="In (counts):",
            tooltip="How many counts to breathe in",
            style={"description_width": "initial"},
        )
        self.exhale = w.IntSlider(
            value=data["exhale"]["default"],
            min=data["exhale"]["min"],
            max=data["exhale"]["max"],
            description="Out (counts):",
            tooltip="How many counts to breathe out",
            style={"description_width": "initial"},
        )
        self.play = w.Play(
            value=0,
            min=0,
            max=10_000,
            interval=data["count_ms"],
            description="Timer",
            tooltip="The pacer's clock: one step per count",
            show_repeat=False,
        )
        self.start_button = w.Button(description="Start", icon="play", tooltip="Start the breathing guide")
        self.stop_button = w.Button(description="Stop", icon="stop", tooltip="Stop the breathing guide")
        self.status = w.HTML()
        self.instruction = w.HTML()
        self.figure = w.Output()
        self.start_button.on_click(self._on_start)
        self.stop_button.on_click(self._on_stop)
        self.play.observe(self._on_tick, names="value")
        self.play.observe(self._on_playing, names="playing")
        for slider in (self.inhale, self.exhale):
            slider.observe(self._on_tick, names="value")
        super().__init__(
            [
                w.HBox([self.inhale, self.exhale]),
                w.HBox([self.start_button, self.stop_button, self.play]),
                self.status,
                self.instruction,
                self.figure,
                w.HTML(f"<p><small>{html.escape(data['note'])} {html.escape(cite(data['refs']))}</small></p>"),
            ]
        )
        self.add_class("coursekit-breathing-pacer")
        self._on_playing()
        self._on_tick()

    def _on_start(self, _button=None) -> None:
        self.play.playing = True

    def _on_stop(self, _button=None) -> None:
        self.play.playing = False
        self.play.value = 0

    def _on_playing(self, _change=None) -> None:
        self.status.value = (
            "<p><b>Running.</b> Follow the words and the circle.</p>"
            if self.play.playing
            else "<p><b>Stopped.</b> Press Start when you are ready.</p>"
        )

    def _on_tick(self, _change=None) -> None:
        breath = breath_at(self.play.value, self.inhale.value, self.exhale.value)
        phase = load()["breathing"]["phases"][breath.phase]
        self.instruction.value = (
            f"<p class='coursekit-breath-phase'><b>{html.escape(phase['label'])} "
            f"({breath.count} of {breath.of}).</b> {html.escape(phase['instruction'])}</p>"
        )
        self.figure.clear_output(wait=True)
        with self.figure:
            theme.show(pacer_figure(breath), pacer_description(breath))


def history_figure(history: list[Session], step: Step | None, kit_sizes: int) -> theme.go.Figure:
    """A step chart of the size used at each session, and the suggested next size (dashed)."""
    fig = theme.figure(
        title="Sizes used, session by session",
        xaxis={"title": "date", "tickformat": "%d %b", "type": "date"},
        yaxis={"title": "size", "range": [0.5, kit_sizes + 0.5], "dtick": 1},
        height=360,
    )
    dates = [s.date.isoformat() for s in history]
    if history:
        last = step.earliest if step else history[-1].date
        span = (last - history[0].date).days
        fig.update_xaxes(dtick=86_400_000 * max(1, math.ceil(span / 8)))  # whole days, about 8 ticks
    fig.add_scatter(
        x=dates, y=[s.size for s in history], mode="lines", line_shape="hv", name="size used", hoverinfo="skip"
    )
    for name, pick, symbol, colour in (
        ("comfortable", lambda s: not (s.pain or s.bleeding), "circle", theme.OKABE_ITO["blue"]),
        ("pain", lambda s: s.pain and not s.bleeding, "x", theme.OKABE_ITO["orange"]),
        ("bleeding", lambda s: s.bleeding, "diamond", theme.HIGHLIGHT),
    ):
        chosen = [s for s in history if pick(s)]
        if chosen:
            fig.add_scatter(
                x=[s.date.isoformat() for s in chosen],
                y=[s.size for s in chosen],
                mode="markers",
                marker={"symbol": symbol, "size": 12, "color": colour},
                name=name,
                text=[f"comfort {s.comfort}, {s.minutes} min" for s in chosen],
            )
    if step is not None and history:
        fig.add_scatter(
            x=[dates[-1], step.earliest.isoformat()],
            y=[history[-1].size, step.size],
            mode="lines+markers",
            line_shape="hv",
            line={"dash": "dash", "color": theme.OKABE_ITO["purple"]},
            marker={"symbol": "star", "size": 14},
            name=f"suggested: {load()['actions'][step.action].lower()}",
        )
    return fig


class ProgressionPlanner(w.VBox):
    """Describe your kit and plan, log sessions, and read what the next session could be, and why.

    The log lives only in this notebook's memory unless you press Save.
    """

    def __init__(self, save_folder: Path | str = "saved", today: dt.date | None = None):
        rule = rules()
        self.save_folder = Path(save_folder)
        self.history: list[Session] = []
        wide = {"description_width": "initial"}
        self.kit_sizes = w.IntText(
            value=rule["kit_sizes"]["default"],
            description="Sizes in kit:",
            tooltip="How many sizes",
            style=wide,
            layout=w.Layout(width="220px"),
        )
        self.per_week = w.IntText(
            value=2, description="Sessions per week:", tooltip="Your plan", style=wide, layout=w.Layout(width="220px")
        )
        self.date = w.DatePicker(value=today or dt.date.today(), description="Date:", tooltip="Session date")
        self.size = w.IntText(
            value=1, description="Size used:", tooltip="1 = smallest", style=wide, layout=w.Layout(width="220px")
        )
        self.comfort = w.IntText(
            value=8,
            description="Comfort (0-10):",
            tooltip="10 = fully at ease",
            style=wide,
            layout=w.Layout(width="220px"),
        )
        self.minutes = w.IntText(
            value=5,
            description="Minutes:",
            tooltip="How long the session lasted",
            style=wide,
            layout=w.Layout(width="220px"),
        )
        self.pain = w.Checkbox(value=False, description="Any pain", tooltip="Pain, not just pressure", indent=False)
        self.bleeding = w.Checkbox(value=False, description="Any bleeding", tooltip="Any blood at all", indent=False)
        self.add_button = w.Button(description="Log session", icon="plus", tooltip="Add this session to the log")
        self.clear_button = w.Button(description="Clear log", icon="trash", tooltip="Forget every logged session")
        self.save_button = w.Button(
            description="Save log", icon="save", tooltip="Write the log to a file on this computer only"
        )
        self.message = w.HTML()
        self.advice = w.HTML()
        self.saved = w.HTML()
        self.figure = w.Output()
        self.add_button.on_click(self._on_add)
        self.clear_button.on_click(self._on_clear)
        self.save_button.on_click(self._on_save)
        self.kit_sizes.observe(self._on_plan, names="value")
        self.per_week.observe(self._on_plan, names="value")
        super().__init__(
            [
                w.HBox([self.kit_sizes, self.per_week]),
                w.HBox([self.date, self.size, self.comfort, self.minutes]),
                w.HBox([self.pain, self.bleeding]),
                w.HBox([self.add_button, self.clear_button, self.save_button]),
                self.message,
                self.advice,
                self.figure,
                self.saved,
            ]
        )
        self.add_class("coursekit-progression-planner")
        self._refresh()

    def _session(self) -> Session:
        if self.date.value is None:
            raise ValueError("Choose the date of the session.")
        return Session(
            self.date.value,
            self.size.value,
            self.comfort.value,
            self.pain.value,
            self.bleeding.value,
            self.minutes.value,
        )

    def _on_add(self, _button=None) -> None:
        try:
            candidate = [*self.history, self._session()]
            check_plan(self.kit_sizes.value, self.per_week.value, rules())
            check_history(candidate, self.kit_sizes.value)
        except ValueError as exc:
            self.message.value = f"<p class='coursekit-error'><b>Not logged.</b> {html.escape(str(exc))}</p>"
            return
        self.history = candidate
        self.message.value = f"<p>Logged session {len(self.history)}.</p>"
        self._refresh()

    def _on_plan(self, _change=None) -> None:
        self._refresh()

    def _on_clear(self, _button=None) -> None:
        self.history = []
        self.message.value = "<p>The log is empty again.</p>"
        self._refresh()

    def _on_save(self, _button=None) -> None:
        if not self.history:
            self.saved.value = "<p><b>Nothing to save:</b> the log is empty.</p>"
            return
        try:
            path = save_log(self.history, self.kit_sizes.value, self.per_week.value, self.save_folder)
        except OSError as exc:
            self.saved.value = f"<p><b>Could not save:</b> {html.escape(str(exc))}. Nothing was written.</p>"
            return
        self.saved.value = f"<p>Saved on this computer only, to <code>{html.escape(str(path.resolve()))}</code>.</p>"

    def _refresh(self) -> None:
        step = None
        if not self.history:
            self.advice.value = "<p>The log is empty: log a session to see a suggestion.</p>"
        else:
            try:
                step = next_step(self.history, rules(), self.kit_sizes.value, self.per_week.value)
            except ValueError as exc:
                self.advice.value = f"<p class='coursekit-error'><b>Check the plan.</b> {html.escape(str(exc))}</p>"
            else:
                label = load()["actions"][step.action]
                self.advice.value = (
                    f"<p class='coursekit-next-step'><b>Next: {html.escape(label)} (size {step.size}), "
                    f"not before {step.earliest:%A %d %B}.</b> {html.escape(step.reason)}</p>"
                )
                self.date.value = step.earliest
        self.figure.clear_output(wait=True)
        if self.history:
            with self.figure:
                theme.show(
                    history_figure(self.history, step, self.kit_sizes.value),
                    f"A step chart of the size used in each of the {len(self.history)} logged session(s)"
                    + (
                        f"; the suggestion is: {load()['actions'][step.action].lower()}, size {step.size}."
                        if step
                        else "."
                    ),
                )
