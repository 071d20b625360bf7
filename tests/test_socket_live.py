"""End to end over the real /sync namespace: ``matrixsync serve`` on a loopback port, real socket.io clients.

Each test asserts what a user of the live board would see: convergence of concurrent edits, safe resends
after a reconnect, refusals with a Dutch reason, presence, and refused connections. Every test runs on
SQLite and PostgreSQL (the ``live`` fixture is parametrized over both databases).

A :class:`Peer` records every event its client receives; tests wait for conditions with a bounded timeout.
python-socketio dispatches each incoming message on its own thread, so arrival order is not relied on:
a peer's board is its last snapshot with every ``ops`` event applied in ``seq`` order.
"""

from __future__ import annotations

import contextlib
import functools
import re
import shutil
import sqlite3
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
import socketio

from server.auth.tokens import issue_token

NS = "/sync"
TIMEOUT = 10.0
EVENTS = ("snapshot", "ops", "ops_batch", "ack", "reject", "presence", "error", "connect_error")
DUTCH = re.compile(r"\b(moet|een|geen|niet|onbekend\w*|ongeldig\w*|is|bestaat|kunt|mag|van|de|het|u)\b", re.I)
ENGLISH = re.compile(r"\b(should|must|invalid|required|input|error|not allowed|unknown|value|type)\b", re.I)
Board = tuple[int, dict[str, dict[str, dict[str, Any]]]]


def assert_dutch(message: Any) -> None:
    assert isinstance(message, str) and message.strip(), f"empty message: {message!r}"
    assert DUTCH.search(message) and not ENGLISH.search(message), f"not a Dutch message: {message!r}"


def by_type(objects: dict[str, list[dict[str, Any]]]) -> dict[str, dict[str, dict[str, Any]]]:
    return {t: {o["id"]: o for o in objs} for t, objs in objects.items() if objs}


def apply_ops(snapshot: dict[str, Any], events: list[dict[str, Any]]) -> Board:
    """What a client shows: ``snapshot`` with every later ``ops`` event applied, in sequence order."""
    seq = snapshot["seq"]
    objs = {o["id"]: (t, dict(o)) for t, lst in snapshot["objects"].items() for o in lst}
    for event in sorted({e["seq"]: e for e in events if e["seq"] > seq}.values(), key=lambda e: e["seq"]):
        assert event["seq"] == seq + 1, f"gap in the ops: {seq} -> {event['seq']}"
        for op in event["ops"]:
            if op["op"] in ("create", "restore"):
                objs[op["id"]] = (op["type"], {"id": op["id"], **op["fields"]})
            elif op["op"] == "set":
                objs[op["id"]][1][op["field"]] = op["value"]
            elif op["op"] == "delete":
                objs[op["id"]][1]["_deleted"] = True
            else:
                raise AssertionError(f"unknown op {op!r}")
            objs[op["id"]][1]["_seq"] = event["seq"]
        seq = event["seq"]
    grouped: dict[str, list[dict[str, Any]]] = {}
    for t, obj in objs.values():
        if not obj.get("_deleted"):
            grouped.setdefault(t, []).append(obj)
    return seq, by_type(grouped)


def snapshot_board(snapshot: dict[str, Any]) -> Board:
    return snapshot["seq"], by_type(snapshot["objects"])


class Peer:
    """One socket.io client of /sync that records every event it receives, thread-safely."""

    def __init__(self, url: str, token: str | None, batch: bool = False):
        self.url, self.token, self.batch = url, token, batch
        self.client = socketio.Client(reconnection=False)
        self.events: list[tuple[str, Any]] = []
        self._cond = threading.Condition()  # re-entrant: predicates may call got()
        for name in EVENTS:
            self.client.on(name, functools.partial(self._record, name), namespace=NS)

    def _record(self, name: str, *args: Any) -> None:
        with self._cond:
            self.events.append((name, args[0] if args else None))
            if name == "ops_batch":  # recorded as a frame, and its events as ops
                self.events.extend(("ops", event) for event in args[0]["events"])
            self._cond.notify_all()

    def connect(self) -> None:
        auth = {"token": self.token} if self.token is not None else None
        self.client.connect(self.url, namespaces=[NS], auth=auth, transports=["websocket"], wait_timeout=TIMEOUT)

    def close(self) -> None:
        if self.client.connected:
            self.client.disconnect()

    def got(self, name: str) -> list[Any]:
        with self._cond:
            return [data for n, data in self.events if n == name]

    def wait(self, what: str, predicate: Callable[[], Any], timeout: float = TIMEOUT) -> Any:
        """Block until ``predicate()`` is truthy (at most ``timeout`` seconds); returns its value."""
        found: list[Any] = []
        with self._cond:
            if not self._cond.wait_for(lambda: found.append(predicate()) or found[-1], timeout):
                raise AssertionError(f"timed out after {timeout} s waiting for {what}; got {self.summary()}")
        return found[-1]

    def summary(self) -> str:
        with self._cond:
            shown = [(n, f"seq {d['seq']}" if n == "snapshot" else d) for n, d in self.events]
        return repr(shown)[:3000]

    def stays_without(self, predicate: Callable[[], Any], seconds: float) -> bool:
        """True when ``predicate()`` stays false for ``seconds`` (a bounded check that nothing arrives)."""
        with self._cond:
            return not self._cond.wait_for(predicate, seconds)

    def call(self, event: str, data: Any) -> Any:
        return self.client.call(event, data, namespace=NS, timeout=TIMEOUT)

    def join(self, since: int | None = None, upto: int = 0) -> None:
        """Join "w": wait for a fresh snapshot (since=None) or for the missed ops up to ``upto``.

        Waits for events rather than the join callback, which test_join_acknowledges_the_seq covers."""
        snapshots = len(self.got("snapshot"))
        join = {"workspace": "w", "since": since, **({"batch": True} if self.batch else {})}
        self.client.emit("join", join, namespace=NS)
        if since is None:
            self.wait("snapshot", lambda: len(self.got("snapshot")) > snapshots)
        else:
            self.wait_seq(upto)

    def send(self, payload: Any) -> Any:
        self.client.emit("mutate", payload, namespace=NS)
        return payload

    def acks(self, client_id: str, mutation_id: int, count: int = 1) -> list[dict[str, Any]]:
        def matching() -> list[dict[str, Any]]:
            return [a for a in self.got("ack") if (a["client_id"], a["mutation_id"]) == (client_id, mutation_id)]

        return self.wait(
            f"{count} ack(s) of {client_id}#{mutation_id}", lambda: len(matching()) >= count and matching()
        )

    def event(self, name: str, **match: Any) -> Any:
        """The first ``name`` event whose payload has the ``match`` items (waiting for it if need be)."""
        return self.wait(
            f"{name} {match}",
            lambda: next((d for d in self.got(name) if all(d.get(k) == v for k, v in match.items())), None),
        )

    def contiguous_seq(self) -> int:
        """The highest seq up to which this client has seen every mutation."""
        snaps = self.got("snapshot")
        seen = {e["seq"] for e in self.got("ops")}
        seq = snaps[-1]["seq"] if snaps else 0
        while seq + 1 in seen:
            seq += 1
        return seq

    def wait_seq(self, seq: int) -> None:
        self.wait(f"all ops up to seq {seq}", lambda: self.contiguous_seq() >= seq)

    def board(self) -> Board:
        return apply_ops(self.got("snapshot")[-1], self.got("ops"))


def mutation(client_id: str, mutation_id: int, *ops: dict[str, Any]) -> dict[str, Any]:
    return {"client_id": client_id, "mutation_id": mutation_id, "ops": list(ops)}


def set_op(obj_id: str, field: str, value: Any, obj_type: str = "activity") -> dict[str, Any]:
    return {"op": "set", "type": obj_type, "id": obj_id, "field": field, "value": value}


def create_op(obj_type: str, obj_id: str, **fields: Any) -> dict[str, Any]:
    return {"op": "create", "type": obj_type, "id": obj_id, "fields": fields}


def new_id(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:12]}"


@pytest.fixture
def world(live: Any) -> Any:
    return live[1]


@pytest.fixture
def rest(live: Any) -> Callable[..., Any]:
    """GET a REST path with a member's bearer token; the decoded JSON of a 200 answer."""
    server, world = live

    def get(path: str, who: str = "coordinator") -> Any:
        headers = {"Authorization": f"Bearer {world.tokens[who]}"}
        response = requests.get(server.url + path, headers=headers, timeout=TIMEOUT)
        assert response.status_code == 200, response.text
        return response.json()

    return get


@pytest.fixture
def peer(live: Any) -> Iterator[Callable[..., Peer]]:
    """Make connected (and by default joined) peers; all are disconnected, and their threads gone, at the end."""
    server, world = live
    threads_before = set(threading.enumerate())
    made: list[Peer] = []

    def make(
        who: str | None = None,
        *,
        token: str | None = None,
        connect: bool = True,
        join: bool = True,
        batch: bool = False,
    ) -> Peer:
        p = Peer(server.url, world.tokens[who] if who else token, batch)
        made.append(p)
        if connect:
            p.connect()
            if join:
                p.join()
        return p

    yield make
    # in parallel: each websocket close waits up to 3 s for the server's close frame (see the report)
    closers = [threading.Thread(target=p.close, name=f"close-peer-{n}") for n, p in enumerate(made)]
    for thread in closers:
        thread.start()
    for thread in closers:
        thread.join(TIMEOUT)
    deadline = time.monotonic() + TIMEOUT
    for thread in set(threading.enumerate()) - threads_before:
        thread.join(max(0.0, deadline - time.monotonic()))
    leaked = [t.name for t in set(threading.enumerate()) - threads_before]
    assert not leaked, f"client threads still running: {leaked}"


# --- 1, 2: concurrent edits ----------------------------------------------------------------------------


def test_concurrent_edits_of_different_fields_both_survive(peer: Any, rest: Any) -> None:
    a, b = peer("cjg"), peer("coordinator")
    ma = a.send(mutation(new_id("ca"), 1, set_op("a-cjg", "name", "Opvoedspreekuur plus")))
    mb = b.send(mutation(new_id("cb"), 1, set_op("a-cjg", "description", "Elke dinsdag in het CJG")))
    seqs = {a.acks(ma["client_id"], 1)[0]["seq"], b.acks(mb["client_id"], 1)[0]["seq"]}
    assert len(seqs) == 2
    for p in (a, b):
        p.wait_seq(max(seqs))
    late = peer("viewer")
    assert a.board() == b.board() == snapshot_board(late.got("snapshot")[-1])
    over_rest = by_type(rest("/api/workspaces/w", "viewer")["objects"])["activity"]["a-cjg"]
    for activity in (a.board()[1]["activity"]["a-cjg"], over_rest):
        assert activity["name"] == "Opvoedspreekuur plus"
        assert activity["description"] == "Elke dinsdag in het CJG"


def test_concurrent_edits_of_one_field_the_later_seq_wins(peer: Any, rest: Any) -> None:
    a, b = peer("cjg"), peer("coordinator")
    ma = a.send(mutation(new_id("ca"), 1, set_op("a-cjg", "name", "Naam van het CJG")))
    mb = b.send(mutation(new_id("cb"), 1, set_op("a-cjg", "name", "Naam van de gemeente")))
    seq_a, seq_b = a.acks(ma["client_id"], 1)[0]["seq"], b.acks(mb["client_id"], 1)[0]["seq"]
    assert seq_a != seq_b
    winner = "Naam van het CJG" if seq_a > seq_b else "Naam van de gemeente"
    for p in (a, b):
        p.wait_seq(max(seq_a, seq_b))
    late = peer("jgz")
    boards = [a.board(), b.board(), snapshot_board(late.got("snapshot")[-1]), snapshot_board(rest("/api/workspaces/w"))]
    assert all(board == boards[0] for board in boards)
    assert boards[0][1]["activity"]["a-cjg"]["name"] == winner
    assert boards[0][1]["activity"]["a-cjg"]["_seq"] == max(seq_a, seq_b)


# --- 3: offline edits, reconnect, resend twice ---------------------------------------------------------


def test_offline_edits_are_resent_after_reconnect_and_applied_once(peer: Any, rest: Any) -> None:
    a, b = peer("cjg"), peer("coordinator")
    last_seen = a.contiguous_seq()
    a.close()
    cid, offline_id = new_id("offline"), new_id("a")
    queued = [
        mutation(cid, 1, create_op("activity", offline_id, name="Offline bedacht", partner="p-cjg")),
        mutation(cid, 2, set_op(offline_id, "description", "Geschreven in de trein")),
        mutation(cid, 3, set_op("a-cjg", "name", "Opvoedspreekuur (offline)")),
        mutation(cid, 4, set_op("a-cjg", "reach", 250)),
        mutation(cid, 5, set_op("a-cjg", "status", "uitbreiden")),
    ]
    other = b.send(mutation(new_id("cb"), 1, set_op("a-cjg", "description", "Gewijzigd terwijl CJG offline was")))
    missed = b.acks(other["client_id"], 1)[0]["seq"]

    a.connect()
    a.join(since=last_seen, upto=missed)
    assert len(a.got("snapshot")) == 1, "a short absence is caught up with ops, not a new snapshot"
    assert any(e["seq"] == missed and e["client_id"] == other["client_id"] for e in a.got("ops"))
    for m in queued:
        a.send(m)
    first = [a.acks(cid, m["mutation_id"])[0]["seq"] for m in queued]
    assert first == sorted(first) and len(set(first)) == 5 and first[0] > missed
    for m in queued:  # the client does not know which got through: it resends everything again
        a.send(m)
    again = [a.acks(cid, m["mutation_id"], count=2)[1]["seq"] for m in queued]
    assert again == first, "a replayed mutation must be acknowledged with its original seq"

    barrier = b.send(mutation(new_id("cb"), 1, set_op("o-1", "target", "80%", "outcome")))
    end = b.acks(barrier["client_id"], 1)[0]["seq"]
    assert end == first[-1] + 1, "replays must not take a sequence number"
    for p in (a, b):
        p.wait_seq(end)
        assert sorted(e["mutation_id"] for e in p.got("ops") if e["client_id"] == cid) == [1, 2, 3, 4, 5]
    log = rest("/api/workspaces/w/mutations?since=0")["mutations"]
    logged = sorted((m["mutation_id"], m["seq"]) for m in log if m["client_id"] == cid)
    assert logged == list(zip(range(1, 6), first, strict=True)), "each mutation is logged exactly once"
    assert a.board() == b.board() == snapshot_board(rest("/api/workspaces/w"))
    assert a.board()[1]["activity"]["a-cjg"]["description"] == "Gewijzigd terwijl CJG offline was"


# --- 4: refused edits ----------------------------------------------------------------------------------


def test_unauthorized_edits_are_rejected_and_not_broadcast(peer: Any, rest: Any) -> None:
    cjg, coord, jgz, viewer = peer("cjg"), peer("coordinator"), peer("jgz"), peer("viewer")
    before = rest("/api/workspaces/w")
    for p, reason in ((jgz, "eigen organisatie"), (viewer, "kijker")):
        m = p.send(mutation(new_id("bad"), 1, set_op("a-cjg", "name", "Overgenomen")))
        rejected = p.event("reject", client_id=m["client_id"], mutation_id=1)
        assert_dutch(rejected["reason"])
        assert reason in rejected["reason"]
        current = rejected["current"]["a-cjg"]
        assert (current["name"], current["partner"]) == ("Opvoedspreekuur", "p-cjg")
        assert not p.got("ack")
    barrier = coord.send(mutation(new_id("cb"), 1, set_op("o-1", "baseline", "60%", "outcome")))
    end = coord.acks(barrier["client_id"], 1)[0]["seq"]
    assert end == before["seq"] + 1, "a rejected mutation must not take a sequence number"
    for p in (cjg, coord, jgz, viewer):
        p.wait_seq(end)
        assert [e["client_id"] for e in p.got("ops")] == [barrier["client_id"]]
    after = rest("/api/workspaces/w")
    assert by_type(after["objects"])["activity"] == by_type(before["objects"])["activity"]


# --- 5: a late joiner sees what the live clients built -------------------------------------------------


def test_late_joiner_snapshot_equals_the_live_clients_state(peer: Any) -> None:
    a, b = peer("cjg"), peer("coordinator")
    values = a.got("snapshot")[0]["objects"]["axis_value"]
    universeel = next(v["id"] for v in values if (v["axis"], v["label"]) == ("prevention_level", "universeel"))
    ca, cb, act, outcome, comment = new_id("ca"), new_id("cb"), new_id("a"), new_id("o"), new_id("c")
    steps = [
        (a, mutation(ca, 1, create_op("activity", act, name="Huiswerkclub", partner="p-cjg"))),
        (b, mutation(cb, 1, create_op("outcome", outcome, title="Minder schooluitval"))),
        (a, mutation(ca, 2, set_op(act, "reach", 120), set_op(act, "prevention_level", universeel))),
        (b, mutation(cb, 2, set_op(act, "outcomes", [outcome, "o-1"]))),
        (b, mutation(cb, 3, create_op("comment", comment, target=act, text="Mooi!"))),
        (b, mutation(cb, 4, {"op": "delete", "type": "activity", "id": act})),
        (a, mutation(ca, 3, {"op": "restore", "type": "activity", "id": act})),
        (a, mutation(ca, 4, set_op(act, "name", "Huiswerkclub Noord"))),
    ]
    seq = 0
    for p, m in steps:
        seq = p.acks(p.send(m)["client_id"], m["mutation_id"])[0]["seq"]
    for p in (a, b):
        p.wait_seq(seq)
    late = peer("jgz")
    assert late.got("snapshot")[-1]["seq"] == seq
    assert a.board() == b.board() == snapshot_board(late.got("snapshot")[-1])
    built = a.board()[1]
    assert built["activity"][act]["name"] == "Huiswerkclub Noord" and built["activity"][act]["reach"] == 120
    assert built["comment"][comment]["author"]


def test_batch_clients_get_a_burst_in_order_and_see_what_single_clients_see(peer: Any, rest: Any) -> None:
    """A paste of 150 edits: a client that joined with batch gets them as ops_batch frames, every seq once and
    in order; a client that did not gets 150 ops events; both end with the server's
    state. A second join may switch the kind; a batch flag that is no boolean is refused."""
    single, batched, sender = peer("jgz"), peer("cjg", batch=True), peer("coordinator", batch=True)
    start = rest("/api/workspaces/w")["seq"]
    cid = new_id("paste")
    count = 150
    for n in range(1, count + 1):
        sender.send(mutation(cid, n, set_op("a-cjg", "reach", n)))
    last = sender.acks(cid, count)[0]["seq"]
    assert last == start + count
    for p in (single, batched, sender):
        p.wait_seq(last)
    # frames may be recorded out of order (one client thread per message); inside a frame, seq order
    frames = batched.got("ops_batch")
    for frame in frames:  # how many share a frame depends on timing: bench/fanout
        inside = [e["seq"] for e in frame["events"]]
        assert inside and inside == list(range(inside[0], inside[0] + len(inside)))
    seqs = sorted(e["seq"] for frame in frames for e in frame["events"])
    assert seqs == list(range(start + 1, last + 1))
    assert not single.got("ops_batch") and sorted(e["seq"] for e in single.got("ops")) == seqs
    server = snapshot_board(rest("/api/workspaces/w"))
    assert single.board() == batched.board() == server
    assert server[1]["activity"]["a-cjg"]["reach"] == count

    assert single.call("join", {"workspace": "w", "since": last, "batch": "ja"})["error"]["code"] == "bad_request"
    assert single.call("join", {"workspace": "w", "since": last, "batch": True}) == {"seq": last}
    batched.call("join", {"workspace": "w", "since": last, "batch": False})
    ack = sender.call("mutate", mutation(cid, count + 1, set_op("a-cjg", "reach", 7)))["ack"]
    single.wait(
        "the next edit as a batch",
        lambda: any(e["seq"] == ack["seq"] for f in single.got("ops_batch") for e in f["events"]),
    )
    batched.event("ops", seq=ack["seq"])
    assert not [f for f in batched.got("ops_batch") if f["events"][-1]["seq"] > last]


# --- 6: hostile input on one connection ----------------------------------------------------------------


def test_hostile_input_is_refused_and_the_connection_keeps_working(peer: Any, rest: Any) -> None:
    p = peer("coordinator")
    cid = new_id("h")
    before = rest("/api/workspaces/w")
    hostile: list[Any] = [
        "geen wijziging",
        [1, 2, 3],
        None,
        {"client_id": cid, "mutation_id": 1},
        {"client_id": cid, "mutation_id": 1, "ops": "set name"},
        mutation(cid, 1, {"op": "explode", "type": "activity", "id": "a-cjg"}),
        mutation(cid, 1, set_op("a-cjg", "nonsense", "x")),
        mutation(cid, 1, set_op("a-cjg", "reach", "12")),
        mutation(cid, 1, set_op("a-cjg", "name", "x" * 10_000)),
        mutation(cid, 1, create_op("spaceship", "s-1")),
        mutation(cid, 1, create_op("activity", "a-x", name="X", partner="p-nope")),
        mutation(cid, 1, set_op("a-cjg'; DROP TABLE objects;--", "name", "x")),
        mutation(cid, -1, set_op("a-cjg", "name", "x")),
    ]
    for n, payload in enumerate(hostile, 1):
        reply = p.call("mutate", payload)
        assert set(reply) == {"reject"}, (payload, reply)
        assert_dutch(reply["reject"]["reason"])
        events = p.wait(f"reject event {n}", lambda n=n: len(p.got("reject")) >= n and p.got("reject"))
        assert all(e["reason"] for e in events)
    reply = p.call("join", {"workspace": "andere-gemeente", "since": None})
    assert reply["error"]["code"] == "forbidden"
    assert_dutch(p.event("error", code="forbidden")["message"])
    assert snapshot_board(rest("/api/workspaces/w")) == snapshot_board(before) == p.board()
    assert not p.got("ack") and not p.got("ops")
    reply = p.call("mutate", mutation(cid, 1, set_op("a-cjg", "description", "Na de aanval")))
    assert reply == {"ack": {"client_id": cid, "mutation_id": 1, "seq": before["seq"] + 1}}


# --- 7: refused connections ----------------------------------------------------------------------------


@pytest.mark.parametrize("token", [None, "geen-echt-token", "other-secret"])
def test_connection_without_a_valid_token_is_refused(peer: Any, world: Any, token: str | None) -> None:
    if token == "other-secret":
        token = issue_token("another-secret-" + "y" * 40, "w", world.ids["coordinator"])
    p = peer(token=token, connect=False)
    with pytest.raises(socketio.exceptions.ConnectionError):
        p.connect()
    assert not p.client.connected


def test_refused_connection_says_why_in_dutch(peer: Any) -> None:
    p = peer(token="geen-echt-token", connect=False)
    with pytest.raises(socketio.exceptions.ConnectionError):
        p.connect()
    assert_dutch(p.event("connect_error")["message"])


# --- 8: presence ---------------------------------------------------------------------------------------


def test_presence_is_relayed_once_per_change_and_on_leave(peer: Any, world: Any) -> None:
    a, b = peer("cjg"), peer("coordinator")
    sid = a.client.get_sid(NS)

    def from_a(**match: Any) -> list[dict[str, Any]]:
        entries = [e for ev in b.got("presence") for e in ev["entries"] if e["sid"] == sid]
        return [e for e in entries if all(e.get(k) == v for k, v in match.items())]

    a.client.emit("presence", {"card": "a-cjg", "field": "name"}, namespace=NS)
    entry = b.wait("A's presence", lambda: next(iter(from_a(card="a-cjg", field="name")), None))
    assert (entry["member"], entry["name"], entry["partner"]) == (world.ids["cjg"], "Medewerker CJG", "p-cjg")
    assert "left" not in entry
    count = len(b.got("presence"))

    a.client.emit("presence", {"card": "a-cjg", "field": "name"}, namespace=NS)  # nothing changed
    barrier = a.call("mutate", mutation(new_id("ca"), 1, set_op("a-cjg", "contribution", "We doen X, zodat Y")))
    b.wait_seq(barrier["ack"]["seq"])
    # longer than the server's presence throttle (0.1 s), so a deferred relay would have arrived
    assert b.stays_without(lambda: len(b.got("presence")) > count, 0.5), b.got("presence")[count:]

    a.close()
    left = b.wait("A leaving", lambda: next(iter(from_a(left=True)), None))
    assert left["member"] == world.ids["cjg"]


# --- 9: socket.io acknowledgement callbacks ------------------------------------------------------------


def test_mutate_returns_ack_or_reject_through_the_callback(peer: Any) -> None:
    p, jgz = peer("cjg"), peer("jgz")
    cid = new_id("cb")
    reply = p.call("mutate", mutation(cid, 7, set_op("a-cjg", "budget", 1500.0)))
    assert set(reply) == {"ack"} and reply["ack"]["client_id"] == cid and reply["ack"]["mutation_id"] == 7
    assert isinstance(reply["ack"]["seq"], int)
    assert p.call("mutate", mutation(cid, 7, set_op("a-cjg", "budget", 1500.0))) == reply  # a replay
    assert p.acks(cid, 7, count=2)[0] == reply["ack"]

    refused = jgz.call("mutate", mutation(new_id("cj"), 1, set_op("a-cjg", "budget", 1.0)))
    assert set(refused) == {"reject"}
    assert_dutch(refused["reject"]["reason"])
    assert refused["reject"]["current"]["a-cjg"]["budget"] == 1500.0
    assert jgz.event("reject", client_id=refused["reject"]["client_id"])["reason"] == refused["reject"]["reason"]


def test_join_acknowledges_the_seq(peer: Any, rest: Any) -> None:
    p = peer("cjg", join=False)
    seq = rest("/api/workspaces/w")["seq"]
    assert p.call("join", {"workspace": "w", "since": None}) == {"seq": seq}
    assert p.call("join", {"workspace": "w", "since": seq}) == {"seq": seq}


# --- SQLite: the server copies the WAL into the database file itself, off the commit path ---------------


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_sqlite_edits_reach_the_database_file_through_the_servers_own_checkpoints(
    peer: Any, world: Any, tmp_path: Path
) -> None:
    """The server turns SQLite's in-commit checkpoints off and runs them every second in a worker thread:
    a copy of the database file alone (without its -wal) must hold an acknowledged edit within seconds."""
    a = peer("cjg")
    m = a.send(mutation(new_id("ca"), 1, set_op("a-cjg", "name", "Opvoedspreekuur in de wijk")))
    seq = a.acks(m["client_id"], 1)[0]["seq"]
    database = Path(world.url.removeprefix("sqlite:///"))
    deadline = time.monotonic() + TIMEOUT
    found = None
    while time.monotonic() < deadline:
        copy = tmp_path / "copy.db"
        shutil.copyfile(database, copy)  # the main file only: what a checkpoint has written there
        with contextlib.closing(sqlite3.connect(copy)) as conn:
            found = conn.execute("SELECT MAX(seq) FROM mutations").fetchone()[0]
        if found is not None and found >= seq:
            break
        time.sleep(0.2)
    assert found is not None and found >= seq, f"the database file has seq {found}, the server acknowledged {seq}"


# --- mutate_batch: several mutations in one message, one answer each ----------------------------------------


def batch_of(*mutations: dict[str, Any]) -> dict[str, Any]:
    return {"mutations": list(mutations)}


def test_a_batch_is_answered_in_order_and_the_room_sees_exactly_what_was_accepted(peer: Any, rest: Any) -> None:
    """A client sends what piled up (edits, a new card and an edit of it, a wrong value, a resend) in one
    mutate_batch: one answer per mutation in the order sent; the accepted ones get consecutive seqs and reach
    the room (the sender too) as ops, or inside ops_batch; the wrong one changed nothing."""
    sender, single, batched = peer("coordinator"), peer("jgz"), peer("cjg", batch=True)
    cid, huiswerk, taalcafe = new_id("batch"), new_id("a"), new_id("a")
    first = mutation(cid, 1, create_op("activity", huiswerk, name="Huiswerkclub", partner="p-jgz"))
    earlier = sender.call("mutate", first)["ack"]["seq"]
    before = rest("/api/workspaces/w")
    assert before["seq"] == earlier
    sent = [
        mutation(cid, 2, set_op("a-cjg", "name", "Opvoedspreekuur Noord")),
        mutation(cid, 3, set_op(huiswerk, "reach", 40)),
        mutation(cid, 4, create_op("activity", taalcafe, name="Taalcafé", partner="p-cjg")),
        mutation(cid, 5, set_op(taalcafe, "description", "Elke woensdag in de bibliotheek")),
        mutation(cid, 6, set_op("a-cjg", "reach", "12")),  # no coercion: a string is not a number
        first,  # a resend of what was applied before: acknowledged again, applied once
        mutation(cid, 7, set_op(huiswerk, "status", "uitbreiden")),
    ]
    reply = sender.call("mutate_batch", batch_of(*sent))
    assert set(reply) == {"results"} and len(reply["results"]) == len(sent), reply
    kinds = [next(iter(answer)) for answer in reply["results"]]
    assert kinds == ["ack", "ack", "ack", "ack", "reject", "ack", "ack"], reply
    for m, answer in zip(sent, reply["results"], strict=True):
        kind = next(iter(answer))
        assert (answer[kind]["client_id"], answer[kind]["mutation_id"]) == (cid, m["mutation_id"])
    acks = [a["ack"] for a in reply["results"] if "ack" in a]
    assert acks[4] == {"client_id": cid, "mutation_id": 1, "seq": earlier}, "a resend keeps its original seq"
    accepted = [acks[0], acks[1], acks[2], acks[3], acks[5]]
    assert [a["seq"] for a in accepted] == list(range(earlier + 1, earlier + 6)), "consecutive seqs, in order"

    rejected = reply["results"][4]["reject"]
    assert_dutch(rejected["reason"])
    assert "bereik" in rejected["reason"]
    assert [issue["field"] for issue in rejected["issues"]] == ["reach"]
    # judged after the ones before it in the batch: the name set just before is what the server has now
    assert rejected["current"]["a-cjg"]["name"] == "Opvoedspreekuur Noord"
    assert rejected["current"]["a-cjg"].get("reach") == by_type(before["objects"])["activity"]["a-cjg"].get("reach")

    last = accepted[-1]["seq"]
    by_seq = {a["seq"]: m for a, m in zip(accepted, [sent[0], sent[1], sent[2], sent[3], sent[6]], strict=True)}
    for p in (sender, single, batched):
        p.wait_seq(last)
        events = sorted((e for e in p.got("ops") if e["seq"] > earlier), key=lambda e: e["seq"])
        assert [e["seq"] for e in events] == list(by_seq), "exactly the accepted ones, each once"
        for event in events:
            m = by_seq[event["seq"]]
            assert (event["client_id"], event["mutation_id"], event["channel"]) == (cid, m["mutation_id"], "socket")
            assert len(event["ops"]) == len(m["ops"]) == 1
            op, wanted = event["ops"][0], m["ops"][0]
            assert (op["op"], op["type"], op["id"]) == (wanted["op"], wanted["type"], wanted["id"])
            if op["op"] == "set":
                assert (op["field"], op["value"]) == (wanted["field"], wanted["value"])
            else:
                assert op["fields"].items() >= wanted["fields"].items()
    assert not single.got("ops_batch")
    frames = [f for f in batched.got("ops_batch") if f["events"][-1]["seq"] > earlier]
    for frame in frames:
        inside = [e["seq"] for e in frame["events"]]
        assert inside == list(range(inside[0], inside[0] + len(inside))), "in seq order inside a frame"
    assert sorted(e["seq"] for f in frames for e in f["events"] if e["seq"] > earlier) == list(by_seq)

    server = snapshot_board(rest("/api/workspaces/w"))
    assert server[0] == last
    assert sender.board() == single.board() == batched.board() == server
    activities = server[1]["activity"]
    assert activities["a-cjg"]["name"] == "Opvoedspreekuur Noord"
    assert activities["a-cjg"].get("reach") == by_type(before["objects"])["activity"]["a-cjg"].get("reach")
    assert (activities[huiswerk]["reach"], activities[huiswerk]["status"]) == (40, "uitbreiden")
    assert activities[taalcafe]["description"] == "Elke woensdag in de bibliotheek"
    log = rest("/api/workspaces/w/mutations?since=0")["mutations"]
    ours = [(m["mutation_id"], m["seq"]) for m in log if m["client_id"] == cid]
    assert ours == [(1, earlier)] + [(a["mutation_id"], a["seq"]) for a in accepted], "each logged once"
    # a batch is answered through the callback only: no ack or reject events besides the plain mutate's
    assert sender.stays_without(lambda: len(sender.got("ack")) > 1 or sender.got("reject"), 0.5)
    assert sender.got("ack") == [{"client_id": cid, "mutation_id": 1, "seq": earlier}]


def test_a_malformed_batch_is_refused_in_dutch_and_changes_nothing(peer: Any, rest: Any) -> None:
    sender, other = peer("coordinator"), peer("jgz")
    cid = new_id("bad")
    before = rest("/api/workspaces/w")
    one = mutation(cid, 1, set_op("a-cjg", "reach", 5))
    bad: list[Any] = [
        [one],  # the mutations without the envelope
        "geen wijzigingen",
        None,
        {"mutation": [one]},
        {"mutations": one},
        {"mutations": "alles"},
        {"mutations": []},
        {"mutations": [mutation(cid, n, set_op("a-cjg", "reach", n)) for n in range(1, 202)]},  # 201
    ]
    for n, payload in enumerate(bad, 1):
        reply = sender.call("mutate_batch", payload)
        assert set(reply) == {"error"} and reply["error"]["code"] == "bad_request", (payload, reply)
        message = reply["error"]["message"]
        assert "wijzigingen" in message and "1 tot 200" in message and not ENGLISH.search(message), message
        sender.wait(f"error event {n}", lambda n=n: len(sender.got("error")) >= n)
    # more operations together than one mutation may hold: refused whole too
    heavy = [mutation(cid, n, *(set_op("a-cjg", "reach", k) for k in range(1001))) for n in (1, 2)]
    reply = sender.call("mutate_batch", batch_of(*heavy))
    assert set(reply) == {"error"} and reply["error"]["code"] == "bad_request", reply
    assert_dutch(reply["error"]["message"])
    assert "2000" in reply["error"]["message"], reply
    sender.wait("the last error event", lambda: len(sender.got("error")) > len(bad))
    assert all(e["code"] == "bad_request" for e in sender.got("error"))
    assert rest("/api/workspaces/w")["seq"] == before["seq"]
    assert snapshot_board(rest("/api/workspaces/w")) == snapshot_board(before)
    assert not rest(f"/api/workspaces/w/mutations?since={before['seq']}")["mutations"]
    assert not sender.got("ops") and not other.got("ops") and not sender.got("ack")

    # the connection keeps working; 200 is allowed
    full = [mutation(cid, n, set_op("a-cjg", "reach", n)) for n in range(1, 201)]
    reply = sender.call("mutate_batch", batch_of(*full))
    assert [a["ack"]["seq"] for a in reply["results"]] == list(range(before["seq"] + 1, before["seq"] + 201))
    other.wait_seq(before["seq"] + 200)
    assert other.board()[1]["activity"]["a-cjg"]["reach"] == 200


@pytest.fixture
def small_budget(monkeypatch: pytest.MonkeyPatch) -> tuple[int, float]:
    """Each connection may send 5 mutations at once, then 2 a second (the server reads these at start: put
    this fixture before ``peer`` in a test's arguments)."""
    burst, rate = 5, 2.0
    monkeypatch.setenv("MATRIXSYNC_MUTATION_BURST", str(burst))
    monkeypatch.setenv("MATRIXSYNC_MUTATION_RATE", str(rate))
    return burst, rate


def test_a_batch_beyond_the_rate_limit_applies_the_first_ones_and_refuses_the_rest(
    small_budget: tuple[int, float], peer: Any, rest: Any
) -> None:
    burst, rate = small_budget
    sender, other = peer("coordinator"), peer("jgz")
    cid = new_id("flood")
    start = rest("/api/workspaces/w")["seq"]
    sent = [mutation(cid, n, set_op("a-cjg", "reach", n)) for n in range(1, burst + 4)]
    reply = sender.call("mutate_batch", batch_of(*sent))
    results = reply["results"]
    assert len(results) == len(sent)
    acks, limited = [r["ack"] for r in results[:burst]], [r["error"] for r in results[burst:]]
    assert [(a["mutation_id"], a["seq"]) for a in acks] == [(n, start + n) for n in range(1, burst + 1)]
    for m, error in zip(sent[burst:], limited, strict=True):
        assert error["code"] == "rate_limited", error
        assert (error["client_id"], error["mutation_id"]) == (cid, m["mutation_id"])
        assert_dutch(error["message"])
        assert 0 < error["retry_after"] <= 1 / rate + 0.01, error
    log = rest(f"/api/workspaces/w/mutations?since={start}")["mutations"]
    assert [(e["client_id"], e["mutation_id"]) for e in log] == [(cid, n) for n in range(1, burst + 1)]
    other.wait_seq(start + burst)
    assert sorted(e["mutation_id"] for e in other.got("ops")) == list(range(1, burst + 1))
    assert other.board()[1]["activity"]["a-cjg"]["reach"] == burst
    assert other.stays_without(lambda: any(e["seq"] > start + burst for e in other.got("ops")), 0.3)

    # resent after retry_after, a refused one is applied
    time.sleep(limited[0]["retry_after"] + 0.1)
    again = sender.call("mutate_batch", batch_of(sent[burst]))
    assert again == {"results": [{"ack": {"client_id": cid, "mutation_id": burst + 1, "seq": start + burst + 1}}]}


def disconnected(p: Any) -> bool:
    deadline = time.monotonic() + TIMEOUT
    while p.client.connected and time.monotonic() < deadline:
        time.sleep(0.05)
    return not p.client.connected


def test_a_member_revoked_since_connecting_is_refused_a_batch_and_disconnected(
    peer: Any, rest: Any, world: Any
) -> None:
    coord, jgz = peer("coordinator"), peer("jgz")
    revoke = mutation(new_id("cc"), 1, set_op(world.ids["jgz"], "revoked", True, "member"))
    seq = coord.call("mutate", revoke)["ack"]["seq"]
    cid, comment = new_id("cj"), new_id("c")
    reply = jgz.call(
        "mutate_batch",
        batch_of(
            mutation(cid, 1, create_op("comment", comment, target="a-cjg", text="Nog even dit")),
            mutation(cid, 2, set_op(comment, "text", "En dit")),
        ),
    )
    # the answers reach the client before the server closes the connection
    assert [r["error"]["code"] for r in reply["results"]] == ["unauthorized", "unauthorized"]
    assert [r["error"]["mutation_id"] for r in reply["results"]] == [1, 2]
    assert_dutch(jgz.event("error", code="unauthorized")["message"])
    assert disconnected(jgz), "the server closes the revoked member's connection"
    assert rest("/api/workspaces/w")["seq"] == seq
    assert comment not in by_type(rest("/api/workspaces/w")["objects"]).get("comment", {})


def test_a_batch_that_revokes_its_own_member_is_answered_as_if_sent_one_by_one(
    peer: Any, rest: Any, world: Any
) -> None:
    """A coordinator's batch whose first mutation revokes their own membership: that one is applied and
    acknowledged; from there on they have no access, so the rest is refused (unauthorized) and the
    connection closed, after the answers arrived. What the answers say is exactly what the log holds."""
    coord, other = peer("coordinator"), peer("jgz")
    start = rest("/api/workspaces/w", "viewer")["seq"]
    cid = new_id("self")
    reply = coord.call(
        "mutate_batch",
        batch_of(
            mutation(cid, 1, set_op(world.ids["coordinator"], "revoked", True, "member")),
            mutation(cid, 2, set_op("a-cjg", "name", "Na het intrekken")),
        ),
    )
    first, second = reply["results"]
    assert first == {"ack": {"client_id": cid, "mutation_id": 1, "seq": start + 1}}
    assert second["error"]["code"] == "unauthorized" and second["error"]["mutation_id"] == 2
    assert disconnected(coord)
    log = rest(f"/api/workspaces/w/mutations?since={start}", "viewer")["mutations"]
    assert [(e["client_id"], e["mutation_id"]) for e in log] == [(cid, 1)]
    other.wait_seq(start + 1)
    assert other.board()[1]["activity"]["a-cjg"]["name"] != "Na het intrekken"


def test_a_revoked_member_gets_the_answer_to_a_mutate_before_the_connection_closes(peer: Any, world: Any) -> None:
    coord, jgz = peer("coordinator"), peer("jgz")
    coord.call("mutate", mutation(new_id("cc"), 1, set_op(world.ids["jgz"], "revoked", True, "member")))
    reply = jgz.call("mutate", mutation(new_id("cj"), 1, set_op("a-jgz", "reach", 3)))
    assert reply["error"]["code"] == "unauthorized"
    assert_dutch(reply["error"]["message"])
    assert disconnected(jgz)
