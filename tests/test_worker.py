"""The grading worker's plumbing, without nbgrader: answers read by a thread (no select on pipes, so it
also runs on Windows), timeouts, nonsense, a dead worker, and stopping a worker's process group."""

from __future__ import annotations

import queue
import subprocess
import sys
import threading
import time

import pytest

from coursekit.grading import worker


def started(code: str) -> tuple[subprocess.Popen, queue.Queue]:
    proc = subprocess.Popen(
        [sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, **worker._own_group()
    )
    answers: queue.Queue = queue.Queue()
    threading.Thread(target=worker._read_answers, args=(proc.stdout, answers), daemon=True).start()
    return proc, answers


def test_answers_arrive_in_order_then_the_end_is_marked():
    proc, answers = started('print(\'{"ready": true}\'); print(\'{"success": true, "log": ""}\')')
    assert worker.Worker._answer(answers, 30) == {"ready": True}
    assert worker.Worker._answer(answers, 30) == {"success": True, "log": ""}
    assert worker.Worker._answer(answers, 30) == "crashed"  # end of stream: the worker is gone
    proc.wait(timeout=30)


def test_silence_is_a_timeout_and_nonsense_is_a_crash():
    proc, answers = started("import sys, time; print('not json', flush=True); time.sleep(60)")
    assert worker.Worker._answer(answers, 30) == "crashed"
    start = time.monotonic()
    assert worker.Worker._answer(answers, 0.5) == "timeout"
    assert time.monotonic() - start < 10
    proc.kill()
    proc.wait(timeout=30)


@pytest.mark.skipif(worker.WINDOWS, reason="POSIX process groups")
def test_killing_reaches_the_whole_group():
    # The worker's own child (a kernel, say) is in its group and goes with it.
    code = (
        "import subprocess, sys, time\n"
        "child = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(120)'])\n"
        "print(child.pid, flush=True)\n"
        "time.sleep(120)\n"
    )
    proc, answers = started(code)
    child = int(answers.get(timeout=30))
    worker._signal_group(proc, hard=True)
    proc.wait(timeout=30)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with open(f"/proc/{child}/stat") as stat:
                if stat.read().split()[2] == "Z":  # a zombie waiting for its reaper is gone too
                    break
        except FileNotFoundError:
            break
        time.sleep(0.1)
    else:
        pytest.fail("the worker's child outlived the worker's group")


@pytest.mark.skipif(worker.WINDOWS, reason="POSIX process groups")
def test_an_interrupt_ends_a_worker_and_a_gone_one_is_reported():
    # As the worker's main() does: Ctrl-C is not ignored even when pytest runs as a background job
    # (a shell starts those with SIGINT ignored, and children inherit that).
    code = "import signal, time; signal.signal(signal.SIGINT, signal.default_int_handler); print('up', flush=True)"
    proc, answers = started(code + "; time.sleep(120)")
    assert answers.get(timeout=30) == "up\n"
    worker._signal_group(proc, hard=False)  # SIGINT: KeyboardInterrupt in the worker
    assert proc.wait(timeout=30) != 0
    with pytest.raises(ProcessLookupError):
        worker._signal_group(proc, hard=False)


def test_the_worker_module_does_not_wait_on_pipes_with_select():
    """select() on pipes does not exist on Windows; the answers thread replaces it."""
    source = open(worker.__file__, encoding="utf-8").read()
    assert "import select" not in source and "select.select" not in source
