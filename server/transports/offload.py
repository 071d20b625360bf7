"""Heavy work off the event loop: reading an upload, building the completed workbook or the deck.

Under gevent every socket of the process is served by one event loop, so a third of a second of openpyxl or
python-pptx in a request stops every board of every room for that long. Here such work runs in one worker
thread (one job at a time), and the request waits for it without blocking the loop. The worker holds the GIL
while it runs Python, but gives it up every switch interval (5 ms) when the loop wants it, so edits keep
flowing, a little slower, while a deck is built.

The work must not touch anything the loop changes meanwhile: give it a copy of the workspace taken under the
workspace lock (:meth:`~server.domain.state.WorkspaceState.copy`). Progress reports from the worker are
passed to ``progress`` on the request's own greenlet, so the callback may emit Socket.IO events.

A request that is cancelled while it waits (its greenlet killed) leaves the job running to its end; later
jobs wait behind it. In threading mode (tests, the development server) every request has a thread of its own already: the work
runs right there.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from typing import Any, TypeVar

from flask import current_app

T = TypeVar("T")
Progress = Callable[[int, str], None]

_pool: Any = None
POLL = 0.05  # seconds between looks at the worker's progress reports


def run_heavy(work: Callable[[Progress], T], progress: Progress | None = None) -> T:
    """``work(report)`` in the worker thread (gevent) or right here (threading); ``report(percent, message)``
    reaches ``progress``. Returns what ``work`` returns and raises what it raises."""
    report: Progress = progress if progress is not None else (lambda _percent, _message: None)
    socketio = current_app.extensions.get("socketio")
    if socketio is None or socketio.async_mode != "gevent":
        return work(report)
    global _pool
    if _pool is None:
        from gevent.threadpool import ThreadPool

        _pool = ThreadPool(1)
    # a plain deque, not a queue: gevent patches those, and they are not meant for another OS thread; a deque's
    # append and popleft are atomic
    reports: deque[tuple[int, str]] = deque()

    def attempt() -> tuple[Any, BaseException | None]:
        # an exception is handed back, not raised in the worker: gevent would print every refused upload as an error
        try:
            return work(lambda percent, message: reports.append((percent, message))), None
        except Exception as exc:
            return None, exc

    pending = _pool.spawn(attempt)
    while True:
        done = pending.wait(POLL)  # yields to the loop meanwhile
        while reports:
            report(*reports.popleft())
        if done is not None or pending.ready():
            break
    value, error = pending.get()
    if error is not None:
        raise error
    return value
