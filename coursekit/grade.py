"""Autograde a whole class in parallel with nbgrader, with a progress bar and a failure report.

    python -m coursekit.grade [ASSIGNMENT ...] [--course grading] [--workers N] [--force] [--report PATH]

Every collected submission (``<course>/submitted/<student>/<assignment>``) is graded by nbgrader's
own autograde (its Python API, same config and preprocessors as ``nbgrader autograde --force``)
in one of N long-lived worker processes (default: the number of cores), one submission at a time
from a shared queue. The run ends with a report (graded, failed with the reason, skipped) and a CSV
with a ``status`` column, so a failed submission never reads as a zero.

Re-running is idempotent: a submission graded earlier and unchanged since is skipped (its score
is read back from the gradebook); ``--force`` grades everything again. Ctrl-C stops the workers,
removes their half-written output and leaves the gradebook consistent; a re-run finishes the rest.
The gradebook is sqlite by default, PostgreSQL when ``COURSEKIT_DB_URL`` is set.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import queue
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from nbgrader.api import Gradebook

from coursekit.grading import Outcome, diagnose, scores, submissions, write_report

MARKER = ".coursekit-graded"
DEFAULT_COURSE = Path(__file__).resolve().parent.parent / "grading"


def db_url(course: Path, env: dict | None = None) -> str:
    """The gradebook nbgrader will use: ``COURSEKIT_DB_URL``, else ``<course>/gradebook.db``.

    >>> db_url(Path("/c"), env={})
    'sqlite:////c/gradebook.db'
    """
    env = os.environ if env is None else env
    return env.get("COURSEKIT_DB_URL") or f"sqlite:///{Path(course) / 'gradebook.db'}"


def assignments(course: Path) -> list[str]:
    """Every assignment with at least one collected submission, whatever banks exist."""
    folder = Path(course) / "submitted"
    if not folder.is_dir():
        return []
    return sorted({p.name for student in folder.iterdir() if student.is_dir() for p in student.iterdir() if p.is_dir()})


def fingerprint(course: Path, student: str, assignment: str) -> str:
    """A hash of the submitted files: a resubmission (``collect --update``) changes it."""
    folder = Path(course) / "submitted" / student / assignment
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def is_done(course: Path, student: str, assignment: str) -> bool:
    """True when this exact submission was graded by an earlier run that finished."""
    marker = Path(course) / "autograded" / student / assignment / MARKER
    return marker.is_file() and marker.read_text() == fingerprint(course, student, assignment)


class Worker:
    """One long-lived ``coursekit.gradeworker`` process, grading one submission per request.

    The process runs in a session of its own: Ctrl-C at the terminal reaches only the parent,
    which then stops each worker with SIGINT so nbgrader shuts its kernel down, then SIGKILL.
    """

    def __init__(self, course: Path, env: dict):
        self.course, self.env = course, env
        self.proc: subprocess.Popen | None = None
        self.errors = None
        self.released: list[subprocess.Popen] = []

    def _start(self, startup: float = 120) -> subprocess.Popen | None:
        """The running worker, or a new one once it says it is ready; None if it cannot start."""
        if self.proc is not None and self.proc.poll() is None:
            return self.proc
        if self.errors is not None:
            self.errors.close()
        self.errors = tempfile.TemporaryFile(mode="w+", encoding="utf-8", errors="replace")
        self.proc = proc = subprocess.Popen(
            [sys.executable, "-m", "coursekit.gradeworker"],
            cwd=self.course,
            env=self.env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.errors,
            text=True,
            start_new_session=True,
        )
        if self._answer(proc, startup) != {"ready": True}:
            self.stop()
            return None
        return proc

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
        """('ok' | 'error' | 'timeout' | 'crashed', log) for one submission."""
        proc = self._start()
        if proc is None:
            return "crashed", self._last_errors()
        try:
            proc.stdin.write(json.dumps({"assignment": assignment, "student": student}) + "\n")
            proc.stdin.flush()
        except (BrokenPipeError, OSError):
            self.stop()
            return "crashed", self._last_errors()
        answer = self._answer(proc, timeout)
        if isinstance(answer, str):
            self.stop()
            return answer, self._last_errors() if answer == "crashed" else ""
        return ("ok" if answer.get("success") else "error"), answer.get("log", "")

    def _last_errors(self, chars: int = 2000) -> str:
        if self.errors is None:
            return ""
        self.errors.flush()
        self.errors.seek(0)
        return self.errors.read()[-chars:]

    def stop(self) -> None:
        """SIGINT to the worker and its kernel, SIGKILL if they are still there after 15 s."""
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
        self.released.append(proc)

    def close(self) -> None:
        """End of the run: the worker finishes its loop when stdin closes."""
        proc, self.proc = self.proc, None
        if proc is None:
            return
        try:
            proc.stdin.close()
            proc.wait(timeout=30)
        except (OSError, subprocess.TimeoutExpired):
            self.proc = proc
            self.stop()
        self.released.append(proc)

    def release(self) -> None:
        """Close the pipes of every process this worker ran (from the thread that used them)."""
        for proc in self.released:
            for stream in (proc.stdin, proc.stdout):
                try:
                    stream.close()
                except (OSError, ValueError):
                    pass
        self.released = []
        if self.errors is not None:
            self.errors.close()


class Runner:
    """N workers taking submissions from one queue; a result per submission, never a silent zero."""

    def __init__(self, course: Path, env: dict | None, timeout: float, workers: int):
        self.course, self.timeout = Path(course), timeout
        env = dict(os.environ if env is None else env)
        # nbgrader runs `alembic` by name when it creates a gradebook: the venv's bin goes first.
        env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
        # The worker imports coursekit; the course folder may be anywhere.
        package_root = str(Path(__file__).resolve().parent.parent)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (package_root, env.get("PYTHONPATH", "")) if p)
        self.workers = [Worker(self.course, env) for _ in range(workers)]
        self.stopping = threading.Event()

    def serve(self, worker: Worker, jobs: queue.Queue, results: queue.Queue) -> None:
        try:
            while not self.stopping.is_set():
                try:
                    assignment, student = jobs.get_nowait()
                except queue.Empty:
                    return
                results.put(self.grade(worker, assignment, student))
        finally:
            if self.stopping.is_set():
                worker.stop()
            else:
                worker.close()
            worker.release()

    def grade(self, worker: Worker, assignment: str, student: str) -> Outcome:
        print_ = fingerprint(self.course, student, assignment)
        status, log = worker.grade(assignment, student, self.timeout)
        graded = self.course / "autograded" / student / assignment
        if self.stopping.is_set():
            self._discard(assignment, student)
            return Outcome(student, assignment, "interrupted", "stopped by Ctrl-C")
        if status == "ok" and "There was an error processing" not in log and any(graded.glob("*.ipynb")):
            # Written last, atomically: only a finished grading counts as done on a re-run.
            tmp = graded / (MARKER + ".tmp")
            tmp.write_text(print_)
            tmp.replace(graded / MARKER)
            return Outcome(student, assignment, "graded")
        self._discard(assignment, student)
        if status == "timeout":
            return Outcome(student, assignment, "failed", f"timeout: no result after {self.timeout:.0f} s")
        if status == "crashed":
            detail = (log.strip().splitlines() or ["no message"])[-1][:200]
            return Outcome(student, assignment, "failed", f"worker crashed: the grading process died ({detail})")
        return Outcome(student, assignment, "failed", diagnose(self.course, student, assignment, log))

    def _discard(self, assignment: str, student: str) -> None:
        # Half-written output must not look graded; the re-run grades it again with --force.
        shutil.rmtree(self.course / "autograded" / student / assignment, ignore_errors=True)

    def stop_all(self) -> None:
        """Stop every worker (SIGINT, then SIGKILL after 15 s)."""
        self.stopping.set()
        threads = [threading.Thread(target=w.stop) for w in self.workers]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=30)


class Progress:
    """A one-line progress bar on a terminal; one line per submission in a log (CI, tests)."""

    def __init__(self, total: int, stream=sys.stderr):
        self.total, self.stream, self.start = total, stream, time.monotonic()
        self.counts = {"graded": 0, "failed": 0, "skipped": 0}
        self.tty = hasattr(stream, "isatty") and stream.isatty()

    def update(self, outcome: Outcome) -> None:
        if outcome.status in self.counts:
            self.counts[outcome.status] += 1
        done = sum(self.counts.values())
        elapsed = time.monotonic() - self.start
        left = elapsed / done * (self.total - done) if done else 0.0
        width = 30
        bar = "#" * (width * done // max(self.total, 1))
        counts = " ".join(f"{k} {v}" for k, v in self.counts.items())
        line = f"[{bar:<{width}}] {done}/{self.total} {counts} | {fmt(elapsed)} elapsed, {fmt(left)} left"
        if self.tty:
            self.stream.write("\r" + line + ("\n" if done == self.total else ""))
        else:
            self.stream.write(f"{line} | {outcome.assignment}/{outcome.student}: {outcome.status}\n")
        self.stream.flush()


def fmt(seconds: float) -> str:
    """Minutes and seconds.

    >>> fmt(125.4)
    '2:05'
    """
    return f"{int(seconds) // 60}:{int(seconds) % 60:02d}"


def grade_class(
    course: Path,
    names: list[str] | None = None,
    workers: int | None = None,
    force: bool = False,
    env: dict | None = None,
    timeout: float = 600,
    stream=sys.stderr,
) -> tuple[list[Outcome], bool]:
    """Autograde every collected submission of ``names`` (default: all) with ``workers`` processes.

    Returns the outcomes with gradebook scores attached, and whether the run was interrupted.
    """
    course = Path(course)
    names = names or assignments(course)
    url = db_url(course, env)
    jobs = [(a, s) for a in names for s in submissions(course, a)]
    # Students go in one at a time first, so parallel workers never race to insert the same row.
    with Gradebook(url) as gb:
        for student in sorted({s for _, s in jobs}):
            gb.update_or_create_student(student)
    todo = [(a, s) for a, s in jobs if force or not is_done(course, s, a)]
    outcomes = [Outcome(s, a, "skipped", "graded earlier, unchanged since") for a, s in jobs if (a, s) not in todo]
    progress = Progress(len(jobs), stream)
    for o in outcomes:
        progress.update(o)
    workers_n = max(1, min(workers or os.cpu_count() or 1, len(todo) or 1))
    runner = Runner(course, env, timeout, workers_n)
    jobs: queue.Queue = queue.Queue()
    for job in todo:
        jobs.put(job)
    results: queue.Queue = queue.Queue()
    threads = [threading.Thread(target=runner.serve, args=(w, jobs, results), daemon=True) for w in runner.workers]
    interrupted = False
    handler = signal.getsignal(signal.SIGINT)
    for t in threads:
        t.start()
    finished: set[tuple[str, str]] = set()
    try:
        while len(finished) < len(todo):
            try:
                outcome = results.get(timeout=0.2)  # a short wait, so Ctrl-C is handled at once
            except queue.Empty:
                if not any(t.is_alive() for t in threads) and results.empty():
                    break
                continue
            finished.add((outcome.assignment, outcome.student))
            outcomes.append(outcome)
            progress.update(outcome)
    except KeyboardInterrupt:
        interrupted = True
        if threading.current_thread() is threading.main_thread():
            # A second Ctrl-C must not cut the clean-up short and leave half-written output.
            signal.signal(signal.SIGINT, signal.SIG_IGN)
        runner.stop_all()
    for t in threads:
        t.join()
    while not results.empty():
        outcome = results.get()
        finished.add((outcome.assignment, outcome.student))
        outcomes.append(outcome)
    outcomes += [Outcome(s, a, "interrupted", "not started") for a, s in todo if (a, s) not in finished]
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, handler)
    ordered = []
    for name in names:
        ordered += scores(
            course, name, sorted((o for o in outcomes if o.assignment == name), key=lambda o: o.student), url
        )
    return ordered, interrupted


def summary(outcomes: list[Outcome]) -> str:
    """The end-of-run report: counts, then every failed submission with its reason."""
    counts = {k: sum(o.status == k for o in outcomes) for k in ("graded", "failed", "skipped", "interrupted")}
    lines = ["Autograde report: " + ", ".join(f"{v} {k}" for k, v in counts.items() if v or k != "interrupted")]
    for o in outcomes:
        if o.status == "failed":
            lines.append(f"  FAILED {o.assignment}/{o.student}: {o.reason}")
    if counts["interrupted"]:
        lines.append(f"  {counts['interrupted']} not finished: run the same command again to grade the rest.")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m coursekit.grade", description=__doc__.split("\n")[0])
    parser.add_argument("assignments", nargs="*", help="e.g. 01_anatomy (default: every collected assignment)")
    parser.add_argument("--course", type=Path, default=DEFAULT_COURSE, help="folder with nbgrader_config.py")
    parser.add_argument("--workers", "-j", type=int, default=os.cpu_count(), help="worker processes (default: cores)")
    parser.add_argument("--force", action="store_true", help="grade again even submissions graded earlier")
    parser.add_argument("--timeout", type=float, default=600, help="seconds per submission before it fails")
    parser.add_argument("--report", type=Path, help="CSV with a status column (default <course>/grades-status.csv)")
    args = parser.parse_args(argv)
    course = args.course.resolve()
    if not (course / "nbgrader_config.py").is_file():
        parser.error(f"{course} has no nbgrader_config.py: point --course at the course folder")
    if args.workers < 1:
        parser.error("--workers must be at least 1")
    if not args.timeout > 0:
        parser.error("--timeout must be a positive number of seconds")
    collected = assignments(course)
    unknown = [a for a in args.assignments if a not in collected]
    if unknown:
        known = ", ".join(collected) or "none yet (run nbgrader collect first)"
        parser.error(f"no collected submissions for {', '.join(unknown)}; collected assignments: {known}")
    outcomes, interrupted = grade_class(course, args.assignments, args.workers, args.force, timeout=args.timeout)
    report = args.report or course / "grades-status.csv"
    write_report(report, outcomes)
    print(summary(outcomes))
    print(f"Report: {report}")
    if interrupted:
        return 130
    return 1 if any(o.status in ("failed", "interrupted") for o in outcomes) else 0


if __name__ == "__main__":
    sys.exit(main())
