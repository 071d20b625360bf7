"""Faults during a meeting, on two server processes sharing PostgreSQL and Redis (tests/cluster/).

- A server process is SIGKILLed at random moments while clients edit, and restarted.
- Redis is restarted; PostgreSQL is restarted.
- 200 real sync clients (the board's JavaScript client) are dropped at once and reconnect.
- One client floods mutations.

After each: every acknowledged mutation is in the log at the seq its ack named, none twice, every mutation a
client sent was answered in the end (clients resend with the same ids), and every client's board equals
the log and every process's snapshot. ``bench/faults.py`` runs many more kill rounds.
"""

from __future__ import annotations

import json
import random
import shutil
import statistics
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from tests.cluster import (
    ROOT,
    Cluster,
    SyncPeer,
    board_of_log,
    board_of_snapshot,
    check_log,
    peers_on,
    run_editors,
    set_op,
    settle,
    stop_all,
    strip_seq,
)
from tests.services import component_missing

ROUNDS = 3  # SIGKILL rounds here; bench/faults.py --rounds 200 runs many


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    c = Cluster(tmp_path_factory.mktemp("faults"), n=2)
    yield c
    c.close()
    stop_all()


def converged(cluster: Cluster, peers: list[SyncPeer]) -> int:
    """Settle, then check the log and every board; returns the final seq."""
    seq = settle(peers, cluster.servers, cluster, timeout=60)
    log = cluster.log_of(cluster.servers[0])
    assert log[-1]["seq"] == seq
    check_log(log, peers)
    expected = strip_seq(board_of_log(log))
    for server in cluster.servers:
        assert strip_seq(board_of_snapshot(cluster.rest(server, "/api/workspaces/w"))) == expected
    for p in peers:
        assert strip_seq(p.board()) == expected, p.name
    return seq


def test_sigkill_at_random_moments_loses_nothing_acknowledged(cluster: Cluster) -> None:
    rng = random.Random(20)
    with peers_on(cluster.servers, [cluster.token("coordinator")], per_server=2) as peers:
        stop = threading.Event()
        editors = run_editors(peers, seconds=120, interval=0.04, seed=3, stop=stop)
        killed = []
        try:
            for _ in range(ROUNDS):
                time.sleep(rng.uniform(0.2, 1.2))
                victim = rng.choice(cluster.servers)
                victim.kill()
                killed.append(victim)
                victim.start()
            time.sleep(0.5)
        finally:
            stop.set()
            for t in editors:
                t.join(10)
        converged(cluster, peers)
        acked = sum(len(p.acked) for p in peers)
        assert acked > 50, f"too few edits to mean anything: {acked}"
        for p in peers:
            if any(p.url == s.url for s in killed):
                assert p.connects >= 2, f"{p.name} never reconnected"
        # the killed processes' presence entries (no goodbye) expire on every board
        sids = {p.client.get_sid("/sync") for p in peers}
        for p in peers:
            p.wait("presence without ghosts", lambda p=p: set(p.presence) == sids, timeout=30)


def test_redis_restart_mid_meeting_loses_nothing(cluster: Cluster) -> None:
    marks = [s.log().count("Redis weer bereikbaar") for s in cluster.servers]
    with peers_on(cluster.servers, [cluster.token("coordinator")], per_server=2) as peers:
        stop = threading.Event()
        editors = run_editors(peers, seconds=60, interval=0.05, seed=5, stop=stop)
        try:
            time.sleep(1.0)
            cluster.redis.restart()
            time.sleep(2.0)
        finally:
            stop.set()
            for t in editors:
                t.join(10)
        converged(cluster, peers)
        for server, before in zip(cluster.servers, marks, strict=True):
            log = server.log()
            assert "Redis onbereikbaar" in log, log[-2000:]
            deadline = time.monotonic() + 10
            while server.log().count("Redis weer bereikbaar") <= before and time.monotonic() < deadline:
                time.sleep(0.1)
            assert server.log().count("Redis weer bereikbaar") > before, server.log()[-2000:]
        # relaying works again: presence from a process reaches the other one
        a = next(p for p in peers if p.url == cluster.servers[0].url)
        b = next(p for p in peers if p.url == cluster.servers[1].url)
        a.presence_update("o-1")
        sid = a.client.get_sid("/sync")
        b.wait("presence over the restarted Redis", lambda: b.presence.get(sid, {}).get("card") == "o-1", timeout=10)


def test_postgres_restart_is_reported_and_survived(cluster: Cluster) -> None:
    server = cluster.servers[0]
    before = server.log().count("Database weer bereikbaar")
    health: list[tuple[int, dict[str, object]]] = []
    polling = threading.Event()

    def poll() -> None:
        while not polling.is_set():
            try:
                r = requests.get(server.url + "/healthz", timeout=5)
                health.append((r.status_code, r.json()))
            except requests.RequestException:
                pass
            time.sleep(0.02)

    with peers_on(cluster.servers, [cluster.token("coordinator")], per_server=2) as peers:
        stop = threading.Event()
        editors = run_editors(peers, seconds=60, interval=0.05, seed=7, stop=stop)
        poller = threading.Thread(target=poll)
        poller.start()
        try:
            time.sleep(1.0)
            cluster.pg.restart()
            time.sleep(2.0)
        finally:
            stop.set()
            for t in editors:
                t.join(10)
            polling.set()
            poller.join(10)
        converged(cluster, peers)
    down = [body for status, body in health if status == 503]
    assert down, f"/healthz never answered 503 during the restart: {sorted({s for s, _ in health})}"
    assert down[0]["error"] == "database_unavailable" and "database" in str(down[0]["message"]).lower()
    assert "niet bereikbaar" in str(down[0]["message"])
    assert health[-1][0] == 200
    log = server.log()
    assert "Database onbereikbaar" in log, log[-2000:]
    deadline = time.monotonic() + 10
    while server.log().count("Database weer bereikbaar") <= before and time.monotonic() < deadline:
        time.sleep(0.1)
    assert server.log().count("Database weer bereikbaar") > before


def test_reconnection_storm_of_200_clients(cluster: Cluster, tmp_path: Path) -> None:
    node = shutil.which("node")
    if node is None or not (ROOT / "web/node_modules/socket.io-client").is_dir():
        component_missing("node + web/node_modules", "run `make web` (cd web && npm ci)")
    server = cluster.servers[0]
    tokens = tmp_path / "tokens.json"
    tokens.write_text(json.dumps([cluster.token("coordinator")]))
    with subprocess.Popen(  # leaving the block closes the pipes
        [node, str(ROOT / "bench/cluster/storm.mjs"), "--urls", server.url, "--tokens-file", str(tokens)]
        + ["--clients", "200", "--timeout", "150"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as proc:
        try:
            assert proc.stdout is not None
            ready = json.loads(proc.stdout.readline() or "{}")
            assert ready.get("phase") == "ready", (ready, proc.stderr.read() if proc.poll() is not None else "")
            server.kill()  # all 200 dropped at once
            server.start()
            done = json.loads(proc.stdout.readline() or "{}")
            assert proc.wait(30) == 0
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait(10)
    assert done.get("phase") == "done", done
    assert done["identicalCommentLists"]
    print(f"\nstorm: {json.dumps({k: v for k, v in done.items() if k != 'clientIds'})}")
    log = cluster.log_of(server)
    assert done["seq"] == log[-1]["seq"]
    ours = [e for e in log if e["client_id"] in set(done["clientIds"])]
    assert len(ours) == 200, "every client's offline comment is in the log exactly once"
    assert len({(e["client_id"], e["mutation_id"]) for e in log}) == len(log)


def test_a_flooding_client_is_throttled_without_slowing_the_others(cluster: Cluster) -> None:
    server = cluster.servers[1]
    normal = SyncPeer(server.url, cluster.token("cjg"), "normal").connect()
    flooder = SyncPeer(server.url, cluster.token("coordinator"), "flooder").connect()
    try:

        def timed_edits(n: int) -> list[float]:
            ids = []
            for k in range(n):
                ids.append(normal.mutate(set_op("a-cjg", "reach", 10_000 + k)))
                time.sleep(0.05)
            normal.wait("acks", lambda: all(i in normal.acked for i in ids), timeout=30)
            return [normal.ack_latency[i] for i in ids]

        baseline = timed_edits(20)
        flood_started = time.monotonic()
        errors_before = len(flooder.errors)
        # no waiting, no resending: 1,500 mutations straight at the server
        for k in range(1500):
            m = {
                "client_id": flooder.client_id,
                "mutation_id": 10_000 + k,
                "ops": [set_op("a-cjg", "name", f"Spam {k}")],
            }
            flooder.client.emit("mutate", m, namespace="/sync")
        during = timed_edits(20)
        flooder.wait(
            "the flood's answers", lambda: len(flooder.errors) - errors_before + len(flooder.acked) >= 1500, 60
        )
        elapsed = time.monotonic() - flood_started
        limited = [e for e in flooder.errors[errors_before:] if e.get("code") == "rate_limited"]
        applied = [mid for mid in flooder.acked if mid >= 10_000]
        assert limited and len(applied) + len(limited) == 1500
        assert len(applied) <= 200 + 50 * elapsed + 5, (len(applied), elapsed)
        assert "te veel wijzigingen" in limited[0]["message"] and limited[0]["retry_after"] > 0
        log = cluster.log_of(server)
        assert len([e for e in log if e["client_id"] == flooder.client_id]) == len(applied), "nothing refused applied"
        assert not normal.errors
        p50, worst = statistics.median(during), max(during)
        print(
            f"\nnormal client's ack latency: before p50 {statistics.median(baseline) * 1000:.1f} ms,"
            f" during the flood p50 {p50 * 1000:.1f} ms max {worst * 1000:.1f} ms; flood: {len(applied)} applied,"
            f" {len(limited)} refused in {elapsed:.1f} s"
        )
        assert p50 < max(0.1, 5 * statistics.median(baseline)), (baseline, during)
    finally:
        normal.close()
        flooder.close()
