"""A long-lived autograde worker: nbgrader's own Python API, one submission per request.

Both ends of the protocol live here: :func:`main` runs in the worker process, :class:`Worker` is
the parent's handle on one such process (start, ask, time out, stop).

Started by :mod:`coursekit.grading.classrun` in the course folder, never by hand::

    python -m coursekit.grading.classrunworker        # cwd: the folder holding nbgrader_config.py

It reads one JSON request per line on stdin, ``{"assignment": "01_anatomy", "student": "s01"}``,
grades it with :meth:`nbgrader.apps.NbGraderAPI.autograde` (the same converter, preprocessors and
config as ``nbgrader autograde``), and answers one JSON line: ``{"success": bool, "log": str}``.
Its first line, once nbgrader is loaded, is ``{"ready": true, "db_url": ..., "course_id": ...}``.

Why a worker: starting Python, importing nbgrader and loading the config takes about 2 s, longer
than grading one quiz. A worker pays that once for the whole run instead of once per process.

Anything else written to stdout (a kernel's warnings, say) is moved to stderr, so the answers
channel carries answers only. SIGINT (the parent's Ctrl-C) ends the worker without an answer;
nbgrader's kernel clean-up still runs on the way out.
"""

from __future__ import annotations

import json
import os
import select
import signal
import subprocess
import sys
import tempfile
import threading
from pathlib import Path


class WorkerStartError(RuntimeError):
    """The worker process died or hung before nbgrader was loaded: the set-up is broken, not a submission."""


class Worker:
    """One long-lived ``coursekit.grading.worker`` process, grading one submission per request.

    The process runs in a session of its own: Ctrl-C at the terminal reaches only the parent, which
    then stops each worker with SIGINT (nbgrader shuts its kernel down on the way out), then
    SIGKILL. A kernel left behind by a killed worker exits by itself: ipykernel watches its parent.
    """

    def __init__(self, course: Path, env: dict, stopping: threading.Event):
        self.course, self.env, self.stopping = course, env, stopping
        self.proc: subprocess.Popen | None = None
        self.errors = None
        self.lock = threading.Lock()  # guards proc: stop() may come from the main thread on Ctrl-C
        self.config: dict = {}

    def start(self, startup: float = 120) -> subprocess.Popen | None:
        """The running worker, or a new one once it says it is ready; None once Ctrl-C was pressed."""
        with self.lock:
            if self.stopping.is_set():
                return None
            if self.proc is not None and self.proc.poll() is None:
                return self.proc
            self._retire()
            self.errors = tempfile.TemporaryFile(mode="w+", encoding="utf-8", errors="replace")
            self.proc = proc = subprocess.Popen(
                [sys.executable, "-m", "coursekit.grading.worker"],
                cwd=self.course,
                env=self.env,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=self.errors,
                text=True,
                start_new_session=True,
            )
        answer = self._answer(proc, startup)
        if isinstance(answer, dict) and answer.get("ready"):
            self.config = answer
            return proc
        if self.stopping.is_set():
            return None
        self.stop()
        what = f"did not get ready within {startup:.0f} s" if answer == "timeout" else "died while starting"
        raise WorkerStartError(f"the grading worker {what}: {self.last_errors(600).strip() or 'no message'}")

    @staticmethod
    def _answer(proc: subprocess.Popen, timeout: float) -> dict | str:
        """The worker's next answer, or "timeout", or "crashed" when it died or spoke nonsense."""
        try:
            ready, _, _ = select.select([proc.stdout], [], [], timeout)
            if not ready:
                return "timeout"
            answer = json.loads(proc.stdout.readline() or "null")
        except (ValueError, OSError):  # nonsense, or the pipe closed under us by Ctrl-C
            answer = None
        return answer if isinstance(answer, dict) else "crashed"

    def grade(self, assignment: str, student: str, timeout: float) -> tuple[str, str]:
        """('ok' | 'error' | 'timeout' | 'crashed' | 'stopped', log) for one submission."""
        proc = self.start()
        if proc is None:
            return "stopped", ""
        try:
            proc.stdin.write(json.dumps({"assignment": assignment, "student": student}) + "\n")
            proc.stdin.flush()
        except (BrokenPipeError, OSError, ValueError):
            self.stop()
            return "crashed", self.last_errors()
        answer = self._answer(proc, timeout)
        if isinstance(answer, str):
            self.stop()
            return answer, self.last_errors() if answer == "crashed" else ""
        return ("ok" if answer.get("success") else "error"), answer.get("log", "")

    def last_errors(self, chars: int = 4000) -> str:
        """The end of what the worker wrote to stderr (its kernels' messages, a crash's traceback)."""
        try:
            self.errors.flush()
            self.errors.seek(0)
            return self.errors.read()[-chars:]
        except (AttributeError, OSError, ValueError):
            return ""

    def stop(self) -> None:
        """SIGINT to the worker, SIGKILL if it is still there after 15 s."""
        with self.lock:
            proc, self.proc = self.proc, None
        if proc is None:
            return
        for sig, wait in ((signal.SIGINT, 15), (signal.SIGKILL, 5)):
            try:
                os.killpg(proc.pid, sig)
            except ProcessLookupError:
                break
            try:
                proc.wait(timeout=wait)
                break
            except subprocess.TimeoutExpired:
                continue
        self._close_pipes(proc)

    def close(self) -> None:
        """End of the run: the worker leaves its loop when stdin closes."""
        with self.lock:
            proc = self.proc
        if proc is not None:
            try:
                proc.stdin.close()
                proc.wait(timeout=30)
            except (OSError, ValueError, subprocess.TimeoutExpired):
                pass
        self.stop()
        with self.lock:
            self._retire()

    def _retire(self) -> None:
        if self.errors is not None:
            self.errors.close()
            self.errors = None

    @staticmethod
    def _close_pipes(proc: subprocess.Popen) -> None:
        for stream in (proc.stdin, proc.stdout):
            try:
                stream.close()
            except (OSError, ValueError):
                pass


def main() -> int:
    answers = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)  # fd 1 now goes to stderr, for this process and the kernels it starts

    stopping = False

    def on_sigint(signum, frame):
        nonlocal stopping
        stopping = True
        raise KeyboardInterrupt

    signal.signal(signal.SIGINT, on_sigint)
    try:
        from nbgrader.apps import NbGraderAPI
        from nbgrader.apps.autogradeapp import AutogradeApp

        # Initialising the app loads nbgrader_config.py from the working folder and the Jupyter
        # config paths exactly as the command line does; the API then borrows its config.
        app = AutogradeApp()
        # nbgrader only logs a config file that fails to load and goes on with defaults (another
        # gradebook, no cell timeout, feedback showing hidden tests): here that stops the worker.
        app.raise_config_file_errors = True
        app.initialize([])
        api = NbGraderAPI(coursedir=app.coursedir, parent=app)
        # The parent's timeouts start from here; it reads the gradebook nbgrader's config chose.
        ready = {"ready": True, "db_url": app.coursedir.db_url, "course_id": app.coursedir.course_id}
        answers.write(json.dumps(ready) + "\n")
        answers.flush()
        for line in sys.stdin:
            if not line.strip():
                continue
            request = json.loads(line)
            # nbgrader's capture_log catches every exception, KeyboardInterrupt included.
            result = api.autograde(request["assignment"], request["student"], force=True, create=True)
            if stopping:
                return 130
            text = "\n".join(part for part in (result.get("log", ""), result.get("error", "")) if part)
            answers.write(json.dumps({"success": bool(result["success"]), "log": text}) + "\n")
            answers.flush()
    except KeyboardInterrupt:
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
