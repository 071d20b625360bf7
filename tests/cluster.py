"""Helpers for the scale-out and fault tests: server processes that can be killed and restarted on the same
port, and :class:`SyncPeer`, a socket.io client that behaves like the board's sync client (reconnects with
jittered back-off, joins with the last seq it has, resends unacknowledged mutations with the same ids, and
resends what was refused for a passing reason: the database away, the rate limit).

Everything listens on 127.0.0.1, every wait is bounded, and every process started here is stopped at the end.
"""

from __future__ import annotations

import contextlib
import functools
import itertools
import os
import random
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import engineio
import requests
import socketio

from server.storage.store import Store, upgrade
from server.sync.core import SyncCore
from tests.conftest import SECRET, World, build_world
from tests.services import PostgresServer, RedisServer, component_missing, free_port

NS = "/sync"
ROOT = Path(__file__).resolve().parent.parent
_live: set[ServerProcess] = set()


class ServerProcess:
    """``matrixsync serve`` with a database and (optionally) Redis, on a fixed loopback port."""

    def __init__(self, db_url: str, redis_url: str | None, log_path: Path, env: dict[str, str] | None = None):
        self.db_url, self.redis_url, self.log_path = db_url, redis_url, log_path
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = env or {}
        self.proc: subprocess.Popen[bytes] | None = None
        self.starts = 0

    def spawn(self) -> None:
        env = {**os.environ, "MATRIXSYNC_SECRET_KEY": SECRET, "MATRIXSYNC_DATABASE_URL": self.db_url, **self.env}
        env.pop("MATRIXSYNC_REDIS_URL", None)
        cmd = [sys.executable, "-m", "server.cli", "serve", "--port", str(self.port)]
        if self.redis_url:
            cmd += ["--redis", self.redis_url]
        with open(self.log_path, "ab") as log:
            log.write(f"\n=== start {self.starts + 1} ===\n".encode())
            log.flush()
            self.proc = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT)
        self.starts += 1
        _live.add(self)

    def wait_ready(self, timeout: float = 60.0) -> None:
        assert self.proc is not None
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited: {self.log()[-2000:]}")
            with contextlib.suppress(requests.RequestException):
                if requests.get(self.url + "/healthz", timeout=1).status_code == 200:
                    return
            time.sleep(0.05)
        raise RuntimeError(f"server did not start: {self.log()[-2000:]}")

    def start(self) -> None:
        self.spawn()
        self.wait_ready()

    def kill(self) -> None:
        """SIGKILL: no goodbye, no cleanup, like a crash or the OOM killer."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(10)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
        _live.discard(self)

    def log(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")
        except OSError:
            return ""

    def rss_kb(self) -> int:
        assert self.proc is not None
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
        return 0


def start_all(servers: list[ServerProcess]) -> None:
    """Start several servers at once (each takes a second or two to import and migrate)."""
    for s in servers:
        s.spawn()
    for s in servers:
        s.wait_ready()


def stop_all() -> None:
    for s in list(_live):
        s.stop()


class Cluster:
    """PostgreSQL, Redis, a prepared world and ``n`` server processes sharing them."""

    def __init__(self, base: Path, n: int, env: dict[str, str] | None = None):
        self.base = base
        self.pg = PostgresServer()
        self.redis = RedisServer()
        try:
            self.pg.start(base / "pg")
            self.redis.start(base / "redis")
        except FileNotFoundError as exc:
            self.close()
            component_missing("PostgreSQL/Redis", str(exc))
        self.db_url = self.pg.create_database("cluster")
        store = Store(self.db_url)
        upgrade(store.engine)
        self.world: World = build_world(SyncCore(store), self.db_url)
        store.dispose()
        self.servers = [ServerProcess(self.db_url, self.redis.url, base / f"server{i}.log", env) for i in range(n)]
        try:
            start_all(self.servers)
        except BaseException:
            self.close()
            raise

    def token(self, who: str = "coordinator") -> str:
        return self.world.tokens[who]

    def rest(self, server: ServerProcess, path: str, who: str = "coordinator") -> Any:
        headers = {"Authorization": f"Bearer {self.token(who)}"}
        response = requests.get(server.url + path, headers=headers, timeout=10)
        assert response.status_code == 200, response.text
        return response.json()

    def log_of(self, server: ServerProcess) -> list[dict[str, Any]]:
        """The whole mutation log, read through ``server``'s REST API (paged)."""
        out: list[dict[str, Any]] = []
        while True:
            page = self.rest(server, f"/api/workspaces/w/mutations?since={out[-1]['seq'] if out else 0}&limit=10000")
            out += page["mutations"]
            if not page["mutations"] or out[-1]["seq"] >= page["seq"]:
                return out

    def close(self) -> None:
        for s in getattr(self, "servers", []):
            s.stop()
        self.redis.stop()
        self.pg.stop()


# --- a sync client --------------------------------------------------------------------------------------

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
                        for m in list(self.pending.values()):
                            self._send(m)
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


def wait_all(peers: list[SyncPeer], what: str, predicate: Callable[[SyncPeer], Any], timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    for p in peers:
        p.wait(what, lambda p=p: predicate(p), max(0.1, deadline - time.monotonic()))


def settle(peers: list[SyncPeer], servers: list[ServerProcess], cluster: Cluster, timeout: float = 60.0) -> int:
    """Wait until every peer's queue is empty and every peer has applied up to the database's seq."""
    wait_all(peers, "every mutation acknowledged", lambda p: not p.pending, timeout)
    seq = int(cluster.rest(servers[0], "/api/workspaces/w")["seq"])
    wait_all(peers, f"seq {seq}", lambda p: p.seq is not None and p.seq >= seq and not p.buffer, timeout)
    return seq


@contextlib.contextmanager
def peers_on(servers: list[ServerProcess], tokens: list[str], per_server: int = 2) -> Iterator[list[SyncPeer]]:
    """``per_server`` connected peers on each server (tokens taken round robin); all closed at the end."""
    made: list[SyncPeer] = []
    try:
        for i, (server, _) in enumerate(itertools.product(servers, range(per_server))):
            made.append(SyncPeer(server.url, tokens[i % len(tokens)], f"s{servers.index(server)}p{i}").connect())
        yield made
    finally:
        closers = [threading.Thread(target=p.close) for p in made]
        for t in closers:
            t.start()
        for t in closers:
            t.join(15)


def set_op(obj_id: str, field: str, value: Any, obj_type: str = "activity") -> dict[str, Any]:
    return {"op": "set", "type": obj_type, "id": obj_id, "field": field, "value": value}


def create_op(obj_type: str, obj_id: str, **fields: Any) -> dict[str, Any]:
    return {"op": "create", "type": obj_type, "id": obj_id, "fields": fields}


def random_edit(peer: SyncPeer, rng: random.Random, created: list[str]) -> int:
    """A coordinator's edit: mostly sets of shared fields (so writes collide), sometimes a new activity."""
    roll = rng.random()
    if roll < 0.15 or not created:
        obj_id = f"a-{peer.name}-{uuid.uuid4().hex[:8]}"
        created.append(obj_id)
        return peer.mutate(create_op("activity", obj_id, name=f"Nieuw van {peer.name}", partner="p-cjg"))
    target = rng.choice(["a-cjg", *created[-5:]])
    if roll < 0.6:
        return peer.mutate(set_op(target, "reach", rng.randrange(1, 100_000)))
    if roll < 0.9:
        return peer.mutate(set_op(target, "description", f"{peer.name} {rng.random():.6f}"))
    return peer.mutate(set_op("o-1", "target", f"{rng.randrange(100)}%", "outcome"))


def check_log(log: list[dict[str, Any]], peers: list[SyncPeer]) -> None:
    """Every acknowledged mutation is in the log, once, at the seq its ack said; the log has no gaps."""
    seqs = [e["seq"] for e in log]
    assert seqs == list(range(1, len(log) + 1)), "the log has gaps or is out of order"
    keys = [(e["client_id"], e["mutation_id"]) for e in log]
    assert len(keys) == len(set(keys)), "a mutation was applied twice"
    at = {(e["client_id"], e["mutation_id"]): e["seq"] for e in log}
    for p in peers:
        for mutation_id, seq in p.acked.items():
            assert at.get((p.client_id, mutation_id)) == seq, (
                f"{p.name}#{mutation_id} acknowledged at {seq}, not in log"
            )
        sent = set(range(1, p.next_id))
        assert sent == set(p.acked) | set(p.rejected), f"{p.name}: not every mutation was answered"


def run_editors(
    peers: list[SyncPeer], seconds: float, interval: float, seed: int = 1, stop: threading.Event | None = None
) -> list[threading.Thread]:
    """Each peer edits every ``interval`` seconds (jittered) on its own thread for ``seconds``."""
    stop = stop or threading.Event()
    deadline = time.monotonic() + seconds

    def edit(p: SyncPeer, rng: random.Random) -> None:
        created: list[str] = []
        while time.monotonic() < deadline and not stop.is_set():
            random_edit(p, rng, created)
            time.sleep(interval * (0.5 + rng.random()))

    threads = [
        threading.Thread(target=edit, args=(p, random.Random(seed * 1000 + i)), name=f"edit-{p.name}")
        for i, p in enumerate(peers)
    ]
    for t in threads:
        t.start()
    return threads
