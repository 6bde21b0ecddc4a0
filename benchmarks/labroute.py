"""The JupyterLab route a learner takes (``make course``, open a lesson, Run All), timed in headless Chromium.

Shared by ``benchmarks/lite.py`` and ``benchmarks/site.py``, so both editions are compared with the same
clock: the page is opened, Run All is pressed, and the clock stops when the lesson's last cell (the
"Content last reviewed" line) has drawn, by which time every widget and figure above it is drawn.
Requests that would leave the machine are aborted, as in the tests.
"""

from __future__ import annotations

import os
import secrets
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.conftest import free_port, serving  # noqa: E402
from tests.labpages import press_run_all  # noqa: E402

LAST_LINE = ".jp-OutputArea-output:has-text('Content last reviewed')"


def run_all(context, url: str) -> tuple[float, int]:
    """Open ``url``, Run All, wait for the last cell's output; return (seconds, bytes received)."""
    received = [0]

    def count(request):
        try:
            received[0] += request.sizes()["responseBodySize"]
        except Exception:  # noqa: BLE001 (a request the browser dropped has no sizes)
            pass

    context.on("requestfinished", count)
    page = context.new_page()
    start = time.perf_counter()
    page.goto(url)
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=120_000)
    page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=180_000)
    page.click(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell >> nth=0", position={"x": 8, "y": 8})
    press_run_all(page)
    page.wait_for_selector(LAST_LINE, timeout=300_000)
    seconds = time.perf_counter() - start
    context.remove_listener("requestfinished", count)
    page.close()
    return seconds, received[0]


def blocked_context(browser):
    """A browser context whose requests must all stay on this machine.

    The browser's flags (FLAGS) send any other request to a dead proxy, where it fails; the listener
    makes ``check_stayed_local`` raise if one was even tried. No ``context.route``: Playwright turns
    the HTTP cache off for a context with routes, and a "warm" start would then be a cold one.
    """
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.outside = []
    local = ("data:", "blob:", "http://127.0.0.1", "ws://127.0.0.1")
    context.on("request", lambda r: None if r.url.startswith(local) else context.outside.append(r.url))
    return context


def check_stayed_local(context) -> None:
    """Raise if any request of ``context`` tried to leave the machine."""
    if context.outside:
        raise SystemExit(f"requests tried to leave the machine: {context.outside[:5]}")


def lab_route(browser, lessons: list[str], tmp: Path, rounds: int = 2) -> dict:
    """Start JupyterLab on a copy of the lessons; time each lesson's open + Run All ``rounds`` times.

    Returns ``{"server": seconds to start, lesson: [seconds per round], ...}``. Each round opens the
    lesson in a new workspace (a new tab with a new kernel), in the same browser profile, so round one
    is the first visit and later rounds have JupyterLab's own files cached.
    """
    shutil.copytree(ROOT / "notebooks", tmp / "course" / "notebooks")
    port, token = free_port(), secrets.token_hex(16)
    env = {**os.environ, "JUPYTER_PLATFORM_DIRS": "1", "JUPYTER_RUNTIME_DIR": str(tmp / "runtime")}
    cmd = [sys.executable, "-m", "jupyterlab", "--no-browser", "--allow-root", f"--port={port}"]
    cmd += ["--ServerApp.ip=127.0.0.1", f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={tmp / 'course'}"]
    cmd += [f"--LabApp.workspaces_dir={tmp / 'workspaces'}"]
    base = f"http://127.0.0.1:{port}"
    start = time.perf_counter()
    with serving("JupyterLab", cmd, ROOT, env, tmp / "lab.log", f"{base}/api/status?token={token}"):
        result: dict = {"server": time.perf_counter() - start}
        context = blocked_context(browser)
        for lesson in lessons:
            result[lesson] = []
            for _ in range(rounds):
                workspace = "w" + secrets.token_hex(4)
                url = f"{base}/lab/workspaces/{workspace}/tree/notebooks/{lesson}/lesson.ipynb?token={token}"
                result[lesson].append(run_all(context, url)[0])
        check_stayed_local(context)
        context.close()
    return result
