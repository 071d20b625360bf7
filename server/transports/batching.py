"""Room events in batches, for the clients that join with ``"batch": true`` (``ops_batch`` in docs/protocol.md).

Sending one event to N clients costs N websocket frames, each a trip through engine.io's queue and writer of
that client: a paste of 180 edits into a room of 200 is 36,000 of them, seconds of CPU. A client that takes
``ops_batch`` gets several events in one frame when they come close together. In a quiet room a batch is one
event, sent at once. After a batch, the next one leaves no sooner than ``GAP`` after it started, and no
sooner than the time writing it took after it was written (at most ``MAX_WAIT``): sending takes at most
half of the event loop's time, and under load the batches grow until it does (the board's renders follow
the same rule).

Clients that do not ask for batches get every event on its own, at once, as before (:meth:`SyncNamespace.
_emit_ops`); both kinds can share a room.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

from flask_socketio import SocketIO

log = logging.getLogger(__name__)

SUFFIX = "\x1fbatch"  # the Socket.IO room of a workspace's batch clients: the slug and this
SINGLE_SUFFIX = "\x1fops"  # the room of the clients that take every event on its own
MAX_EVENTS = 500  # events in one ops_batch at most
GAP = 0.002  # seconds between two batches at least, when events follow each other closely
MAX_WAIT = 0.05  # seconds a batch waits for more, at most


def batch_room(room: str) -> str:
    return room + SUFFIX


def single_room(room: str) -> str:
    return room + SINGLE_SUFFIX


class OpsBatcher:
    """Collects each room's events for its batch clients and sends them from one background task."""

    def __init__(self, socketio: SocketIO, namespace: str):
        self.socketio = socketio
        self.namespace = namespace
        self._pending: dict[str, list[dict[str, Any]]] = {}
        self._lock = threading.Lock()
        self._wake: Any = None

    def start(self) -> None:
        self._wake = self.socketio.server.eio.create_event()
        self.socketio.start_background_task(self._run)

    def add(self, room: str, event: dict[str, Any]) -> None:
        """Queue an event (called in seq order per room, under the room feed's lock)."""
        with self._lock:
            self._pending.setdefault(room, []).append(event)
        if self._wake is not None:
            self._wake.set()
        else:  # not started (an app without its background tasks): send at once
            self.flush()

    def flush(self) -> None:
        with self._lock:
            pending, self._pending = self._pending, {}
        for room, events in pending.items():
            for start in range(0, len(events), MAX_EVENTS):
                chunk = events[start : start + MAX_EVENTS]
                self.socketio.emit("ops_batch", {"events": chunk}, to=batch_room(room), namespace=self.namespace)

    def _run(self) -> None:
        started = ended = -MAX_WAIT
        while True:
            self._wake.wait()
            self._wake.clear()
            ready = max(started + GAP, ended + (ended - started))  # the previous batch: when it began, its cost
            wait = min(ready - time.monotonic(), MAX_WAIT)
            if wait > 0:  # soon after the previous batch: gather what follows
                self.socketio.sleep(wait)
            started = time.monotonic()
            try:
                self.flush()
            except Exception:  # a bug: the clients resync from their seq at the next gap or rejoin
                log.exception("ops_batch niet verstuurd")
            self.socketio.sleep(0)  # the clients' writers, woken by the flush, send it now
            ended = time.monotonic()
