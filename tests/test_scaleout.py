"""Several server processes on one PostgreSQL and one Redis (docs/deploy.md), each with its own clients.

Asserts what a meeting spread over processes needs: edits accepted anywhere are ordered by the database
and reach every client on every process, in seq order and without gaps; every process serves a current
snapshot and log right after a write elsewhere; presence crosses processes both ways (a joiner sees who is
on the other processes, and leaving is seen everywhere); a process unloads a workspace when its last
client leaves.
"""

from __future__ import annotations

import random
import time
import uuid
from collections.abc import Iterator

import pytest
import requests

from server.storage.store import Store
from server.sync.core import SyncCore
from server.sync.workspaces import run_system
from tests.cluster import (
    Cluster,
    SyncPeer,
    board_of_log,
    board_of_snapshot,
    check_log,
    create_op,
    peers_on,
    random_edit,
    set_op,
    settle,
    stop_all,
    strip_seq,
)


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    c = Cluster(tmp_path_factory.mktemp("scaleout"), n=3)
    yield c
    c.close()
    stop_all()


def test_concurrent_edits_on_three_processes_converge(cluster: Cluster) -> None:
    tokens = [cluster.token("coordinator")]
    with peers_on(cluster.servers, tokens, per_server=2) as peers:
        rng = random.Random(8)
        created: dict[str, list[str]] = {p.name: [] for p in peers}
        # interleaved bursts: every peer has mutations in flight at once, on all three processes
        for _ in range(25):
            for p in rng.sample(peers, len(peers)):
                random_edit(p, rng, created[p.name])
            time.sleep(0.01)
        seq = settle(peers, cluster.servers, cluster)

        log = cluster.log_of(cluster.servers[1])
        assert log[-1]["seq"] == seq
        check_log(log, peers)
        expected = board_of_log(log)
        snapshots = [cluster.rest(s, "/api/workspaces/w") for s in cluster.servers]
        assert {snap["seq"] for snap in snapshots} == {seq}
        for snap in snapshots:
            assert strip_seq(board_of_snapshot(snap)) == strip_seq(expected)
        per_object = [{k: v["_seq"] for k, v in board_of_snapshot(s).items()} for s in snapshots]
        assert per_object[0] == per_object[1] == per_object[2]
        for p in peers:
            assert strip_seq(p.board()) == strip_seq(expected), p.name
            # every mutation reached every client on every process once, in order: no joins to fill gaps
            assert p.heals == 0, p.name
            assert len(p.seen_seqs) == len(set(p.seen_seqs)), f"{p.name} got an ops event twice"
        # the log holds every peer's mutations, from clients on all three processes
        assert {e["client_id"] for e in log} >= {p.client_id for p in peers}


def test_a_write_on_one_process_is_current_everywhere_at_once(cluster: Cluster) -> None:
    a, b, c = cluster.servers
    headers = {"Authorization": f"Bearer {cluster.token()}"}
    before = cluster.rest(b, "/api/workspaces/w")  # b and c have the workspace cached
    cluster.rest(c, "/api/workspaces/w")
    obj = f"a-rest-{uuid.uuid4().hex[:8]}"
    m = {
        "client_id": f"rest-{obj}",
        "mutation_id": 1,
        "ops": [create_op("activity", obj, name="Via A", partner="p-jgz")],
    }
    answer = requests.post(a.url + "/api/workspaces/w/mutations", json=m, headers=headers, timeout=10)
    assert answer.status_code == 200, answer.text
    seq = answer.json()["ack"]["seq"]
    assert seq > before["seq"]
    # no waiting: the caches of b and c catch up from the database when asked
    snap = cluster.rest(b, "/api/workspaces/w")
    assert snap["seq"] == seq and board_of_snapshot(snap)[obj]["name"] == "Via A"
    assert (
        cluster.rest(c, f"/api/workspaces/w/mutations?since={seq - 1}")["mutations"][0]["client_id"] == m["client_id"]
    )
    assert obj in {o["id"] for o in cluster.rest(c, "/api/workspaces/w/objects/activity")["objects"]}
    # a client joining c with an older seq gets the write made on a as an ops event
    late = SyncPeer(c.url, cluster.token("viewer"), "late")
    try:
        late.seq = before["seq"]  # as if it had seen everything up to before
        late.objects = board_of_snapshot(before)
        late.connect()
        late.wait("the write made on a", lambda: late.seq is not None and late.seq >= seq)
        assert late.board()[obj]["name"] == "Via A"
    finally:
        late.close()


def test_a_write_by_another_program_reaches_the_clients(cluster: Cluster) -> None:
    """The CLI writes to the database without any broadcast: the processes notice and send it on."""
    with peers_on(cluster.servers[:2], [cluster.token("viewer")], per_server=1) as peers:
        store = Store(cluster.db_url)
        try:
            seq = run_system(
                SyncCore(store), "w", f"cli-{uuid.uuid4().hex[:6]}", 1, [set_op("o-1", "baseline", "55%", "outcome")]
            )
        finally:
            store.dispose()
        for p in peers:
            p.wait("the CLI's write", lambda p=p: p.seq is not None and p.seq >= seq, timeout=10)
            assert p.board()["o-1"]["baseline"] == "55%"


def test_presence_crosses_processes(cluster: Cluster) -> None:
    a, b, c = cluster.servers
    pa = SyncPeer(a.url, cluster.token("cjg"), "pres-a").connect()
    pb = SyncPeer(b.url, cluster.token("jgz"), "pres-b").connect()
    try:
        sid_a = pa.client.get_sid("/sync")
        sid_b = pb.client.get_sid("/sync")
        # a joiner on b sees the one already on a (and the other way round: a hears b's arrival)
        pb.wait("a's entry on b", lambda: sid_a in pb.presence)
        pa.wait("b's arrival on a", lambda: sid_b in pa.presence)
        pa.presence_update("a-cjg", "name")
        entry = pb.wait(
            "a's card on b", lambda: pb.presence.get(sid_a, {}).get("card") == "a-cjg" and pb.presence[sid_a]
        )
        assert entry["field"] == "name" and entry["partner"] == "p-cjg"
        # a late joiner on a third process gets both in its first presence message
        pc = SyncPeer(c.url, cluster.token("viewer"), "pres-c").connect()
        try:
            pc.wait("everyone's entries", lambda: {sid_a, sid_b} <= set(pc.presence))
            assert pc.presence[sid_a]["card"] == "a-cjg"
            pa.close()
            for p in (pb, pc):
                p.wait("a leaving", lambda p=p: sid_a not in p.presence, timeout=10)
        finally:
            pc.close()
        pb.wait("c leaving", lambda: len(pb.presence) == 1, timeout=10)
    finally:
        pa.close()
        pb.close()


def test_a_process_unloads_the_workspace_when_its_last_client_leaves(cluster: Cluster) -> None:
    server = cluster.servers[2]
    before = server.log().count("uit het geheugen gehaald")
    with peers_on([server], [cluster.token("viewer")], per_server=3):
        pass
    deadline = time.monotonic() + 10
    while server.log().count("uit het geheugen gehaald") <= before and time.monotonic() < deadline:
        time.sleep(0.1)
    assert server.log().count("uit het geheugen gehaald") == before + 1, server.log()[-2000:]


def test_logs_have_no_tracebacks(cluster: Cluster) -> None:
    for s in cluster.servers:
        assert "Traceback" not in s.log(), s.log()[-3000:]


def test_delivery_across_processes_goes_over_redis_not_the_database_sweep(cluster: Cluster) -> None:
    """Without Redis the other processes would still get each edit, from their twice-a-second comparison
    with the database; over Redis it arrives at once."""
    a, b = cluster.servers[:2]
    writer = SyncPeer(a.url, cluster.token("coordinator"), "fast-a").connect()
    reader = SyncPeer(b.url, cluster.token("viewer"), "fast-b").connect()
    try:
        delays = []
        for n in range(15):
            seq0 = reader.seq or 0
            started = time.monotonic()
            writer.mutate(set_op("a-cjg", "reach", 1000 + n))
            reader.wait("the edit", lambda seq0=seq0: (reader.seq or 0) > seq0, timeout=5)
            delays.append(time.monotonic() - started)
            time.sleep(0.05)
        delays.sort()
        assert delays[len(delays) // 2] < 0.15, delays
    finally:
        writer.close()
        reader.close()
