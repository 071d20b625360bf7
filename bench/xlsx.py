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

With ``--event-loop``: a real gevent server (``matrixsync serve``, SQLite) instead, and while the same upload,
then the completed workbook and the deck go through their REST routes, another client asks ``/healthz`` every
5 ms; prints how long the longest of those answers took, i.e. how long each kept the event loop from serving
other sockets.

    .venv/bin/python -m bench.xlsx [--activities 2000] [--changes 200] [--runs 3] [--event-loop]
"""

from __future__ import annotations

import argparse
import io
import json
import os
import resource
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
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


def edited_upload(template: bytes, changes: int, salt: int = 0) -> bytes:
    wb = openpyxl.load_workbook(io.BytesIO(template))
    ws = wb["Activiteiten"]
    headers = [c.value for c in ws[1]]
    reach, desc = headers.index("Bereik per jaar (aantal)") + 1, headers.index("Omschrijving") + 1
    rows = [r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value]
    for k in range(changes):
        row = rows[(k * 7) % len(rows)]
        if k % 2:
            ws.cell(row, reach).value = 10_000 + k + 1_000 * salt
        else:
            ws.cell(row, desc).value = f"Aangepast in Excel ({k}, {salt})"
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


def while_pinging(base: str, call: Callable[[], Any]) -> tuple[float, list[float], Any]:
    """``call()`` while another client asks ``/healthz`` every 5 ms: (seconds, sorted answer times, answer)."""
    import requests

    waits: list[float] = []
    stop = threading.Event()

    def ping() -> None:
        with requests.Session() as session:
            while not stop.is_set():
                t0 = time.perf_counter()
                session.get(base + "/healthz")
                waits.append(time.perf_counter() - t0)
                time.sleep(0.005)

    pinger = threading.Thread(target=ping)
    pinger.start()
    time.sleep(0.1)
    t0 = time.perf_counter()
    answer = call()
    took = time.perf_counter() - t0
    stop.set()
    pinger.join()
    return took, sorted(waits), answer


def event_loop(activities: int, changes: int, runs: int) -> None:
    import requests

    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/bench.db"
        store = Store(url)
        upgrade(store.engine)
        core = SyncCore(store, broadcast=lambda room, event: None)
        load_demo(core)
        grow(core, activities)
        store.dispose()
        env = {**os.environ, "MATRIXSYNC_HOME": tmp, "MATRIXSYNC_SECRET_KEY": SECRET * 4}
        command = [sys.executable, "-c", "from server.cli import main; main()"]
        token = subprocess.run(
            [*command, "token", "--workspace", "demo", "--partner", "cjg", "--role", "coordinator", "--db", url],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()[-1]
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        server = subprocess.Popen(
            [*command, "serve", "--port", str(port), "--db", url], env=env, stdout=subprocess.DEVNULL
        )
        base, headers = f"http://127.0.0.1:{port}", {"Authorization": f"Bearer {token}"}
        try:
            for _ in range(150):
                try:
                    if requests.get(base + "/healthz", timeout=1).ok:
                        break
                except requests.ConnectionError:
                    time.sleep(0.2)
            print(f"{activities} activiteiten, {changes} gewijzigde velden, via REST op gevent")
            for run in range(runs):
                template = requests.get(base + "/api/workspaces/demo/partner-template.xlsx", headers=headers).content
                upload = edited_upload(template, changes, salt=run)

                def send(upload: bytes = upload) -> Any:
                    return requests.post(
                        base + "/api/workspaces/demo/uploads", headers=headers, files={"file": ("u.xlsx", upload)}
                    )

                def fetch(path: str) -> Callable[[], Any]:
                    return lambda: requests.get(base + path, headers=headers)

                for label, call in (
                    ("upload", send),
                    ("ingevulde werkmap", fetch("/api/workspaces/demo/preventiematrix.xlsx")),
                    ("presentatie", fetch("/api/workspaces/demo/deck.pptx")),
                ):
                    took, waits, answer = while_pinging(base, call)
                    assert answer.ok, answer.text[:300]
                    if label == "upload":
                        assert answer.json()["summary"]["applied"] == changes, answer.text[:300]
                    print(
                        f"  {label:<18} {took:5.2f} s; /healthz ondertussen: {len(waits)} keer, mediaan "
                        f"{statistics.median(waits) * 1000:4.0f} ms, langste {waits[-1] * 1000:5.0f} ms"
                    )
        finally:
            server.terminate()
            server.wait(10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--activities", type=int, default=2000)
    parser.add_argument("--changes", type=int, default=200)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--event-loop", action="store_true", help="uploads through a real gevent server")
    args = parser.parse_args()
    if args.event_loop:
        event_loop(args.activities, args.changes, args.runs)
        return
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
