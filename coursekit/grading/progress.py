"""The grading run's progress: a live bar (tqdm) on a terminal, one line per submission in a log."""

from __future__ import annotations

import os
import sys
import time

from tqdm import tqdm

from coursekit.grading.autograde import Outcome

BAR = "[{bar:30}] {n_fmt}/{total_fmt} {counts} | {elapsed} elapsed, {left}"


class _LiveBar(tqdm):
    """tqdm's redrawn bar, with this run's counts and time left as extra fields of ``BAR``."""

    monitor_interval = 0  # no helper thread: the bar is redrawn on each outcome

    def __init__(self, progress: Progress, **kwargs):
        self.progress = progress
        super().__init__(**kwargs)

    @property
    def format_dict(self) -> dict:
        return {**super().format_dict, **self.progress.fields()}


class Progress:
    """A progress bar (tqdm) on a terminal; one line per submission in a log (CI, tests).

    Time left comes from the pace of submissions graded in this run; skipped ones cost nothing.

    >>> import io
    >>> p = Progress(3, io.StringIO())
    >>> p.update(Outcome("s1", "a", "skipped"))
    >>> "time left unknown" in p.stream.getvalue()
    True
    """

    def __init__(self, total: int, stream=sys.stderr):
        self.total, self.stream, self.start = total, stream, time.monotonic()
        self.counts = {"graded": 0, "failed": 0, "skipped": 0}
        self.tty = hasattr(stream, "isatty") and stream.isatty()
        self.bar = None
        if self.tty:
            try:  # a terminal that reports no size (0 x 0) would get no bar at all
                size = os.get_terminal_size(stream.fileno())
            except (AttributeError, OSError, ValueError):
                size = os.terminal_size((0, 0))
            self.bar = _LiveBar(
                self,
                total=total,
                file=stream,
                ncols=size.columns or 120,
                nrows=size.lines or 24,
                bar_format=BAR,
                ascii=" #",
                mininterval=0,
                miniters=1,
            )

    def fields(self) -> dict:
        """The counts and the time left, for ``BAR``."""
        done = sum(self.counts.values())
        worked = self.counts["graded"] + self.counts["failed"]
        if done == self.total:
            left = f"{tqdm.format_interval(0)} left"
        elif worked:
            elapsed = time.monotonic() - self.start
            left = f"{tqdm.format_interval(elapsed / worked * (self.total - done))} left"
        else:
            left = "time left unknown"
        return {"counts": " ".join(f"{k} {v}" for k, v in self.counts.items()), "left": left}

    def update(self, outcome: Outcome) -> None:
        if outcome.status in self.counts:
            self.counts[outcome.status] += 1
        done = sum(self.counts.values())
        if self.bar is not None:
            self.bar.n = done
            self.bar.refresh()
            if done == self.total:
                self.close()
            return
        elapsed = time.monotonic() - self.start
        line = tqdm.format_meter(done, self.total, elapsed, bar_format=BAR, ascii=" #", **self.fields())
        self.stream.write(f"{line} | {outcome.assignment}/{outcome.student}: {outcome.status}\n")
        self.stream.flush()

    def close(self) -> None:
        """End the live bar's line (an interrupted run stops short of the total)."""
        if self.bar is not None:
            self.bar.close()
            self.bar = None
