"""Autograde a whole class in parallel with nbgrader, with a progress bar and a failure report.

    coursekit-grade [ASSIGNMENT ...] [--course grading] [--workers N] [--force] [--report PATH] [--no-sandbox]

Every collected submission (``<course>/submitted/<student>/<assignment>``) is graded by nbgrader's
own autograde (its Python API, same config and preprocessors as ``nbgrader autograde --force``)
in one of N long-lived worker processes (default: the cores this process may use), one submission at a
time from a shared queue. Each student's kernel runs in a bubblewrap sandbox and answers are marked outside
it (:mod:`coursekit.grading.execute`); without bwrap it refuses unless ``--no-sandbox`` is given.
The run ends with a report (graded, failed with the reason, skipped) and a CSV with a ``status``
column, so a failed submission never reads as a zero; each failure's full log is kept in
``<course>/autograde-logs/<assignment>/<student>.log``, and ``<course>/autograde-status.csv``
keeps every submission's latest status across runs (:mod:`coursekit.grading.ledger`).

Re-running is idempotent: a submission graded earlier, unchanged since, against the same master
notebook, config and gradebook, is skipped (its score is read back from the gradebook); ``--force``
grades everything again. Ctrl-C stops the workers, removes their half-written output and leaves
the gradebook consistent; a re-run finishes the rest. The gradebook is whatever nbgrader's config
says: sqlite by default, PostgreSQL when ``COURSEKIT_DB_URL`` is set.

Exit codes: 0 all graded or skipped, 1 some failed, 2 usage error, another run holds the course or
no sandbox, 3 the grading worker could not start, 130 interrupted.
"""

from __future__ import annotations

import argparse
import os
import queue
import shutil
import signal
import sys
import threading
from pathlib import Path

from filelock import FileLock, Timeout
from nbgrader.api import Gradebook, MissingEntry

from coursekit import __version__
from coursekit.course.data import ROOT
from coursekit.grading import ledger
from coursekit.grading.autograde import (
    LOGS,
    Outcome,
    assignments,
    diagnose,
    graded_cleanly,
    is_dead_kernel,
    nbgrader_env,
    scores,
    submissions,
    summary,
    write_report,
)
from coursekit.grading.markers import MARKER, basis, fingerprint, is_done
from coursekit.grading.progress import Progress
from coursekit.grading.sandbox import SWITCH, SandboxUnavailable, problem
from coursekit.grading.worker import Worker, WorkerStartError

LOCK = ".coursekit-grade.lock"
DEFAULT_COURSE = ROOT / "grading"


def cores() -> int:
    """The cores this process may run on (a container's or a scheduler's limit, not the machine's)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def default_course() -> Path:
    """``./grading`` when run from a course's root, as nbgrader finds its config there; else this package's."""
    here = Path.cwd() / "grading"
    return here if (here / "nbgrader_config.py").is_file() else DEFAULT_COURSE


class Runner:
    """N workers taking submissions from one queue; a result per submission, never a silent zero."""

    def __init__(self, course: Path, env: dict | None, timeout: float, workers: int, sandbox: bool = True):
        self.course, self.timeout = Path(course), timeout
        env = nbgrader_env(env)
        env[SWITCH] = "on" if sandbox else "off"  # read by coursekit.grading.execute in each worker
        # The worker imports coursekit; the course folder may be anywhere.
        package_root = str(Path(__file__).resolve().parents[2])
        env["PYTHONPATH"] = os.pathsep.join(p for p in (package_root, env.get("PYTHONPATH", "")) if p)
        self.stopping = threading.Event()
        self.workers = [Worker(self.course, env, self.stopping) for _ in range(workers)]
        self.bases: dict[str, str] = {}

    def config(self) -> dict:
        """Start the first worker and return nbgrader's view of the course (db_url, course_id)."""
        self.workers[0].start()
        return self.workers[0].config

    def serve(self, worker: Worker, jobs: queue.Queue, results: queue.Queue) -> None:
        try:
            while not self.stopping.is_set():
                try:
                    assignment, student = jobs.get_nowait()
                except queue.Empty:
                    return
                try:
                    results.put(self.grade(worker, assignment, student))
                except WorkerStartError as exc:
                    # Not this student's doing: put the job back for a healthy worker, and stop this one.
                    jobs.put((assignment, student))
                    results.put(exc)
                    return
                except Exception as exc:  # noqa: BLE001 (a bug here must not lose the submission)
                    self._discard(assignment, student)
                    results.put(Outcome(student, assignment, "failed", f"internal error: {exc!r}"[:300]))
        finally:
            if self.stopping.is_set():
                worker.stop()
            else:
                worker.close()

    def grade(self, worker: Worker, assignment: str, student: str) -> Outcome:
        print_ = fingerprint(self.course, student, assignment, self.bases.get(assignment, ""))
        status, log = worker.grade(assignment, student, self.timeout)
        if status == "error" and is_dead_kernel(log) and not self.stopping.is_set():
            # Kernels started at the same moment by parallel workers can race for the same free TCP
            # port, and the loser dies at start-up. One more try tells that apart from a notebook
            # that really kills its kernel, which dies again and is reported.
            status, log = worker.grade(assignment, student, self.timeout)
        graded = self.course / "autograded" / student / assignment
        if status == "stopped" or self.stopping.is_set():
            self._discard(assignment, student)
            return Outcome(student, assignment, "interrupted", "stopped by Ctrl-C")
        logfile = self.course / LOGS / assignment / f"{student}.log"
        if status == "ok" and graded_cleanly(self.course, student, assignment, log):
            # Written last, atomically: only a finished grading counts as done on a re-run.
            tmp = graded / (MARKER + ".tmp")
            tmp.write_text(print_)
            tmp.replace(graded / MARKER)
            logfile.unlink(missing_ok=True)  # an old failure's log would mislead
            return Outcome(student, assignment, "graded")
        self._discard(assignment, student)
        logfile.parent.mkdir(parents=True, exist_ok=True)
        logfile.write_text(log, encoding="utf-8")
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
        """Stop every worker (SIGINT, then SIGKILL after 15 s); none starts after this."""
        self.stopping.set()
        threads = [threading.Thread(target=w.stop) for w in self.workers]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=30)


# One format for the live bar on a terminal and for the one-line-per-submission log (CI, tests).
def grade_class(
    course: Path,
    names: list[str] | None = None,
    workers: int | None = None,
    force: bool = False,
    env: dict | None = None,
    timeout: float = 600,
    stream=sys.stderr,
    sandbox: bool = True,
) -> tuple[list[Outcome], bool]:
    """Autograde every collected submission of ``names`` (default: all) with ``workers`` processes.

    Returns the outcomes with gradebook scores attached, and whether the run was interrupted.
    Raises :class:`WorkerStartError` when no worker can start (a broken set-up, not a submission),
    and :class:`SandboxUnavailable`, before grading anyone, when ``sandbox`` is asked for but bwrap
    cannot run here or the course's nbgrader_config.py does not use the sandboxed Execute step.
    """
    course = Path(course)
    names = list(dict.fromkeys(names or assignments(course)))  # a name given twice is graded once
    jobs = [(a, s) for a in names for s in submissions(course, a)]
    if not jobs:
        return [], False
    if sandbox and problem():
        raise SandboxUnavailable(problem())
    runner = Runner(course, env, timeout, max(1, min(workers or cores(), len(jobs))), sandbox)
    handler = signal.getsignal(signal.SIGINT)
    try:
        config = runner.config()  # nbgrader's own db_url and course id, as its commands see them
    except KeyboardInterrupt:
        runner.stop_all()
        return [Outcome(s, a, "interrupted", "not started") for a, s in jobs], True
    if sandbox and not config.get("sandbox"):
        runner.stop_all()
        raise SandboxUnavailable(
            f"{course / 'nbgrader_config.py'} runs student code with nbgrader's own Execute step: "
            "set c.Autograde.autograde_preprocessors as in the course's grading/nbgrader_config.py"
        )
    url, course_id = config["db_url"], config["course_id"]
    runner.bases = {a: basis(course, a, url) for a in names}
    with Gradebook(url, course_id) as gb:
        # Students go in one at a time first, so parallel workers never race to insert the same row.
        for student in sorted({s for _, s in jobs}):
            gb.update_or_create_student(student)
        todo = []
        for a, s in jobs:
            if force or not is_done(course, s, a, runner.bases[a]):
                todo.append((a, s))
                continue
            try:
                gb.find_submission(a, s)
            except MissingEntry:  # graded into another gradebook, or this one was rebuilt
                todo.append((a, s))
    outcomes = [Outcome(s, a, "skipped", "graded earlier, unchanged since") for a, s in jobs if (a, s) not in todo]
    progress = Progress(len(jobs), stream)
    for o in outcomes:
        progress.update(o)
    runner.workers = runner.workers[: max(1, min(len(runner.workers), len(todo)))]
    jobs_q: queue.Queue = queue.Queue()
    for job in todo:
        jobs_q.put(job)
    results: queue.Queue = queue.Queue()
    threads = [threading.Thread(target=runner.serve, args=(w, jobs_q, results), daemon=True) for w in runner.workers]
    interrupted, start_errors = False, []
    for t in threads:
        t.start()
    finished: set[tuple[str, str]] = set()

    def take(item) -> None:
        if isinstance(item, WorkerStartError):
            start_errors.append(item)
            return
        finished.add((item.assignment, item.student))
        outcomes.append(item)
        progress.update(item)

    try:
        while len(finished) < len(todo):
            try:
                take(results.get(timeout=0.2))  # a short wait, so Ctrl-C is handled at once
            except queue.Empty:
                if not any(t.is_alive() for t in threads) and results.empty():
                    break
    except KeyboardInterrupt:
        interrupted = True
        if threading.current_thread() is threading.main_thread():
            # A second Ctrl-C must not cut the clean-up short and leave half-written output.
            signal.signal(signal.SIGINT, signal.SIG_IGN)
        runner.stop_all()
    for t in threads:
        t.join()
    while not results.empty():  # outcomes that arrived during the clean-up
        take(results.get())
    progress.close()
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, handler)
    why = f"not started: {start_errors[0]}" if start_errors else "not started"
    outcomes += [Outcome(s, a, "interrupted", why[:300]) for a, s in todo if (a, s) not in finished]
    ordered = []
    for name in names:
        mine = sorted((o for o in outcomes if o.assignment == name), key=lambda o: o.student)
        ordered += scores(course, name, mine, url, course_id)
    return ordered, interrupted


def main(argv: list[str] | None = None, prog: str = "python -m coursekit.grading.classrun") -> int:
    parser = argparse.ArgumentParser(prog=prog, description=__doc__.split("\n")[0])
    parser.add_argument("--version", action="version", version=f"%(prog)s (coursekit) {__version__}")
    parser.add_argument("assignments", nargs="*", help="e.g. 01_anatomy (default: every collected assignment)")
    parser.add_argument("--course", type=Path, help="folder with nbgrader_config.py (default: ./grading)")
    parser.add_argument("--workers", "-j", type=int, default=cores(), help="worker processes (default: cores)")
    parser.add_argument("--force", action="store_true", help="grade again even submissions graded earlier")
    parser.add_argument("--timeout", type=float, default=600, help="seconds per submission before it fails")
    parser.add_argument("--report", type=Path, help="CSV with a status column (default <course>/grades-status.csv)")
    no_box = "run student code without the bubblewrap sandbox, with your rights (only where bwrap cannot run)"
    parser.add_argument("--no-sandbox", action="store_true", help=no_box)
    args = parser.parse_intermixed_args(argv)  # assignments may come before or after options
    course = (args.course or default_course()).resolve()
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
    # One run per course folder, on every system (filelock: flock on Linux and macOS, msvcrt on Windows).
    lock = FileLock(course / LOCK)
    try:
        lock.acquire(blocking=False)
    except Timeout:
        print(f"Another coursekit-grade run is grading {course}; wait for it to finish.", file=sys.stderr)
        return 2
    try:
        outcomes, interrupted = grade_class(
            course, args.assignments, args.workers, args.force, timeout=args.timeout, sandbox=not args.no_sandbox
        )
        report = args.report or course / "grades-status.csv"
        write_report(report, outcomes)
        ledger.record(course, outcomes)  # autograde-status.csv: cumulative over runs, for the LMS export
    except SandboxUnavailable as exc:
        print(f"Nothing graded: no sandbox for student code: {exc}\n{SandboxUnavailable.advice}", file=sys.stderr)
        return 2
    except WorkerStartError as exc:
        print(f"Nothing graded: {exc}", file=sys.stderr)
        print("Check that the course's environment is installed (make env) and nbgrader_config.py loads.")
        return 3
    finally:
        lock.release()  # however the run ends
    print(summary(outcomes, course))
    print(f"Report: {report}")
    if interrupted:
        return 130
    return 1 if any(o.status in ("failed", "interrupted") for o in outcomes) else 0


def cli() -> int:
    """The ``coursekit-grade`` console command."""
    return main(prog="coursekit-grade")


if __name__ == "__main__":
    sys.exit(main())
