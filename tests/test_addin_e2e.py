"""The Office task panes end to end: Debian's headless Chromium (Playwright) against a real server process
over the demo workspace, with a fake Office host (tests/fake_office/office.js) served at the address of
Microsoft's office.js. The fake keeps the workbook (or the presentation) in memory and behaves like Excel
where it matters for the pane: batched proxies, change events (also for the pane's own writes unless events
are off), co-author edits with source "Remote".

What a user would see is checked in the table of each pane and on the server (REST snapshot and mutation
log): an edit in pane A reaches pane B's table and the server; a paste of 20 rows is ONE mutation; a remote
change written into a table does not come back as a mutation; a refused edit is rolled back with the reason;
the PowerPoint pane inserts the deck (the inserted base64 is decoded and its slides counted) and refreshes
only its own slides.
"""

from __future__ import annotations

import base64
import io
import time
import zipfile
from collections.abc import Iterator
from typing import Any

import pytest

from server.office.columns import ACTIVITY_COLUMNS
from tests.browser import ROOT, WAIT_S, DemoBoard, build_board, launch_chromium, start_demo, wait_for

playwright_api = pytest.importorskip("playwright.sync_api")

OFFICE_JS = "https://appsforoffice.microsoft.com/lib/1/hosted/office.js"
FAKE_OFFICE = ROOT / "tests" / "fake_office" / "office.js"
ADDIN_JS = ROOT / "server" / "static" / "addin" / "addin-excel.js"
SHEET = TABLE = "Activiteiten"
HEADERS = [c.header for c in ACTIVITY_COLUMNS]


def col(key: str) -> int:
    return next(i for i, c in enumerate(ACTIVITY_COLUMNS) if c.key == key)


def letter(index: int) -> str:
    s = ""
    n = index + 1
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoBoard]:
    build_board()  # npm run build: the board and the task panes
    if not ADDIN_JS.exists():
        pytest.fail(f"{ADDIN_JS.relative_to(ROOT)} is missing: run make web")
    board = start_demo(tmp_path_factory.mktemp("addin"))
    yield board
    board.stop()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with playwright_api.sync_playwright() as p:
        chromium = launch_chromium(p)
        yield chromium
        chromium.close()


class Pane:
    """One task pane in its own browser context (own storage and cookies) with the fake Office host."""

    def __init__(self, browser: Any, demo: DemoBoard, who: str, kind: str = "excel", via: str = "token"):
        self.demo, self.who = demo, who
        self.context = browser.new_context(viewport={"width": 420, "height": 900}, locale="nl-NL")
        self.context.set_default_timeout(WAIT_S * 1000)
        self.context.route(
            OFFICE_JS, lambda route: route.fulfill(path=str(FAKE_OFFICE), content_type="application/javascript")
        )
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        self.page.goto(f"{demo.url}/addin/{kind}.html")
        credential = demo.token(who) if via == "token" else demo.login_url(who)
        self.page.fill("#aanmelden-invoer", credential)
        self.page.click("#aanmelden")
        self.page.click("#openen")
        ready = "body[data-ready='true']" + ("[data-status='online']" if kind == "excel" else "")
        self.page.wait_for_selector(ready)

    def close(self) -> None:
        self.context.close()

    def js(self, expression: str, arg: Any = None) -> Any:
        return self.page.evaluate(expression, arg)

    def table(self) -> dict[str, Any]:
        return dict(self.js(f"fakeOffice.excel.table('{TABLE}')"))

    def row(self, activity_id: str) -> tuple[int, list[Any]]:
        """(sheet row number, cells) of an activity."""
        t = self.table()
        for i, cells in enumerate(t["rows"]):
            if cells[0] == activity_id:
                return t["top"] + 2 + i, cells
        raise KeyError(activity_id)

    def cell(self, activity_id: str, key: str) -> Any:
        return self.row(activity_id)[1][col(key)]

    def edit(self, address: str, values: list[list[Any]]) -> None:
        self.js(f"([a, v]) => fakeOffice.excel.edit('{SHEET}', a, v)", [address, values])

    def coauthor_edit(self, address: str, values: list[list[Any]]) -> None:
        self.js(f"([a, v]) => fakeOffice.excel.coauthorEdit('{SHEET}', a, v)", [address, values])

    def synced(self) -> bool:
        return bool(
            self.js("() => matrixsyncAddin.client.pendingCount === 0 && matrixsyncAddin.pane.pending.size === 0")
        )

    def text(self, selector: str) -> str:
        return str(self.page.inner_text(selector))


@pytest.fixture
def panes(browser: Any, demo: DemoBoard) -> Iterator[Any]:
    opened: list[Pane] = []

    def open_pane(who: str, kind: str = "excel", via: str = "token") -> Pane:
        pane = Pane(browser, demo, who, kind, via)
        opened.append(pane)
        return pane

    yield open_pane
    for pane in opened:
        assert not pane.errors, f"errors in the {pane.who} pane: {pane.errors}"
        pane.close()


def mutations_since(demo: DemoBoard, seq: int) -> list[dict[str, Any]]:
    return list(demo.api(f"/mutations?since={seq}")["mutations"])


def seq_now(demo: DemoBoard) -> int:
    return int(demo.api("/mutations?since=0&limit=1")["seq"])


def first_activity(demo: DemoBoard, partner_slug: str | None = None) -> dict[str, Any]:
    snap = demo.snapshot()
    partners = {p["id"]: p for p in snap["objects"]["partner"]}
    acts = sorted(snap["objects"]["activity"], key=lambda a: a["name"])
    for act in acts:
        if partner_slug is None or partners[act["partner"]]["slug"] == partner_slug:
            return dict(act)
    raise KeyError(partner_slug)


# --- the table --------------------------------------------------------------------------------------------


def test_the_table_has_the_template_columns_lists_and_every_activity(panes: Any, demo: DemoBoard) -> None:
    a = panes("coordinator")
    t = a.table()
    assert t["headers"] == HEADERS
    snap = demo.snapshot()
    activities = {x["id"]: x for x in snap["objects"]["activity"]}
    assert sorted(r[0] for r in t["rows"]) == sorted(activities)
    partners = {p["id"]: p["name"] for p in snap["objects"]["partner"]}
    some = next(iter(activities.values()))
    assert a.cell(some["id"], "name") == some["name"]
    assert a.cell(some["id"], "partner") == partners[some["partner"]]
    sheet = a.js(f"fakeOffice.excel.sheet('{SHEET}')")
    assert sheet["hiddenColumns"] == [0], "the id column is hidden"
    lists = a.js("fakeOffice.excel.sheet('Lijsten')")
    assert lists["visibility"] == "Hidden"
    names = a.js("fakeOffice.excel.names()")
    assert set(names) == {f"lijst_{c.source}" for c in ACTIVITY_COLUMNS if c.kind in ("choice", "multi") and c.source}
    partner_list = a.js("fakeOffice.excel.read('Lijsten', 'A2:A100')")
    assert sorted(r[0] for r in partner_list if r[0]) == sorted(partners.values())
    rules = {v["address"]: v for v in sheet["validations"]}
    partner_col = letter(col("partner"))
    rule = rules[f"{partner_col}2:{partner_col}{len(activities) + 1}"]
    assert rule["rule"] == {"list": {"inCellDropDown": True, "source": "=lijst_partner"}}
    assert rule["errorAlert"]["style"] == "Stop"
    assert a.js("fakeOffice.excel.stats()")["writesWithEventsOn"] == 0, "the pane writes with events off"
    assert a.js("fakeOffice.settings()")["matrixsync.werkruimte"] == "demo"


def test_an_edit_in_one_pane_reaches_the_other_and_the_server_without_echo(panes: Any, demo: DemoBoard) -> None:
    a = panes("coordinator")
    b = panes("cjg", via="link")  # the cookie session of a sign-in link
    act = first_activity(demo)
    row, _ = a.row(act["id"])
    before = seq_now(demo)

    a.edit(f"{letter(col('reach'))}{row}", [[4321]])
    started = time.monotonic()
    wait_for(lambda: demo.activity(act["id"])["reach"] == 4321, "the reach on the server")
    wait_for(lambda: b.cell(act["id"], "reach") == 4321, "the reach in pane B's table")
    assert time.monotonic() - started < 3.0, "a remote change is written into the table within about a second"

    log = mutations_since(demo, before)
    assert len(log) == 1, log
    assert log[0]["client_id"].startswith("excel-")
    assert log[0]["ops"] == [{"op": "set", "type": "activity", "id": act["id"], "field": "reach", "value": 4321}]
    # nothing comes back: B wrote the change into its table, A got its own change confirmed
    wait_for(lambda: a.synced() and b.synced(), "both panes settled")
    time.sleep(1.5)
    assert mutations_since(demo, before) == log, "a change written into a table must not echo back"
    for pane in (a, b):
        assert pane.js("fakeOffice.excel.stats()")["writesWithEventsOn"] == 0

    # a co-author's edit of the shared workbook (source Remote) is not ours to send
    b_row, _ = b.row(act["id"])
    b.coauthor_edit(f"{letter(col('description'))}{b_row}", [["Door een co-auteur gewijzigd"]])
    wait_for(lambda: b.js("matrixsyncAddin.pane.ignored") == 1, "the co-author change to be ignored")
    time.sleep(1.0)
    assert mutations_since(demo, before) == log


def test_a_paste_of_20_rows_below_the_table_is_one_mutation(panes: Any, demo: DemoBoard) -> None:
    a = panes("coordinator")
    b = panes("jgz")
    snap = demo.snapshot()
    partner = next(p for p in snap["objects"]["partner"] if p["slug"] == "cjg")
    t = a.table()
    first = t["top"] + 2 + len(t["rows"])  # the sheet row right below the table
    names = [f"Geplakte activiteit {i:02d}" for i in range(20)]
    block = [[name, f"Omschrijving {i}", partner["name"].upper()] for i, name in enumerate(names)]
    before = seq_now(demo)

    a.edit(f"B{first}:D{first + 19}", block)
    wait_for(lambda: len(mutations_since(demo, before)) >= 1, "the pasted rows on the server")
    wait_for(lambda: a.synced(), "pane A settled")
    time.sleep(1.0)
    log = mutations_since(demo, before)
    assert len(log) == 1, f"a paste must be ONE mutation, got {len(log)}"
    ops = log[0]["ops"]
    assert len(ops) == 20 and all(op["op"] == "create" for op in ops)
    assert [op["fields"]["name"] for op in ops] == names
    assert all(op["fields"]["partner"] == partner["id"] for op in ops)

    on_server = {x["name"]: x for x in demo.snapshot()["objects"]["activity"]}
    assert all(name in on_server for name in names)
    # pane A: the rows joined the table, with their ids and the partner's name as the list has it
    t = a.table()
    rows = {r[col("name")]: r for r in t["rows"]}
    for name in names:
        assert rows[name][0] == on_server[name]["id"]
        assert rows[name][col("partner")] == partner["name"]
    # pane B: the new activities arrive as rows
    wait_for(lambda: _has_all(b, on_server, names), "the 20 rows in pane B")


def _has_all(pane: Pane, on_server: dict[str, Any], names: list[str]) -> bool:
    ids = {r[0] for r in pane.table()["rows"]}
    return all(on_server[n]["id"] in ids for n in names)


def test_refused_edits_are_rolled_back_with_the_reason(panes: Any, demo: DemoBoard) -> None:
    cjg = panes("cjg")
    other = first_activity(demo, "jgz")
    row, _ = cjg.row(other["id"])
    before = seq_now(demo)

    # the server refuses: a partner edits another organisation's activity
    cjg.edit(f"{letter(col('name'))}{row}", [["Overgenomen door het CJG"]])
    wait_for(lambda: cjg.cell(other["id"], "name") == other["name"], "the name rolled back in the cell")
    wait_for(lambda: "Teruggezet" in cjg.text("#problemen"), "the reason in the pane")
    assert demo.activity(other["id"])["name"] == other["name"]
    assert mutations_since(demo, before) == []

    # the pane refuses before sending: text in a number column
    own = first_activity(demo, "cjg")
    row, _ = cjg.row(own["id"])
    cjg.edit(f"{letter(col('reach'))}{row}", [["heel veel"]])
    wait_for(
        lambda: cjg.cell(own["id"], "reach") == (own["reach"] if own["reach"] is not None else ""), "reach rolled back"
    )
    wait_for(lambda: "geen getal" in cjg.text("#melding"), "the reason shown")
    assert mutations_since(demo, before) == []


def test_presence_shows_who_else_is_editing(panes: Any, demo: DemoBoard) -> None:
    a = panes("coordinator")
    b = panes("cjg")
    wait_for(lambda: "Ingrid Verhoeven" in b.text("#aanwezig"), "the coordinator in pane B's presence list")
    act = first_activity(demo)
    row, _ = a.row(act["id"])
    a.js("([s, addr]) => fakeOffice.excel.select(s, addr)", [SHEET, f"{letter(col('name'))}{row}"])
    wait_for(lambda: act["name"] in b.text("#aanwezig"), "which activity the coordinator is on")


def test_clearing_a_cell_and_typing_the_delete_mark(panes: Any, demo: DemoBoard) -> None:
    a = panes("coordinator")
    act = next(x for x in demo.snapshot()["objects"]["activity"] if x["description"])
    row, _ = a.row(act["id"])
    a.edit(f"{letter(col('description'))}{row}", [[""]])
    wait_for(lambda: demo.activity(act["id"])["description"] == "", "the description cleared on the server")
    a.edit(f"{letter(col('_delete'))}{row}", [["ja"]])
    wait_for(lambda: act["id"] not in {x["id"] for x in demo.snapshot()["objects"]["activity"]}, "the activity deleted")
    wait_for(lambda: act["id"] not in {r[0] for r in a.table()["rows"]}, "its row gone from the table")


# --- PowerPoint ------------------------------------------------------------------------------------------


def slide_count(b64: str) -> int:
    with zipfile.ZipFile(io.BytesIO(base64.b64decode(b64))) as z:
        return sum(1 for n in z.namelist() if n.startswith("ppt/slides/slide") and n.endswith(".xml"))


def test_powerpoint_inserts_the_deck_and_refreshes_only_its_own_slides(panes: Any, demo: DemoBoard) -> None:
    p = panes("coordinator", kind="powerpoint")
    own = [p.js("fakeOffice.ppt.addSlide('Eigen dia 1')"), p.js("fakeOffice.ppt.addSlide('Eigen dia 2')")]
    p.js("(ids) => fakeOffice.ppt.select(ids)", [own[0]])

    p.page.click("#invoegen")
    p.page.wait_for_selector("body[data-busy='false']", timeout=60_000)
    inserted = p.js("fakeOffice.ppt.inserted()")
    assert len(inserted) == 1, p.text("#melding")
    count = slide_count(inserted[0]["base64"])
    assert count >= 5
    slides = p.js("fakeOffice.ppt.slides()")
    ours = [s for s in slides if s["tags"].get("MATRIXSYNC_DECK") == "demo"]
    assert len(ours) == count
    assert [s["id"] for s in slides if s["id"] in own] == own
    assert slides[0]["id"] == own[0] and slides[-1]["id"] == own[1], "inserted after the selected slide"
    assert f"{count} dia's ingevoegd" in p.text("#melding")

    p.page.click("#vernieuwen")
    p.page.wait_for_selector("body[data-busy='false']", timeout=60_000)
    inserted = p.js("fakeOffice.ppt.inserted()")
    assert len(inserted) == 2
    assert inserted[1]["options"]["targetSlideId"] == ours[-1]["id"], "the new deck goes where the old one was"
    after = p.js("fakeOffice.ppt.slides()")
    ours_after = [s for s in after if s["tags"].get("MATRIXSYNC_DECK") == "demo"]
    assert len(ours_after) == slide_count(inserted[1]["base64"])
    assert not {s["id"] for s in ours} & {s["id"] for s in ours_after}, "the old deck slides are gone"
    assert [s["id"] for s in after if s["id"] in own] == own, "the user's own slides stay"
    assert after[0]["id"] == own[0] and after[-1]["id"] == own[1]
    assert "vernieuwd" in p.text("#melding")


def test_the_start_page_goes_on_to_the_pane_of_the_host(browser: Any, demo: DemoBoard) -> None:
    context = browser.new_context()
    try:
        context.route(OFFICE_JS, lambda r: r.fulfill(path=str(FAKE_OFFICE), content_type="application/javascript"))
        page = context.new_page()
        page.add_init_script("window.__FAKE_OFFICE_HOST__ = 'PowerPoint'")
        page.goto(f"{demo.url}/addin/taskpane.html")
        page.wait_for_url("**/addin/powerpoint.html", timeout=WAIT_S * 1000)
        page.wait_for_selector("#aanmelden-invoer")
    finally:
        context.close()
