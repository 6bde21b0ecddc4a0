"""Shared fixtures: paths, and the switch between 'skip' (a user's machine) and 'fail' (CI)."""

from __future__ import annotations

import contextlib
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

import pytest

from coursekit.course import kernelpoll
from coursekit.editions.chromium import FLAGS

from .labpages import give_back_lesson, lesson_marker, take_lesson

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


_FAILED = pytest.StashKey[bool]()


@pytest.fixture
def lesson_page(request, browser, lab, tmp_path_factory):
    """(page, hosts) for the test's lesson marker: the lesson after Run All, shared (labpages.py says how)."""
    marker = lesson_marker(request.node)
    assert marker is not None, "lesson_page needs @pytest.mark.lesson(name, uses=(...))"
    name, uses, pristine = marker.args[0], list(marker.kwargs.get("uses", ())), marker.kwargs.get("pristine", False)
    shots = tmp_path_factory.getbasetemp() / f"lesson-{name}"
    shots.mkdir(exist_ok=True)
    page, hosts = take_lesson(browser, lab, name, uses, pristine, shots)
    yield page, hosts
    give_back_lesson(page, failed=request.node.stash.get(_FAILED, False))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Note a failed (or xfailed) setup or call, for lesson_page's teardown."""
    report = yield
    if report.failed or hasattr(report, "wasxfail"):
        item.stash[_FAILED] = True
    return report


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "lesson(name, uses=(), pristine=False): the JupyterLab lesson a browser test shares (lesson_page)"
    )


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """Put the tests of each lesson next to each other (lesson order; pristine ones first in a lesson).

    They move to where the first of them was; every other test keeps its place. Within the one
    browser worker, xdist runs its tests in this order.
    """
    bound = [i for i, item in enumerate(items) if lesson_marker(item)]
    if not bound:
        return

    def key(item):
        marker = lesson_marker(item)
        return (marker.args[0], not marker.kwargs.get("pristine", False))

    moved = sorted((items[i] for i in bound), key=key)  # stable: otherwise in collection order
    rest = [item for item in items if not lesson_marker(item)]
    items[:] = rest[: bound[0]] + moved + rest[bound[0] :]


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
