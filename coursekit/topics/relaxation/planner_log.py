"""Module 02 planner: the log-file buttons (save, load, delete, clear), with confirmations that never lose a
stop or an episode of pain or bleeding silently."""

from __future__ import annotations

import html

from coursekit.course import browser
from coursekit.course.strings import text
from coursekit.topics.relaxation.logic import LOG_NAME, check_plan, delete_log, load_log, rules, save_log
from coursekit.topics.relaxation.planner import episodes
from coursekit.topics.relaxation.planner_figure import _episode_words


class LogButtons:
    """Save, load, delete and clear the planner's log; mixed into ProgressionPlanner."""

    def _refuse_while_stopped(self, target) -> bool:
        """While the planner says stop, Clear and Load must not lift the stop without a confirmation."""
        if not self.stopped:
            return False
        target.value = (
            f"<p class='coursekit-error'><b>{text('relaxation', 'not_done')}</b> {text('relaxation', 'stop_first')}</p>"
        )
        return True

    def _ask_first(self, action: str, target) -> bool:
        """A first click on Clear (always) or Load (when pain or bleeding could still come back) only
        warns; the second click in a row does it. True means: wait for the second click."""
        found = episodes(self.history, rules())
        if action == "load" and not found:
            return False
        if self._pending == action:
            return False
        self._pending = action
        n = len(self.history)
        count = text("relaxation", "session_count_one" if n == 1 else "session_count", n=n)
        lost = text("relaxation", "ask_lost", episodes=_episode_words(found)) if found else ""
        asked = text(
            "relaxation", f"ask_{action}", count=count, lost=lost, button=text("relaxation", f"{action}_button")
        )
        target.value = f"<p class='coursekit-error'><b>{text('relaxation', 'not_yet')}</b> {asked}</p>"
        return True

    def _forget(self) -> str:
        """Keep the pain and bleeding of the log being dropped, for the recurrence check; say so."""
        found = [s for s in self.history if (s.pain or s.bleeding) and s not in self.remembered]
        self.remembered.extend(found)
        if not self.remembered:
            return ""
        return " " + text("relaxation", "still_remembers", episodes=_episode_words(self.remembered))

    def _on_clear(self, _button=None) -> None:
        if self._refuse_while_stopped(self.message):
            self._pending = None
            return
        if not self.history:
            self._pending = None
            self.message.value = f"<p>{text('relaxation', 'already_empty')}</p>"
            return
        if self._ask_first("clear", self.message):
            return
        self._pending = None
        kept = html.escape(self._forget())
        self.history, self.clearances = [], []
        self.message.value = f"<p>{text('relaxation', 'empty_again')}{kept}</p>"
        self._refresh()

    def _on_save(self, _button=None) -> None:
        if not self.history:
            self.saved.value = f"<p>{text('relaxation', 'nothing_to_save')}</p>"
            return
        kit, per_week = self._plan  # the plan settings last valid for this log, so the file loads back
        try:
            path = save_log(self.history, kit, per_week, self.save_folder, self.clearances)
        except OSError as exc:
            self.saved.value = f"<p>{text('relaxation', 'could_not_save', error=html.escape(str(exc)))}</p>"
            return
        link = browser.download_link(path, text("relaxation", "download"))
        where = html.escape(str(path.resolve()))
        self.saved.value = f"<p>{text('relaxation', 'saved_to', path=where, download=link)}</p>"

    def _on_load(self, _button=None) -> None:
        if self._refuse_while_stopped(self.saved):
            self._pending = None
            return
        try:
            saved = load_log(self.save_folder)
            check_plan(saved.kit_sizes, saved.sessions_per_week, rules())
        except ValueError as exc:
            self._pending = None
            self.saved.value = (
                f"<p class='coursekit-error'><b>{text('relaxation', 'not_loaded')}</b> {html.escape(str(exc))}</p>"
            )
            return
        if self._ask_first("load", self.saved):
            return
        self._pending = None
        kept = html.escape(self._forget())
        self.history, self.clearances = saved.history, saved.clearances
        self.kit_sizes.value, self.per_week.value = saved.kit_sizes, saved.sessions_per_week
        self.saved.value = f"<p>{text('relaxation', 'loaded', n=len(self.history))}{kept}</p>"
        self._refresh()

    def _on_delete(self, _button=None) -> None:
        try:
            gone = delete_log(self.save_folder)
        except OSError as exc:
            self.saved.value = f"<p>{text('relaxation', 'could_not_delete', error=html.escape(str(exc)))}</p>"
            return
        where = html.escape(str(self.save_folder / LOG_NAME))
        said = text("relaxation", "deleted", path=where) if gone else text("relaxation", "nothing_to_delete")
        self.saved.value = f"<p>{said}</p>"
