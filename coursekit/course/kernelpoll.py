"""A work-around for a lost wake-up while nbclient waits for a kernel's reply to a cell.

nbclient waits for each cell's ``execute_reply`` with one asyncio poll of the kernel's shell socket,
as long as the whole cell timeout. With two kernels busy on the same machine, that poll sometimes
misses the reply's wake-up and returns only when the timeout ends, with the reply waiting all along.
Measured here: two lessons run side by side took 182.4 s each (a 180 s cell timeout), and 3.0 s and
2.5 s with the polls cut into half-second slices; alone, a lesson takes about 3 s either way. nbclient
issue #312 reports the same symptom for cells with widgets. The tests, the reader-site build, the
benchmarks and the grader's Execute step all run lessons or quizzes through nbclient, so each calls
:func:`install` first.
"""

from __future__ import annotations

import time
from queue import Empty

from jupyter_client.channels import AsyncZMQSocketChannel

# Seconds per poll; a missed wake-up then costs at most this. Missed wake-ups are common, not rare:
# lessons run 4 times each way, interleaved, took 0.2 s less (median) with 0.1 s slices than with 0.5 s
# (01_anatomy 2.00 to 1.79 s, 02_relaxation 2.13 to 1.95 s); a poll every 0.1 s costs next to nothing.
SLICE = 0.1
_original = AsyncZMQSocketChannel.get_msg


async def _sliced_get_msg(self, timeout: float | None = None) -> dict:
    """``get_msg`` with the same meaning (a message, or ``Empty`` once ``timeout`` has passed), polling in slices."""
    deadline = None if timeout is None else time.monotonic() + timeout
    while True:
        step = SLICE if deadline is None else max(0.0, min(SLICE, deadline - time.monotonic()))
        try:
            return await _original(self, timeout=step)
        except Empty:
            if deadline is not None and time.monotonic() >= deadline:
                raise


def install() -> None:
    """Make every asyncio kernel client in this process poll in slices. Calling it again changes nothing."""
    AsyncZMQSocketChannel.get_msg = _sliced_get_msg  # type: ignore[method-assign]


def installed() -> bool:
    """Whether :func:`install` is in effect in this process."""
    return AsyncZMQSocketChannel.get_msg is _sliced_get_msg
