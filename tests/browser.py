"""Helpers for the end-to-end tests of the board: the demo workspace behind a real server process, Debian's
Chromium driven by Playwright (never a downloaded browser), signing in with single-use links, reading what
a page shows, and axe-core.

Every wait here is bounded; a timeout fails with a message that says what was awaited.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import requests

from server.auth.links import create_link
from server.auth.tokens import issue_token
from server.demo import load_demo
from server.storage.store import Store, upgrade
from server.sync.core import SyncCore
from server.sync.workspaces import ensure_member
from tests.conftest import SECRET, LiveServer
from tests.services import component_missing

ROOT = Path(__file__).resolve().parent.parent
WEB = ROOT / "web"
BOARD_JS = ROOT / "server" / "static" / "board.js"
AXE_JS = WEB / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
VIEWPORT = {"width": 1400, "height": 900}
WAIT_S = 15.0  # the longest any single expectation may take (generous: CI machines are often busy)

# the three people of the multi-user scenario, plus a viewer: key -> (partner slug, role, name)
PEOPLE = {
    "coordinator": ("gemeente", "coordinator", "Ingrid Verhoeven"),
    "cjg": ("cjg", "partner", "Ruud Bakker"),
    "jgz": ("jgz", "partner", "Marloes Jansen"),
    "viewer": ("politie", "viewer", "Erik Visser"),
}


def require_chromium() -> str:
    if not os.path.exists(CHROMIUM):
        component_missing("Chromium", f"{CHROMIUM} ontbreekt (apt-get install chromium; scripts/install-test-deps.sh)")
    return CHROMIUM


def build_board() -> None:
    """Build the board bundle (esbuild) when the npm packages are there; fail clearly when it is missing."""
    npm = shutil.which("npm")
    if npm and (WEB / "node_modules" / "esbuild").exists():
        done = subprocess.run([npm, "run", "build"], cwd=WEB, capture_output=True, text=True, timeout=120)
        if done.returncode != 0:
            pytest.fail(f"npm run build failed (run make web):\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
    if not BOARD_JS.exists():
        pytest.fail(f"{BOARD_JS.relative_to(ROOT)} is missing: run make web")


def launch_chromium(playwright: Any) -> Any:
    return playwright.chromium.launch(executable_path=require_chromium(), args=CHROMIUM_ARGS, headless=True)


@dataclass
class DemoBoard:
    """The demo workspace served by a real server process, with members for the people above."""

    server: LiveServer
    db_url: str
    workspace_id: int
    members: dict[str, str]
    store: Store = field(repr=False)

    @property
    def url(self) -> str:
        return self.server.url

    def login_url(self, who: str) -> str:
        token = create_link(self.store, self.workspace_id, self.members[who])
        return f"{self.server.url}/login/{token}"

    def token(self, who: str) -> str:
        return issue_token(SECRET, "demo", self.members[who])

    def api(self, path: str, who: str = "coordinator") -> Any:
        res = requests.get(
            f"{self.server.url}/api/workspaces/demo{path}",
            headers={"Authorization": f"Bearer {self.token(who)}"},
            timeout=10,
        )
        res.raise_for_status()
        return res.json()

    def snapshot(self) -> dict[str, Any]:
        return dict(self.api(""))

    def activity(self, activity_id: str) -> dict[str, Any]:
        for obj in self.snapshot()["objects"].get("activity", []):
            if obj["id"] == activity_id:
                return dict(obj)
        raise KeyError(activity_id)

    def stop(self) -> None:
        self.server.stop()
        self.store.dispose()


def start_demo(tmp_path: Path) -> DemoBoard:
    db_url = f"sqlite:///{tmp_path / 'board.db'}"
    store = Store(db_url)
    upgrade(store.engine)
    core = SyncCore(store)
    load_demo(core)
    members = {key: ensure_member(core, "demo", slug, role, name) for key, (slug, role, name) in PEOPLE.items()}
    workspace_id = core.state("demo").workspace_id
    server = LiveServer(db_url, tmp_path / "server.log")
    server.start()
    return DemoBoard(server, db_url, workspace_id, members, store)


# --- pages -------------------------------------------------------------------------------------------


def wait_for(check: Callable[[], Any], what: str, timeout: float = WAIT_S, interval: float = 0.05) -> Any:
    """Poll ``check`` until it returns something truthy; fail saying ``what`` was awaited."""
    deadline = time.monotonic() + timeout
    last: Any = None
    while time.monotonic() < deadline:
        last = check()
        if last:
            return last
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout:.0f}s waiting for {what} (last: {last!r})")


def open_board(browser: Any, demo: DemoBoard, who: str) -> tuple[Any, Any]:
    """A fresh browser context signed in as ``who`` (single-use link), with the board loaded."""
    context = browser.new_context(viewport=VIEWPORT, locale="nl-NL")
    context.set_default_timeout(WAIT_S * 1000)
    page = context.new_page()
    page.goto(demo.login_url(who))
    wait_ready(page)
    return context, page


def wait_ready(page: Any, timeout: float = WAIT_S) -> None:
    try:
        page.wait_for_selector("body[data-ready='true'][data-status='online'] table.matrix", timeout=timeout * 1000)
    except Exception as exc:
        raise AssertionError(f"the board did not come online: {client_state(page)}") from exc


def client_state(page: Any) -> Any:
    """What the page's sync client is doing (for failure messages)."""
    try:
        return page.evaluate(
            """() => { const c = window.matrixsyncBoard?.client; if (!c) return document.body.innerText.slice(0, 300);
              return {status: c.status, seq: c.seq, pending: c.pendingCount, joined: c._joined, joining: c._joining,
                      socket: c._socket && {connected: c._socket.connected, ready: c._socket.io?._readyState},
                      reconnectTimer: !!c._timers?.reconnect, attempt: c._attempt}; }"""
        )
    except Exception as exc:  # the page itself is gone
        return f"(no state: {exc})"


def wait_synced(page: Any, seq: int) -> None:
    """The page has applied everything up to ``seq`` and has nothing pending."""
    page.wait_for_function(
        "seq => window.matrixsyncBoard && window.matrixsyncBoard.client.seq >= seq"
        " && window.matrixsyncBoard.client.pendingCount === 0",
        arg=seq,
        timeout=WAIT_S * 1000,
    )


_STATE_JS = """() => {
  const c = window.matrixsyncBoard.client;
  const out = {};
  for (const type of ["activity", "comment", "meeting", "partner", "outcome", "axis_value", "matrix", "member"]) {
    out[type] = c.list(type).map((o) => {
      const copy = {};
      for (const [k, v] of Object.entries(o)) if (!k.startsWith("_")) copy[k] = v;
      return copy;
    }).sort((a, b) => a.id.localeCompare(b.id));
  }
  return out;
}"""


def page_state(page: Any) -> dict[str, list[dict[str, Any]]]:
    """The page's view of every object (without bookkeeping fields), sorted by id."""
    return dict(page.evaluate(_STATE_JS))


def snapshot_state(snapshot: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    out = {}
    for obj_type in ("activity", "comment", "meeting", "partner", "outcome", "axis_value", "matrix", "member"):
        objs = snapshot["objects"].get(obj_type, [])
        out[obj_type] = sorted(({k: v for k, v in o.items() if not k.startswith("_")} for o in objs), key=_by_id)
    return out


def _by_id(obj: dict[str, Any]) -> str:
    return str(obj["id"])


_MATRIX_JS = """() => {
  const cells = {};
  for (const td of document.querySelectorAll("table.matrix td.cell")) {
    const ids = [...td.querySelectorAll(".card")].map((b) => b.dataset.id).sort();
    cells[td.dataset.row + "|" + td.dataset.col] = ids;
  }
  const unplaced = [...document.querySelectorAll(".cards-unplaced .card")].map((b) => b.dataset.id).sort();
  return {title: document.querySelector(".matrix-title").textContent, cells, unplaced};
}"""


def matrix_dom(page: Any) -> dict[str, Any]:
    """What the matrix shows: card ids per cell ("row|col"), and the unplaced cards."""
    return dict(page.evaluate(_MATRIX_JS))


AXIS_FIELDS = {
    "prevention_level": "prevention_level",
    "age_band": "age_bands",
    "domain": "domains",
    "tier": "tier",
    "po_level": "po_level",
    "theme": "themes",
    "protective_factor": "protective_factors",
    "erkenning": "erkenning",
    "outcomes": "outcomes",
    "partner": "partner",
}


def expected_matrix(snapshot: dict[str, Any], matrix_name: str) -> dict[str, Any]:
    """The cells of a matrix view computed from a REST snapshot (the rules of server/domain/matrix.py)."""
    objects = snapshot["objects"]
    matrix = next(m for m in objects["matrix"] if m["name"] == matrix_name)

    def bands(axis: str) -> list[str]:
        if axis == "outcomes":
            return [o["id"] for o in objects.get("outcome", [])]
        if axis == "partner":
            return [p["id"] for p in objects.get("partner", [])]
        return [v["id"] for v in objects.get("axis_value", []) if v["axis"] == axis and not v["retired"]]

    def values(act: dict[str, Any], axis: str) -> list[str]:
        value = act.get(AXIS_FIELDS[axis])
        if isinstance(value, list):
            return list(value)
        return [value] if value else []

    rows, cols = bands(matrix["row_axis"]), bands(matrix["col_axis"])
    cells: dict[str, list[str]] = {f"{r}|{c}": [] for r in rows for c in cols}
    unplaced = []
    for act in objects.get("activity", []):
        in_rows = [r for r in values(act, matrix["row_axis"]) if r in rows]
        in_cols = [c for c in values(act, matrix["col_axis"]) if c in cols]
        if not in_rows or not in_cols:
            unplaced.append(act["id"])
        for r in in_rows:
            for c in in_cols:
                cells[f"{r}|{c}"].append(act["id"])
    return {
        "title": matrix_name,
        "cells": {k: sorted(v) for k, v in cells.items()},
        "unplaced": sorted(unplaced),
    }


def card(page: Any, activity_id: str, row: str | None = None, col: str | None = None) -> Any:
    selector = f'.card[data-id="{activity_id}"]'
    if row is not None:
        selector += f'[data-row="{row}"][data-col="{col}"]'
    return page.locator(selector).first


def open_editor(page: Any, activity_id: str) -> Any:
    card(page, activity_id).click()
    dialog = page.locator("dialog.editor[open]")
    dialog.wait_for()
    return dialog


def close_editor(page: Any) -> None:
    page.locator("dialog.editor[open] .editor-foot button", has_text="Sluiten").click()
    page.locator("dialog.editor[open]").wait_for(state="detached")


def screenshot(page: Any, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path))
    return path


# --- axe-core ----------------------------------------------------------------------------------------

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_violations(page: Any, include: str | None = None) -> list[dict[str, Any]]:
    """axe-core's WCAG 2.1 A/AA violations on the page (or inside ``include``), as short dicts."""
    if not AXE_JS.exists():
        pytest.fail(f"{AXE_JS.relative_to(ROOT)} is missing: run make web (npm ci installs axe-core)")
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_JS))
    result = page.evaluate(
        """async ([include, tags]) => {
          const context = include ? {include: [include]} : document;
          const r = await axe.run(context, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]});
          return r.violations.map((v) => ({id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.slice(0, 5).map((n) => ({target: n.target, summary: n.failureSummary}))}));
        }""",
        [include, AXE_TAGS],
    )
    return list(result)


def describe(violations: list[dict[str, Any]]) -> str:
    return json.dumps(violations, indent=1, ensure_ascii=False)[:6000]
