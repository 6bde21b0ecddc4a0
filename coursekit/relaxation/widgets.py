"""Module 02 views: the breathing pacer, the progression planner and their figures."""

from __future__ import annotations

import datetime as dt
import html
import math
from pathlib import Path

import ipywidgets as w

from .. import theme
from ..content import cite
from .logic import (
    CLEAR_REASONS,
    LOG_NAME,
    Breath,
    Clearance,
    Session,
    Step,
    breath_at,
    care,
    check_clearances,
    check_history,
    check_plan,
    comfortable,
    delete_log,
    episodes,
    load,
    load_log,
    next_step,
    open_stop,
    rules,
    save_log,
    stop_step,
)


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


STOP_FIRST = (
    "The planner asked you to stop: confirm below first (that you have seen a clinician, or that your "
    "symptoms have fully settled). Until then, Clear log and Load saved log are switched off."
)
SAME_DAY = (
    "You can confirm that you have seen a clinician on the same day as the session that led to the stop, "
    "since seeing someone that day is possible. To confirm that symptoms have fully settled, wait until a later day."
)
STOP_MEMORY = (
    "This stop is kept only in this notebook's memory. If the kernel restarts, it is lost unless you "
    "save the log: press Save log below to keep it."
)


def history_figure(history: list[Session], step: Step | None, kit_sizes: int) -> theme.go.Figure:
    """A step chart of the size used at each session, and the suggested next size (dashed).

    A stop has no suggested size or date, so it draws no suggested step. Markers use the planner's
    own rule for "comfortable"; a pain-free session below it is marked "low comfort".
    """
    rule = rules()
    fig = theme.figure(
        title="Sizes used, session by session",
        xaxis={"title": "date", "tickformat": "%d %b", "type": "date"},
        yaxis={"title": "size", "range": [0.5, kit_sizes + 0.5], "dtick": 1},
        height=360,
    )
    suggested = step is not None and step.size is not None and step.earliest is not None
    dates = [s.date.isoformat() for s in history]
    if history:
        last = step.earliest if suggested else history[-1].date
        span = (last - history[0].date).days
        fig.update_xaxes(dtick=86_400_000 * max(1, math.ceil(span / 8)))  # whole days, about 8 ticks
    fig.add_scatter(
        x=dates, y=[s.size for s in history], mode="lines", line_shape="hv", name="size used", hoverinfo="skip"
    )
    for name, pick, symbol, colour in (
        ("comfortable", lambda s: comfortable(s, rule), "circle", theme.OKABE_ITO["blue"]),
        (
            "low comfort",
            lambda s: not (s.pain or s.bleeding or comfortable(s, rule)),
            "square-open",
            theme.OKABE_ITO["black"],
        ),
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
    if suggested and history:
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


def advice_html(step: Step) -> str:
    """The planner's answer in words: a bold headline, then the reason. A stop has no size or date."""
    label = html.escape(load()["actions"][step.action])
    if step.size is None or step.earliest is None:
        headline = f"{label}. Do not plan another session for now."
    else:
        when = f"not before {step.earliest:%A %d %B} (course default rest days)"
        if step.action == "rest":
            headline = f"Next: {label}. Then size {step.size}, {when}, and only once everything feels normal."
        else:
            headline = f"Next: {label} (size {step.size}), {when}."
    return f"<p class='coursekit-next-step'><b>{headline}</b> {html.escape(step.reason)}</p>"


def _episode_words(found: list[Session]) -> str:
    """'pain on 05 March and bleeding on 07 March': each pain or bleeding session, in words."""
    words = []
    for s in found:
        kind = "pain and bleeding" if s.pain and s.bleeding else "bleeding" if s.bleeding else "pain"
        words.append(f"{kind} on {s.date:%d %B}")
    return ", ".join(words[:-1]) + (" and " if len(words) > 1 else "") + words[-1] if words else ""


def _small(**layout) -> dict:
    return {"style": {"description_width": "initial"}, "layout": w.Layout(width="220px", **layout)}


class ProgressionPlanner(w.VBox):
    """Describe your kit and plan, log sessions, and read what the next session could be, and why.

    The log lives only in this notebook's memory unless you press Save.
    """

    def __init__(self, save_folder: Path | str = "saved", today: dt.date | None = None):
        rule = rules()
        self.save_folder = Path(save_folder)
        self.history: list[Session] = []
        self.clearances: list[Clearance] = []
        self.remembered: list[Session] = []  # pain or bleeding from logs cleared or replaced (memory only)
        self._pending: str | None = None  # "clear" or "load" after a first click, until the second
        self.step: Step | None = None
        self.current_figure = None
        self.kit_sizes = w.IntText(
            value=rule["kit_sizes"]["default"], description="Sizes in kit:", tooltip="How many sizes", **_small()
        )
        self.per_week = w.IntText(
            value=rule["sessions_per_week_default"], description="Sessions per week:", tooltip="Your plan", **_small()
        )
        label = rule["default_label"]
        lo, hi = rule["kit_sizes"]["min"], rule["kit_sizes"]["max"]
        self.plan_note = w.HTML(
            f"<p><small>The planner starts at {rule['kit_sizes']['default']} sizes and "
            f"{rule['sessions_per_week_default']} sessions a week ({label}s): change them to match your kit "
            f"and plan. It accepts kits of {lo} to {hi} sizes ({label} limits).</small></p>"
        )
        self.date = w.DatePicker(value=today or dt.date.today(), description="Date:", tooltip="Session date")
        self.size = w.IntText(value=1, description="Size used:", tooltip="1 = smallest", **_small())
        self.comfort = w.Dropdown(
            options=[("choose", None), *[(str(i), i) for i in range(11)]],
            value=None,
            description="Comfort (0-10):",
            tooltip="10 = fully at ease; choose it each time",
            **_small(),
        )
        self.minutes = w.IntText(value=5, description="Minutes:", tooltip="How long the session lasted", **_small())
        self.pain = w.Checkbox(value=False, description="Any pain", tooltip="Pain, not just pressure", indent=False)
        self.bleeding = w.Checkbox(value=False, description="Any bleeding", tooltip="Any blood at all", indent=False)
        self.add_button = w.Button(description="Log session", icon="plus", tooltip="Add this session to the log")
        self.clear_button = w.Button(
            description="Clear log", icon="trash", tooltip="Forget every logged session (press twice to confirm)"
        )
        self.save_button = w.Button(
            description="Save log",
            icon="save",
            tooltip="Save the log as a file in the saved folder next to this lesson",
        )
        self.load_button = w.Button(
            description="Load saved log", icon="folder-open", tooltip="Read back the log saved in the saved folder"
        )
        self.delete_button = w.Button(
            description="Delete saved log", icon="times", tooltip="Delete the saved log file from the saved folder"
        )
        self.clear_reason = w.RadioButtons(
            options=[(text[0].upper() + text[1:], key) for key, text in CLEAR_REASONS.items()],
            value=None,
            description="Before restarting:",
            tooltip=SAME_DAY,
            style={"description_width": "initial"},
        )
        self.confirm_button = w.Button(
            description="Confirm", icon="check", tooltip=f"Record this with the date above. {SAME_DAY}"
        )
        self.confirm_box = w.VBox(
            [
                w.HBox([self.clear_reason, self.confirm_button]),
                w.HTML(f"<p><small>{html.escape(SAME_DAY)}</small></p>"),
            ]
        )
        self.message = w.HTML()
        self.advice = w.HTML()
        self.saved = w.HTML()
        self.figure = w.Output()
        self.add_button.on_click(self._on_add)
        self.clear_button.on_click(self._on_clear)
        self.save_button.on_click(self._on_save)
        self.load_button.on_click(self._on_load)
        self.delete_button.on_click(self._on_delete)
        self.confirm_button.on_click(self._on_confirm)
        self.kit_sizes.observe(self._on_plan, names="value")
        self.per_week.observe(self._on_plan, names="value")
        super().__init__(
            [
                w.HTML(f"<p><small>{html.escape(care('privacy'))}</small></p>"),
                w.HBox([self.kit_sizes, self.per_week]),
                self.plan_note,
                w.HBox([self.date, self.size, self.comfort, self.minutes]),
                w.HBox([self.pain, self.bleeding]),
                w.HBox([self.add_button, self.clear_button]),
                self.message,
                self.advice,
                self.confirm_box,
                self.figure,
                w.HBox([self.save_button, self.load_button, self.delete_button]),
                self.saved,
            ]
        )
        self.add_class("coursekit-progression-planner")
        self._plan = (self.kit_sizes.value, self.per_week.value)  # the last plan settings that fit the log
        self._refresh()

    @property
    def stopped(self) -> bool:
        """Computed from the log itself, so no plan setting can hide a stop."""
        return bool(self.history) and open_stop(self.history, self.clearances, rules(), self.remembered) is not None

    def _session(self) -> Session:
        if self.date.value is None:
            raise ValueError("Choose the date of the session.")
        if self.comfort.value is None:
            raise ValueError("Choose a comfort score from 0 to 10 for this session.")
        return Session(
            self.date.value,
            self.size.value,
            self.comfort.value,
            self.pain.value,
            self.bleeding.value,
            self.minutes.value,
        )

    def _error(self, title: str, exc: Exception) -> None:
        self.message.value = f"<p class='coursekit-error'><b>{title}</b> {html.escape(str(exc))}</p>"

    def _on_add(self, _button=None) -> None:
        try:
            candidate = [*self.history, self._session()]
            check_plan(self.kit_sizes.value, self.per_week.value, rules())
            check_history(candidate, self.kit_sizes.value)
            check_clearances(self.clearances, candidate)
        except ValueError as exc:
            self._error("Not logged.", exc)
            return
        self.history, self._pending = candidate, None
        self.message.value = f"<p>Logged session {len(self.history)}.</p>"
        self.comfort.value, self.pain.value, self.bleeding.value = None, False, False
        self._refresh()

    def _on_confirm(self, _button=None) -> None:
        if not self.stopped:
            self.message.value = "<p>Nothing to confirm: the planner has not asked you to stop.</p>"
            return
        if self.clear_reason.value is None or self.date.value is None:
            self.message.value = "<p class='coursekit-error'><b>Not recorded.</b> Choose a statement and a date.</p>"
            return
        candidate = [*self.clearances, Clearance(self.date.value, len(self.history), self.clear_reason.value)]
        try:
            check_clearances(candidate, self.history)
        except ValueError as exc:
            self._error("Not recorded.", exc)
            return
        self.clearances, self._pending = candidate, None
        self.clear_reason.value = None
        self.message.value = f"<p>Recorded on {self.date.value:%d %B}: {CLEAR_REASONS[candidate[-1].reason]}.</p>"
        self._refresh()

    def _on_plan(self, _change=None) -> None:
        self._refresh()

    def _refuse_while_stopped(self, target) -> bool:
        """While the planner says stop, Clear and Load must not lift the stop without a confirmation."""
        if not self.stopped:
            return False
        target.value = f"<p class='coursekit-error'><b>Not done.</b> {STOP_FIRST}</p>"
        return True

    def _ask_first(self, action: str, target, doing: str) -> bool:
        """A first click on Clear (always) or Load (when pain or bleeding could still come back) only
        warns; the second click in a row does it. True means: wait for the second click."""
        found = episodes(self.history, rules())
        if action == "load" and not found:
            return False
        if self._pending == action:
            return False
        self._pending = action
        count = f"{len(self.history)} session{'s' if len(self.history) != 1 else ''}"
        lost = ""
        if found:
            lost = (
                f", including {_episode_words(found)}. The planner would no longer see it in the log if it comes "
                "back: this notebook keeps only the date, and only until the kernel restarts"
            )
        label = "Clear log" if action == "clear" else "Load saved log"
        target.value = (
            f"<p class='coursekit-error'><b>Not yet.</b> {doing} {count}{lost}. Press {label} again to confirm.</p>"
        )
        return True

    def _forget(self) -> str:
        """Keep the pain and bleeding of the log being dropped, for the recurrence check; say so."""
        found = [s for s in self.history if (s.pain or s.bleeding) and s not in self.remembered]
        self.remembered.extend(found)
        if not self.remembered:
            return ""
        return (
            f" The planner still remembers {_episode_words(self.remembered)}, until the kernel restarts, "
            "so it can tell if it comes back."
        )

    def _on_clear(self, _button=None) -> None:
        if self._refuse_while_stopped(self.message):
            self._pending = None
            return
        if not self.history:
            self._pending = None
            self.message.value = "<p>The log is already empty.</p>"
            return
        if self._ask_first("clear", self.message, "This removes"):
            return
        self._pending = None
        kept = html.escape(self._forget())
        self.history, self.clearances = [], []
        self.message.value = f"<p>The log is empty again.{kept}</p>"
        self._refresh()

    def _on_save(self, _button=None) -> None:
        if not self.history:
            self.saved.value = "<p><b>Nothing to save:</b> the log is empty.</p>"
            return
        kit, per_week = self._plan  # the plan settings last valid for this log, so the file loads back
        try:
            path = save_log(self.history, kit, per_week, self.save_folder, self.clearances)
        except OSError as exc:
            self.saved.value = f"<p><b>Could not save:</b> {html.escape(str(exc))}. Nothing was written.</p>"
            return
        self.saved.value = (
            f"<p>Saved to <code>{html.escape(str(path.resolve()))}</code>. The file is on the machine that runs "
            "this notebook: your own computer, or the server of a shared or hosted service such as Binder or a "
            "class JupyterHub. To remove it, press <b>Delete saved log</b>, or delete the file.</p>"
        )

    def _on_load(self, _button=None) -> None:
        if self._refuse_while_stopped(self.saved):
            self._pending = None
            return
        try:
            saved = load_log(self.save_folder)
            check_plan(saved.kit_sizes, saved.sessions_per_week, rules())
        except ValueError as exc:
            self._pending = None
            self.saved.value = f"<p class='coursekit-error'><b>Not loaded.</b> {html.escape(str(exc))}</p>"
            return
        if self._ask_first("load", self.saved, "Loading replaces the log in memory:"):
            return
        self._pending = None
        kept = html.escape(self._forget())
        self.history, self.clearances = saved.history, saved.clearances
        self.kit_sizes.value, self.per_week.value = saved.kit_sizes, saved.sessions_per_week
        self.saved.value = f"<p>Loaded {len(self.history)} session(s) from the saved log.{kept}</p>"
        self._refresh()

    def _plan_problem(self) -> str:
        try:
            check_plan(self.kit_sizes.value, self.per_week.value, rules())
            check_history(self.history, self.kit_sizes.value)
        except ValueError as exc:
            return f"<p class='coursekit-error'><b>Check the plan.</b> {html.escape(str(exc))}</p>"
        self._plan = (self.kit_sizes.value, self.per_week.value)
        return ""

    def _on_delete(self, _button=None) -> None:
        try:
            gone = delete_log(self.save_folder)
        except OSError as exc:
            self.saved.value = f"<p><b>Could not delete:</b> {html.escape(str(exc))}.</p>"
            return
        where = html.escape(str(self.save_folder / LOG_NAME))
        self.saved.value = (
            f"<p>Deleted <code>{where}</code>.</p>" if gone else "<p>There was no saved log to delete.</p>"
        )

    def _refresh(self) -> None:
        self.step = None
        if not self.history:
            self.advice.value = "<p>The log is empty: log a session to see a suggestion.</p>"
        elif self.stopped:  # shown whatever the plan settings say
            self.step = stop_step(self.history, tuple(self.clearances), rules(), tuple(self.remembered))
            self.advice.value = (
                f"{advice_html(self.step)}<p class='coursekit-stop-memory'><b>{html.escape(STOP_MEMORY)}</b></p>"
                + self._plan_problem()
            )
        else:
            try:
                self.step = next_step(
                    self.history,
                    rules(),
                    self.kit_sizes.value,
                    self.per_week.value,
                    tuple(self.clearances),
                    tuple(self.remembered),
                )
            except ValueError as exc:
                self.advice.value = f"<p class='coursekit-error'><b>Check the plan.</b> {html.escape(str(exc))}</p>"
            else:
                self._plan = (self.kit_sizes.value, self.per_week.value)
                self.advice.value = advice_html(self.step)
                if self.step.earliest is not None and not self.history[-1].bleeding:
                    self.date.value = self.step.earliest
        self.confirm_box.layout.display = None if self.stopped else "none"
        self.figure.clear_output(wait=True)
        self.current_figure = None
        if self.history:
            step = self.step
            self.current_figure = history_figure(self.history, step, self.kit_sizes.value)
            if step is None:
                said = "."
            elif step.size is None:
                said = "; the planner says stop and see a clinician, so no next session is shown."
            else:
                said = f"; the suggestion is: {load()['actions'][step.action].lower()}, size {step.size}."
            with self.figure:
                theme.show(
                    self.current_figure,
                    f"A step chart of the size used in each of the {len(self.history)} logged session(s){said}",
                )
