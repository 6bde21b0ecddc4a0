"""The JupyterLab page helpers of the browser tests: one app per session, lessons opened, run and closed in it.

The fixtures that use them (``lab``, ``browser``, ``lesson_page``) and the hooks that order a lesson's
tests are in conftest.py, which also re-exports these names for the test files.
"""

from __future__ import annotations

import contextlib
import json
import secrets
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

import pytest

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


def open_lesson(browser, lab, relpath: str, record=None):
    """Open a notebook in JupyterLab, Run All Cells from the Run menu, and return (page, hosts).

    The page is the session's one JupyterLab app (see _APP); close it with ``close_lesson``, never
    ``page.close()``. ``hosts`` collects the host of every http(s) request the page makes from now
    on, for privacy checks (or, given ``record``, each host is passed to it instead).
    """
    if record is None:
        _LESSON.clear()  # whatever lesson was shared is closed below
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
            (record or hosts.add)(urlparse(r.url).hostname)

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


# --- One run of each lesson, shared by every browser test of that lesson ----------------------
# Opening a lesson and running it costs about 10 CPU-seconds (Chromium drawing the widgets and figures,
# and the kernel), so each lesson is opened and run once and its tests take turns on the page. A test
# says which lesson it uses and which widgets it will change with its lesson marker:
#     @pytest.mark.lesson("04_hygiene", uses=(".coursekit-cleaning-guide",))      (fixture lesson_page)
# and pytest_collection_modifyitems below puts a lesson's tests next to each other, so every browser
# test still asserts on the lesson as Run All left it:
# - a widget an earlier test changed is made again before the next test that uses it: its cell is run
#   again (Ctrl+Enter), which draws a new widget with its starting state (the lesson's cells each make
#   their widget anew);
# - a test with pristine=True (axe) gets a page no test has used since Run All, else the lesson is
#   opened and run again (in the usual order it is the lesson's first test);
# - ``hosts`` holds every request seen while the lesson opened and ran, and between tests, plus those of
#   this test; never another test's;
# - a test that fails or errors (or xfails) leaves the page to nobody: the next test opens the lesson
#   anew, and a page stuck in a dialog or crashed is dropped and reloaded, as open_lesson does.
_LESSON: dict = {}
LESSON_PANEL = ".jp-NotebookPanel:not(.lm-mod-hidden)"

# Run All has finished: the kernel is idle, no cell waits or runs ([*]), and every code cell but the
# first (the imports) has drawn an output.
RUN_DONE = """() => {
  const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
  if (!panel) return false;
  const idle = panel.querySelector(".jp-Notebook-ExecutionIndicator[data-status='idle']")
    || document.querySelector(".jp-Notebook-ExecutionIndicator[data-status='idle']");
  const busy = [...panel.querySelectorAll('.jp-InputArea-prompt')].some(p => p.textContent.includes('*'));
  const cells = [...panel.querySelectorAll('.jp-CodeCell')];
  const drawn = cells.filter(c => c.querySelector('.jp-OutputArea-output')).length;
  return !!idle && !busy && drawn >= cells.length - 1;
}"""

# The code cells whose output holds one of the selectors: their widgets are marked stale, and their
# indexes among the visible notebook's cells returned.
_MARK_STALE = """(sels) => {
  const cells = [...document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell')];
  const found = [];
  cells.forEach((cell, i) => {
    const hits = sels.flatMap(s => [...cell.querySelectorAll('.jp-OutputArea-output ' + s)]);
    hits.forEach(h => { h.dataset.coursekitStale = '1'; });
    if (hits.length) found.push(i);
  });
  return found;
}"""
_REDRAWN = """([i, sels]) => {
  const cell = document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell')[i];
  const busy = (cell.querySelector('.jp-InputArea-prompt')?.textContent || '').includes('*');
  return !busy && !cell.querySelector('[data-coursekit-stale]')
    && sels.some(s => cell.querySelector('.jp-OutputArea-output ' + s));
}"""


def lesson_marker(item):
    """The test's lesson marker, or None."""
    return item.get_closest_marker("lesson")


def _record_host(host: str) -> None:
    _LESSON["hosts"].add(host)


def _lesson_reusable(browser, lab, name: str, pristine: bool) -> bool:
    page = _LESSON.get("page")
    try:
        return bool(
            _LESSON.get("name") == name
            and _LESSON.get("free")
            and (_LESSON.get("tests") == 0 or not pristine)
            and page is not None
            and _APP.get("page") is page
            and _APP.get("browser") is browser
            and _APP.get("lab") is lab
            and not page.is_closed()
            and not page.query_selector(".jp-Dialog")
        )
    except Exception:  # noqa: BLE001 (a crashed page): open the lesson anew
        return False


def _open_shared(browser, lab, name: str, shots: Path):
    base: set = set()
    _LESSON.clear()
    _LESSON["hosts"] = base  # open_lesson's listener records into _LESSON["hosts"]
    page, _ = open_lesson(browser, lab, f"notebooks/{name}/lesson.ipynb", record=_record_host)
    _LESSON.update(name=name, page=page, base=base, hosts=base, touched=set(), tests=0, free=False)
    try:
        page.wait_for_function(RUN_DONE, timeout=240_000, polling=1_000)
    except Exception:  # noqa: BLE001 (playwright's TimeoutError)
        pytest.fail(f"{name}: Run All did not finish; " + page_report(page, shots / "failure.png"))
    page.screenshot(path=str(shots / f"{name}.png"), full_page=False)
    return page


def _redraw(page, selectors: list[str], shots: Path) -> None:
    """Run again the cells that draw these widgets, and wait for their new widgets."""
    for i in page.evaluate(_MARK_STALE, selectors):
        cell = page.query_selector_all(f"{LESSON_PANEL} .jp-Cell")[i]
        cell.scroll_into_view_if_needed()
        # Focus the cell itself: JupyterLab makes it the active cell, in command mode. (A click on its
        # collapsed input would expand it; one on its output prompt would toggle scrolling.)
        cell.focus()
        page.wait_for_function(
            "(c) => c.classList.contains('jp-mod-active') && !!c.closest('.jp-Notebook.jp-mod-commandMode')",
            arg=cell,
            timeout=10_000,
        )
        page.keyboard.press("Control+Enter")  # notebook:run-cell, which stays on the cell
        try:
            page.wait_for_function(_REDRAWN, arg=[i, selectors], timeout=60_000, polling=250)
        except Exception:  # noqa: BLE001 (playwright's TimeoutError)
            pytest.fail(f"cell {i} did not draw {selectors} again; " + page_report(page, shots / "redraw.png"))
    page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=60_000)


def take_lesson(browser, lab, name: str, uses: list[str], pristine: bool, shots: Path):
    """(page, hosts) for one test of lesson ``name``: the shared run, with the widgets in ``uses`` fresh."""
    if _lesson_reusable(browser, lab, name, pristine):
        page = _LESSON["page"]
    else:
        page = _open_shared(browser, lab, name, shots)
    _LESSON.update(free=False, tests=_LESSON["tests"] + 1)
    hosts = set(_LESSON["base"])
    _LESSON["hosts"] = hosts
    stale = [s for s in uses if s in _LESSON["touched"]]
    _LESSON["touched"].update(uses)
    if stale:
        _redraw(page, stale, shots)
    return page, hosts


def give_back_lesson(page, failed: bool) -> None:
    """After a test: the page is free for the lesson's next test, unless this one failed."""
    if _LESSON.get("page") is page:
        _LESSON["hosts"] = _LESSON["base"]  # requests between tests count for every later test
        _LESSON["free"] = not failed
