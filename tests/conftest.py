"""Shared fixtures: paths, and the switch between 'skip' (a user's machine) and 'fail' (CI)."""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

import pytest

from coursekit.course import kernelpoll
from coursekit.editions.chromium import FLAGS

# Every nbclient run in the test processes (lessons, masters, student quizzes) polls its kernel's
# replies in slices: with two workers busy, one long poll could miss a reply for a whole cell timeout.
kernelpoll.install()

ROOT = Path(__file__).resolve().parent.parent
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def require(condition: bool, reason: str) -> None:
    """Skip with a one-line reason on a user's machine; fail in CI, where everything must run."""
    if condition:
        return
    if IN_CI:
        pytest.fail(f"required in CI: {reason}")
    pytest.skip(reason)


def chromium_path() -> str | None:
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return None


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


# --- JupyterLab in headless Chromium, shared by every module's browser test -----------------

# Chromium's FLAGS (coursekit/editions/chromium.py) block the network, not only watch it: every request
# that is not for this machine goes to a dead proxy and fails (open_lesson still records its host, and
# assert_page_clean fails on it).


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def serving(name: str, cmd: list[str], cwd: Path, env: dict, log_path: Path, ready_url: str):
    """Run a local server (JupyterLab, Voila) until ``ready_url`` answers; stop it on the way out.

    Any HTTP answer, even an error status, means the server is up. Fails the test with the end of
    the server's log when it exits or takes more than 90 s to answer.
    """
    with open(log_path, "w") as log:
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            deadline = time.time() + 90
            while True:
                try:
                    urllib.request.urlopen(ready_url, timeout=2)
                    break
                except urllib.error.HTTPError:
                    break
                except OSError:
                    if proc.poll() is not None or time.time() > deadline:
                        pytest.fail(f"{name} did not start:\n" + log_path.read_text()[-3000:])
                    time.sleep(0.5)
            yield proc
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()


@pytest.fixture(scope="session")
def lab(tmp_path_factory):
    require(chromium_path() is not None, "Chromium is not installed (apt-get install chromium); browser tests skipped")
    tmp = tmp_path_factory.mktemp("lab")
    # Serve a copy: JupyterLab autosaves executed notebooks, which must never touch the repository.
    shutil.copytree(ROOT / "notebooks", tmp / "course" / "notebooks")
    settings = tmp / "settings" / "@jupyterlab" / "docmanager-extension"
    settings.mkdir(parents=True)
    (settings / "plugin.jupyterlab-settings").write_text('{"autosave": false}')
    port, token = free_port(), secrets.token_hex(16)
    env = {
        **os.environ,
        "JUPYTERLAB_SETTINGS_DIR": str(tmp / "settings"),
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
        f"--ServerApp.root_dir={tmp / 'course'}",
        f"--LabApp.workspaces_dir={tmp / 'workspaces'}",
    ]
    base = f"http://127.0.0.1:{port}"
    with serving("JupyterLab", cmd, ROOT, env, tmp / "lab.log", f"{base}/api/status?token={token}"):
        yield {"base": base, "token": token, "log": tmp / "lab.log"}


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium_path(), args=FLAGS)
        yield b
        b.close()


# Execution has really started in the visible notebook: a prompt shows [*] or [n], or an output is drawn.
# (Lesson code cells open collapsed, so their input prompts may not be drawn; the kernel indicator
# alone is no proof: it also shows busy while a kernel starts.)
RUN_STARTED = """() => {
  const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
  if (!panel) return false;
  const prompts = [...panel.querySelectorAll('.jp-InputArea-prompt, .jp-OutputArea-prompt')];
  return prompts.some(p => /\\[(\\*|\\d+)\\]/.test(p.textContent))
    || !!panel.querySelector('.jp-OutputArea-output');
}"""


def accept_kernel_dialog(page, wait_ms: int = 2_000) -> None:
    """Press Select if JupyterLab asks which kernel to start, as a learner would.

    A freshly started JupyterLab sometimes opens its first notebook before the kernel list has
    loaded, and then asks, with the notebook's own kernel (Python 3) already chosen.
    """
    try:
        page.wait_for_selector(".jp-Dialog:has-text('Select Kernel')", timeout=wait_ms)
    except Exception:  # noqa: BLE001 (playwright's TimeoutError): no dialog, the usual case
        return
    page.click(".jp-Dialog button.jp-mod-accept", timeout=10_000)
    page.wait_for_selector(".jp-Dialog", state="detached", timeout=10_000)
    page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=60_000)


# One JupyterLab app per session: the first lesson loads the app (about 10 CPU-seconds in Chromium);
# every later lesson is opened inside it, the way a learner opens a second notebook, after the
# previous one is closed without saving and its kernel stopped. A page left in a bad state (a dialog,
# a crash, a notebook that will not close) is dropped and the next lesson loads a fresh one.
_APP: dict = {}
DOC_TABS = "#jp-main-dock-panel .lm-TabBar-tab:not(:has-text('Launcher'))"


def _lab_api(lab, method: str, path: str):
    req = urllib.request.Request(f"{lab['base']}{path}?token={lab['token']}", method=method)
    with urllib.request.urlopen(req, timeout=30) as reply:
        body = reply.read()
    return json.loads(body) if body else None


def shut_down_kernels(lab) -> None:
    """Stop every session and kernel on the server, so at most one lesson's kernel runs at a time."""
    for s in _lab_api(lab, "GET", "/api/sessions"):
        with contextlib.suppress(urllib.error.HTTPError):  # already gone with its kernel
            _lab_api(lab, "DELETE", f"/api/sessions/{s['id']}")
    for k in _lab_api(lab, "GET", "/api/kernels"):
        with contextlib.suppress(urllib.error.HTTPError):
            _lab_api(lab, "DELETE", f"/api/kernels/{k['id']}")


def _close_notebooks(page) -> bool:
    """Close every document tab in the main area, discarding changes; True if the app is clean after."""
    if page.is_closed() or page.query_selector(".jp-Dialog"):
        return False
    page.keyboard.press("Escape")  # an open menu or drop-down from the last test
    for _ in range(10):
        tab = page.query_selector(DOC_TABS)
        if tab is None:
            break
        tab.query_selector(".lm-TabBar-tabCloseIcon").click(timeout=10_000)
        with contextlib.suppress(Exception):  # noqa: BLE001 (playwright's TimeoutError): not dirty, no dialog
            page.click(".jp-Dialog:has-text('Save your work') button.jp-mod-warn", timeout=3_000)  # Discard
        page.wait_for_selector(".jp-Dialog", state="detached", timeout=10_000)
    return not page.query_selector(f".jp-Dialog, .jp-NotebookPanel, {DOC_TABS}")


def _drop_app() -> None:
    page = _APP.pop("page", None)
    _APP.clear()
    if page is not None and not page.is_closed():
        with contextlib.suppress(Exception):  # noqa: BLE001 (a crashed page may not close cleanly)
            page.close()


def close_lesson(page) -> None:
    """Close the lesson's notebook without saving and stop its kernel; the shared app stays loaded."""
    lab = _APP.get("lab")
    if _APP.get("page") is not page:  # an app already dropped for a fresh one
        with contextlib.suppress(Exception):  # noqa: BLE001 (a crashed page may not close cleanly)
            page.close()
        return
    try:
        clean = _close_notebooks(page)
    except Exception:  # noqa: BLE001 (whatever went wrong, the next lesson gets a fresh page)
        clean = False
    if not clean:
        _drop_app()
    shut_down_kernels(lab)


def menu(page, menu_name: str, item: str, timeout: int = 30_000) -> None:
    """Pick ``item`` from the menu bar's ``menu_name`` (JupyterLab and JupyterLite share the menus)."""
    page.click(f".lm-MenuBar-itemLabel:text-is('{menu_name}')", timeout=timeout)
    page.click(f"li.lm-Menu-item:has-text('{item}')", timeout=timeout)


def open_from_path(page, relpath: str) -> None:
    """File > Open from Path…, as a learner opens another notebook in a loaded JupyterLab or JupyterLite."""
    menu(page, "File", "Open from Path")
    page.fill(".jp-Dialog:has-text('Open Path') input", relpath, timeout=30_000)
    page.click(".jp-Dialog button.jp-mod-accept", timeout=30_000)
    page.wait_for_selector(".jp-Dialog", state="detached", timeout=30_000)


def _open_in_app(page, relpath: str) -> None:
    """Open the lesson in the session's JupyterLab app, which then looks as after a fresh load."""
    open_from_path(page, relpath)
    page.wait_for_selector(".jp-NotebookPanel .jp-Cell", timeout=60_000)
    # JupyterLab put a Launcher in the empty main area when the last lesson closed: close it too, so
    # the app looks as it does after a fresh load (the lesson's notebook, nothing else).
    for launcher in page.query_selector_all("#jp-main-dock-panel .lm-TabBar-tab:has-text('Launcher')"):
        launcher.query_selector(".lm-TabBar-tabCloseIcon").click(timeout=10_000)
    page.wait_for_selector("#jp-main-dock-panel .lm-TabBar-tab:has-text('Launcher')", state="detached")


def open_lesson(browser, lab, relpath: str):
    """Open a notebook in JupyterLab, Run All Cells from the Run menu, and return (page, hosts).

    The page is the session's one JupyterLab app (see _APP); close it with ``close_lesson``, never
    ``page.close()``. ``hosts`` collects the host of every http(s) request the page makes from now
    on, for privacy checks.
    """
    page = _APP.get("page")
    if page is not None:
        page.remove_listener("request", _APP["listener"])
        if _APP["browser"] is browser and _APP["lab"] is lab:
            close_lesson(page)  # nothing left to close, unless the last test failed before its own close
        else:
            _drop_app()
        page = _APP.get("page")  # None if the app was dropped: a fresh page below
    hosts: set = set()

    def listener(r):
        # data: and blob: URLs have no host and stay inside the page
        if r.url.startswith("http"):
            hosts.add(urlparse(r.url).hostname)

    if page is not None:
        page.on("request", listener)
        try:
            _open_in_app(page, relpath)
        except Exception:  # noqa: BLE001 (playwright's TimeoutError): the app is stuck; load a fresh one
            page.remove_listener("request", listener)
            _drop_app()
            shut_down_kernels(lab)
            hosts.clear()
            page = None
    if page is None:
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.on("request", listener)
        # A fresh workspace per page, so notebooks opened by earlier pages are not restored beside it.
        workspace = "w" + secrets.token_hex(4)
        page.goto(f"{lab['base']}/lab/workspaces/{workspace}/tree/{relpath}?token={lab['token']}")
    _APP.update(page=page, listener=listener, browser=browser, lab=lab)
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=60_000)
    page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=60_000)
    accept_kernel_dialog(page)
    # Focus the notebook first: with focus elsewhere (the file browser), Run All Cells is disabled
    # and a click on it silently does nothing. Then confirm that execution really started.
    page.click(".jp-NotebookPanel .jp-Cell .jp-InputPrompt", timeout=60_000)
    press_run_all(page)
    return page, hosts


def press_run_all(page) -> None:
    """Run > Run All Cells in the focused notebook (JupyterLab or JupyterLite), until execution starts.

    A menu click can be lost on a busy machine; the menu is tried up to three times.
    """
    for _attempt in range(3):
        menu(page, "Run", "Run All Cells", timeout=60_000)
        try:
            page.wait_for_function(RUN_STARTED, timeout=30_000)
            break
        except Exception:  # noqa: BLE001 (playwright's TimeoutError); try the menu again
            page.keyboard.press("Escape")


def page_report(page, path: Path) -> str:
    """A screenshot and the visible error outputs, for a failure message."""
    page.screenshot(path=str(path))
    errors = page.query_selector_all(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']")
    return f"screenshot: {path}; stderr outputs: {[e.text_content()[:300] for e in errors]}"


def wait_for_widget(page, selector: str, tmp_path: Path, timeout: int = 180_000):
    """Wait for a course widget to render after Run All; on failure, fail with a screenshot path."""
    try:
        element = page.wait_for_selector(selector, timeout=timeout)
    except Exception:  # noqa: BLE001 (playwright's TimeoutError)
        pytest.fail(f"{selector} never appeared; " + page_report(page, tmp_path / "failure.png"))
    element.scroll_into_view_if_needed()
    return element


def assert_page_clean(page, hosts: set) -> None:
    """No cell printed to stderr, and the page talked to nobody but the local server."""
    errors = page.query_selector_all(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']")
    assert not errors, [e.text_content()[:300] for e in errors]
    assert hosts <= {"127.0.0.1"}, f"the page contacted other hosts: {hosts}"


# --- Running in parallel (make test: pytest -n auto --dist loadgroup) ------------------------
# Tests run one by one on whichever worker is free, except where they share an expensive
# fixture: those are kept on one worker by an xdist group, so the fixture is built once.
#   browser       one JupyterLab server and one Chromium for every browser test
#   grade-class   the tests of test_grade_class.py that use its graded class (the others build
#                 their own course and run anywhere)
#   grading       the one nbgrader course of test_grading.py, every quiz in it (generation,
#                 grading and feedback run once for all quizzes: far cheaper than a course per quiz)
def xdist_group_of(item) -> str | None:
    fixtures = getattr(item, "fixturenames", ())
    if item.get_closest_marker("browser") or "lab" in fixtures:
        return "browser"
    if "graded_class" in fixtures:
        return "grade-class"
    if item.path.stem == "test_grading":
        return "grading"
    return None


def pytest_itemcollected(item):
    """Mark each test as it is collected: xdist reads the groups in its collection_modifyitems hook."""
    group = xdist_group_of(item)
    if group:
        item.add_marker(pytest.mark.xdist_group(group))


def plotly_figure(fig):
    """The course's plain-dict figure as plotly's figure object, to inspect its traces and layout."""
    import plotly.graph_objects as go

    return go.Figure(fig.to_dict())
