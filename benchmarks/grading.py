"""Time grading a simulated class: plain serial ``nbgrader autograde`` against ``coursekit.grading.classrun``.

    python benchmarks/grading.py [--students 200] [--workers N] [--rounds R] [--modules 01_anatomy ...]

Every run is in the same session on identical copies of the class, so the table is a ratio against
a baseline measured on the same machine at the same moment. The baseline and the "nbgrader's
Execute" rows use nbgrader's own execute step (the kernel unsandboxed, marking in the kernel);
the "sandboxed" row uses the course's config as shipped (coursekit.grading.execute: bubblewrap,
marking outside the kernel). A last row grades the same class on an empty nbgrader notebook (one
``pass`` cell), serially: the cost of a quiz against it. With ``--rounds R`` the runs are repeated
in turn R times and each row is the median, so a burst of load from elsewhere on a shared machine
moves one round, not the result.
Goals: speed-up >= 1.8x on 2 cores; the sandbox costs <= 15% of that speed-up; a quiz costs <= 1.2x
an empty notebook.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from coursekit.grading import autograde, classrun  # noqa: E402 (the path above makes the script runnable alone)

# Appended to a course copy's config: nbgrader's own autograde steps, as before the sandbox.
PLAIN = """
c.Autograde.autograde_preprocessors = [
    "nbgrader.preprocessors.Execute",
    "nbgrader.preprocessors.IgnorePattern",
    "nbconvert.preprocessors.ClearMetadataPreprocessor",
    "nbgrader.preprocessors.LimitOutput",
    "nbgrader.preprocessors.SaveAutoGrades",
    "nbgrader.preprocessors.AssignLatePenalties",
    "nbgrader.preprocessors.CheckCellMetadata",
]
"""


def make_class(folder: Path, modules: list[str], students: int, env: dict, plain: bool = False) -> Path:
    """A course copy with every module released and ``students`` submissions of each.

    ``plain``: with nbgrader's own Execute step instead of the sandboxed one.
    """
    course = folder / "grading"
    course.mkdir(parents=True)
    shutil.copy(ROOT / "grading" / "nbgrader_config.py", course)
    if plain:
        with open(course / "nbgrader_config.py", "a", encoding="utf-8") as config:
            config.write(PLAIN)
    for module in modules:
        source = course / "source" / module
        if module == "empty":
            source.mkdir(parents=True)
            nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("pass")]), source / "quiz.ipynb")
        else:
            shutil.copytree(ROOT / "grading" / "source" / module, source)
        for cmd in ("generate_assignment", "release_assignment"):
            run = autograde.nbgrader(course, cmd, module, "--force", env=env)
            if run.returncode != 0:
                sys.exit(f"{cmd} {module} failed:\n{run.stderr[-2000:]}")
        released = (course / "release" / module / "quiz.ipynb").read_text()
        for n in range(students):
            sub = course / "submitted" / f"student{n:03d}" / module
            sub.mkdir(parents=True)
            (sub / "quiz.ipynb").write_text(released)
            (sub / "timestamp.txt").write_text("2026-11-23 09:00:00.000000 UTC")
    return course


def serial(course: Path, modules: list[str], env: dict) -> float:
    start = time.perf_counter()
    for module in modules:
        run = autograde.nbgrader(course, "autograde", module, "--create", "--force", env=env)
        if run.returncode != 0:  # reported, not fatal, as for the parallel run
            print(f"serial autograde {module}: some submissions failed:\n{run.stderr[-800:]}", flush=True)
    return time.perf_counter() - start


def parallel(course: Path, modules: list[str], workers: int, env: dict, sandbox: bool = True) -> float:
    start = time.perf_counter()
    with open(os.devnull, "w") as quiet:
        outcomes, _ = classrun.grade_class(course, modules, workers, env=env, stream=quiet, sandbox=sandbox)
    elapsed = time.perf_counter() - start
    failed = [o for o in outcomes if o.status != "graded"]
    if failed:  # reported, not fatal: an hour-long run should still give its timing
        print(f"parallel: {len(failed)} of {len(outcomes)} not graded, e.g. {failed[:3]}", flush=True)
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--students", type=int, default=200, help="class size (use 10-30 for a quick run)")
    parser.add_argument("--workers", type=int, default=os.cpu_count(), help="parallel processes")
    parser.add_argument("--modules", nargs="*", help="default: every quiz in grading/source")
    parser.add_argument("--rounds", type=int, default=1, help="repeat the runs in turn; report medians")
    args = parser.parse_args()
    modules = args.modules or sorted(p.name for p in (ROOT / "grading" / "source").iterdir() if p.is_dir())
    env = {k: v for k, v in os.environ.items() if not k.startswith("COURSEKIT_")}
    n = args.students * len(modules)
    print(f"{args.students} students x {len(modules)} quizzes = {n} submissions, {args.workers} workers")
    times: dict[str, list[float]] = {"serial": [], "plain": [], "sandboxed": [], "empty": []}
    for r in range(args.rounds):
        with tempfile.TemporaryDirectory() as tmp:
            tmp = Path(tmp)
            course = make_class(tmp / "serial", modules, args.students, env, plain=True)
            times["serial"].append(serial(course, modules, env))
            course = make_class(tmp / "plain", modules, args.students, env, plain=True)
            times["plain"].append(parallel(course, modules, args.workers, env, sandbox=False))
            course = make_class(tmp / "sandboxed", modules, args.students, env)
            times["sandboxed"].append(parallel(course, modules, args.workers, env, sandbox=True))
            course = make_class(tmp / "empty", ["empty"], args.students, env, plain=True)
            times["empty"].append(serial(course, ["empty"], env))
        print(f"round {r + 1}: " + ", ".join(f"{k} {v[-1]:.1f} s" for k, v in times.items()), flush=True)
    t_serial, t_plain, t_sbx, t_empty = (statistics.median(times[k]) for k in times)
    rows = [
        ("nbgrader autograde, serial (baseline)", n, t_serial),
        (f"classrun, {args.workers} workers, nbgrader's Execute", n, t_plain),
        (f"classrun, {args.workers} workers, sandboxed", n, t_sbx),
        ("empty notebook, serial", args.students, t_empty),
    ]
    print(f"{'run':<44} {'subs':>5} {'total s':>9} {'s/sub':>7} {'vs serial':>10}")
    for name, subs, total in rows:
        print(f"{name:<44} {subs:>5} {total:>9.1f} {total / subs:>7.2f} {t_serial / n / (total / subs):>9.2f}x")
    speedup, unsandboxed = t_serial / t_sbx, t_serial / t_plain
    cost = 1 - speedup / unsandboxed
    quiz_cost = (t_serial / n) / (t_empty / args.students)
    print(
        f"speed-up: {speedup:.2f}x sandboxed, {unsandboxed:.2f}x without (goal >= 1.8x on 2 cores): "
        f"{'met' if speedup >= 1.8 else 'NOT met'}"
    )
    print(f"the sandbox costs {cost:.0%} of the speed-up (goal <= 15%): {'met' if cost <= 0.15 else 'NOT met'}")
    print(f"a quiz costs {quiz_cost:.2f}x an empty notebook (goal <= 1.2x): {'met' if quiz_cost <= 1.2 else 'NOT met'}")


if __name__ == "__main__":
    main()
