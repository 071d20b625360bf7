"""How fast the live board renders with a big workspace: load, one remote edit, a 180-edit paste burst.

    .venv/bin/python -m bench.board                              # 80 (the demo) and 2,000 activities, 3 runs
    .venv/bin/python -m bench.board --activities 2000 --runs 5   # only this size
    .venv/bin/python -m bench.board --no-build                   # measure server/static as it is
    .venv/bin/python -m bench.board --bundle /tmp/old/board.js   # another build of the board (before/after)
    .venv/bin/python -m bench.board --css 'td.cell { contain: layout paint; }'   # try a stylesheet change

For each size: a fresh SQLite database with the demo workspace "Gemeente Voorbeeld 2027" (80 activities), for
bigger sizes topped up with activities made from the demo's, spread over the partners, themes, prevention
levels and outcomes (seeded), and a real ``matrixsync serve`` process (tests/conftest.py ``LiveServer``).
Debian's Chromium (headless, Playwright, tests/browser.py's flags) opens the board as a coordinator; a
python-socketio client of another coordinator sends the edits. Each run opens the board in a new page.

Every time is taken in the page with ``performance.now()`` (the page's own clock), never from Python:

- **load**: from navigation start (``performance.timeOrigin``; the sign-in redirect is not in it, the
  browser already has its session cookie) to ``body[data-ready]`` (the snapshot is applied; the board sets
  it *before* its first render), to the first card in the DOM (a MutationObserver), and to the end of that
  frame (a task posted from the MutationObserver callback runs after the frame's style, layout and paint).
- **edit**: one remote edit, alternately a rename (``name``) and a move to another prevention level
  (``prevention_level``, a column of the Preventiematrix). The clock starts when the board's SyncClient
  dispatches the ``change`` event for the ``ops`` event that carries the edit (the socket message is
  decoded and applied to the client's state), and stops (``dom``) in the first MutationObserver callback
  in which every card of that activity shows the new name or sits in the new column, and (``frame``) in a
  task posted from that callback, after that frame's style, layout and paint.
- **burst**: 180 mutations of one ``set`` each (2 renames to 1 move), emitted back to back on one socket
  like a paste sent cell by cell. From the ``change`` event of the first to the DOM showing the last (the
  ops arrive in seq order, so the last one shown means all are applied). Afterwards, untimed, all 180 are
  checked, and the whole matrix in the page is compared with the server's snapshot (every card in its
  cells and in the unplaced list, each list in name order).
  ``ops span`` is how long the ops took to arrive (the server applies them one by one), ``after last`` the
  time from the last ``change`` event to the DOM. ``renders``: MutationObserver callbacks that saw the
  matrix change, i.e. frames in which the board rebuilt (part of) it.
- **longest task**: the longest main-thread task (PerformanceObserver ``longtask``, tasks >= 50 ms) during
  the load, the single edits and the burst. That is wall time: on a busy machine a task of 100 ms CPU can
  take 500 ms. So the burst is also traced (Chromium tracing, ``RunTask`` events on the page's main thread)
  and the longest task's CPU time (``tdur``) is given too; ``--no-trace`` leaves the trace out.
- **heap**: ``Runtime.getHeapUsage`` (DevTools protocol) after a forced garbage collection, after the load
  and after the burst.
- **CPU**: Chromium's own ``Performance.getMetrics`` (DevTools protocol) deltas: the main thread's CPU time
  (``ThreadTime``, the least sensitive to a busy machine) from sending an edit to its frame done, and over
  the burst, with the burst's script, style recalculation and layout time.

Times are medians over all runs (and edits), with the worst in brackets. The machine has 2 cores shared
with everything else: repeat runs, and compare numbers taken on the same machine at the same time.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests
import socketio

from server.auth.links import create_link
from server.auth.tokens import issue_token
from server.demo import SLUG, load_demo
from server.storage.store import Store, upgrade
from server.sync.core import SyncCore
from server.sync.workspaces import ensure_member, run_system, stable_id
from tests.browser import CHROMIUM, CHROMIUM_ARGS, VIEWPORT, expected_matrix, matrix_dom
from tests.conftest import SECRET, LiveServer

ROOT = Path(__file__).resolve().parent.parent
WEB = ROOT / "web"
BOARD_JS = ROOT / "server" / "static" / "board.js"
NS = "/sync"
BURST = 180
EDITS = 10  # single remote edits per run
TIMEOUT_S = 120.0  # the most any one wait may take (a full rebuild of 2,000 cards on a busy machine is slow)
DEMO_ACTIVITIES = 80
TRACE_CATEGORIES = ["devtools.timeline", "disabled-by-default-devtools.timeline", "v8.execute", "blink.user_timing"]


# --- the workspace -------------------------------------------------------------------------------------


@dataclass
class Workspace:
    db_url: str
    workspace_id: int
    viewer: str  # the coordinator whose board is measured
    editor: str  # the coordinator who sends the edits
    names: dict[str, str]  # activity id -> name
    level: dict[str, str]  # activity id -> prevention level (axis value id)
    levels: list[str]  # the prevention level values
    movable: list[str]  # activities with a theme and a prevention level: a card in the Preventiematrix


def build_workspace(db_url: str, activities: int, seed: int = 7) -> Workspace:
    """The demo workspace, topped up to ``activities`` with copies of the demo's spread over the axes."""
    if activities < DEMO_ACTIVITIES:
        raise SystemExit(f"--activities: at least {DEMO_ACTIVITIES} (the demo)")
    store = Store(db_url)
    upgrade(store.engine)
    core = SyncCore(store)
    load_demo(core)
    state = core.state(SLUG)
    demo = sorted(state.live("activity"), key=lambda o: o.id)
    values: dict[str, list[str]] = {}
    for v in state.live("axis_value"):
        if not v.fields.get("retired"):
            values.setdefault(v.fields["axis"], []).append(v.id)
    for ids in values.values():
        ids.sort()
    partners = sorted(p.id for p in state.live("partner"))
    outcomes = sorted(o.id for o in state.live("outcome"))
    rng = random.Random(seed)
    ops: list[dict[str, Any]] = []
    for n in range(activities - DEMO_ACTIVITIES):
        template = demo[n % len(demo)]
        fields = dict(template.fields)
        fields["name"] = f"{template.fields['name']} ({n // len(demo) + 2})"
        fields["partner"] = rng.choice(partners)
        fields["co_partners"] = []
        fields["themes"] = rng.sample(values["theme"], rng.choice((1, 1, 1, 2)))
        # like the demo: selectief is thin
        fields["prevention_level"] = rng.choices(values["prevention_level"], k=1)[0]
        fields["age_bands"] = rng.sample(values["age_band"], rng.choice((1, 2)))
        fields["domains"] = rng.sample(values["domain"], rng.choice((1, 2)))
        fields["outcomes"] = rng.sample(outcomes, rng.choice((0, 1, 1, 2)))
        ops.append(
            {"op": "create", "type": "activity", "id": stable_id(SLUG, "activity", f"bench-{n}"), "fields": fields}
        )
    for chunk_no, start in enumerate(range(0, len(ops), 1000), start=1):
        run_system(core, SLUG, "bench-board", chunk_no, ops[start : start + 1000])
    viewer = ensure_member(core, SLUG, "gemeente", "coordinator", "Ingrid Verhoeven")
    editor = ensure_member(core, SLUG, "gemeente", "coordinator", "Benchmark Plakker")
    state = core.state(SLUG)
    acts = list(state.live("activity"))
    names = {a.id: a.fields["name"] for a in acts}
    level = {a.id: a.fields.get("prevention_level") for a in acts}
    movable = sorted(a.id for a in acts if a.fields.get("themes") and a.fields.get("prevention_level"))
    workspace = Workspace(
        db_url, state.workspace_id, viewer, editor, names, level, sorted(values["prevention_level"]), movable
    )
    store.dispose()
    return workspace


def login_link(ws: Workspace, server_url: str) -> str:
    store = Store(ws.db_url)
    try:
        return f"{server_url}/login/{create_link(store, ws.workspace_id, ws.viewer)}"
    finally:
        store.dispose()


# --- the sender ----------------------------------------------------------------------------------------


class Sender:
    """A python-socketio client of /sync that emits mutations and counts the answers (it never joins, so it
    gets no ops and no presence of its own on the board)."""

    def __init__(self, url: str, token: str):
        self.client = socketio.Client(reconnection=False)
        self.client_id = f"bench-board-{uuid.uuid4().hex[:8]}"
        self.next_id = 1
        self.cond = threading.Condition()
        self.acks = 0
        self.rejects: list[Any] = []
        self.errors: list[Any] = []
        self.client.on("error", self._on_error, namespace=NS)
        self.client.connect(url, namespaces=[NS], auth={"token": token}, transports=["websocket"], wait_timeout=20)

    def _on_error(self, data: Any) -> None:
        with self.cond:
            self.errors.append(data)
            self.cond.notify_all()

    def _answer(self, res: Any = None) -> None:
        with self.cond:
            if isinstance(res, dict) and "ack" in res:
                self.acks += 1
            else:
                self.rejects.append(res)
            self.cond.notify_all()

    def send(self, ops: list[dict[str, Any]]) -> None:
        m = {"client_id": self.client_id, "mutation_id": self.next_id, "ops": ops}
        self.next_id += 1
        self.client.emit("mutate", m, namespace=NS, callback=self._answer)

    def wait_answers(self, n: int) -> None:
        with self.cond:
            ok = self.cond.wait_for(lambda: self.acks + len(self.rejects) >= n or self.errors, TIMEOUT_S)
        if not ok or self.rejects or self.errors:
            raise SystemExit(
                f"edits not all accepted: {self.acks} acks, rejects {self.rejects[:3]}, errors {self.errors[:3]}"
            )

    def close(self) -> None:
        self.client.disconnect()


# --- in the page ---------------------------------------------------------------------------------------

# Installed before the board's own script in every page: the long-task observer, the load marks and the
# watchers of the edits.
INIT_JS = r"""
(() => {
  const B = (window.__bench = { longtasks: [], marks: {}, watch: null });
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) B.longtasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: "longtask", buffered: true });
  } catch (err) { B.noLongtask = String(err); }
  const afterFrame = (fn) => { const ch = new MessageChannel(); ch.port1.onmessage = () => fn(performance.now()); ch.port2.postMessage(0); };
  const load = new MutationObserver(() => {
    const body = document.body;
    if (!body) return;
    if (B.marks.ready === undefined && body.dataset.ready === "true") B.marks.ready = performance.now();
    if (B.marks.grid === undefined && document.querySelector("table.matrix .card")) {
      B.marks.grid = performance.now();
      afterFrame((t) => { B.marks.frame = t; });
      load.disconnect();
    }
  });
  load.observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ["data-ready"] });

  // every card of activity e.id shows the expected name (e.name) / sits in the expected column (e.col)
  B.shows = (e) => {
    const cards = document.querySelectorAll(`#matrix .card[data-id="${CSS.escape(e.id)}"]`);
    if (!cards.length) return false;
    for (const c of cards) {
      if (e.name !== undefined && c.querySelector(".card-name")?.textContent !== e.name) return false;
      if (e.col !== undefined && c.dataset.col !== e.col) return false;
    }
    return true;
  };
  const carries = (detail, e) => (detail.ops || []).some((op) => op.id === e.id && op.field === e.field && JSON.stringify(op.value) === JSON.stringify(e.value));

  // Watch for the edits `first` .. `last` (the same for a single edit): when the change events carrying them
  // come, and when the DOM shows `last`.
  B.arm = (first, last) => {
    const client = window.matrixsyncBoard.client;
    const matrix = document.getElementById("matrix");
    const w = (B.watch = { first: null, last: null, dom: null, frame: null, renders: 0, changes: 0 });
    const onChange = (ev) => {
      if (ev.detail.kind !== "remote") return;
      w.changes += 1;
      if (w.first === null && carries(ev.detail, first)) w.first = performance.now();
      if (w.last === null && carries(ev.detail, last)) w.last = performance.now();
    };
    client.addEventListener("change", onChange);
    const mo = new MutationObserver(() => {
      w.renders += 1;
      if (w.last === null || !B.shows(last)) return;
      w.dom = performance.now();
      mo.disconnect();
      client.removeEventListener("change", onChange);
      afterFrame((t) => { w.frame = t; });
    });
    mo.observe(matrix, { subtree: true, childList: true, characterData: true, attributes: true });
  };
})();
"""

# every cell's (and the unplaced list's) cards in name order, as the board sorts them
ORDER_JS = """() => {
  const dutch = new Intl.Collator("nl");
  const bad = [];
  for (const ul of document.querySelectorAll("#matrix ul.cards")) {
    const names = [...ul.querySelectorAll(".card-name")].map((n) => n.textContent.toLowerCase());
    for (let i = 1; i < names.length; i++) if (dutch.compare(names[i - 1], names[i]) > 0) bad.push(names[i]);
  }
  return bad;
}"""

CHECK_JS = """(expects) => expects.filter((e) => !window.__bench.shows(e)).map((e) => e.id)"""


@contextmanager
def cdp_session(page: Any) -> Iterator[Any]:
    session = page.context.new_cdp_session(page)
    try:
        session.send("Performance.enable")
        yield session
    finally:
        session.detach()


def check_board(page: Any, server_url: str, ws: Workspace) -> None:
    """The whole matrix in the page is the server's (every card in its cells, the unplaced list), in name
    order: the incremental rendering left nothing stale behind."""
    res = requests.get(
        f"{server_url}/api/workspaces/{SLUG}",
        headers={"Authorization": f"Bearer {issue_token(SECRET, SLUG, ws.editor)}"},
        timeout=60,
    )
    res.raise_for_status()
    dom = matrix_dom(page)
    if dom != expected_matrix(res.json(), dom["title"]):
        raise SystemExit(f"the board's matrix '{dom['title']}' differs from the server's snapshot")
    unsorted = page.evaluate(ORDER_JS)
    if unsorted:
        raise SystemExit(f"cards out of name order: {unsorted[:5]}")


def heap_mb(cdp: Any) -> float:
    cdp.send("HeapProfiler.collectGarbage")
    return float(cdp.send("Runtime.getHeapUsage")["usedSize"]) / 1e6


def perf_metrics(cdp: Any) -> dict[str, float]:
    return {m["name"]: float(m["value"]) for m in cdp.send("Performance.getMetrics")["metrics"]}


def task_cpu(trace: Path) -> list[float]:
    """The CPU time (ms) of each task on the page's main thread in a Chromium trace (``RunTask`` events
    with their thread time ``tdur``)."""
    data = json.loads(trace.read_text())
    events = data["traceEvents"] if isinstance(data, dict) else data
    mains = {
        (e["pid"], e["tid"])
        for e in events
        if e.get("ph") == "M" and e.get("name") == "thread_name" and e["args"].get("name") == "CrRendererMain"
    }
    per_thread: dict[tuple[int, int], list[float]] = {}
    for e in events:
        if e.get("ph") == "X" and e.get("name") == "RunTask" and (e["pid"], e["tid"]) in mains and "tdur" in e:
            per_thread.setdefault((e["pid"], e["tid"]), []).append(e["tdur"] / 1000)
    # the page's renderer is the busy one
    return max(per_thread.values(), key=sum, default=[])


def cpu_ms(before: dict[str, float], after: dict[str, float]) -> float:
    """CPU time of the page's main thread between two ``Performance.getMetrics`` (includes answering them)."""
    return (after["ThreadTime"] - before["ThreadTime"]) * 1000


def longest(tasks: list[dict[str, float]], start: float, end: float) -> float:
    """The longest long task overlapping [start, end] (0 when none was >= 50 ms)."""
    inside = [t["duration"] for t in tasks if t["start"] <= end and t["start"] + t["duration"] >= start]
    return max(inside, default=0.0)


# --- one size ------------------------------------------------------------------------------------------


@dataclass
class Results:
    activities: int
    ready: list[float] = field(default_factory=list)
    grid: list[float] = field(default_factory=list)
    grid_frame: list[float] = field(default_factory=list)
    load_task: list[float] = field(default_factory=list)
    heap_load: list[float] = field(default_factory=list)
    edit_dom: list[float] = field(default_factory=list)
    edit_frame: list[float] = field(default_factory=list)
    edit_task: list[float] = field(default_factory=list)
    edit_cpu: list[float] = field(default_factory=list)
    nodes: list[float] = field(default_factory=list)
    burst_dom: list[float] = field(default_factory=list)
    burst_frame: list[float] = field(default_factory=list)
    burst_span: list[float] = field(default_factory=list)
    burst_after_last: list[float] = field(default_factory=list)
    burst_renders: list[float] = field(default_factory=list)
    burst_task: list[float] = field(default_factory=list)
    burst_tasks_over_200: list[float] = field(default_factory=list)
    burst_task_cpu: list[float] = field(default_factory=list)
    burst_cpu: list[float] = field(default_factory=list)
    burst_script: list[float] = field(default_factory=list)
    burst_style: list[float] = field(default_factory=list)
    burst_layout: list[float] = field(default_factory=list)
    heap_burst: list[float] = field(default_factory=list)


class Edits:
    """The next edits: renames and moves of the Preventiematrix's cards, each with what the DOM must show."""

    def __init__(self, ws: Workspace, seed: int):
        self.ws = ws
        self.rng = random.Random(seed)
        self.count = 0

    def rename(self, act: str) -> tuple[dict[str, Any], dict[str, Any]]:
        self.count += 1
        name = f"{self.ws.names[act]} [{self.count}]"
        op = {"op": "set", "type": "activity", "id": act, "field": "name", "value": name}
        return op, {"id": act, "field": "name", "value": name, "name": name}

    def move(self, act: str) -> tuple[dict[str, Any], dict[str, Any]]:
        self.count += 1
        to = self.rng.choice([v for v in self.ws.levels if v != self.ws.level[act]])
        self.ws.level[act] = to
        op = {"op": "set", "type": "activity", "id": act, "field": "prevention_level", "value": to}
        return op, {"id": act, "field": "prevention_level", "value": to, "col": to}

    def pick(self, n: int) -> list[str]:
        acts = self.ws.movable
        if n <= len(acts):
            return self.rng.sample(acts, n)
        return [acts[k % len(acts)] for k in range(n)]


def final_expectations(expects: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """What every edited card must show after all edits (the last name and column per activity)."""
    out: dict[str, dict[str, Any]] = {}
    for e in expects:
        seen = out.setdefault(e["id"], {"id": e["id"]})
        for key in ("name", "col"):
            if key in e:
                seen[key] = e[key]
    return list(out.values())


def wait_page(page: Any, expression: str) -> Any:
    return page.wait_for_function(expression, timeout=TIMEOUT_S * 1000).json_value()


def run_once(
    page: Any, board_url: str, server_url: str, ws: Workspace, edits: Edits, res: Results, trace: Path | None = None
) -> None:
    page.goto(board_url)
    marks = wait_page(
        page,
        "() => window.__bench.marks.frame !== undefined && document.body.dataset.status === 'online'"
        " && window.__bench.marks",
    )
    page.wait_for_timeout(300)  # let the first frames settle
    with cdp_session(page) as cdp:
        res.ready.append(marks["ready"])
        res.grid.append(marks["grid"])
        res.grid_frame.append(marks["frame"])
        tasks = page.evaluate("() => window.__bench.longtasks")
        res.load_task.append(longest(tasks, 0, marks["frame"]))
        res.heap_load.append(heap_mb(cdp))
        res.nodes.append(perf_metrics(cdp)["Nodes"])

        sender = Sender(server_url, issue_token(SECRET, SLUG, ws.editor))
        try:
            # single edits: rename, move, rename, ...
            sent = 0
            for n, act in enumerate(edits.pick(EDITS)):
                op, expect = edits.rename(act) if n % 2 == 0 else edits.move(act)
                page.evaluate("(e) => window.__bench.arm(e, e)", expect)
                before = perf_metrics(cdp)
                sender.send([op])
                sent += 1
                w = wait_page(page, "() => window.__bench.watch.frame !== null && window.__bench.watch")
                res.edit_cpu.append(cpu_ms(before, perf_metrics(cdp)))
                res.edit_dom.append(w["dom"] - w["last"])
                res.edit_frame.append(w["frame"] - w["last"])
                tasks = page.evaluate("() => window.__bench.longtasks")
                res.edit_task.append(longest(tasks, w["last"], w["frame"]))
                page.wait_for_timeout(150)
            sender.wait_answers(sent)

            # the burst
            targets = edits.pick(BURST)
            # two renames to one move, ending on a rename (BURST % 3 == 0)
            batch = [edits.move(act) if k % 3 == 1 else edits.rename(act) for k, act in enumerate(targets)]
            page.evaluate("([a, b]) => window.__bench.arm(a, b)", [batch[0][1], batch[-1][1]])
            browser = page.context.browser
            if trace is not None:
                browser.start_tracing(page=page, categories=TRACE_CATEGORIES)
            before = perf_metrics(cdp)
            for op, _ in batch:
                sender.send([op])
            w = wait_page(page, "() => window.__bench.watch.frame !== null && window.__bench.watch")
            after = perf_metrics(cdp)
            if trace is not None:
                trace.write_bytes(browser.stop_tracing())
            sender.wait_answers(sent + BURST)
        finally:
            sender.close()
        missing = page.evaluate(CHECK_JS, final_expectations([e for _, e in batch]))
        if missing:
            raise SystemExit(f"after the burst, {len(missing)} cards do not show their edit: {missing[:5]}")
        check_board(page, server_url, ws)
        res.burst_dom.append(w["dom"] - w["first"])
        res.burst_frame.append(w["frame"] - w["first"])
        res.burst_span.append(w["last"] - w["first"])
        res.burst_after_last.append(w["dom"] - w["last"])
        res.burst_renders.append(w["renders"])
        tasks = page.evaluate("() => window.__bench.longtasks")
        inside = [t for t in tasks if t["start"] <= w["frame"] and t["start"] + t["duration"] >= w["first"]]
        res.burst_task.append(max((t["duration"] for t in inside), default=0.0))
        res.burst_tasks_over_200.append(sum(1 for t in inside if t["duration"] > 200))
        if trace is not None:
            res.burst_task_cpu.append(max(task_cpu(trace), default=0.0))
        res.burst_cpu.append(cpu_ms(before, after))
        res.burst_script.append((after["ScriptDuration"] - before["ScriptDuration"]) * 1000)
        res.burst_style.append((after["RecalcStyleDuration"] - before["RecalcStyleDuration"]) * 1000)
        res.burst_layout.append((after["LayoutDuration"] - before["LayoutDuration"]) * 1000)
        res.heap_burst.append(heap_mb(cdp))


def measure(
    activities: int,
    runs: int,
    playwright: Any,
    workdir: Path,
    trace: Path | None = None,
    bundle: Path | None = None,
    css: str | None = None,
) -> Results:
    db_url = f"sqlite:///{workdir / f'board-{activities}.db'}"
    started = time.monotonic()
    ws = build_workspace(db_url, activities)
    print(f"  workspace: {len(ws.names)} activities ({time.monotonic() - started:.1f} s to build)", flush=True)
    server = LiveServer(db_url, workdir / f"server-{activities}.log")
    server.start()
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
    res = Results(activities)
    try:
        context = browser.new_context(viewport=VIEWPORT, locale="nl-NL")
        context.set_default_timeout(TIMEOUT_S * 1000)
        context.add_init_script(INIT_JS)
        if bundle is not None:  # another build of the board, e.g. of an older commit, for a before/after
            script = bundle.read_bytes()
            context.route(
                "**/static/board.js*",
                lambda route: route.fulfill(body=script, content_type="text/javascript; charset=utf-8"),
            )
        if css:  # rules added to the end of board.css (to try a stylesheet change)
            context.route(
                "**/static/board.css*",
                lambda route: route.fulfill(response=(res := route.fetch()), body=res.text() + "\n" + css),
            )
        first = context.new_page()
        first.goto(login_link(ws, server.url))  # the session cookie; the runs open /w/demo directly
        first.wait_for_selector("body[data-ready='true']")
        first.close()
        edits = Edits(ws, seed=activities)
        for run in range(runs):
            page = context.new_page()
            try:
                path = None
                if trace is not None:
                    path = trace.with_name(f"{trace.stem}-{activities}-{run + 1}{trace.suffix}")
                run_once(page, f"{server.url}/w/{SLUG}", server.url, ws, edits, res, path)
            finally:
                page.close()
            print(f"  run {run + 1}/{runs}: {brief(res)}", flush=True)
        context.close()
    finally:
        browser.close()
        server.stop()
    return res


# --- output --------------------------------------------------------------------------------------------


def med(values: list[float]) -> str:
    if not values:
        return "-"
    return f"{statistics.median(values):.0f} ({max(values):.0f})"


def med1(values: list[float]) -> str:
    if not values:
        return "-"
    return f"{statistics.median(values):.1f} ({max(values):.1f})"


def brief(res: Results) -> str:
    return (
        f"ready {res.ready[-1]:.0f} ms, grid {res.grid_frame[-1]:.0f} ms; "
        f"edit p50 {statistics.median(res.edit_dom[-EDITS:]):.1f} ms; "
        f"burst {res.burst_dom[-1]:.0f} ms, longest task {res.burst_task[-1]:.0f} ms"
    )


def report(results: list[Results], runs: int) -> None:
    print()
    print(f"Board render times, in the page (performance.now()), ms: median (worst) over {runs} runs")
    print(f"(edit: over {runs} x {EDITS} remote edits; burst: {BURST} remote edits)")
    rows: list[tuple[str, Any]] = [
        ("load: navigation -> data-ready", lambda r: med(r.ready)),
        ("load: navigation -> first card in DOM", lambda r: med(r.grid)),
        ("load: navigation -> that frame done", lambda r: med(r.grid_frame)),
        ("load: longest task", lambda r: med(r.load_task)),
        ("edit: change event -> DOM", lambda r: med1(r.edit_dom)),
        ("edit: change event -> frame done", lambda r: med1(r.edit_frame)),
        ("edit: longest task", lambda r: med(r.edit_task)),
        ("edit: main-thread CPU (CDP)", lambda r: med1(r.edit_cpu)),
        ("burst: first change -> last in DOM", lambda r: med(r.burst_dom)),
        ("burst: first change -> frame done", lambda r: med(r.burst_frame)),
        ("burst: ops span (first -> last change)", lambda r: med(r.burst_span)),
        ("burst: last change -> DOM", lambda r: med(r.burst_after_last)),
        ("burst: renders", lambda r: med(r.burst_renders)),
        ("burst: longest task", lambda r: med(r.burst_task)),
        ("burst: tasks > 200 ms", lambda r: med(r.burst_tasks_over_200)),
        ("burst: longest task's CPU (trace)", lambda r: med(r.burst_task_cpu)),
        ("burst: main-thread CPU (CDP)", lambda r: med(r.burst_cpu)),
        ("burst: script (CDP)", lambda r: med(r.burst_script)),
        ("burst: style recalc (CDP)", lambda r: med(r.burst_style)),
        ("burst: layout (CDP)", lambda r: med(r.burst_layout)),
        ("DOM nodes after load", lambda r: med(r.nodes)),
        ("JS heap after load, MB", lambda r: med1(r.heap_load)),
        ("JS heap after burst, MB", lambda r: med1(r.heap_burst)),
    ]
    width = max(len(label) for label, _ in rows)
    print(" " * width + "".join(f"  {f'{r.activities} activities':>18}" for r in results))
    for label, fn in rows:
        print(f"{label:<{width}}" + "".join(f"  {fn(r):>18}" for r in results))


def build_board() -> None:
    npm = shutil.which("npm")
    if not npm or not (WEB / "node_modules" / "esbuild").exists():
        raise SystemExit("npm or web/node_modules missing: run make web")
    done = subprocess.run([npm, "run", "build"], cwd=WEB, capture_output=True, text=True, timeout=300)
    if done.returncode != 0:
        raise SystemExit(f"npm run build failed:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--activities", type=int, action="append", help="workspace size (repeatable; default 80 and 2000)"
    )
    parser.add_argument("--runs", type=int, default=3, help="page loads per size (default 3)")
    parser.add_argument("--no-build", action="store_true", help="do not run npm run build first")
    parser.add_argument("--keep", action="store_true", help="keep the work dir (databases, server logs)")
    parser.add_argument(
        "--trace", type=Path, help="keep the Chromium trace of each burst, in FILE-<size>-<run>.json (default: temp)"
    )
    parser.add_argument(
        "--bundle", type=Path, help="serve this board.js instead of server/static/board.js (implies --no-build)"
    )
    parser.add_argument("--css", help="CSS rules added to the end of board.css (to try a stylesheet change)")
    parser.add_argument("--no-trace", action="store_true", help="no trace of the burst (no CPU per task)")
    args = parser.parse_args(argv)
    sizes = args.activities or [DEMO_ACTIVITIES, 2000]
    if not Path(CHROMIUM).exists():
        raise SystemExit(f"{CHROMIUM} is missing (apt-get install chromium)")
    if args.bundle is not None and not args.bundle.is_file():
        raise SystemExit(f"--bundle: {args.bundle} is not a file")
    if not args.no_build and args.bundle is None:
        build_board()
    if not BOARD_JS.exists():
        raise SystemExit(f"{BOARD_JS} is missing: run make web")
    from playwright.sync_api import sync_playwright

    workdir = Path(tempfile.mkdtemp(prefix="bench-board-"))
    results = []
    try:
        with sync_playwright() as playwright:
            for size in sizes:
                print(f"{size} activities:", flush=True)
                trace = None if args.no_trace else args.trace or workdir / "burst.json"
                results.append(measure(size, args.runs, playwright, workdir, trace, args.bundle, args.css))
    finally:
        if args.keep:
            print(f"work dir kept: {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    report(results, args.runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
