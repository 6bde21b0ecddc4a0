"""Module 02 planner: the log-file buttons (save, load, delete, clear), with confirmations that never lose a
stop or an episode of pain or bleeding silently."""

from __future__ import annotations

import html

from coursekit.topics.relaxation.logic import LOG_NAME, check_plan, delete_log, load_log, rules, save_log
from coursekit.topics.relaxation.planner import episodes
from coursekit.topics.relaxation.planner_figure import _episode_words

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


class LogButtons:
    """Save, load, delete and clear the planner's log; mixed into ProgressionPlanner."""

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
