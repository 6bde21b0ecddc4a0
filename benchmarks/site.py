"""Page weight and time to render each lesson page of the reader edition in headless Chromium.

    python benchmarks/site.py [--site site] [--rounds 3]

Reads a built site (make site). For each lesson page: the bytes of the page itself, of everything
else it loads except the shared plotly.js, and of plotly.js; the time from navigation to the first
contentful paint (the text can be read) and to the ``load`` event with every figure drawn (medians of
the rounds, from a local server, network blocked).
In the same run, the JupyterLab route for each lesson (``benchmarks/labroute.py``: JupyterLab started as
``make course`` does, the lesson opened, Run All, until its last cell has drawn) and the ratio of the two.
Goals (issue 13): each page readable in under a tenth of the JupyterLab time, and under 1 MB without
the shared plotly.js.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from benchmarks.labroute import lab_route  # noqa: E402
from tests.conftest import FLAGS, chromium_path, free_port  # noqa: E402


@contextlib.contextmanager
def server(folder: Path):
    port = free_port()
    cmd = [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1", "--directory", str(folder)]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/index.html", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def measure(browser, url: str, folder: Path) -> tuple[float, float, int, int, int]:
    """(seconds to the first text painted, seconds to load with every figure drawn, page bytes,
    other bytes without plotly.js, plotly.js bytes)."""
    page = browser.new_page(viewport={"width": 1000, "height": 900})
    loaded: list[str] = []
    page.on("requestfinished", lambda r: loaded.append(r.url))
    start = time.perf_counter()
    page.goto(url, wait_until="load")
    page.wait_for_function(
        "[...document.querySelectorAll('.plotly-figure')].every(d => d.querySelector('.main-svg'))", timeout=60_000
    )
    seconds = time.perf_counter() - start
    # First contentful paint: the lesson's text is on screen and can be read (figures may still draw).
    painted = page.evaluate("performance.getEntriesByName('first-contentful-paint')[0].startTime") / 1000
    page.close()
    files = [folder / u.split("/", 3)[3].split("?")[0] for u in loaded if u.startswith("http://127.0.0.1")]
    page_file = folder / url.rsplit("/", 1)[1]
    own = page_file.stat().st_size
    plotly = sum(f.stat().st_size for f in files if f.name == "plotly.min.js")
    rest = sum(f.stat().st_size for f in files if f.name != "plotly.min.js" and f != page_file)
    return painted, seconds, own, rest, plotly


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--site", type=Path, default=ROOT / "site")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--lab-rounds", type=int, default=1, help="Run All passes per lesson in JupyterLab (median)")
    args = parser.parse_args()
    if not (args.site / "index.html").exists():
        print(f"no site in {args.site}: run make site first", file=sys.stderr)
        return 1
    from playwright.sync_api import sync_playwright

    lessons = sorted(p.stem for p in args.site.glob("[0-9][0-9]_*.html"))
    rows, met = [], True
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=FLAGS)
        with server(args.site) as base:
            for lesson in lessons:
                runs = [measure(browser, f"{base}/{lesson}.html", args.site) for _ in range(args.rounds)]
                rows.append((lesson, *(statistics.median(r[i] for r in runs) for i in (0, 1)), *runs[0][2:]))
        lab = lab_route(browser, lessons, Path(tmp), rounds=args.lab_rounds)
        browser.close()
    print(f"\n{os.cpu_count()} cores; JupyterLab server start (make course): {lab['server']:.1f} s\n")
    print(
        "| lesson | page KB | other files KB (no plotly.js) | plotly.js KB | site: text readable, s "
        "| site: figures drawn, s | JupyterLab: open + Run All, s | readable / JupyterLab | drawn / JupyterLab |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for lesson, painted, seconds, own, rest, plotly in rows:
        lab_seconds = statistics.median(lab[lesson])
        met = met and painted / lab_seconds < 0.1 and own + rest < 1024 * 1024
        print(
            f"| {lesson} | {own / 1024:.0f} | {rest / 1024:.0f} | {plotly / 1024:.0f} | {painted:.2f} | {seconds:.2f} "
            f"| {lab_seconds:.1f} | {painted / lab_seconds:.3f} | {seconds / lab_seconds:.3f} |"
        )
    missed = "\nSome goals are not met (readable in under 0.1 of JupyterLab's time, page under 1 MB)."
    print("\nAll goals met." if met else missed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
