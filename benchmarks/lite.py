"""The browser edition against JupyterLab, side by side in one run: start-up time, size, bytes downloaded.

    python benchmarks/lite.py [--lesson 00_welcome] [--rounds 3]     (build lite/ first: make lite)

For each route, headless Chromium opens the first lesson, presses Run All, and the clock stops when the
lesson's last cell has drawn its line (every widget above it is then drawn and usable):

- lite, cold: a new browser profile (empty cache) against ``lite/`` on a local static server;
- lite, warm: later tabs in the same profile (the browser has cached Pyodide and the wheels), one
  after another; the median of ``--rounds`` is reported;
- JupyterLab, cold and warm: the same two steps against ``jupyter lab`` (what ``make course`` runs),
  (the warm figure is again the median of ``--rounds`` tabs), plus the server's own start-up time,
  which a learner also waits for.

It also reports the size of ``lite/`` and the bytes the cold lite run downloaded. Goals (issue 14): warm
start within 2x JupyterLab's, first lesson under 40 MB downloaded, ``lite/`` under 150 MB. Requests that
would leave the machine are blocked, as in the tests.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.labroute import blocked_context, check_stayed_local, lab_route, run_all  # noqa: E402
from tests.conftest import FLAGS, chromium_path, free_port, serving  # noqa: E402


def lite_route(browser, lesson: str, site: Path, tmp: Path, rounds: int) -> dict:
    port = free_port()
    cmd = [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1", "--directory", str(site)]
    base = f"http://127.0.0.1:{port}"
    url = f"{base}/lab/index.html?workspace={lesson}&path={lesson}/lesson.ipynb"
    with serving("lite", cmd, ROOT, dict(os.environ), tmp / "lite.log", f"{base}/jupyter-lite.json"):
        context = blocked_context(browser)
        cold, cold_bytes = run_all(context, url)
        warm = statistics.median(run_all(context, url)[0] for _ in range(rounds))
        check_stayed_local(context)
        context.close()
    return {"cold": cold, "warm": warm, "bytes": cold_bytes}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lesson", default="00_welcome")
    parser.add_argument("--site", type=Path, default=ROOT / "lite")
    parser.add_argument("--rounds", type=int, default=3, help="warm tabs per route; the median is reported")
    args = parser.parse_args()
    if not (args.site / "jupyter-lite.json").exists():
        sys.exit(f"no site in {args.site}: run `make lite` first")
    from playwright.sync_api import sync_playwright

    size = sum(p.stat().st_size for p in args.site.rglob("*") if p.is_file())
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=FLAGS)
        lite = lite_route(browser, args.lesson, args.site, Path(tmp), args.rounds)
        times = lab_route(browser, [args.lesson], Path(tmp), rounds=1 + args.rounds)
        first, *later = times[args.lesson]
        lab = {"server": times["server"], "cold": first, "warm": statistics.median(later)}
        browser.close()
    mb = 1e6
    rows = [
        ("lite, cold (empty cache) to widgets usable", f"{lite['cold']:.1f} s", ""),
        (
            "lite, warm (cached) to widgets usable",
            f"{lite['warm']:.1f} s",
            f"median of {args.rounds}; {lite['warm'] / lab['warm']:.2f}x lab warm",
        ),
        ("JupyterLab server start (make course)", f"{lab['server']:.1f} s", ""),
        ("JupyterLab, first page, Run All", f"{lab['cold']:.1f} s", ""),
        ("JupyterLab, later pages, Run All", f"{lab['warm']:.1f} s", f"median of {args.rounds}"),
        ("JupyterLab route incl. server start", f"{lab['server'] + lab['cold']:.1f} s", ""),
        ("bytes downloaded, first lesson (lite, cold)", f"{lite['bytes'] / mb:.1f} MB", "goal < 40 MB"),
        ("total size of lite/", f"{size / mb:.1f} MB", "goal < 150 MB"),
    ]
    print(f"\nLesson {args.lesson}, {os.cpu_count()} cores\n")
    print(f"| {'measure':<46} | {'value':>9} | note |\n|{'-' * 48}|{'-' * 11}|------|")
    for name, value, note in rows:
        print(f"| {name:<46} | {value:>9} | {note} |")
    goals = lite["warm"] <= 2 * lab["warm"] and lite["bytes"] < 40 * mb and size < 150 * mb
    print("\nAll goals met." if goals else "\nSome goals are not met (see the notes).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
