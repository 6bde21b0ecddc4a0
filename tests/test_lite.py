"""The browser edition (make lite): its build, its saving and privacy words, and every lesson in Chromium.

The site is built once per test session (about 30 s from the download cache, ``lite.CACHE``; the first
build on a machine fills it from PyPI and npm), or a ``lite/`` folder whose recorded input hash matches
the current inputs is served as it is. Every lesson opens inside one loaded JupyterLite app. The browser
tests share that build and one Chromium of their own (``LITE_FLAGS``), so they run on one xdist worker
(group ``lite``), beside the JupyterLab browser tests on another.
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import json
import os
import re
import sys
import zipfile
from pathlib import Path

import pytest
from filelock import FileLock

from coursekit.course import browser as in_browser
from coursekit.course import strings
from coursekit.editions import lite
from coursekit.editions.chromium import FLAGS

from .conftest import chromium_path, free_port, require, serving
from .labpages import menu, open_from_path, page_report, press_run_all

ROOT = Path(__file__).resolve().parent.parent
LESSONS = sorted(p.parent.name for p in ROOT.glob("notebooks/[0-9][0-9]_*/lesson.ipynb"))
ERRORS = ".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']"


# --- the saving and privacy words, without a browser ----------------------------------------------


def test_every_browser_text_has_a_twin_with_the_same_placeholders_plus_the_download():
    english = strings.table()
    twins = [(s, k) for s, keys in english.items() for k in keys if k.endswith("_lite")]
    assert twins, "no browser texts at all"
    for section, key in twins:
        base = key.removesuffix("_lite")
        if base in english[section]:
            extra = strings.placeholders(english[section][key]) - strings.placeholders(english[section][base])
            assert extra <= {"download"}, f"{section}.{key} needs {extra}, which the code does not pass"


def test_in_the_browser_the_saving_words_say_where_the_file_really_is(monkeypatch):
    outside = strings.text("relaxation", "saved_to", path="p", download="")
    monkeypatch.setattr(in_browser, "IN_BROWSER", True)
    inside = strings.text("relaxation", "saved_to", path="p", download="<a>link</a>")
    assert "Binder" in outside and "Binder" not in inside
    assert "browser" in inside and "<a>link</a>" in inside


def test_a_download_link_carries_the_file_itself(tmp_path):
    path = tmp_path / "checklist.txt"
    path.write_text("my list", encoding="utf-8")
    link = in_browser.download_link(path, "Download", in_browser=True)
    data = re.search(r"href='data:text/plain;base64,([^']+)'", link).group(1)
    assert base64.b64decode(data) == b"my list" and "download='checklist.txt'" in link
    assert in_browser.download_link(path, "Download", in_browser=False) == ""


def test_the_planner_privacy_words_change_in_the_browser(monkeypatch):
    from coursekit.topics import relaxation

    def privacy_text():
        return relaxation.ProgressionPlanner().children[0].value

    assert "Binder" in privacy_text()
    monkeypatch.setattr(in_browser, "IN_BROWSER", True)
    assert "Binder" not in privacy_text() and "browser" in privacy_text()


def test_pre_parsed_data_is_used_only_while_it_matches_its_yaml(tmp_path):
    from coursekit.course import data

    path = tmp_path / "topic.yaml"
    path.write_text("last_reviewed: 2026-11-30\nname: Café\n", encoding="utf-8")
    cache = tmp_path / ("topic.yaml" + data.PARSED_SUFFIX)
    cache.write_text(data.encode_parsed(path.read_text(), {"from": "the parsed file"}), encoding="utf-8")
    assert data.read_yaml(path) == {"from": "the parsed file"}  # it is read, not the YAML
    path.write_text("last_reviewed: 2026-12-01\nname: Café\n", encoding="utf-8")  # the YAML changed
    assert data.read_yaml(path) == {"last_reviewed": dt.date(2026, 12, 1), "name": "Café"}
    for damaged in ("{not json", "[]", '{"sha256": 1}', ""):
        cache.write_text(damaged, encoding="utf-8")
        assert data.read_yaml(path)["last_reviewed"] == dt.date(2026, 12, 1), damaged


def test_pre_parsed_data_gives_back_dates_and_times_exactly():
    from coursekit.course import data

    value = {"d": dt.date(2026, 2, 28), "t": dt.datetime(2026, 2, 28, 9, 30), "l": [1, 2.5, None, True, "x"]}
    assert data.decode_parsed("t", data.encode_parsed("t", value)) == value
    assert data.decode_parsed("other text", data.encode_parsed("t", value)) is data._STALE


# --- the build ------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def site(tmp_path_factory, worker_id) -> Path:
    """A current build of the browser edition: lite/ if it matches the inputs, else one built in tmp."""
    if lite.is_current(ROOT / "lite"):
        return ROOT / "lite"
    # The first build on a machine downloads into the cache (PyPI and npm, as `make lite` would);
    # every later one, in any clone, is offline.
    offline = (lite.CACHE / f"pyodide-{lite.PYODIDE}.tgz").exists()
    shared = tmp_path_factory.getbasetemp() if worker_id == "master" else tmp_path_factory.getbasetemp().parent
    out = shared / "lite-site"
    with FileLock(str(shared / "lite-site.lock")):
        if not lite.is_current(out):
            lite.build(out, offline=offline)
    return out


@pytest.mark.xdist_group("lite")
def test_the_build_vendors_everything_and_its_lock_matches_the_files(site):
    config = json.loads((site / "jupyter-lite.json").read_text())["jupyter-config-data"]
    kernel = config["litePluginSettings"]["@jupyterlite/pyodide-kernel-extension:kernel"]
    assert kernel["pyodideUrl"] == "./static/pyodide/pyodide.mjs" and kernel["disablePyPIFallback"] is True
    lock = json.loads((site / "static" / "pyodide" / "pyodide-lock.json").read_text())
    for name, entry in lock["packages"].items():
        whl = site / "static" / "pyodide" / entry["file_name"]
        assert whl.exists() and "/" not in entry["file_name"], name
        assert lite.sha256(whl) == entry["sha256"], f"{name}: the lock's hash is not the file's"
    assert {"coursekit", "ipywidgets", "pyyaml", "micropip", "ipython"} <= set(lock["packages"])
    assert "plotly" not in lock["packages"], "the lessons' figures are plain dicts: plotly is not needed here"
    # Pyodide loads the kernel's needs and the course as it starts: each must be in the lock (an unknown
    # name stops the kernel), and the kernel's own one-by-one installs are all skipped.
    preload = kernel["loadPyodideOptions"]["packages"]
    assert set(preload) <= set(lock["packages"]), set(preload) - set(lock["packages"])
    kernel_needs = {"micropip", "piplite", "ipykernel", "comm", "pyodide-kernel", "jedi", "ipython"}
    assert kernel_needs | {"coursekit"} <= set(preload)
    assert not list((site / "files").rglob("quiz.ipynb")), "the graded quizzes stay in JupyterLab"
    # every data file ships parsed too (Pyodide's YAML parser is pure Python), and gives the same data
    from coursekit.course import data

    with zipfile.ZipFile(site / "static" / "pyodide" / lock["packages"]["coursekit"]["file_name"]) as whl:
        yamls = [n for n in whl.namelist() if n.endswith(".yaml")]
        assert len(yamls) > 20 and any(n.endswith("data/references.yaml") for n in yamls)
        for name in yamls:
            text = whl.read(name).decode("utf-8")
            assert data.decode_parsed(text, whl.read(name + data.PARSED_SUFFIX).decode()) == data.parse_yaml(text)
    assert sorted(p.parent.name for p in (site / "files").glob("*/lesson.ipynb")) == LESSONS


# --- every lesson in Chromium ---------------------------------------------------------------------


@pytest.fixture(scope="session")
def lite_server(site, tmp_path_factory):
    require(chromium_path() is not None, "Chromium is not installed (apt-get install chromium); browser tests skipped")
    port = free_port()
    cmd = [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1", "--directory", str(site)]
    log = tmp_path_factory.mktemp("lite-server") / "server.log"
    base = f"http://127.0.0.1:{port}"
    with serving("the lite site", cmd, ROOT, dict(os.environ), log, f"{base}/jupyter-lite.json"):
        yield base


# V8 flags for this module's Chromium only (the shared FLAGS stay as they are). --liftoff-only: V8 runs
# Pyodide's 10 MB WebAssembly module with its baseline compiler and never re-compiles its hot functions
# with the optimising one (TurboFan), which took 3-4 CPU-s in background threads at every kernel start.
# Python then runs a little slower (about +1 CPU-s a lesson), for 1.5-2 CPU-s less a lesson in all. What
# the code does is the same in either tier: WebAssembly has one meaning, only its speed differs.
LITE_FLAGS = ["--js-flags=--liftoff-only"]


@pytest.fixture(scope="session")
def lite_browser(browser):
    """A Chromium of its own for the browser edition, started by the session's Playwright (LITE_FLAGS)."""
    launched = browser.browser_type.launch(executable_path=chromium_path(), args=[*FLAGS, *LITE_FLAGS])
    yield launched
    launched.close()


@pytest.fixture(scope="session")
def lite_context(lite_browser, lite_server):
    """One browser profile for every lesson (the cache warms up, as for a learner); off-machine requests fail.

    The browser's flags (FLAGS) send every request that is not for this machine to a dead proxy, so
    it fails; the listener records it, and the lesson's test fails on it. No ``context.route`` here:
    Playwright turns the HTTP cache off for a context with routes, and every lesson would then load
    Pyodide cold.
    """
    context = lite_browser.new_context(viewport={"width": 1400, "height": 1000})
    context.add_init_script(STILL_SPINNER)
    context.outside = []  # every request from any page of this profile that tried to leave the machine
    context.on("request", lambda r: None if is_local(r.url, lite_server) else context.outside.append(r.url))
    yield context
    context.close()


# The status bar's kernel spinner turns for as long as a kernel starts or runs (most of each lesson).
# In headless Chromium each turn is a full frame (style, paint, software compositing in the GPU process),
# about 0.2 CPU-seconds per second: 3-4 of a lesson's 20. The test browser draws it standing still;
# nothing a test asserts on moves, and the learner's page is untouched.
STILL_SPINNER = """document.addEventListener("DOMContentLoaded", () => {
  const style = document.createElement("style");
  style.textContent = ".jp-KernelStatus-spinner { animation: none !important; }";
  document.head.appendChild(style);
});"""


def is_local(url: str, base: str) -> bool:
    return url.startswith(("data:", "blob:", base + "/"))


PANEL = ".jp-NotebookPanel:not(.lm-mod-hidden)"  # the notebook in front
NO_KERNELS = "#jp-main-statusbar [title$=' 0 Kernel sessions']"  # the status bar's running-kernels count


class LiteApp:
    """One JupyterLite page shared by the lessons: the app (8-10 CPU-s in Chromium) loads once.

    Each lesson opens in it as a learner opens another notebook (File > Open from Path…), and is then
    closed without saving and its kernel shut down (File > Close and Shut Down). A page left in a bad
    state (a failed lesson, a notebook that would not close) is replaced by a fresh one before the next
    lesson.
    """

    def __init__(self, context, base: str):
        self.context, self.base, self.page, self.loads = context, base, None, 0

    def ready_page(self):
        """The shared page, with no notebook open and no kernel running; a fresh one if it is not so."""
        if self.page is not None and not self.clean():
            self.discard()
        if self.page is None:
            page = self.context.new_page()
            self.loads += 1  # a workspace of its own: nothing an earlier page had open is restored
            page.goto(f"{self.base}/lab/index.html?workspace=lessons-{os.getpid()}-{self.loads}")
            page.wait_for_selector(".jp-DirListing-item", timeout=60_000)  # the file browser lists the lessons
            page.wait_for_selector(NO_KERNELS, timeout=60_000)
            self.page = page
        return self.page

    def clean(self) -> bool:
        try:
            page = self.page
            return not (page.is_closed() or page.query_selector(".jp-NotebookPanel, .jp-Dialog, .lm-Menu")) and bool(
                page.query_selector(NO_KERNELS)
            )
        except Exception:  # noqa: BLE001 (a crashed page)
            return False

    def discard(self) -> None:
        if self.page is not None:
            with contextlib.suppress(Exception):
                self.page.close()
        self.page = None

    def close_lesson(self) -> None:
        """File > Close and Shut Down: the notebook closes unsaved and its kernel stops; else a fresh page next."""
        page = self.page
        try:
            page.click(f"{PANEL} .jp-Cell >> nth=0", position={"x": 8, "y": 8}, timeout=10_000)  # the notebook in focus
            menu(page, "File", "Close and Shut Down")
            page.click(".jp-Dialog button.jp-mod-accept", timeout=10_000)  # "Shut down the notebook?"
            page.wait_for_selector(".jp-NotebookPanel", state="detached", timeout=30_000)
            page.wait_for_selector(NO_KERNELS, timeout=30_000)
        except Exception:  # noqa: BLE001
            self.discard()


@pytest.fixture(scope="module")
def lite_app(lite_context, lite_server):
    app = LiteApp(lite_context, lite_server)
    yield app
    app.discard()


def run_lesson(page, lesson: str, tmp_path: Path) -> None:
    """Open a lesson in the shared app's page, Run All Cells, and wait until the kernel is idle again."""
    path = f"{lesson}/lesson.ipynb"
    open_from_path(page, path)
    # the notebook in front is this lesson (its tab's tooltip names the path), and its kernel is up
    page.wait_for_selector(f".lm-TabBar-tab.lm-mod-current[title*='Path: {path}']", timeout=60_000)
    page.wait_for_selector(f"{PANEL} .jp-Cell", timeout=60_000)
    page.wait_for_selector(f"{PANEL} .jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=120_000)
    # Focus the notebook (Run All Cells is disabled while the file browser has it): click a cell's margin.
    page.click(f"{PANEL} .jp-Cell >> nth=0", position={"x": 8, "y": 8}, timeout=30_000)
    press_run_all(page)
    try:  # every cell ran: the last one (upkeep.show) has drawn its line, and the kernel is idle
        page.wait_for_selector(f"{PANEL} .jp-OutputArea-output:has-text('Content last reviewed')", timeout=240_000)
        page.wait_for_selector(f"{PANEL} .jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=60_000)
    except Exception:  # noqa: BLE001
        pytest.fail(f"{lesson} did not finish running; " + page_report(page, tmp_path / "failure.png"))


def click_and_expect(page, widget: str, act, words: str) -> None:
    element = page.wait_for_selector(widget, timeout=60_000)
    element.scroll_into_view_if_needed()
    act(element)
    page.wait_for_function(f"() => document.querySelector('{widget}').textContent.includes({words!r})", timeout=60_000)


def planner(page, shots: Path):
    def act(el):
        el.query_selector(".widget-dropdown select").select_option(label="8")  # comfort is never prefilled
        el.query_selector("button:has-text('Log session')").click()

    click_and_expect(page, ".coursekit-progression-planner", act, "Next: Stay at this size")
    widget = ".coursekit-progression-planner"
    assert "This is the browser edition" in page.text_content(widget), "the planner shows the wrong privacy words"
    click_and_expect(page, widget, lambda el: el.query_selector("button:has-text('Save log')").click(), "Download")
    with page.expect_download() as download:  # saving offers the file to the learner's device
        page.click(f"{widget} a.coursekit-download")
    assert download.value.suggested_filename.endswith(".json")
    page.screenshot(path=str(shots / "planner.png"))


def label_checker(page, shots: Path):
    def act(el):
        el.query_selector("textarea").fill("Aqua (Water), Glycerin, Benzocaine 5%")
        el.query_selector("button:has-text('Check label')").click()

    click_and_expect(page, ".coursekit-label-checker", act, "Numbing agent")


def triage(page, shots: Path):
    def act(el):
        el.query_selector("label:has-text('An object that cannot be retrieved') input[type=checkbox]").click()

    click_and_expect(page, ".coursekit-triage", act, "Level 4 of 4: Emergency: now")


WIDGET = {"02_relaxation": planner, "03_lubrication": label_checker, "05_warning_signs": triage}


@pytest.mark.xdist_group("lite")
@pytest.mark.parametrize("lesson", LESSONS)
def test_each_lesson_runs_in_the_browser_with_nothing_leaving_the_machine(lite_app, lite_context, lesson, tmp_path):
    page = lite_app.ready_page()
    try:
        run_lesson(page, lesson, tmp_path)
        errors = [e.text_content()[:300] for e in page.query_selector_all(f"{PANEL} {ERRORS}")]
        assert not errors, f"{lesson}: {errors}; " + page_report(page, tmp_path / "errors.png")
        if lesson in WIDGET:
            WIDGET[lesson](page, tmp_path)
        # Every request of every page in the profile is recorded, checked after each lesson: the shared
        # page's app load, this lesson's run and anything before it.
        assert not lite_context.outside, f"requests that tried to leave the machine: {lite_context.outside}"
    except BaseException:
        lite_app.discard()  # the next lesson starts on a fresh page
        raise
    lite_app.close_lesson()
