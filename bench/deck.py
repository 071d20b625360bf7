"""Analysis and deck for a large workspace: 2,000 activities of 12 partners, in two worlds.

Both worlds have the demo's outcomes and its 12 largest partners. A meeting is held halfway and 100
activities change after it, so "changes since the last meeting" has something to show. Everything goes
through the sync core (validation included), on a fresh SQLite file.

- kopieen: the demo's 80 activities copied with new ids until there are 2,000 (a copy keeps the partner,
  or moves to one of the 12 when its partner is not among them; names get a suffix per round). A hard
  case, not a realistic one: every activity exists 25 times with the same text and attributes, so each of
  the demo's 5 near-duplicate pairs becomes 25 x 25 = 625 pairs, and the 2 activities of the partner left
  out, whose copies move between partners, 208 pairs each: 3,541 "possible duplicates", every one of
  them real for these data.
- gevarieerd: every activity its own (see ``build_varied_state``), with one planted near-duplicate per 16
  activities (the demo's rate); the search should find about those.

    .venv/bin/python -m bench.deck                     # both worlds, 2,000 activities, 3 timed runs each
    .venv/bin/python -m bench.deck --world kopieen     # one world
    .venv/bin/python -m bench.deck --activities 5000 --runs 1
    .venv/bin/python -m bench.deck --out /tmp/deck.pptx   # also keep the decks to look at
    .venv/bin/python -m bench.deck --profile           # also print where the deck's time goes

Prints per world, for ``analyse()`` of the first view, for the analyses of all views (one ``analyse()``
per view, and ``analyse_all()``, which shares what does not depend on the view), and for ``build_deck()``
(with the analyses given, and from the state alone), the best and median wall time of the runs and the
peak of Python memory allocated during one run (tracemalloc, in a separate untimed run because tracing
slows the code down), then the process's peak RSS. The best CPU time is printed beside the wall times: on
a busy machine (two cores, other work running) it is the steadier figure. Targets: analysis <= 0.5 s,
deck <= 3 s (wall time of the best run).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import random
import re
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
from server.analysis import analyse, analyse_all
from server.analysis.duplicates import STOPWORDS
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


def _setup(
    core: SyncCore, slug: str, name: str
) -> tuple[dict[tuple[str, str], str], list[str], dict[str, str], dict[str, str]]:
    """Workspace ``slug`` with the demo's outcomes and its 12 largest partners; returns the axis value ids by
    (axis, label), the kept partner slugs (largest first), partner ids by slug and outcome ids by key."""
    create_workspace(core, slug, name)
    axis_ids = {(v.fields["axis"], v.fields["label"]): v.id for v in core.state(slug).live("axis_value")}
    by_size = sorted(data.PARTNERS, key=lambda p: -sum(1 for a in data.ACTIVITIES if a["partner"] == p["slug"]))
    kept = [p["slug"] for p in by_size[:PARTNERS]]
    partner_ids = {s: stable_id(slug, "partner", s) for s in kept}
    outcome_ids = {o["key"]: stable_id(slug, "outcome", o["key"]) for o in data.OUTCOMES}
    ops: list[dict[str, Any]] = [
        {"op": "create", "type": "partner", "id": partner_ids[p["slug"]], "fields": dict(p)}
        for p in data.PARTNERS
        if p["slug"] in partner_ids
    ]
    for n, o in enumerate(data.OUTCOMES):
        fields = {k: v for k, v in o.items() if k != "key"} | {"position": float(n)}
        ops.append({"op": "create", "type": "outcome", "id": outcome_ids[o["key"]], "fields": fields})
    run_system(core, slug, "bench-deck", 1, ops)
    return axis_ids, kept, partner_ids, outcome_ids


def _fields(
    a: dict[str, Any],
    axis_ids: dict[tuple[str, str], str],
    partner: Callable[[str], str],
    co_partner: Callable[[str], str],
    outcome_ids: dict[str, str],
) -> dict[str, Any]:
    """A demo activity's fields with labels and keys turned into this workspace's ids."""
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
            fields[key] = partner(value)
        elif key == "co_partners":
            fields[key] = sorted({co_partner(s) for s in value} - {partner(a["partner"])})
        elif key == "outcomes":
            fields[key] = [outcome_ids[k] for k in value]
        else:
            fields[key] = value
    return fields


def _add(core: SyncCore, slug: str, seq: int, ops: list[dict[str, Any]]) -> int:
    for start in range(0, len(ops), CHUNK):
        seq += 1
        run_system(core, slug, "bench-deck", seq, ops[start : start + CHUNK])
    return seq


def _meeting(core: SyncCore, slug: str, seq: int, ids: list[str]) -> WorkspaceState:
    """A meeting held now, then 100 activities changed after it."""
    meeting = stable_id(slug, "meeting", "oogo")
    seq += 1
    held = run_system(
        core,
        slug,
        "bench-deck",
        seq,
        [
            {"op": "create", "type": "meeting", "id": meeting, "fields": {"name": "OOGO najaar", "date": "2026-10-12"}},
            *(
                {
                    "op": "create",
                    "type": "decision",
                    "id": stable_id(slug, "decision", str(n)),
                    "fields": {"text": text, "meeting": meeting, "position": float(n)},
                }
                for n, text in enumerate(data.DECISIONS)
            ),
        ],
    )
    seq += 1
    changes = [{"op": "set", "type": "meeting", "id": meeting, "field": "seq", "value": held}]
    changes += [{"op": "set", "type": "activity", "id": i, "field": "reach", "value": 123} for i in ids[::20][:100]]
    run_system(core, slug, "bench-deck", seq, changes)
    return core.state(slug)


def build_state(core: SyncCore, activities: int) -> WorkspaceState:
    """The copies world: the demo's activities copied until there are ``activities``."""
    axis_ids, kept, partner_ids, outcome_ids = _setup(core, SLUG, "Gemeente Groot 2027")
    seq = 1

    def partner(slug: str, n: int) -> str:
        return partner_ids[slug] if slug in partner_ids else partner_ids[kept[n % len(kept)]]

    ids: list[str] = []
    ops = []
    for n in range(activities):
        a = data.ACTIVITIES[n % len(data.ACTIVITIES)]
        round_ = n // len(data.ACTIVITIES)
        fields = _fields(
            a, axis_ids, lambda slug, n=n: partner(slug, n), lambda slug, n=n: partner(slug, n + 1), outcome_ids
        )
        if round_:
            fields["name"] = f"{a['name']} ({round_ + 1})"
        obj_id = stable_id(SLUG, "activity", str(n))
        ids.append(obj_id)
        ops.append({"op": "create", "type": "activity", "id": obj_id, "fields": fields})
    seq = _add(core, SLUG, seq, ops)
    return _meeting(core, SLUG, seq, ids)


# --- the varied world ------------------------------------------------------------------------------------

VARIED_SLUG = "bench-deck-gevarieerd"
SIBLING_EVERY = 16  # one planted near-duplicate per 16 activities: the demo's rate (5 pairs in 80 activities)
PLACES = (
    "Noord", "Oost", "Zuid", "West", "Centrum", "De Hoven", "Het Anker", "De Regenboog", "De Vlinder", "Kroonpark",
    "Molenwijk", "Havenkwartier", "De Esch", "Het Veld", "Bloemhof", "Rivierenbuurt", "De Akkers", "Schilderswijk",
    "De Linde", "Het Kompas", "De Wissel", "Zonnewijzer", "De Springplank", "Het Baken", "Oude Dorp", "Nieuwland",
)  # fmt: skip
_TOKEN = re.compile(r"\S+")


def _content(word: str) -> bool:
    return len(word) > 3 and word.lower().strip(".,;:()'\"") not in STOPWORDS


def _reword(rng: random.Random, text: str, keep: float, corpus: list[str]) -> str:
    """``text`` with each content word kept with chance ``keep``, else replaced by a word of the corpus."""
    return _TOKEN.sub(lambda m: m[0] if not _content(m[0]) or rng.random() < keep else rng.choice(corpus), text)


def _resample(rng: random.Random, values: list[str], pool: list[str], most: int, adjacent: bool = False) -> list[str]:
    """Half the time the values themselves, else 1 to ``most`` others from the pool (neighbours for ages)."""
    if rng.random() < 0.5 or not pool:
        return values
    n = rng.randint(1, min(most, len(pool)))
    if adjacent:
        start = rng.randrange(len(pool) - n + 1)
        return pool[start : start + n]
    return sorted(rng.sample(pool, n), key=pool.index)


def build_varied_state(core: SyncCore, activities: int, seed: int = 2027) -> WorkspaceState:
    """The varied world: as many activities, each its own.

    Every activity takes its text, theme and prevention level from a demo activity, with most content words
    replaced by words drawn from all the demo's texts (by frequency, so common words stay common) and a
    place in its name; its tier, form, level and outcomes from another demo activity at the same prevention
    level; its age bands, leefdomeinen and protective factors from a third (half of the time drawn anew);
    and a random partner. One activity in SIBLING_EVERY is a planted near-duplicate of an earlier one:
    another partner, the same attributes, 15% of the content words changed. A search that works finds
    about those, not thousands.
    """
    rng = random.Random(seed)
    axis_ids, kept, partner_ids, outcome_ids = _setup(core, VARIED_SLUG, "Gemeente Gevarieerd 2027")
    labels = {
        key: [lab for (axis, lab) in axis_ids if axis == key] for key in ("age_band", "domain", "protective_factor")
    }
    corpus = [
        w
        for a in data.ACTIVITIES
        for text in (a["name"], a.get("description", ""), a.get("contribution", ""))
        for w in _TOKEN.findall(text)
        if _content(w)
    ]
    own = [a for a in data.ACTIVITIES if a["partner"] in partner_ids]
    ids: list[str] = []
    ops: list[dict[str, Any]] = []
    made: list[dict[str, Any]] = []
    for n in range(activities):
        if n and n % SIBLING_EVERY == 0:
            fields = dict(rng.choice(made))
            others = [partner_ids[k] for k in kept if partner_ids[k] != fields["partner"]]
            fields["partner"] = rng.choice(others)
            fields["co_partners"] = [p for p in fields.get("co_partners", []) if p != fields["partner"]]
            for key in ("name", "description", "contribution"):
                fields[key] = _reword(rng, fields.get(key, ""), 0.85, corpus)
        else:
            # the text, theme and prevention level of one demo activity; tier, form, level Positief Opgroeien
            # and outcomes of another at that prevention level; the children and settings of a third
            a = dict(rng.choice(own))
            like = rng.choice([b for b in data.ACTIVITIES if b["prevention_level"] == a["prevention_level"]])
            for key in ("tier", "po_level", "form", "outcomes", "erkenning"):
                a[key] = like[key]
            other = rng.choice(data.ACTIVITIES)
            a["age_bands"] = _resample(rng, other["age_bands"], labels["age_band"], 2, adjacent=True)
            a["domains"] = _resample(rng, other["domains"], labels["domain"], 2)
            a["protective_factors"] = _resample(rng, other["protective_factors"], labels["protective_factor"], 2)
            a["co_partners"] = [k for k in a.get("co_partners", []) if k in partner_ids]
            fields = _fields(a, axis_ids, partner_ids.__getitem__, partner_ids.__getitem__, outcome_ids)
            fields["partner"] = partner_ids[rng.choice(kept)]
            fields["co_partners"] = [p for p in fields.get("co_partners", []) if p != fields["partner"]]
            fields["name"] = f"{_reword(rng, a['name'], 0.5, corpus)} {rng.choice(PLACES)}"[:200]
            for key in ("description", "contribution"):
                fields[key] = _reword(rng, a.get(key, ""), 0.35, corpus)
            made.append(fields)
        obj_id = stable_id(VARIED_SLUG, "activity", str(n))
        ids.append(obj_id)
        ops.append({"op": "create", "type": "activity", "id": obj_id, "fields": fields})
    seq = _add(core, VARIED_SLUG, 1, ops)
    return _meeting(core, VARIED_SLUG, seq, ids)


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


WORLDS: dict[str, tuple[str, Callable[[SyncCore, int], WorkspaceState]]] = {
    "kopieen": ("kopieën van de demo", build_state),
    "gevarieerd": ("gevarieerd", build_varied_state),
}


def run_world(core: SyncCore, world: str, args: argparse.Namespace) -> bool:
    """Build one world's workspace, print its table; True when the targets are met."""
    title, build = WORLDS[world]
    t0 = time.perf_counter()
    state = build(core, args.activities)
    setup = time.perf_counter() - t0
    acts = sum(1 for _ in state.live("activity"))
    partners = sum(1 for _ in state.live("partner"))
    print(
        f"werkruimte '{title}': {acts} activiteiten, {partners} partners, {len(views(state))} matrices "
        f"({setup:.1f} s opbouw)"
    )

    first = views(state)[0].id
    since = max(int(m.fields["seq"]) for m in state.live("meeting"))  # as build_deck takes it
    analysis_times, analysis = timed(lambda: analyse(state, first, since), args.runs)
    all_times, by_view = timed(lambda: {v.id: analyse(state, v.id, since) for v in views(state)}, args.runs)
    shared_times, _ = timed(lambda: analyse_all(state, since), args.runs)
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
        ("analyse_all(), alle matrices", shared_times, peak_memory(lambda: analyse_all(state, since)), None),
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
    planted = f" ({(args.activities - 1) // SIBLING_EVERY} geplant)" if world == "gevarieerd" else ""
    print(
        f"analyse: {len(analysis.duplicates.pairs)} mogelijke dubbelingen{planted}, {len(analysis.fit.empty_cells)} "
        f"witte vlekken, {len(analysis.changes.changed)} wijzigingen sinds het overleg; deck: {len(deck) / 1024:.0f} KiB"
    )
    if args.out is not None:
        out = args.out if len(args.worlds) == 1 else args.out.with_name(f"{args.out.stem}-{world}{args.out.suffix}")
        out.write_bytes(deck)
        print(f"geschreven: {out}")
    if args.profile:
        prof = cProfile.Profile()
        prof.runcall(build_deck, state, by_view)
        text = io.StringIO()
        pstats.Stats(prof, stream=text).sort_stats("cumulative").print_stats(25)
        print(text.getvalue())
    return ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.deck", description=__doc__.split("\n\n")[0])
    parser.add_argument("--activities", type=int, default=2000, help="activities in the workspace (default 2000)")
    parser.add_argument("--runs", type=int, default=3, help="timed runs of each step (default 3)")
    parser.add_argument(
        "--world",
        dest="worlds",
        choices=sorted(WORLDS),
        action="append",
        help="which workspace (default: both, copies first)",
    )
    parser.add_argument("--out", type=Path, default=None, help="write the deck here (one per world)")
    parser.add_argument("--profile", action="store_true", help="print where build_deck's time goes (cProfile)")
    args = parser.parse_args(argv)
    args.worlds = args.worlds or list(WORLDS)

    ok = True
    with tempfile.TemporaryDirectory(prefix="bench-deck-") as tmp:
        store = Store(f"sqlite:///{tmp}/bench.db")
        upgrade(store.engine)
        core = SyncCore(store)
        for n, world in enumerate(args.worlds):
            if n:
                print()
            ok = run_world(core, world, args) and ok
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"piek RSS van het proces: {rss:.0f} MiB")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
