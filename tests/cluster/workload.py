"""Many :class:`SyncPeer` at once: connect them to servers, let them edit, wait until they settle, check the log."""

from __future__ import annotations

import contextlib
import itertools
import random
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from typing import Any

from tests.cluster.peer import SyncPeer
from tests.cluster.processes import Cluster, ServerProcess


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
