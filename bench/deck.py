"""Analysis and deck for a large workspace: 2,000 activities of 12 partners.

The workspace is the demo's, scaled up: its outcomes, its 12 largest partners and its activities copied
with new ids until there are 2,000 (a copy keeps the partner, or moves to one of the 12 when its partner
is not among them; names get a suffix per round). Copies of the demo's near-duplicates stay near-duplicates
of each other, so the duplicate search has much to compare and much to report: a hard case. A meeting is
held halfway and 100 activities change after it, so "changes since the last meeting" has something to show.
Everything goes through the sync core (validation included), on a fresh SQLite file.

    .venv/bin/python -m bench.deck                     # 2,000 activities, 3 timed runs each
    .venv/bin/python -m bench.deck --activities 5000 --runs 1
    .venv/bin/python -m bench.deck --out /tmp/deck.pptx   # also keep the deck to look at
    .venv/bin/python -m bench.deck --profile           # also print where the deck's time goes

Prints, for ``analyse()`` of the first view, for the analyses of all views, and for ``build_deck()`` (with
the analyses given, and from the state alone), the best and median wall time of the runs and the peak of
Python memory allocated during one run (tracemalloc, in a separate untimed run because tracing slows
the code down), then the process's peak RSS. The best CPU time is printed beside the wall times: on a busy
machine (two cores, other work running) it is the steadier figure. Targets: analysis <= 0.5 s, deck <= 3 s
(wall time of the best run).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

from server import demo_data as data
from server.analysis import analyse
from server.domain.axes import AXIS_BY_FIELD
from server.domain.matrix import views
from server.domain.state import WorkspaceState
from server.office.deck import build_deck
from server.storage.store import Store, upgrade
from server.sync.core import SyncCore
from server.sync.workspaces import create_workspace, run_system, stable_id

SLUG = "bench-deck"
PARTNERS = 12
TARGET_ANALYSIS = 0.5
TARGET_DECK = 3.0
CHUNK = 1000  # ops per mutation, below MAX_OPS


def build_state(core: SyncCore, activities: int) -> WorkspaceState:
    create_workspace(core, SLUG, "Gemeente Groot 2027")
    axis_ids = {(v.fields["axis"], v.fields["label"]): v.id for v in core.state(SLUG).live("axis_value")}
    by_size = sorted(data.PARTNERS, key=lambda p: -sum(1 for a in data.ACTIVITIES if a["partner"] == p["slug"]))
    kept = [p["slug"] for p in by_size[:PARTNERS]]
    partner_ids = {s: stable_id(SLUG, "partner", s) for s in kept}
    outcome_ids = {o["key"]: stable_id(SLUG, "outcome", o["key"]) for o in data.OUTCOMES}
    ops: list[dict[str, Any]] = [
        {"op": "create", "type": "partner", "id": partner_ids[p["slug"]], "fields": dict(p)}
        for p in data.PARTNERS
        if p["slug"] in partner_ids
    ]
    for n, o in enumerate(data.OUTCOMES):
        fields = {k: v for k, v in o.items() if k != "key"} | {"position": float(n)}
        ops.append({"op": "create", "type": "outcome", "id": outcome_ids[o["key"]], "fields": fields})
    seq = 1
    run_system(core, SLUG, "bench-deck", seq, ops)

    def partner(slug: str, n: int) -> str:
        return partner_ids[slug] if slug in partner_ids else partner_ids[kept[n % len(kept)]]

    ids: list[str] = []
    ops = []
    for n in range(activities):
        a = data.ACTIVITIES[n % len(data.ACTIVITIES)]
        round_ = n // len(data.ACTIVITIES)
        fields: dict[str, Any] = {}
        for key, value in a.items():
            axis = AXIS_BY_FIELD.get(key)
            if key == "key":
                continue
            if axis is not None and axis.multi:
                fields[key] = [axis_ids[(axis.key, label)] for label in value]
            elif axis is not None:
                fields[key] = axis_ids[(axis.key, value)] if value else None
            elif key == "partner":
                fields[key] = partner(value, n)
            elif key == "co_partners":
                fields[key] = sorted({partner(s, n + 1) for s in value} - {partner(a["partner"], n)})
            elif key == "outcomes":
                fields[key] = [outcome_ids[k] for k in value]
            else:
                fields[key] = value
        if round_:
            fields["name"] = f"{a['name']} ({round_ + 1})"
        obj_id = stable_id(SLUG, "activity", str(n))
        ids.append(obj_id)
        ops.append({"op": "create", "type": "activity", "id": obj_id, "fields": fields})
    for start in range(0, len(ops), CHUNK):
        seq += 1
        run_system(core, SLUG, "bench-deck", seq, ops[start : start + CHUNK])

    meeting = stable_id(SLUG, "meeting", "oogo")
    seq += 1
    held = run_system(
        core,
        SLUG,
        "bench-deck",
        seq,
        [
            {"op": "create", "type": "meeting", "id": meeting, "fields": {"name": "OOGO najaar", "date": "2026-10-12"}},
            *(
                {
                    "op": "create",
                    "type": "decision",
                    "id": stable_id(SLUG, "decision", str(n)),
                    "fields": {"text": text, "meeting": meeting, "position": float(n)},
                }
                for n, text in enumerate(data.DECISIONS)
            ),
        ],
    )
    seq += 1
    changes = [{"op": "set", "type": "meeting", "id": meeting, "field": "seq", "value": held}]
    changes += [{"op": "set", "type": "activity", "id": i, "field": "reach", "value": 123} for i in ids[::20][:100]]
    run_system(core, SLUG, "bench-deck", seq, changes)
    return core.state(SLUG)


def timed(fn: Callable[[], Any], runs: int) -> tuple[list[tuple[float, float]], Any]:
    """(wall, CPU) seconds per run, and the last result. CPU time is what to compare on a busy machine."""
    times: list[tuple[float, float]] = []
    result: Any = None
    for _ in range(runs):
        t0, c0 = time.perf_counter(), time.process_time()
        result = fn()
        times.append((time.perf_counter() - t0, time.process_time() - c0))
    return times, result


def peak_memory(fn: Callable[[], Any]) -> int:
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.deck", description=__doc__.split("\n\n")[0])
    parser.add_argument("--activities", type=int, default=2000, help="activities in the workspace (default 2000)")
    parser.add_argument("--runs", type=int, default=3, help="timed runs of each step (default 3)")
    parser.add_argument("--out", type=Path, default=None, help="write the deck here")
    parser.add_argument("--profile", action="store_true", help="print where build_deck's time goes (cProfile)")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="bench-deck-") as tmp:
        store = Store(f"sqlite:///{tmp}/bench.db")
        upgrade(store.engine)
        core = SyncCore(store)
        t0 = time.perf_counter()
        state = build_state(core, args.activities)
        setup = time.perf_counter() - t0
        acts = sum(1 for _ in state.live("activity"))
        partners = sum(1 for _ in state.live("partner"))
        print(
            f"werkruimte: {acts} activiteiten, {partners} partners, {len(views(state))} matrices ({setup:.1f} s opbouw)"
        )

        first = views(state)[0].id
        since = max(int(m.fields["seq"]) for m in state.live("meeting"))  # as build_deck takes it
        analysis_times, analysis = timed(lambda: analyse(state, first, since), args.runs)
        all_times, by_view = timed(lambda: {v.id: analyse(state, v.id, since) for v in views(state)}, args.runs)
        deck_times, deck = timed(lambda: build_deck(state, by_view), args.runs)
        full_times, _ = timed(lambda: build_deck(state), args.runs)
        rows = [
            (
                "analyse(), eerste matrix",
                analysis_times,
                peak_memory(lambda: analyse(state, first, since)),
                TARGET_ANALYSIS,
            ),
            ("analyse(), alle matrices", all_times, None, None),
            (
                "build_deck(), analyses gegeven",
                deck_times,
                peak_memory(lambda: build_deck(state, by_view)),
                TARGET_DECK,
            ),
            ("build_deck(), vanaf de state", full_times, peak_memory(lambda: build_deck(state)), TARGET_DECK),
        ]
        print(f"{'stap':34} {'beste':>8} {'mediaan':>8} {'CPU':>8} {'piek geheugen':>14}  doel")
        ok = True
        for name, times, peak, target in rows:
            best = min(wall for wall, _ in times)
            cpu = min(c for _, c in times)
            memory = f"{peak / 2**20:11.1f} MiB" if peak is not None else f"{'-':>15}"
            verdict = ""
            if target is not None:
                verdict = f"<= {target:.1f} s {'gehaald' if best <= target else 'NIET gehaald'}"
                ok = ok and best <= target
            median = statistics.median(wall for wall, _ in times)
            print(f"{name:34} {best:7.3f}s {median:7.3f}s {cpu:7.3f}s {memory}  {verdict}")
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"piek RSS van het proces: {rss:.0f} MiB")
        print(
            f"analyse: {len(analysis.duplicates.pairs)} mogelijke dubbelingen, {len(analysis.fit.empty_cells)} witte "
            f"vlekken, {len(analysis.changes.changed)} wijzigingen sinds het overleg; deck: {len(deck) / 1024:.0f} KiB"
        )
        if args.out is not None:
            args.out.write_bytes(deck)
            print(f"geschreven: {args.out}")
        if args.profile:
            prof = cProfile.Profile()
            prof.runcall(build_deck, state, by_view)
            out = io.StringIO()
            pstats.Stats(prof, stream=out).sort_stats("cumulative").print_stats(25)
            print(out.getvalue())
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
