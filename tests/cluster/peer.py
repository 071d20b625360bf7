"""A sync client: :class:`SyncPeer` keeps a confirmed board and a queue of unacknowledged mutations, like the
board's own client, and the board helpers the tests compare it with."""

from __future__ import annotations

import contextlib
import functools
import itertools
import random
import threading
import time
import uuid
from collections.abc import Callable
from typing import Any

import engineio
import socketio

NS = "/sync"

Board = dict[str, dict[str, Any]]  # object id -> fields (and "_type"), live objects only


def board_of_snapshot(snapshot: dict[str, Any]) -> Board:
    return {o["id"]: {**o, "_type": t} for t, objs in snapshot["objects"].items() for o in objs}


def board_of_log(log: list[dict[str, Any]]) -> Board:
    """The board the log describes, replayed from seq 1 (every object's fields, deletions removed)."""
    objs: dict[str, dict[str, Any]] = {}
    for event in log:
        _apply(objs, event)
    return {k: v for k, v in objs.items() if not v.get("_deleted")}


def _apply(objs: dict[str, dict[str, Any]], event: dict[str, Any]) -> None:
    for op in event["ops"]:
        if op["op"] in ("create", "restore"):
            objs[op["id"]] = {"id": op["id"], "_type": op["type"], **op["fields"]}
        elif op["op"] == "set":
            objs[op["id"]][op["field"]] = op["value"]
        elif op["op"] == "delete":
            objs[op["id"]]["_deleted"] = True
        objs[op["id"]]["_seq"] = event["seq"]


def strip_seq(board: Board) -> Board:
    return {k: {f: v for f, v in o.items() if f != "_seq"} for k, o in board.items()}


_names = itertools.count(1)


class _EngineIOClient(engineio.Client):
    """An Engine.IO client that closes its websocket when the connection breaks under it.

    python-engineio closes the websocket when either side says goodbye, but when its read loop ends on an
    error (the server killed: a connection reset; or a ping timeout) it drops the websocket with the socket
    still open. The garbage collector then finds that socket at some later moment, in whatever test runs
    then: a ResourceWarning, an error under ``filterwarnings = error``. The read loop is the last user of
    its websocket (it joins the write loop first), so it closes it on the way out.
    """

    def _read_loop_websocket(self) -> None:
        ws = self.ws
        try:
            super()._read_loop_websocket()
        finally:
            ws.shutdown()


class _SocketIOClient(socketio.Client):
    def _engineio_client_class(self) -> type[engineio.Client]:
        return _EngineIOClient


class SyncPeer:
    """A client of /sync that keeps a confirmed board and a queue of unacknowledged mutations.

    python-socketio handles each incoming message on its own thread, so ``ops`` may arrive out of order:
    they are buffered and applied in seq order. A gap still open after ``GAP`` seconds (a message really
    lost) makes the peer join again with its seq, as the board's client does; ``heals`` counts those.
    """

    GAP = 1.5
    RESEND = 40  # mutations resent at once after a refusal (the server allows 50 a second)

    def __init__(self, url: str, token: str, name: str | None = None, reconnect: bool = True):
        self.name = name or f"peer{next(_names)}"
        self.url, self.token = url, token
        self.client = _SocketIOClient(
            reconnection=reconnect,
            reconnection_attempts=0,
            reconnection_delay=0.1,
            reconnection_delay_max=1.0,
            randomization_factor=0.5,
        )
        self.client_id = f"py-{self.name}-{uuid.uuid4().hex[:8]}"
        self.next_id = 1
        self.lock = threading.RLock()
        self.cond = threading.Condition(self.lock)
        self.seq: int | None = None
        self.objects: dict[str, dict[str, Any]] = {}
        self.buffer: dict[int, dict[str, Any]] = {}
        self.gap_since: float | None = None
        self.pending: dict[int, dict[str, Any]] = {}  # mutation_id -> mutation, not acknowledged yet
        self.acked: dict[int, int] = {}  # mutation_id -> seq
        self.rejected: dict[int, dict[str, Any]] = {}
        self.sent_at: dict[int, float] = {}
        self.ack_latency: dict[int, float] = {}
        self.errors: list[dict[str, Any]] = []
        self.presence: dict[str, dict[str, Any]] = {}
        self.joined = False
        self.connects = 0
        self.heals = 0
        self.join_answers: list[Any] = []
        self.joins = 0
        self.seen_seqs: list[int] = []  # every ops seq received, duplicates included
        self._retry_timer: threading.Timer | None = None
        self.refused: set[int] = set()  # mutation ids refused for a passing reason, to send again
        for name in ("snapshot", "ops", "ack", "reject", "presence", "error"):
            self.client.on(name, functools.partial(self._guarded, getattr(self, f"_on_{name}")), namespace=NS)
        self.client.on("connect", self._on_connect, namespace=NS)
        self.client.on("disconnect", self._on_disconnect, namespace=NS)

    def _guarded(self, fn: Callable[..., None], *args: Any) -> None:
        with self.cond:
            fn(*args)
            self.cond.notify_all()

    # --- connection

    def connect(self, timeout: float = 20.0) -> SyncPeer:
        self.client.connect(
            self.url, namespaces=[NS], auth={"token": self.token}, transports=["websocket"], wait_timeout=timeout
        )
        self.wait("joined", lambda: self.joined and self.seq is not None, timeout)
        return self

    def close(self) -> None:
        with self.lock:
            if self._retry_timer is not None:
                self._retry_timer.cancel()
        with contextlib.suppress(Exception):
            # shutdown() also ends a reconnection in progress (disconnect() alone would leave it running,
            # to connect again after the test); a reconnection that completed meanwhile is disconnected too
            self.client.shutdown()
            if self.client.connected:
                self.client.disconnect()

    def _on_connect(self) -> None:
        with self.cond:
            self.connects += 1
            self._join(after_connect=True)

    def _on_disconnect(self, *args: Any) -> None:
        with self.cond:
            self.joined = False
            self.presence.clear()
            self.cond.notify_all()

    def _join(self, after_connect: bool = False) -> None:
        since = self.seq

        def joined(answer: Any = None) -> None:
            with self.cond:
                self.join_answers.append(answer if not isinstance(answer, dict) else {"seq": answer.get("seq")})
                if isinstance(answer, dict) and isinstance(answer.get("seq"), int):
                    self.joined = True
                    self.gap_since = None
                    if after_connect:  # a new connection: what the old one had in flight may be lost
                        self._send_all(list(self.pending.values()))
                self.cond.notify_all()

        self.joins += 1
        try:
            self.client.emit("join", {"workspace": "w", "since": since}, namespace=NS, callback=joined)
        except Exception as exc:
            self.join_answers.append(f"emit failed: {exc!r}")

    # --- server events

    def _on_snapshot(self, snap: dict[str, Any]) -> None:
        if self.seq is not None and snap["seq"] < self.seq:
            return
        self.objects = {o["id"]: {**o, "_type": t} for t, objs in snap["objects"].items() for o in objs}
        self.seq = snap["seq"]
        self._drain()

    def _on_ops(self, event: dict[str, Any]) -> None:
        self.seen_seqs.append(event["seq"])
        if self.seq is None or event["seq"] <= self.seq:
            return
        self.buffer[event["seq"]] = event
        self._drain()

    def _drain(self) -> None:
        assert self.seq is not None
        for s in [s for s in self.buffer if s <= self.seq]:
            del self.buffer[s]
        while self.seq + 1 in self.buffer:
            event = self.buffer.pop(self.seq + 1)
            _apply(self.objects, event)
            for op in event["ops"]:
                if op["op"] == "delete":
                    self.objects.pop(op["id"], None)
            self.seq = event["seq"]
            if event["client_id"] == self.client_id and event["mutation_id"] in self.pending:
                self._acked(event["mutation_id"], event["seq"])
        if not self.buffer:
            self.gap_since = None
        elif self.gap_since is None:
            self.gap_since = time.monotonic()
        self.heal()

    def heal(self) -> None:
        """Join again when a gap has stayed open too long (a lost message)."""
        with self.cond:
            if self.gap_since is not None and self.joined and time.monotonic() - self.gap_since > self.GAP:
                self.heals += 1
                self.gap_since = time.monotonic()
                self._join()

    def _acked(self, mutation_id: int, seq: int) -> None:
        if self.pending.pop(mutation_id, None) is not None:
            self.ack_latency[mutation_id] = time.monotonic() - self.sent_at[mutation_id]
        self.acked.setdefault(mutation_id, seq)

    def _on_ack(self, ack: dict[str, Any]) -> None:
        if ack["client_id"] == self.client_id:
            assert self.acked.get(ack["mutation_id"], ack["seq"]) == ack["seq"], "acknowledged with another seq"
            self._acked(ack["mutation_id"], ack["seq"])

    def _on_reject(self, reject: dict[str, Any]) -> None:
        if reject.get("client_id") == self.client_id:
            self.pending.pop(reject["mutation_id"], None)
            self.rejected[reject["mutation_id"]] = reject

    def _on_error(self, error: dict[str, Any]) -> None:
        self.errors.append(error)
        if error.get("code") in ("server_error", "rate_limited"):
            if isinstance(error.get("mutation_id"), int):
                self.refused.add(error["mutation_id"])
            else:  # the server could not store it and does not say which: everything not acknowledged
                self.refused |= set(self.pending)
            self._retry_later(float(error.get("retry_after") or 0.2))

    def _on_presence(self, data: dict[str, Any]) -> None:
        for entry in data["entries"]:
            if entry.get("left"):
                self.presence.pop(entry["sid"], None)
            else:
                self.presence[entry["sid"]] = entry

    def _retry_later(self, delay: float) -> None:
        if self._retry_timer is not None and self._retry_timer.is_alive():
            return

        def resend() -> None:
            # only what was refused, at most a rate limit's worth at a time, the rest in the next round
            with self.cond:
                self._retry_timer = None
                refused = self.refused
                if self.joined:
                    todo = [m for mid, m in self.pending.items() if mid in refused][: self.RESEND]
                    for m in todo:
                        refused.discard(m["mutation_id"])
                        self._send(m)
                    if refused & set(self.pending):
                        self._retry_later(0.5)
                self.refused = refused & set(self.pending)

        self._retry_timer = threading.Timer(max(0.25, delay) * (1 + random.random()), resend)
        self._retry_timer.daemon = True
        self._retry_timer.start()

    # --- sending

    def _send(self, m: dict[str, Any]) -> None:
        if self.joined:
            with contextlib.suppress(Exception):
                self.client.emit("mutate", m, namespace=NS)

    BATCH = 200  # mutations in one mutate_batch frame (the server's limit)

    def _send_all(self, queue: list[dict[str, Any]]) -> None:
        """The queue after a reconnect, as the board's client sends it: mutate_batch frames, applied by the
        server in one transaction each and answered one by one in the callback."""
        if len(queue) == 1:
            self._send(queue[0])
            return
        for start in range(0, len(queue), self.BATCH):
            chunk = queue[start : start + self.BATCH]
            callback = functools.partial(self._guarded, self._on_batch_answer)
            with contextlib.suppress(Exception):
                self.client.emit("mutate_batch", {"mutations": chunk}, namespace=NS, callback=callback)

    def _on_batch_answer(self, answer: Any = None) -> None:
        results = answer.get("results") if isinstance(answer, dict) else None
        if not isinstance(results, list):  # refused as a whole (the database is down): everything again
            self._on_error(answer.get("error", {}) if isinstance(answer, dict) else {"code": "server_error"})
            return
        for result in results:
            if "ack" in result:
                self._on_ack(result["ack"])
            elif "reject" in result:
                self._on_reject(result["reject"])
            else:
                self._on_error(result["error"])

    def mutate(self, *ops: dict[str, Any]) -> int:
        with self.cond:
            mutation_id = self.next_id
            self.next_id += 1
            m = {"client_id": self.client_id, "mutation_id": mutation_id, "ops": list(ops)}
            self.pending[mutation_id] = m
            self.sent_at[mutation_id] = time.monotonic()
            self._send(m)
            return mutation_id

    def presence_update(self, card: str | None, field: str | None = None) -> None:
        with contextlib.suppress(Exception):
            self.client.emit("presence", {"card": card, "field": field}, namespace=NS)

    # --- waiting

    def wait(self, what: str, predicate: Callable[[], Any], timeout: float = 20.0) -> Any:
        deadline = time.monotonic() + timeout
        with self.cond:
            while True:
                value = predicate()
                if value:
                    return value
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(
                        f"{self.name}: timed out after {timeout} s waiting for {what}; {self.summary()}"
                    )
                self.cond.wait(min(left, 0.25))
                self.heal()

    def summary(self) -> str:
        return (
            f"seq={self.seq} joined={self.joined} connected={self.client.connected} pending={sorted(self.pending)[:10]}"
            f" buffered={sorted(self.buffer)[:10]} errors={self.errors[-3:]} heals={self.heals} connects={self.connects}"
            f" joins={self.joins} answers={self.join_answers[-3:]}"
        )

    def board(self) -> Board:
        with self.lock:
            return {k: dict(v) for k, v in self.objects.items()}
