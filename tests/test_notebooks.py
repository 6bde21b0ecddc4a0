"""Every notebook runs with a real kernel: lessons clean, masters full marks, student versions fail.

A guard cell prepended to each run refuses any non-local network connection or DNS look-up and
records it, so "the course makes no network request" is checked, not assumed.
"""

from __future__ import annotations

import json
from pathlib import Path
from queue import Empty

import nbformat
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from coursekit.course import kernelpoll
from coursekit.grading import build

ROOT = Path(__file__).resolve().parent.parent
LESSONS = sorted(ROOT.glob("notebooks/*/lesson.ipynb"))
MASTERS = sorted(ROOT.glob("grading/source/*/quiz.ipynb"))
STUDENT = sorted(ROOT.glob("notebooks/*/quiz.ipynb"))

GUARD = """
import socket as _ck_socket
_ck_blocked = []
_ck_local = ("127.0.0.1", "localhost", "::1", "0.0.0.0")
def _ck_is_local(host):
    return not isinstance(host, str) or host in _ck_local or host.startswith(("127.", "/"))
_ck_connect = _ck_socket.socket.connect
def _ck_guard_connect(self, address, *args):
    host = address[0] if isinstance(address, tuple) else address
    if not _ck_is_local(host):
        _ck_blocked.append(str(address))
        raise OSError("network access is disabled while testing the course")
    return _ck_connect(self, address, *args)
_ck_getaddrinfo = _ck_socket.getaddrinfo
def _ck_guard_getaddrinfo(host, *args, **kwargs):
    if not _ck_is_local(host):
        _ck_blocked.append(f"dns:{host}")
        raise OSError("network access is disabled while testing the course")
    return _ck_getaddrinfo(host, *args, **kwargs)
_ck_socket.socket.connect = _ck_guard_connect
_ck_socket.getaddrinfo = _ck_guard_getaddrinfo
"""
REPORT = "print('BLOCKED:' + repr(_ck_blocked))"


def run(path: Path, allow_errors: bool = False) -> nbformat.NotebookNode:
    nb = nbformat.read(path, as_version=4)
    nb.cells.insert(0, nbformat.v4.new_code_cell(GUARD))
    nb.cells.append(nbformat.v4.new_code_cell(REPORT))
    client = NotebookClient(
        nb,
        timeout=180,
        kernel_name="python3",
        allow_errors=allow_errors,
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute()
    last = "".join(o.get("text", "") for o in nb.cells[-1].outputs)
    assert "BLOCKED:[]" in last, f"{path.name} tried to use the network: {last}"
    return nb


def error_cells(nb):
    return [c for c in nb.cells if any(o.get("output_type") == "error" for o in c.get("outputs", []))]


@pytest.mark.notebook
@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.parent.name)
def test_lesson_runs_clean_and_renders_widgets_and_figures(path):
    try:
        nb = run(path)
    except CellExecutionError as exc:
        pytest.fail(f"{path.relative_to(ROOT)} raised: {str(exc)[:2000]}")
    mimes = {m for c in nb.cells for o in c.get("outputs", []) for m in o.get("data", {})}
    assert "application/vnd.jupyter.widget-view+json" in mimes
    stderr = [o["text"] for c in nb.cells for o in c.get("outputs", []) if o.get("name") == "stderr"]
    assert not stderr, f"warnings or errors printed: {stderr}"


@pytest.mark.notebook
def test_the_guard_catches_a_network_request(tmp_path):
    nb = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_code_cell(
                "import urllib.request\ntry:\n    urllib.request.urlopen('http://example.org', timeout=2)\n"
                "except Exception:\n    pass"
            )
        ]
    )
    path = tmp_path / "leaky.ipynb"
    nbformat.write(nb, path)
    with pytest.raises(AssertionError, match="tried to use the network"):
        run(path)


@pytest.mark.notebook
@pytest.mark.parametrize("path", MASTERS, ids=lambda p: p.parent.name)
def test_master_passes_every_test_including_hidden(path):
    nb = run(path, allow_errors=True)
    assert not error_cells(nb), [c.source[:200] for c in error_cells(nb)]


@pytest.mark.notebook
@pytest.mark.parametrize("path", STUDENT, ids=lambda p: p.parent.name)
def test_student_version_fails_every_autograded_test(path):
    nb = run(path, allow_errors=True)
    grade_cells = [  # the 0-point rubric cells under written answers only show the rubric (grading/rubric.py)
        c for c in nb.cells if c.metadata.get("nbgrader", {}).get("points") and c.cell_type == "code"
    ]
    assert grade_cells
    failing = error_cells(nb)
    assert all(c in failing for c in grade_cells)
    for cell in grade_cells:
        assert "BEGIN HIDDEN TESTS" not in cell.source and "check_answer(" not in cell.source
        message = next(o for o in cell.outputs if o.output_type == "error")["evalue"]
        assert message.startswith("Your answer should be")  # the visible test explains the form


def test_committed_notebooks_are_clean():
    for path in sorted(ROOT.glob("notebooks/**/*.ipynb")) + MASTERS:
        nb = json.loads(path.read_text())
        assert "widgets" not in nb["metadata"], path
        for cell in nb["cells"]:
            assert not cell.get("outputs") and not cell.get("execution_count"), path


def test_generated_files_match_a_fresh_generation():
    stale = build.stale_files()
    assert not stale, f"out of date (run: make regenerate): {stale}"


def test_every_graded_bank_has_a_master_and_a_student_version():
    for module in build.modules():
        assert build.master_path(module).exists() and build.student_path(module).exists()


@pytest.mark.notebook
def test_kernel_replies_are_polled_in_slices_with_the_same_meaning():
    # Two lessons run side by side once took 182 s each (a missed wake-up on a 180 s poll); sliced
    # polls must still wait past one slice for a slow reply, and still time out with Empty.
    from jupyter_client.manager import AsyncKernelManager
    from jupyter_core.utils import run_sync

    assert kernelpoll.installed()  # by conftest; the site build and the grader install it themselves

    async def scenario():
        km = AsyncKernelManager(kernel_name="python3")
        await km.start_kernel()
        kc = km.client()
        kc.start_channels()
        try:
            await kc.wait_for_ready(timeout=60)
            msg_id = kc.execute("import time; time.sleep(3 * 0.5)")  # a reply three slices away
            reply = await kc.shell_channel.get_msg(timeout=60)
            # Under load wait_for_ready asks again after 1 s, and the answer to that second kernel_info
            # request can still be waiting here: only such a reply may come before the execute reply.
            while reply["msg_type"] == "kernel_info_reply":
                reply = await kc.shell_channel.get_msg(timeout=60)
            assert reply["parent_header"]["msg_id"] == msg_id and reply["content"]["status"] == "ok"
            with pytest.raises(Empty):
                await kc.shell_channel.get_msg(timeout=1.2)  # nothing more to come
        finally:
            kc.stop_channels()
            await km.shutdown_kernel(now=True)

    run_sync(scenario)()
