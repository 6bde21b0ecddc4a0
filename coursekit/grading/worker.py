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
channel carries answers only. SIGINT (the parent's Ctrl-C; CTRL_BREAK on Windows) ends the worker
without an answer; nbgrader's kernel clean-up still runs on the way out.

Portable by construction: answers are read by a thread per worker (no ``select`` on pipes, which
Windows lacks), and the worker runs in a process group of its own on every platform (a new session
on POSIX, a new process group on Windows), so Ctrl-C at the terminal reaches only the parent.
"""

from __future__ import annotations

import json
import os
import queue
import signal
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

WINDOWS = os.name == "nt"


def _own_group() -> dict:
    """Popen options that start the worker in a process group of its own, on this platform."""
    if WINDOWS:
        return {"creationflags": subprocess.CREATE_NEW_PROCESS_GROUP}
    return {"start_new_session": True}


def _signal_group(proc: subprocess.Popen, hard: bool) -> None:
    """Interrupt (hard=False) or kill (hard=True) the worker and, on POSIX, everything in its group.

    Raises ProcessLookupError when the process (on POSIX: its whole group) is already gone.
    """
    if WINDOWS:  # a kernel started by a killed worker exits by itself: ipykernel watches its parent
        if proc.poll() is not None:
            raise ProcessLookupError(proc.pid)
        if hard:
            proc.kill()
        else:
            proc.send_signal(signal.CTRL_BREAK_EVENT)
        return
    os.killpg(proc.pid, signal.SIGKILL if hard else signal.SIGINT)


def _read_answers(stream, answers: queue.Queue) -> None:
    """Thread body: every line the worker writes on its answers channel, then None at the end."""
    try:
        for line in stream:
            answers.put(line)
    except (OSError, ValueError):  # the pipe closed under us (stop() after Ctrl-C)
        pass
    answers.put(None)


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
        self.answers: queue.Queue = queue.Queue()

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
                encoding="utf-8",
                **_own_group(),
            )
            self.answers = answers = queue.Queue()
            threading.Thread(target=_read_answers, args=(proc.stdout, answers), daemon=True).start()
        answer = self._answer(answers, startup)
        if isinstance(answer, dict) and answer.get("ready"):
            self.config = answer
            return proc
        if self.stopping.is_set():
            return None
        self.stop()
        what = f"did not get ready within {startup:.0f} s" if answer == "timeout" else "died while starting"
        raise WorkerStartError(f"the grading worker {what}: {self.last_errors(600).strip() or 'no message'}")

    @staticmethod
    def _answer(answers: queue.Queue, timeout: float) -> dict | str:
        """The worker's next answer, or "timeout", or "crashed" when it died or spoke nonsense."""
        try:
            line = answers.get(timeout=timeout)
        except queue.Empty:
            return "timeout"
        try:
            answer = json.loads(line or "null")
        except ValueError:  # nonsense on the answers channel
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
        answer = self._answer(self.answers, timeout)
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
        """Interrupt the worker (SIGINT, or CTRL_BREAK on Windows), kill it if it is still there after 15 s."""
        with self.lock:
            proc, self.proc = self.proc, None
        if proc is None:
            return
        for hard, wait in ((False, 15), (True, 5)):
            try:
                _signal_group(proc, hard)
            except (ProcessLookupError, OSError):
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
    if WINDOWS:  # the parent's stop() sends CTRL_BREAK_EVENT to the worker's process group
        signal.signal(signal.SIGBREAK, on_sigint)
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
        # Whether the course's config runs student code through the sandboxed Execute step.
        steps = app.config.get("Autograde", {}).get("autograde_preprocessors", [])
        ready["sandbox"] = any(str(getattr(step, "__name__", step)).endswith("SandboxedExecute") for step in steps)
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
