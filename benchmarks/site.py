"""Page weight and time to render each lesson page of the reader edition in headless Chromium.

    python benchmarks/site.py [--site site] [--rounds 3]

Reads a built site (make site). For each lesson page: the bytes of the page itself, of everything
else it loads except the shared plotly.js, and of plotly.js; and the time from navigation to the
``load`` event with every figure drawn (median of the rounds, from a local server, network blocked).
The JupyterLab side of the comparison (open a lesson and Run All) is not measured here yet.
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from conftest import FLAGS, chromium_path, free_port  # noqa: E402


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


def measure(browser, url: str, folder: Path) -> tuple[float, int, int, int]:
    page = browser.new_page(viewport={"width": 1000, "height": 900})
    loaded: list[str] = []
    page.on("requestfinished", lambda r: loaded.append(r.url))
    start = time.perf_counter()
    page.goto(url, wait_until="load")
    page.wait_for_function(
        "[...document.querySelectorAll('.plotly-figure')].every(d => d.querySelector('.main-svg'))", timeout=60_000
    )
    seconds = time.perf_counter() - start
    page.close()
    files = [folder / u.split("/", 3)[3].split("?")[0] for u in loaded if u.startswith("http://127.0.0.1")]
    page_file = folder / url.rsplit("/", 1)[1]
    own = page_file.stat().st_size
    plotly = sum(f.stat().st_size for f in files if f.name == "plotly.min.js")
    rest = sum(f.stat().st_size for f in files if f.name != "plotly.min.js" and f != page_file)
    return seconds, own, rest, plotly


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--site", type=Path, default=ROOT / "site")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    if not (args.site / "index.html").exists():
        print(f"no site in {args.site}: run make site first", file=sys.stderr)
        return 1
    from playwright.sync_api import sync_playwright

    lessons = sorted(p.stem for p in args.site.glob("[0-9][0-9]_*.html"))
    print("| lesson | page KB | other files KB (no plotly.js) | plotly.js KB | load + figures drawn, s (median) |")
    print("|---|---|---|---|---|")
    with server(args.site) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=FLAGS)
        for lesson in lessons:
            runs = [measure(browser, f"{base}/{lesson}.html", args.site) for _ in range(args.rounds)]
            seconds = statistics.median(r[0] for r in runs)
            _, own, rest, plotly = runs[0]
            print(f"| {lesson} | {own / 1024:.0f} | {rest / 1024:.0f} | {plotly / 1024:.0f} | {seconds:.2f} |")
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
