"""Socket.IO namespace ``/sync``: join, mutate, presence (the wire contract is docs/protocol.md).

Every connection is authenticated at connect (a bearer token in the handshake's ``auth``); a connection
belongs to one member of one workspace. Handlers never trust the payload: the sync core parses it.

Several processes (docs/deploy.md): each has its own connections. Room events (``ops`` and ``presence``)
cross to the other processes over one Redis pub/sub channel (:class:`RedisBus`); acks, snapshots and
everything else meant for one connection stay in the process that has it. Flask-SocketIO's own message
queue is not used: it publishes every emit, each ack and each joiner's snapshot included, to every process,
and drops what it cannot publish while Redis is away. Here a lost message costs nothing: every process
compares its rooms with the database twice a second and sends its clients what they missed
(:class:`~server.sync.core.RoomFeed`), so Redis only makes delivery fast, never makes it complete.
"""

from __future__ import annotations

import contextlib
import gc
import json
import logging
import math
import queue
import time
import uuid
from collections.abc import Callable, Iterable
from typing import Any

import sqlalchemy as sa
from flask import Flask, Response, jsonify, request
from flask_socketio import ConnectionRefusedError, Namespace, SocketIO, disconnect, emit, join_room, leave_room

from ..auth.tokens import AuthError
from ..domain.mutation import MAX_OPS, Principal
from ..sync.core import RoomFeed, SyncCore
from ..sync.presence import Change, Presence, PresenceBoard, RemotePresence
from .batching import OpsBatcher, batch_room, single_room
from .identity import authenticate, session_principal, token_from
from .packets import JsonText, SyncPacket

log = logging.getLogger(__name__)


def off_loop(socketio: SocketIO, fn: Callable[[], Any]) -> Any:
    """Run blocking work (a database call that does not yield to gevent) in gevent's pool of OS threads, so
    the event loop keeps serving sockets meanwhile; in threading mode the caller is a thread already."""
    if socketio.async_mode == "gevent":
        import gevent

        return gevent.get_hub().threadpool.apply(fn)
    return fn()


# At most this many mutations in one mutate_batch (the rate limit's burst: a client may send that many at once).
MAX_BATCH = 200

# Beyond this many missed mutations a rejoining client gets a fresh snapshot instead of the log.
MAX_REPLAY = 5000

# What counts as "the database cannot be reached" (as opposed to a bug): answered with 503 / retried.
DATABASE_DOWN = (sa.exc.OperationalError, sa.exc.InterfaceError, sa.exc.TimeoutError)
DATABASE_DOWN_MESSAGE = "De database is tijdelijk niet bereikbaar; er is niets gewijzigd. Probeer het zo opnieuw."
RATE_LIMITED_MESSAGE = "U stuurt te veel wijzigingen achter elkaar; ze worden zo dadelijk opnieuw verstuurd."


class TokenBucket:
    """``rate`` tokens a second, at most ``burst`` saved up; one per mutation."""

    def __init__(self, rate: float, burst: float):
        self.rate, self.burst = rate, burst
        self.tokens = burst
        self.at = time.monotonic()

    def take(self, wanted: int = 1) -> tuple[int, float]:
        """Take up to ``wanted`` tokens: how many were taken, and when none is left the seconds until the
        next one is there."""
        now = time.monotonic()
        self.tokens = min(self.burst, self.tokens + (now - self.at) * self.rate)
        self.at = now
        taken = min(wanted, int(self.tokens))
        self.tokens -= taken
        return taken, 0.0 if taken == wanted else (1 - self.tokens) / self.rate


class Health:
    """Whether the database answers; says so in the log once per change, not once per failed request."""

    def __init__(self) -> None:
        self.db_down_since: float | None = None

    def db_failed(self, exc: BaseException) -> None:
        if self.db_down_since is None:
            self.db_down_since = time.monotonic()
            log.error("Database onbereikbaar: %s. Wijzigingen worden geweigerd tot ze terug is.", _first_line(exc))

    def db_ok(self) -> None:
        if self.db_down_since is not None:
            log.warning("Database weer bereikbaar (na %.1f s).", time.monotonic() - self.db_down_since)
            self.db_down_since = None


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0][:300]


Handler = Callable[[str, str, str, Any], None]  # (host, kind, room, data)


class RedisBus:
    """Room events between server processes: one Redis pub/sub channel, JSON messages.

    ``publish`` never blocks the caller (a write holding its workspace lock): messages go through a queue
    to one publisher task, in order. While Redis is away they are dropped (the other processes fill the gap
    from the database); the listener reconnects with a short back-off and logs the outage once.
    """

    CHANNEL = "matrixsync:sync"
    QUEUE = 10_000

    def __init__(self, url: str, host: str, handler: Handler, on_up: Callable[[], None], socketio: SocketIO):
        self.url, self.host, self.handler, self.on_up, self.socketio = url, host, handler, on_up, socketio
        self.up = False
        self.down_since: float | None = time.monotonic()
        self.dropped = 0
        self._queue: queue.Queue[str] = queue.Queue(self.QUEUE)
        self._publisher: Any = None

    def start(self) -> None:
        self.socketio.start_background_task(self._listen)
        self.socketio.start_background_task(self._publish_loop)

    def _client(self, **options: Any) -> Any:
        import redis

        return redis.Redis.from_url(self.url, socket_connect_timeout=1, **options)

    def encode(self, kind: str, room: str, data: Any) -> str:
        return json.dumps({"h": self.host, "k": kind, "r": room, "d": data}, separators=(",", ":"))

    def publish(self, kind: str, room: str, data: Any) -> None:
        if not self.up:
            self.dropped += 1
            return
        try:
            self._queue.put_nowait(self.encode(kind, room, data))
        except queue.Full:
            self.dropped += 1

    def publish_now(self, kind: str, room: str, data: Any) -> None:
        """Publish directly (at shutdown), bounded by a short timeout."""
        try:
            self._client(socket_timeout=0.5).publish(self.CHANNEL, self.encode(kind, room, data))
        except Exception as exc:
            log.warning("kon niet afmelden bij Redis: %s", _first_line(exc))

    def _publish_loop(self) -> None:
        client = None
        while True:
            message = self._queue.get()
            try:
                if client is None:
                    client = self._client(socket_timeout=2)
                client.publish(self.CHANNEL, message)
            except Exception:
                client = None  # the listener notices the outage and logs it
                self.dropped += 1

    def _went_down(self, exc: BaseException) -> None:
        if self.up:
            self.up = False
            self.down_since = time.monotonic()
            log.error(
                "Redis onbereikbaar: %s. Wijzigingen worden nog steeds opgeslagen; andere processen halen ze uit "
                "de database tot Redis terug is.",
                _first_line(exc),
            )

    def _listen(self) -> None:
        wait = 0.1
        first = True
        while True:
            pubsub = None
            try:
                pubsub = self._client(socket_timeout=10, health_check_interval=5).pubsub(ignore_subscribe_messages=True)
                pubsub.subscribe(self.CHANNEL)
                self.up, wait = True, 0.1
                if first:
                    log.info("Redis verbonden (%s).", self.CHANNEL)
                else:
                    log.warning("Redis weer bereikbaar (na %.1f s).", time.monotonic() - (self.down_since or 0.0))
                first = False
                self.down_since = None
                self.on_up()
                while True:
                    message = pubsub.get_message(timeout=1.0)
                    if message is not None and message.get("type") == "message":
                        self._dispatch(message["data"])
            except Exception as exc:
                if first:
                    first = False
                    log.error("Redis onbereikbaar bij het starten: %s; nieuwe poging volgt.", _first_line(exc))
                self._went_down(exc)
            finally:
                if pubsub is not None:
                    with contextlib.suppress(Exception):
                        pubsub.close()
            self.socketio.sleep(wait)
            wait = min(2.0, wait * 2)

    def _dispatch(self, raw: Any) -> None:
        try:
            message = json.loads(raw)
            host, kind, room, data = message["h"], message["k"], message["r"], message["d"]
        except (ValueError, KeyError, TypeError):
            return
        if host == self.host or not isinstance(room, str):
            return
        try:
            self.handler(host, kind, room, data)
        except Exception:
            log.exception("bericht van een ander proces niet verwerkt (%s)", kind)


class SyncNamespace(Namespace):
    SWEEP = 0.5  # seconds between comparisons of the open rooms with the database
    HEARTBEAT = 2.0  # seconds between two presence heartbeats to the other processes
    CHECKPOINT = 1.0  # seconds between two SQLite checkpoints
    IDLE = 300.0  # a workspace only REST reads is forgotten after this many seconds unused

    def __init__(self, core: SyncCore, rate: float = 50.0, burst: float = 200.0):
        super().__init__("/sync")
        self.core = core
        self.who: dict[str, Principal] = {}
        self.presence = PresenceBoard()
        self.remote = RemotePresence(expire=3.5 * self.HEARTBEAT)
        self._flush_pending: set[str] = set()
        self.rate, self.burst = rate, burst
        self.buckets: dict[str, TokenBucket] = {}
        self.members: dict[str, set[str]] = {}  # room -> sids of this process that joined it
        self.batched: dict[str, set[str]] = {}  # room -> those of them that take ops_batch
        self.batcher: OpsBatcher | None = None  # set by init_app
        self._snapshots: dict[str, tuple[int, JsonText]] = {}  # room -> (seq, its snapshot as JSON)
        self.feed = RoomFeed(core.store, self._emit_ops)
        self.health = Health()
        self.host = uuid.uuid4().hex[:12]
        self.bus: RedisBus | None = None

    # --- connection ---------------------------------------------------------------------------------

    def on_connect(self, auth: Any = None) -> None:
        token = token_from(auth, request.headers, request.args)
        who = None if token else session_principal(self.core)
        if who is None:
            ws = auth.get("workspace") if isinstance(auth, dict) else request.args.get("workspace")
            try:
                who = authenticate(self.core, token, "socket", ws if isinstance(ws, str) else None)
            except AuthError as exc:
                raise ConnectionRefusedError(str(exc)) from None
        self.who[request.sid] = who  # type: ignore[attr-defined]

    def on_disconnect(self, reason: Any = None) -> None:
        sid = request.sid  # type: ignore[attr-defined]
        who = self.who.pop(sid, None)
        self._flush_pending.discard(sid)
        self.buckets.pop(sid, None)
        for room, entry in self.presence.leave(sid):
            self._presence_changed(room, [{**entry.wire(), "left": True}])
        if who is not None:
            self._left(who.workspace, sid)

    def _left(self, room: str, sid: str) -> None:
        members = self.members.get(room)
        if members is None:
            return
        members.discard(sid)
        self.batched.get(room, set()).discard(sid)
        if not members:
            self.batched.pop(room, None)
            # the last one here left: stop feeding the room and unload the workspace
            del self.members[room]
            self.feed.close(room)
            self.core.forget(room)
            self._snapshots.pop(room, None)
            log.info("werkruimte '%s' heeft hier geen verbindingen meer: uit het geheugen gehaald", room)

    def _error(self, code: str, message: str, **extra: Any) -> dict[str, Any]:
        payload = {"code": code, "message": message, **extra}
        emit("error", payload)
        return {"error": payload}

    def _principal(self) -> Principal | None:
        return self.who.get(request.sid)  # type: ignore[attr-defined]

    # --- events -------------------------------------------------------------------------------------

    def on_join(self, data: Any = None) -> Any:
        who = self._principal()
        if who is None:
            return self._error("unauthorized", "Niet aangemeld.")
        if not isinstance(data, dict) or not isinstance(data.get("workspace"), str):
            return self._error("bad_request", 'join verwacht {"workspace": korte naam, "since": volgnummer of null}.')
        if data["workspace"] != who.workspace:
            return self._error("forbidden", "U heeft geen toegang tot deze werkruimte.")
        since = data.get("since")
        if since is not None and (not isinstance(since, int) or isinstance(since, bool) or since < 0):
            return self._error("bad_request", "since moet een geheel getal van 0 of meer zijn, of null.")
        batch = data.get("batch", False)
        if not isinstance(batch, bool):
            return self._error("bad_request", "batch moet true of false zijn.")
        sid = request.sid  # type: ignore[attr-defined]
        room = who.workspace
        # first join, then read: nothing committed in between is missed
        join_room(room)  # presence
        leave_room(single_room(room) if batch else batch_room(room))  # a second join may change the kind
        join_room(batch_room(room) if batch else single_room(room))  # ops
        self.members.setdefault(room, set()).add(sid)
        if batch:
            self.batched.setdefault(room, set()).add(sid)
        else:
            self.batched.get(room, set()).discard(sid)
        try:
            seq = self._catch_up_joiner(room, since)
        except DATABASE_DOWN as exc:
            self.health.db_failed(exc)
            # the client reconnects with back-off and joins again when the database is back
            self._error("server_error", "De database is even niet bereikbaar; de verbinding wordt zo opnieuw gemaakt.")
            disconnect()
            return {"error": {"code": "server_error", "message": DATABASE_DOWN_MESSAGE}}
        entry = self.presence.enter(room, Presence(sid, who.member_id, who.name, who.partner_id))
        emit("presence", {"entries": [p.wire() for p in self.presence.present(room)] + self.remote.present(room)})
        self._presence_changed(room, [entry.wire()], skip_sid=sid)
        return {"seq": seq}

    def _catch_up_joiner(self, room: str, since: int | None) -> int:
        """Send the joiner a snapshot or the ops it missed; no room event may overtake them."""
        with self.core.locked(room):
            state = self.core.state(room)
            seq, workspace_id = state.seq, state.workspace_id
            self.feed.open(room, workspace_id, seq)
            wanted = since is None or since > seq or seq - since > MAX_REPLAY
            snapshot = self._snapshot_text(room, state) if wanted else None
        replay = self.core.ops_since(room, since) if snapshot is None and since is not None else []
        # lock order: the workspace lock, then the feed's (as a write's broadcast takes them); so nothing
        # below may take the workspace lock
        lock = self.feed.lock(room)  # open while we are a member
        with lock if lock is not None else contextlib.nullcontext():
            if snapshot is not None:
                emit("snapshot", snapshot)
            else:
                for event in replay:
                    emit("ops", event)
                seq = replay[-1]["seq"] if replay else seq
            # room events sent before we held the lock may have reached the joiner before its snapshot:
            # send them again after it (a client ignores what it already has)
            delivered = self.feed.delivered(room)
            if delivered is not None and delivered > seq:
                for event in self.core.store.mutations_since(workspace_id, seq, delivered - seq):
                    emit("ops", event)
        return seq

    def _snapshot_text(self, room: str, state: Any) -> JsonText:
        """The workspace's snapshot as JSON, encoded once per seq (a room's joiners mostly come together)."""
        cached = self._snapshots.get(room)
        if cached is None or cached[0] != state.seq:
            cached = self._snapshots[room] = (state.seq, JsonText.of(state.snapshot()))
        return cached[1]

    def on_mutate(self, data: Any = None) -> Any:
        answers = self._apply([data])
        if isinstance(answers, dict):
            return answers  # refused as a whole (already told)
        answer = answers[0]
        if "ack" in answer:
            emit("ack", answer["ack"])
        elif "reject" in answer:
            emit("reject", answer["reject"])
            return {"reject": {k: v for k, v in answer["reject"].items() if k != "issues"}}
        elif answer["error"]["code"] != "unauthorized":  # that one was told already
            emit("error", answer["error"])
        return answer

    def on_mutate_batch(self, data: Any = None) -> Any:
        """Several mutations in one message (a client sending what piled up: a paste, an offline queue),
        applied in order in one transaction; the callback value has one answer per mutation."""
        mutations = data.get("mutations") if isinstance(data, dict) else None
        if not isinstance(mutations, list) or not 1 <= len(mutations) <= MAX_BATCH:
            return self._error(
                "bad_request", f'mutate_batch verwacht {{"mutations": [...]}} met 1 tot {MAX_BATCH} wijzigingen.'
            )
        # one transaction holds the workspace for everyone: no bigger than the biggest single mutation
        ops = sum(len(m["ops"]) for m in mutations if isinstance(m, dict) and isinstance(m.get("ops"), list))
        if ops > MAX_OPS:
            return self._error(
                "bad_request", f"Een mutate_batch mag samen hoogstens {MAX_OPS} bewerkingen bevatten (nu {ops})."
            )
        answers = self._apply(mutations)
        return answers if isinstance(answers, dict) else {"results": answers}

    def _apply(self, payloads: list[Any]) -> dict[str, Any] | list[dict[str, Any]]:
        """Apply a connection's mutations: one answer each (``ack``, ``reject``, or an error: ``rate_limited``,
        or ``unauthorized`` from the first one its member no longer had access for: revoked since connecting, or
        by an earlier mutation of the same batch), or one error for all of them (not signed in, the database is
        down). A member without access is told so and disconnected, after the answers reached them."""
        who = self._principal()
        if who is None:
            return self._error("unauthorized", "Niet aangemeld.")
        sid = request.sid  # type: ignore[attr-defined]
        bucket = self.buckets.get(sid)
        if bucket is None:
            bucket = self.buckets[sid] = TokenBucket(self.rate, self.burst)
        taken, wait = bucket.take(len(payloads))
        try:
            results = self.core.apply_many(who, payloads[:taken]) if taken else []
        except DATABASE_DOWN as exc:  # the client keeps the mutations and resends them
            self.health.db_failed(exc)
            return self._error("server_error", "De wijziging kon niet worden opgeslagen; ze wordt opnieuw verstuurd.")
        except Exception:  # a bug: the client keeps the mutations and resends them
            log.exception("mutation failed")
            return self._error("server_error", "De wijziging kon niet worden opgeslagen; ze wordt opnieuw verstuurd.")
        finally:
            # gevent's locks are not fair: without a switch here, a client with many queued messages takes the
            # workspace lock again and again while other connections (joins, other writers) wait for it
            self.socketio.sleep(0)
        answers = [self._answer(r) for r in results]
        refused = next((r for r in results if r.no_access), None)
        if refused is not None:  # refused like the access guard refuses, and dropped
            self._error("unauthorized", refused.reject["reason"] if refused.reject else "")
            self.socketio.start_background_task(self._drop, sid)
        for data in payloads[taken:]:  # nothing is applied; the client sends them again later
            ids = {k: data.get(k) for k in ("client_id", "mutation_id")} if isinstance(data, dict) else {}
            # rounded up: a token a few microseconds away is not "now" (a retry_after of 0 would be resent at once)
            retry_after = math.ceil(wait * 1000) / 1000
            limited = {"code": "rate_limited", "message": RATE_LIMITED_MESSAGE, "retry_after": retry_after}
            answers.append({"error": {**limited, **ids}})
        return answers

    @staticmethod
    def _answer(result: Any) -> dict[str, Any]:
        if result.ack is not None:
            return {"ack": result.ack}
        reject = result.reject or {}
        if result.no_access:
            ids = {k: reject.get(k) for k in ("client_id", "mutation_id")}
            return {"error": {"code": "unauthorized", "message": reject.get("reason", ""), **ids}}
        return {"reject": {**reject, "issues": result.issues}}

    def _drop(self, sid: str) -> None:
        """Disconnect ``sid`` once the handler that decided so has returned (and its callback value is sent)."""
        self.socketio.sleep(0)
        self.socketio.server.disconnect(sid, namespace=self.namespace)

    def on_presence(self, data: Any = None) -> None:
        who = self._principal()
        if who is None:
            return
        sid = request.sid  # type: ignore[attr-defined]
        if self.presence.update(who.workspace, sid, data) is None:
            return
        delay = self.presence.wait(sid)
        if delay <= 0:
            self._relay(who.workspace, sid)
        elif sid not in self._flush_pending:
            self._flush_pending.add(sid)
            self.socketio.start_background_task(self._flush_later, who.workspace, sid, delay)

    def _flush_later(self, room: str, sid: str, delay: float) -> None:
        self.socketio.sleep(delay)
        if sid in self._flush_pending:
            self._flush_pending.discard(sid)
            self._relay(room, sid)

    def _relay(self, room: str, sid: str) -> None:
        entry = self.presence.entry(room, sid)
        if entry is not None:
            self.presence.sent(sid)
            self._presence_changed(room, [entry.wire()], skip_sid=sid)

    # --- room events, here and in the other processes -----------------------------------------------

    def broadcast(self, room: str, event: dict[str, Any]) -> None:
        """The core's broadcaster (called in the workspace lock, after commit): this process's clients, and
        the other processes."""
        self.feed.deliver(room, event)
        if self.bus is not None:
            self.bus.publish("ops", room, event)

    def _emit_ops(self, room: str, event: dict[str, Any]) -> None:
        """An event to this process's clients of the room: on its own to some, batched for the others."""
        batched = len(self.batched.get(room, ()))
        if len(self.members.get(room, ())) > batched:
            self.socketio.emit("ops", event, to=single_room(room), namespace=self.namespace)
        if batched and self.batcher is not None:
            self.batcher.add(room, event)

    def _presence_changed(self, room: str, entries: list[dict[str, Any]], skip_sid: str | None = None) -> None:
        self.socketio.emit("presence", {"entries": entries}, to=room, skip_sid=skip_sid, namespace=self.namespace)
        if self.bus is not None:
            self.bus.publish("presence", room, entries)

    def _tell_local(self, changes: Iterable[Change]) -> None:
        """Presence changes from other processes, to this process's clients of each room."""
        by_room: dict[str, list[dict[str, Any]]] = {}
        for room, entry in changes:
            by_room.setdefault(room, []).append(entry)
        for room, entries in by_room.items():
            if room in self.members:
                self.socketio.emit("presence", {"entries": entries}, to=room, namespace=self.namespace)

    def from_bus(self, host: str, kind: str, room: str, data: Any) -> None:
        """A message from another process (deliberately not named ``on_...``: that would make it a client event)."""
        if kind == "ops" and isinstance(data, dict):
            self.feed.deliver(room, data)
        elif kind == "presence" and isinstance(data, list):
            self._tell_local(self.remote.changed(host, room, data))
        elif kind == "board":
            self._tell_local(self.remote.heartbeat(host, data))
        elif kind == "bye":
            self._tell_local(self.remote.drop(host))

    def _bus_up(self) -> None:
        """Redis is (back) up: tell the others our board, catch up what their lost messages carried."""
        self.remote.heard_all()
        if self.bus is not None:
            self.bus.publish("board", "", self.presence.board())
        self.socketio.start_background_task(self._sweep_once)

    # --- background work (started by ``matrixsync serve``) ------------------------------------------

    def start(self, redis_url: str | None) -> None:
        self._answer_database_outages()
        if self.batcher is not None:
            self.batcher.start()
        if redis_url:
            self.bus = RedisBus(redis_url, self.host, self.from_bus, self._bus_up, self.socketio)
            self.bus.start()
        self.socketio.start_background_task(self._background)
        if self.core.store.take_over_checkpoints():
            self.socketio.start_background_task(self._checkpoints)
        # The app, its modules and their caches live as long as the process: moved out of the cyclic garbage
        # collector's sight, a full collection scans what requests and rooms create (milliseconds) instead of
        # ~150,000 long-lived objects (about 0.3 s, during which no socket is served).
        gc.collect()
        gc.freeze()

    def _checkpoints(self) -> None:
        """SQLite's WAL copied into the database every second, in a worker thread: never inside a commit."""
        while True:
            self.socketio.sleep(self.CHECKPOINT)
            try:
                off_loop(self.socketio, self.core.store.checkpoint)
            except Exception as exc:  # busy or down: the next round tries again, the WAL keeps everything
                log.warning("checkpoint van de database mislukt: %s", exc)

    def _answer_database_outages(self) -> None:
        """Whatever runs before a handler (the access guard reads the workspace) may find the database down;
        the client must then hear so (and resend, or reconnect for a join), not wait for an answer forever."""
        inner: Callable[..., Any] = self.__dict__.get("trigger_event") or super().trigger_event

        def trigger_event(event: str, *args: Any) -> Any:
            try:
                return inner(event, *args)
            except DATABASE_DOWN as exc:
                if event in ("connect", "disconnect"):
                    raise
                self.health.db_failed(exc)
                sid = args[0] if args else None
                payload = {"code": "server_error", "message": DATABASE_DOWN_MESSAGE}
                self.socketio.emit("error", payload, to=sid, namespace=self.namespace)
                if event == "join" and sid is not None:
                    self.socketio.server.disconnect(sid, namespace=self.namespace)
                return {"error": payload}

        self.__dict__["trigger_event"] = trigger_event

    def shutdown(self) -> None:
        """Tell the other processes that this one's connections are gone (a graceful stop)."""
        if self.bus is not None and self.bus.up:
            self.bus.publish_now("bye", "", None)

    def _sweep_once(self) -> None:
        try:
            if self.feed.rooms():
                self.feed.catch_up_all()
            else:
                self.core.store.ping()
        except Exception as exc:
            self.health.db_failed(exc)
        else:
            self.health.db_ok()

    def _background(self) -> None:
        last_beat = last_idle = time.monotonic()
        while True:
            self.socketio.sleep(self.SWEEP)
            try:
                self._sweep_once()
                now = time.monotonic()
                if now - last_beat >= self.HEARTBEAT:
                    last_beat = now
                    if self.bus is not None and self.bus.up:
                        self.bus.publish("board", "", self.presence.board())
                        self._tell_local(self.remote.expire())
                if now - last_idle >= 30:
                    last_idle = now
                    for slug in self.core.forget_idle(self.IDLE, keep=set(self.members)):
                        log.info("werkruimte '%s' een tijd niet gebruikt: uit het geheugen gehaald", slug)
            except Exception:
                log.exception("achtergrondtaak")


def init_app(app: Flask, core: SyncCore, async_mode: str | None = None) -> SocketIO:
    """Bind a SocketIO server to ``app`` (one per app, so tests can build many apps)."""
    socketio = SocketIO(
        app,
        async_mode=async_mode,
        max_http_buffer_size=app.config["MAX_CONTENT_LENGTH"],
        # a client's messages are handled in order, one after the other
        async_handlers=False,
        # None: only the page's own origin may connect (a cookie session must not be usable from other sites)
        cors_allowed_origins=app.config.get("CORS_ORIGINS"),
        ping_interval=20,
        ping_timeout=20,
        serializer=SyncPacket,
    )
    namespace = SyncNamespace(
        core, rate=float(app.config.get("MUTATION_RATE", 50.0)), burst=float(app.config.get("MUTATION_BURST", 200.0))
    )
    socketio.on_namespace(namespace)
    namespace.batcher = OpsBatcher(socketio, namespace.namespace)
    core.broadcast = namespace.broadcast
    app.extensions["matrixsync.sync_namespace"] = namespace

    @app.errorhandler(sa.exc.OperationalError)
    @app.errorhandler(sa.exc.InterfaceError)
    @app.errorhandler(sa.exc.TimeoutError)
    def _database_down(exc: Exception) -> Response:
        # the database is down or unreachable (also what /healthz reports): 503, not a 500 "bug"
        namespace.health.db_failed(exc)
        response = jsonify({"error": "database_unavailable", "message": DATABASE_DOWN_MESSAGE})
        response.status_code = 503
        response.headers["Retry-After"] = "2"
        return response

    return socketio
