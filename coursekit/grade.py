"""Autograde a whole class in parallel with nbgrader, with a progress bar and a failure report.

    python -m coursekit.grade [ASSIGNMENT ...] [--course grading] [--workers N] [--force] [--report PATH]

Every collected submission (``<course>/submitted/<student>/<assignment>``) is graded by a real
``nbgrader autograde --force`` process over a batch of students; N of them run at once (default:
the number of cores). The run ends with a report (graded, failed with the reason, skipped) and a CSV with a
``status`` column, so a failed submission never reads as a zero.

Re-running is idempotent: a submission graded earlier and unchanged since is skipped (its score
is read back from the gradebook); ``--force`` grades everything again. Ctrl-C stops the workers,
removes their half-written output and leaves the gradebook consistent; a re-run finishes the rest.
The gradebook is sqlite by default, PostgreSQL when ``COURSEKIT_DB_URL`` is set.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
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


class Runner:
    """Runs nbgrader processes and can stop them all at once (Ctrl-C)."""

    def __init__(self, course: Path, env: dict | None, timeout: float):
        self.course, self.timeout = Path(course), timeout
        self.env = dict(os.environ if env is None else env)
        # nbgrader runs `alembic` by name when it creates a gradebook: the venv's bin goes first.
        self.env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), self.env.get("PATH", "")])
        self.stopping = threading.Event()
        self.running: set[subprocess.Popen] = set()
        self.lock = threading.Lock()

    def grade(self, assignment: str, students: list[str]) -> list[Outcome]:
        """Autograde a batch of submissions in one nbgrader process; never a silent zero.

        One process per batch pays nbgrader's start-up (about 2 s) once. A student whose
        notebook fails inside a batch is graded again alone, so the reason is theirs.
        """
        if self.stopping.is_set():
            return [Outcome(s, assignment, "interrupted", "not started") for s in students]
        prints = {s: fingerprint(self.course, s, assignment) for s in students}
        if len(students) == 1:
            select = ["--student", students[0]]
        else:
            others = sorted(set(submissions(self.course, assignment)) - set(students))
            select = [f"--CourseDirectory.student_id_exclude={','.join(others)}"] if others else []
        cmd = [sys.executable, "-m", "nbgrader", "autograde", assignment, *select, "--create", "--force"]
        # A session of its own: Ctrl-C at the terminal reaches only this command, which then stops
        # each worker with SIGINT so nbgrader shuts its kernel down instead of orphaning it.
        proc = subprocess.Popen(
            cmd,
            cwd=self.course,
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        with self.lock:
            self.running.add(proc)
        try:
            log, _ = proc.communicate(timeout=self.timeout * len(students))
        except subprocess.TimeoutExpired:
            self._stop(proc)
            for s in students:
                self._discard(assignment, s)
            if len(students) > 1:
                return [o for s in students for o in self.grade(assignment, [s])]
            return [Outcome(students[0], assignment, "failed", f"timeout: no result after {self.timeout:.0f} s")]
        finally:
            with self.lock:
                self.running.discard(proc)
        if self.stopping.is_set():
            for s in students:
                self._discard(assignment, s)
            return [Outcome(s, assignment, "interrupted", "stopped by Ctrl-C") for s in students]
        out = []
        clean = proc.returncode == 0 and "There was an error processing" not in log
        for s in students:
            graded = self.course / "autograded" / s / assignment
            # nbgrader removes the output of a submission that fails; a finished one keeps it.
            if any(graded.glob("*.ipynb")) and (clean or len(students) > 1):
                # Written last, atomically: only a finished grading counts as done on a re-run.
                tmp = graded / (MARKER + ".tmp")
                tmp.write_text(prints[s])
                tmp.replace(graded / MARKER)
                out.append(Outcome(s, assignment, "graded"))
            elif len(students) == 1:
                self._discard(assignment, s)
                out.append(Outcome(s, assignment, "failed", diagnose(self.course, s, assignment, log)))
            else:
                self._discard(assignment, s)
                out += self.grade(assignment, [s])
        return out

    def _discard(self, assignment: str, student: str) -> None:
        # Half-written output must not look graded; the re-run grades it again with --force.
        shutil.rmtree(self.course / "autograded" / student / assignment, ignore_errors=True)

    def _stop(self, proc: subprocess.Popen) -> None:
        for sig, wait in ((signal.SIGINT, 15), (signal.SIGKILL, 5)):
            try:
                os.killpg(proc.pid, sig)
            except ProcessLookupError:
                return
            try:
                proc.wait(timeout=wait)
                return
            except subprocess.TimeoutExpired:
                continue

    def stop_all(self) -> None:
        """Stop every running worker (SIGINT, then SIGKILL after 15 s)."""
        self.stopping.set()
        with self.lock:
            procs = list(self.running)
        threads = [threading.Thread(target=self._stop, args=(p,)) for p in procs]
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


def batches(todo: list[tuple[str, str]], workers: int, size: int | None = None) -> list[tuple[str, list[str]]]:
    """Split the work into batches of one assignment: about 3 per worker, at most 10 students each.

    Small enough for a live progress bar and little lost work on Ctrl-C, large enough to pay
    nbgrader's start-up once per batch rather than once per student.

    >>> batches([("a", "s1"), ("a", "s2"), ("a", "s3"), ("b", "s1")], workers=1)
    [('a', ['s1']), ('a', ['s2']), ('a', ['s3']), ('b', ['s1'])]
    >>> batches([("a", f"s{n}") for n in range(4)], workers=1, size=3)
    [('a', ['s0', 's1', 's2']), ('a', ['s3'])]
    """
    out = []
    for name in dict.fromkeys(a for a, _ in todo):
        students = [s for a, s in todo if a == name]
        n = size or max(1, min(10, -(-len(students) // (3 * workers))))
        out += [(name, students[i : i + n]) for i in range(0, len(students), n)]
    return out


def grade_class(
    course: Path,
    names: list[str] | None = None,
    workers: int | None = None,
    force: bool = False,
    env: dict | None = None,
    timeout: float = 600,
    stream=sys.stderr,
    batch_size: int | None = None,
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
    runner = Runner(course, env, timeout)
    interrupted = False
    handler = signal.getsignal(signal.SIGINT)
    workers_n = workers or os.cpu_count() or 1
    pool = ThreadPoolExecutor(max_workers=workers_n)
    futures = {pool.submit(runner.grade, a, batch): (a, batch) for a, batch in batches(todo, workers_n, batch_size)}
    try:
        for future in as_completed(futures):
            for outcome in future.result():
                outcomes.append(outcome)
                progress.update(outcome)
    except KeyboardInterrupt:
        interrupted = True
        if threading.current_thread() is threading.main_thread():
            # A second Ctrl-C must not cut the clean-up short and leave half-written output.
            signal.signal(signal.SIGINT, signal.SIG_IGN)
        runner.stop_all()
        pool.shutdown(wait=True, cancel_futures=True)
        finished = {(o.assignment, o.student) for o in outcomes}
        for f, (a, batch) in futures.items():
            if f.done() and not f.cancelled():
                outcomes += [o for o in f.result() if (o.assignment, o.student) not in finished]
            else:
                outcomes += [Outcome(s, a, "interrupted", "not started") for s in batch if (a, s) not in finished]
    pool.shutdown(wait=True)
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
    parser.add_argument("--workers", "-j", type=int, default=os.cpu_count(), help="parallel nbgrader processes")
    parser.add_argument("--force", action="store_true", help="grade again even submissions graded earlier")
    parser.add_argument("--timeout", type=float, default=600, help="seconds per submission before it fails")
    parser.add_argument("--batch", type=int, help="students per nbgrader process (default: automatic, <= 10)")
    parser.add_argument("--report", type=Path, help="CSV with a status column (default <course>/grades-status.csv)")
    args = parser.parse_args(argv)
    course = args.course.resolve()
    outcomes, interrupted = grade_class(
        course, args.assignments, args.workers, args.force, timeout=args.timeout, batch_size=args.batch
    )
    report = args.report or course / "grades-status.csv"
    write_report(report, outcomes)
    print(summary(outcomes))
    print(f"Report: {report}")
    if interrupted:
        return 130
    return 1 if any(o.status == "failed" for o in outcomes) else 0


if __name__ == "__main__":
    sys.exit(main())
