"""JupyterLab in a real headless Chromium (Debian's chromium, driven by Playwright).

Opens the anatomy lesson, runs every cell, and checks that the explorer and a plotly figure render,
that choosing a structure changes the text shown, that no cell shows an error, that no news or
update pop-up appears, and that the page talks to nobody but the local server.
"""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

import pytest

from .conftest import chromium_path, require

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.browser
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    require(chromium_path() is not None, "Chromium is not installed (apt-get install chromium); browser tests skipped")
    tmp = tmp_path_factory.mktemp("lab")
    port, token = free_port(), secrets.token_hex(16)
    env = {
        **os.environ,
        "JUPYTER_RUNTIME_DIR": str(tmp / "runtime"),
        "JUPYTER_DATA_DIR": str(tmp / "data"),
        "JUPYTER_CONFIG_DIR": str(tmp / "config"),
        "JUPYTER_PLATFORM_DIRS": "1",
    }
    cmd = [
        sys.executable,
        "-m",
        "jupyterlab",
        "--no-browser",
        "--allow-root",
        f"--port={port}",
        "--ServerApp.ip=127.0.0.1",
        "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={ROOT}",
        f"--LabApp.workspaces_dir={tmp / 'workspaces'}",
    ]
    log = open(tmp / "lab.log", "w")
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 90
    while time.time() < deadline:
        try:
            urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2)
            break
        except OSError:
            if proc.poll() is not None:
                break
            time.sleep(0.5)
    else:
        proc.terminate()
        pytest.fail("JupyterLab did not start:\n" + (tmp / "lab.log").read_text()[-3000:])
    yield {"base": base, "token": token, "log": tmp / "lab.log"}
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
    log.close()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium_path(), args=FLAGS)
        yield b
        b.close()


def test_news_and_update_checks_are_off(lab):
    url = f"{lab['base']}/lab/api/settings/@jupyterlab/apputils-extension:notification?token={lab['token']}"
    import json

    reply = json.loads(urllib.request.urlopen(url, timeout=10).read())
    # The server applies overrides.json to the schema's defaults; the user has set nothing.
    defaults = {k: v.get("default") for k, v in reply["schema"]["properties"].items()}
    assert defaults["fetchNews"] == "false" and defaults["checkForUpdates"] is False
    assert "fetchNews" not in reply["settings"]


def test_anatomy_lesson_runs_and_responds_in_the_browser(lab, browser, tmp_path):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    hosts = set()
    # data: and blob: URLs have no host and stay inside the page
    page.on("request", lambda r: hosts.add(urlparse(r.url).hostname) if r.url.startswith("http") else None)
    page.goto(f"{lab['base']}/lab/tree/notebooks/01_anatomy/lesson.ipynb?token={lab['token']}")
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=60_000)
    page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=60_000)

    page.click("text=Run", timeout=10_000)  # the main menu
    page.click("li.lm-Menu-item:has-text('Run All Cells')")

    explorer = page.wait_for_selector(".coursekit-anatomy-explorer", timeout=120_000)
    page.wait_for_selector(".coursekit-anatomy-explorer .js-plotly-plot", timeout=60_000)
    page.wait_for_selector(".coursekit-selfcheck", timeout=120_000)
    explorer.scroll_into_view_if_needed()
    info = explorer.query_selector(".widget-html-content:has(h4)")
    assert "External sphincter" in info.text_content()

    explorer.query_selector("select").select_option(label="Internal sphincter (inner ring)")
    page.wait_for_function(
        "() => document.querySelector('.coursekit-anatomy-explorer').textContent"
        ".includes('No: it works automatically')",
        timeout=30_000,
    )
    page.wait_for_function(
        "() => [...document.querySelectorAll('.coursekit-anatomy-explorer .gtitle')]"
        ".some(t => t.textContent.includes('at rest'))",
        timeout=30_000,
    )

    page.screenshot(path=str(tmp_path / "anatomy.png"), full_page=False)
    errors = page.query_selector_all(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']")
    assert not errors, [e.inner_text()[:300] for e in errors]
    assert not page.query_selector("text=official Jupyter news"), "the news pop-up appeared"
    assert hosts <= {"127.0.0.1"}, f"the page contacted other hosts: {hosts}"
    page.close()
