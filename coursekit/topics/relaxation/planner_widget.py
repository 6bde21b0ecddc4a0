"""Module 02 views: the progression planner widget."""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path

import ipywidgets as w

from coursekit.course import browser, theme
from coursekit.course.strings import text
from coursekit.topics.relaxation.logic import (
    CLEAR_REASONS,
    Clearance,
    Session,
    Step,
    check_clearances,
    check_history,
    check_plan,
    clear_reason,
    load,
    rules,
)
from coursekit.topics.relaxation.planner import care, next_step, open_stop, stop_step
from coursekit.topics.relaxation.planner_figure import advice_html, history_figure
from coursekit.topics.relaxation.planner_log import LogButtons


def _t(key: str, **values) -> str:
    return text("relaxation", key, **values)


def _small(**layout) -> dict:
    return {"style": {"description_width": "initial"}, "layout": w.Layout(width="220px", **layout)}


class ProgressionPlanner(LogButtons, w.VBox):
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
            value=rule["kit_sizes"]["default"],
            description=_t("kit_sizes"),
            tooltip=_t("kit_sizes_tooltip"),
            **_small(),
        )
        self.per_week = w.IntText(
            value=rule["sessions_per_week_default"],
            description=_t("per_week"),
            tooltip=_t("per_week_tooltip"),
            **_small(),
        )
        lo, hi = rule["kit_sizes"]["min"], rule["kit_sizes"]["max"]
        self.plan_note = w.HTML(
            "<p><small>"
            + _t(
                "plan_note",
                kit=rule["kit_sizes"]["default"],
                per_week=rule["sessions_per_week_default"],
                label=rule["default_label"],
                lo=lo,
                hi=hi,
            )
            + "</small></p>"
        )
        self.date = w.DatePicker(value=today or dt.date.today(), description=_t("date"), tooltip=_t("date_tooltip"))
        self.size = w.IntText(value=1, description=_t("size"), tooltip=_t("size_tooltip"), **_small())
        self.comfort = w.Dropdown(
            options=[(_t("comfort_choose"), None), *[(str(i), i) for i in range(11)]],
            value=None,
            description=_t("comfort"),
            tooltip=_t("comfort_tooltip"),
            **_small(),
        )
        self.minutes = w.IntText(value=5, description=_t("minutes"), tooltip=_t("minutes_tooltip"), **_small())
        self.pain = w.Checkbox(value=False, description=_t("pain"), tooltip=_t("pain_tooltip"), indent=False)
        self.bleeding = w.Checkbox(
            value=False, description=_t("bleeding"), tooltip=_t("bleeding_tooltip"), indent=False
        )
        self.add_button = w.Button(description=_t("add_button"), icon="plus", tooltip=_t("add_button_tooltip"))
        self.clear_button = w.Button(description=_t("clear_button"), icon="trash", tooltip=_t("clear_button_tooltip"))
        self.save_button = w.Button(description=_t("save_button"), icon="save", tooltip=_t("save_button_tooltip"))
        self.load_button = w.Button(
            description=_t("load_button"), icon="folder-open", tooltip=_t("load_button_tooltip")
        )
        self.delete_button = w.Button(
            description=_t("delete_button"), icon="times", tooltip=_t("delete_button_tooltip")
        )
        same_day = _t("same_day")
        self.clear_reason = w.RadioButtons(
            options=[(said[0].upper() + said[1:], key) for key in CLEAR_REASONS for said in [clear_reason(key)]],
            value=None,
            description=_t("clear_reason"),
            tooltip=same_day,
            style={"description_width": "initial"},
        )
        self.confirm_button = w.Button(
            description=_t("confirm_button"), icon="check", tooltip=_t("confirm_button_tooltip", same_day=same_day)
        )
        self.confirm_box = w.VBox(
            [
                w.HBox([self.clear_reason, self.confirm_button]),
                w.HTML(f"<p><small>{html.escape(same_day)}</small></p>"),
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
        # In the browser edition the log never leaves the device: its own privacy words (course/browser.py).
        privacy = text("relaxation", "privacy_lite") if browser.IN_BROWSER else care("privacy")
        super().__init__(
            [
                w.HTML(f"<p><small>{html.escape(privacy)}</small></p>"),
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
            raise ValueError(_t("choose_date"))
        if self.comfort.value is None:
            raise ValueError(_t("choose_comfort"))
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
            self._error(_t("not_logged"), exc)
            return
        self.history, self._pending = candidate, None
        self.message.value = f"<p>{_t('logged', n=len(self.history))}</p>"
        self.comfort.value, self.pain.value, self.bleeding.value = None, False, False
        self._refresh()

    def _on_confirm(self, _button=None) -> None:
        if not self.stopped:
            self.message.value = f"<p>{_t('nothing_to_confirm')}</p>"
            return
        if self.clear_reason.value is None or self.date.value is None:
            self.message.value = f"<p class='coursekit-error'><b>{_t('not_recorded')}</b> {_t('choose_statement')}</p>"
            return
        candidate = [*self.clearances, Clearance(self.date.value, len(self.history), self.clear_reason.value)]
        try:
            check_clearances(candidate, self.history)
        except ValueError as exc:
            self._error(_t("not_recorded"), exc)
            return
        self.clearances, self._pending = candidate, None
        self.clear_reason.value = None
        self.message.value = f"<p>{_t('recorded', date=self.date.value, reason=clear_reason(candidate[-1].reason))}</p>"
        self._refresh()

    def _on_plan(self, _change=None) -> None:
        self._refresh()

    def _plan_problem(self) -> str:
        try:
            check_plan(self.kit_sizes.value, self.per_week.value, rules())
            check_history(self.history, self.kit_sizes.value)
        except ValueError as exc:
            return f"<p class='coursekit-error'><b>{_t('check_plan')}</b> {html.escape(str(exc))}</p>"
        self._plan = (self.kit_sizes.value, self.per_week.value)
        return ""

    def _refresh(self) -> None:
        self.step = None
        if not self.history:
            self.advice.value = f"<p>{_t('empty_log_advice')}</p>"
        elif self.stopped:  # shown whatever the plan settings say
            self.step = stop_step(self.history, tuple(self.clearances), rules(), tuple(self.remembered))
            self.advice.value = (
                f"{advice_html(self.step)}<p class='coursekit-stop-memory'><b>{html.escape(_t('stop_memory'))}</b></p>"
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
                self.advice.value = f"<p class='coursekit-error'><b>{_t('check_plan')}</b> {html.escape(str(exc))}</p>"
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
            n = len(self.history)
            if step is None:
                said = _t("figure_description", n=n)
            elif step.size is None:
                said = _t("figure_description_stop", n=n)
            else:
                action = load()["actions"][step.action].lower()
                said = _t("figure_description_step", n=n, action=action, size=step.size)
            with self.figure:
                theme.show(self.current_figure, said)
