"""Durable mutations per second through ``SyncCore.apply``, in process.

This is the production write path without the network: parse and validate, authorize (a partner-role
member editing its own partner's activities), take the next sequence number, write the mutation and the
changed object in one transaction and commit, then install in memory and call the broadcaster (here a
counter). Nothing is mocked except the broadcaster.

    .venv/bin/python -m bench.durable                 # fresh SQLite file in a temp dir, 5,000 mutations
    .venv/bin/python -m bench.durable --n 20000
    .venv/bin/python -m bench.durable --db postgresql://user@host/db   # a fresh workspace in that database
    .venv/bin/python -m bench.durable --profile       # also print where the time goes (cProfile)
    .venv/bin/python -m bench.durable --sqlite-checkpoints   # SQLite checkpointing inside commits (not the server's way)

SQLite runs as ``matrixsync serve`` runs it: checkpoints every second in a thread of their own, and
``gc.freeze()`` after setting up.

Prints one line for single-field ``set`` mutations, one for 20-op batches, and one for single-field sets
applied ``--group`` (50) to a transaction with ``SyncCore.apply_many`` (what a ``mutate_batch`` does):
mutations/s (and ops/s), and the p50/p99/max in milliseconds per mutation (per group for the last). The target is >= 2,000 single-field mutations/s on
SQLite.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import io
import os
import pstats
import random
import secrets
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from typing import Any

from server.storage.store import Store, upgrade
from server.sync.core import SyncCore

from .world import EDIT_FIELDS, BenchWorld, build

TARGET = 2000.0


def percentile(sorted_values: list[float], p: float) -> float:
    """Nearest-rank percentile of an already sorted list."""
    if not sorted_values:
        return float("nan")
    k = max(0, min(len(sorted_values) - 1, round(p / 100 * len(sorted_values) + 0.5) - 1))
    return sorted_values[k]


def random_value(rng: random.Random, field: str) -> Any:
    if field == "reach":
        return rng.randrange(0, 100_000)
    return f"Omschrijving {rng.randrange(1_000_000)}: " + "x" * rng.randrange(0, 200)


def set_op(obj_id: str, field: str, value: Any) -> dict[str, Any]:
    return {"op": "set", "type": "activity", "id": obj_id, "field": field, "value": value}


def run(
    core: SyncCore,
    world: BenchWorld,
    label: str,
    count: int,
    ops_per_mutation: int,
    warmup: int,
    rng: random.Random,
    client_id: str,
    counter: list[int],
    group: int = 1,
) -> dict[str, float]:
    who = world.principal(core, 0)

    def payload(n: int) -> dict[str, Any]:
        targets = rng.sample(world.activities, ops_per_mutation)
        ops = []
        for obj_id in targets:
            field = rng.choice(EDIT_FIELDS)
            ops.append(set_op(obj_id, field, random_value(rng, field)))
        return {"client_id": client_id, "mutation_id": n, "ops": ops}

    # payloads are made before the clock starts: the benchmark measures the server, not random()
    payloads = [payload(n) for n in range(1, warmup + count + 1)]
    for p in payloads[:warmup]:
        result = core.apply(who, p)
        if result.ack is None:
            raise SystemExit(f"warm-up mutation rejected: {result.reject}")
    seen_before = counter[0]
    durations: list[float] = []
    clock = time.perf_counter
    started = clock()
    timed = payloads[warmup:]
    for i in range(0, count, group):
        chunk = timed[i : i + group]
        t0 = clock()
        results = core.apply_many(who, chunk) if group > 1 else [core.apply(who, chunk[0])]
        durations.append((clock() - t0) * 1000.0)  # per mutation, or per group of them
        for p, result in zip(chunk, results, strict=True):
            if result.ack is None or result.replay:
                raise SystemExit(f"mutation {p['mutation_id']} not applied: {result.reject}")
    elapsed = clock() - started
    broadcast = counter[0] - seen_before
    if broadcast != count:
        raise SystemExit(f"{label}: {count} mutations applied but {broadcast} broadcast")
    durations.sort()
    rate = count / elapsed
    stats = {
        "mutations": float(count),
        "seconds": elapsed,
        "per_s": rate,
        "ops_per_s": rate * ops_per_mutation,
        "mean": statistics.fmean(durations),
        "p50": percentile(durations, 50),
        "p99": percentile(durations, 99),
        "max": durations[-1],
    }
    per = f" per group of {group}" if group > 1 else ""
    print(
        f"{label:<24} {count:>6} mutations in {elapsed:6.2f} s: {rate:8.0f} mutations/s"
        f" ({stats['ops_per_s']:8.0f} ops/s)   p50 {stats['p50']:6.3f} ms   p99 {stats['p99']:6.3f} ms"
        f"   max {stats['max']:7.2f} ms{per}",
        flush=True,
    )
    return stats


def checkpoints(store: Store, stop: threading.Event) -> None:
    while not stop.wait(1.0):
        store.checkpoint()


def profiled(fn: Callable[[], Any], top: int) -> Any:
    prof = cProfile.Profile()
    result = prof.runcall(fn)
    out = io.StringIO()
    pstats.Stats(prof, stream=out).sort_stats("cumulative").print_stats(top)
    print(out.getvalue())
    out = io.StringIO()
    pstats.Stats(prof, stream=out).sort_stats("tottime").print_stats(top)
    print(out.getvalue())
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.durable", description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", default=None, help="database URL (default: a fresh SQLite file in a temp dir)")
    parser.add_argument("--n", type=int, default=5000, help="single-field mutations to time (default 5000)")
    parser.add_argument("--batches", type=int, default=None, help="20-op mutations to time (default n/5)")
    parser.add_argument("--batch-size", type=int, default=20, help="ops per batch mutation (default 20)")
    parser.add_argument("--activities", type=int, default=1000, help="activities in the workspace (default 1000)")
    parser.add_argument("--warmup", type=int, default=200, help="untimed mutations before each run (default 200)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--group", type=int, default=50, help="also time single-field sets applied this many to a transaction"
    )
    parser.add_argument("--profile", action="store_true", help="run the single-field part under cProfile")
    parser.add_argument(
        "--sqlite-checkpoints",
        action="store_true",
        help="leave checkpoints to SQLite (inside commits) instead of a thread every second, as the server does",
    )
    args = parser.parse_args(argv)
    batches = args.batches if args.batches is not None else max(1, args.n // 5)

    tmp = None
    if args.db is None:
        tmp = tempfile.TemporaryDirectory(prefix="matrixsync-bench-")
        url = f"sqlite:///{os.path.join(tmp.name, 'bench.db')}"
        slug = "bench"
    else:
        url = args.db
        slug = "bench-" + secrets.token_hex(4)  # a fresh workspace, whatever else the database holds
    try:
        store = Store(url)
        upgrade(store.engine)
        counter = [0]

        def count_broadcast(_room: str, _event: dict[str, Any]) -> None:
            counter[0] += 1

        core = SyncCore(store, broadcast=count_broadcast)
        setup_started = time.perf_counter()
        world = build(core, slug, activities=args.activities, members=1)
        print(
            f"database {store.engine.url.render_as_string(hide_password=True)}  workspace '{slug}':"
            f" {len(world.activities)} activities, set up in {time.perf_counter() - setup_started:.1f} s",
            flush=True,
        )
        rng = random.Random(args.seed)
        # as `matrixsync serve` runs: checkpoints in a thread of their own, long-lived objects frozen
        stop = threading.Event()
        if not args.sqlite_checkpoints and store.take_over_checkpoints():
            threading.Thread(target=checkpoints, args=(store, stop), daemon=True).start()
            print("SQLite checkpoints: every second in a thread (as the server)", flush=True)
        gc.collect()
        gc.freeze()

        def singles() -> dict[str, float]:
            return run(core, world, "single-field set", args.n, 1, args.warmup, rng, "bench-single", counter)

        single = profiled(singles, 30) if args.profile else singles()
        run(
            core,
            world,
            f"{args.batch_size}-op batch",
            batches,
            args.batch_size,
            args.warmup,
            rng,
            "bench-batch",
            counter,
        )
        if args.group > 1:  # what a client sending its queue in mutate_batch frames gets (group commit)
            label = f"single-field, {args.group}/txn"
            run(core, world, label, args.n, 1, args.warmup, rng, "bench-group", counter, args.group)
        stop.set()
        verdict = "meets" if single["per_s"] >= TARGET else "MISSES"
        print(f"single-field: {single['per_s']:.0f} mutations/s {verdict} the target of {TARGET:.0f}/s", flush=True)
        store.dispose()
    finally:
        if tmp is not None:
            tmp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
