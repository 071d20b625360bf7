"""The Excel round trip at scale: 2,000 activities (issue 3's targets).

Prints, each the median of ``--runs`` runs on a fresh SQLite workspace made of copies of the demo:
- template export: the coordinator's workbook of all activities (``export_template``);
- upload: parse + three-way merge + durable write + broadcast of a 2,000-row upload with 200 changed fields
  (``merge_workbook``; the broadcast is serialized to JSON as the socket layer would);
- the analysis, and the completed workbook (``build_workbook``) given the analysis;
wall time and CPU time (``time.process_time``: on a shared machine the wall time includes waiting for a core),
the peak Python memory of each (tracemalloc, in a separate run because it slows Python down) and how much the
process's peak resident set grew during it (``ru_maxrss``; 0 when an earlier step had already reached more).
Targets: upload merge <= 1 s, completed workbook (with its analysis) <= 2 s.

    .venv/bin/python -m bench.xlsx [--activities 2000] [--changes 200] [--runs 3]
"""

from __future__ import annotations

import argparse
import io
import json
import resource
import statistics
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from typing import Any

import openpyxl

from server.analysis import analyse
from server.demo import load_demo
from server.domain.mutation import system_principal
from server.office.excel_roundtrip import export_template, merge_workbook
from server.office.xlsx_workbook import build_workbook
from server.storage.store import Store, upgrade
from server.sync.core import SyncCore
from server.sync.workspaces import run_system, stable_id

SECRET = "bench-secret"


def grow(core: SyncCore, total: int) -> None:
    """Copy demo activities under new ids until the workspace holds ``total``."""
    state = core.state("demo")
    originals = list(state.live("activity"))
    missing = total - len(originals)
    ops = []
    for n in range(max(0, missing)):
        src = originals[n % len(originals)]
        fields = {**src.fields, "name": f"{src.fields['name']} ({n // len(originals) + 2})"}
        ops.append({"op": "create", "type": "activity", "id": stable_id("bench", str(n)), "fields": fields})
    for k, start in enumerate(range(0, len(ops), 1000), start=1):
        run_system(core, "demo", "bench-grow", k, ops[start : start + 1000])


def edited_upload(template: bytes, changes: int) -> bytes:
    wb = openpyxl.load_workbook(io.BytesIO(template))
    ws = wb["Activiteiten"]
    headers = [c.value for c in ws[1]]
    reach, desc = headers.index("Bereik per jaar (aantal)") + 1, headers.index("Omschrijving") + 1
    rows = [r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value]
    for k in range(changes):
        row = rows[(k * 7) % len(rows)]
        if k % 2:
            ws.cell(row, reach).value = 10_000 + k
        else:
            ws.cell(row, desc).value = f"Aangepast in Excel ({k})"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


Timing = tuple[float, float, float, float]  # wall s, CPU s, tracemalloc peak MB, growth of peak RSS MB


def _max_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def measure(fn: Callable[[], Any], memory: bool) -> tuple[Timing, Any]:
    """Wall and CPU seconds and, when ``memory``, peak MB; tracemalloc slows Python a lot, so never both at once."""
    rss0 = _max_rss_mb()
    if memory:
        tracemalloc.start()
    t0, c0 = time.perf_counter(), time.process_time()
    result = fn()
    elapsed, cpu = time.perf_counter() - t0, time.process_time() - c0
    peak = tracemalloc.get_traced_memory()[1] / 1e6 if memory else 0.0
    if memory:
        tracemalloc.stop()
    return (elapsed, cpu, peak, _max_rss_mb() - rss0), result


def one_run(activities: int, changes: int, memory: bool = False) -> dict[str, Timing]:
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(f"sqlite:///{tmp}/bench.db")
        upgrade(store.engine)
        sent: list[int] = []
        core = SyncCore(store, broadcast=lambda room, event: sent.append(len(json.dumps(event))))
        load_demo(core)
        grow(core, activities)
        who = system_principal("demo", "upload")
        t_export, (template, _name) = measure(lambda: export_template(core, who, None, SECRET), memory)
        upload = edited_upload(template, changes)
        t_merge, report = measure(lambda: merge_workbook(core, who, upload, SECRET), memory)
        applied = report.summary()["applied"]
        assert applied == changes and sent, (report.summary(), len(sent))
        state = core.state("demo")
        t_analysis, sections = measure(lambda: analyse(state).sections(), memory)
        t_book, _ = measure(lambda: build_workbook(state, sections), memory)
        store.dispose()
    return {"export": t_export, "merge": t_merge, "analysis": t_analysis, "workbook": t_book}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--activities", type=int, default=2000)
    parser.add_argument("--changes", type=int, default=200)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    runs = [one_run(args.activities, args.changes) for _ in range(args.runs)]
    peaks = one_run(args.activities, args.changes, memory=True)
    print(f"{args.activities} activiteiten, {args.changes} gewijzigde velden, mediaan van {args.runs} runs")
    print(f"  {'':<50} {'wall':>8} {'CPU':>8}   {'piek (tracemalloc)':>18} {'RSS-piek erbij':>15}")
    labels = {
        "export": "sjabloon exporteren",
        "merge": "upload lezen + samenvoegen + opslaan + uitzenden",
        "analysis": "analyse (zes vragen)",
        "workbook": "ingevulde werkmap (zonder de analyse)",
    }
    for key, label in labels.items():
        wall = statistics.median(r[key][0] for r in runs)
        cpu = statistics.median(r[key][1] for r in runs)
        peak, rss = peaks[key][2], peaks[key][3]
        print(f"  {label:<50} {wall:6.2f} s {cpu:6.2f} s   {peak:15.1f} MB {rss:12.1f} MB")
    print(f"  piek RSS van het proces: {_max_rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
