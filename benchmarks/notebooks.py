"""Time every notebook against an empty one, in the same run, and print a table of ratios.

    python benchmarks/notebooks.py [--repeat N]

Each notebook runs in a fresh kernel, as a learner's "Run All" would (kernel start included).
The goal for lessons is at most 1.5x the empty notebook; the table says which meet it.
Quizzes are listed for information (a student runs them cell by cell, not all at once).
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from coursekit.course import kernelpoll

ROOT = Path(__file__).resolve().parent.parent
GOAL = 1.5  # a lesson's Run All, kernel start included, against an empty notebook's


def run_once(nb: nbformat.NotebookNode, cwd: Path) -> float:
    start = time.perf_counter()
    NotebookClient(
        nb, timeout=300, kernel_name="python3", allow_errors=True, resources={"metadata": {"path": str(cwd)}}
    ).execute()
    return time.perf_counter() - start


def main() -> None:
    kernelpoll.install()  # as the tests and the site build do
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3, help="runs per notebook; the median is reported")
    args = parser.parse_args()
    empty = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("pass")])
    targets = [("empty notebook (baseline)", empty, ROOT)]
    for path in sorted(ROOT.glob("notebooks/*/*.ipynb")):
        targets.append((str(path.relative_to(ROOT)), nbformat.read(path, as_version=4), path.parent))
    # Interleave the runs so machine noise spreads evenly over all notebooks.
    times: dict[str, list[float]] = {name: [] for name, _, _ in targets}
    for _ in range(args.repeat):
        for name, nb, cwd in targets:
            times[name].append(run_once(nbformat.from_dict(nb), cwd))
    base = statistics.median(times[targets[0][0]])
    print(f"{'notebook':44} {'median s':>9} {'ratio':>6}  goal")
    for name, _, _ in targets:
        med = statistics.median(times[name])
        ratio = med / base
        if name.startswith("empty") or "quiz" in name:
            goal = ""
        else:
            goal = f"ok (<={GOAL}x)" if ratio <= GOAL else f"over {GOAL}x"
        print(f"{name:44} {med:9.2f} {ratio:6.2f}  {goal}")


if __name__ == "__main__":
    main()
