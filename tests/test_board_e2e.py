"""The live board end to end: a real server process over the demo workspace, real headless Chromium
(Debian's, driven by Playwright), several people editing at once, offline edits, refusals, the keyboard,
and axe-core. Screenshots go to tests/artifacts/ (git-ignored)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
import requests

from server.sync.workspaces import stable_id
from tests.browser import (
    WAIT_S,
    DemoBoard,
    axe_violations,
    build_board,
    card,
    close_editor,
    describe,
    expected_matrix,
    launch_chromium,
    matrix_dom,
    open_board,
    open_editor,
    page_state,
    require_chromium,
    screenshot,
    snapshot_state,
    start_demo,
    wait_for,
    wait_ready,
    wait_synced,
)

playwright_api = pytest.importorskip("playwright.sync_api")
expect = playwright_api.expect
expect.set_options(timeout=WAIT_S * 1000)

pytestmark = pytest.mark.timeout(180)


def act(key: str) -> str:
    return stable_id("demo", "activity", key)


def axis_value(axis: str, label: str) -> str:
    return stable_id("demo", "axis_value", axis, label)


def partner(slug: str) -> str:
    return stable_id("demo", "partner", slug)


THEME = {
    "ongezond": axis_value("theme", "van ongezond gewicht tot overgewicht"),
    "experimenteren": axis_value("theme", "van experimenteren tot middelenmisbruik"),
    "dip": axis_value("theme", "van dip tot depressie"),
    "tik": axis_value("theme", "van pedagogische tik tot kindermishandeling"),
    "spijbelen": axis_value("theme", "van spijbelen tot voortijdig schoolverlaten"),
}
LEVEL = {
    name: axis_value("prevention_level", name) for name in ("universeel", "selectief", "geïndiceerd", "zorggericht")
}


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoBoard]:
    require_chromium()
    build_board()
    board = start_demo(tmp_path_factory.mktemp("board"))
    yield board
    board.stop()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    require_chromium()
    with playwright_api.sync_playwright() as pw:
        chromium = launch_chromium(pw)
        yield chromium
        chromium.close()


@pytest.fixture
def people(demo: DemoBoard, browser: Any) -> Iterator[dict[str, tuple[Any, Any]]]:
    """Signed-in browser contexts, opened on demand: people[who] -> (context, page)."""
    opened: dict[str, tuple[Any, Any]] = {}

    class People(dict[str, tuple[Any, Any]]):
        def __missing__(self, who: str) -> tuple[Any, Any]:
            opened[who] = open_board(browser, demo, who)
            self[who] = opened[who]
            return opened[who]

    yield People()
    for context, _page in opened.values():
        context.close()


def set_field(page: Any, field: str, value: str) -> None:
    """Type a value into an editor field and leave it (the change goes out on leaving)."""
    control = page.locator(f'dialog.editor[open] .field[data-field="{field}"] :is(input, textarea, select)').first
    if control.evaluate("el => el.tagName") == "SELECT":
        control.select_option(value)
    else:
        control.fill(value)
        control.press("Tab")


def field_control(page: Any, field: str) -> Any:
    return page.locator(f'dialog.editor[open] .field[data-field="{field}"] :is(input, textarea, select)').first


def server_seq(demo: DemoBoard) -> int:
    return int(demo.snapshot()["seq"])


def converge(demo: DemoBoard, pages: list[Any]) -> dict[str, Any]:
    """Wait until every page has everything the server has; then all of them must equal the server."""
    snapshot: dict[str, Any] = {}
    for _ in range(3):  # the server may still be taking in a late mutation: settle on a stable seq
        seq = server_seq(demo)
        for page in pages:
            wait_synced(page, seq)
        snapshot = demo.snapshot()
        if snapshot["seq"] == seq:
            break
    expected = snapshot_state(snapshot)
    matrix = expected_matrix(snapshot, "Preventiematrix")
    for page in pages:
        assert page_state(page) == expected
        wait_for(lambda p=page: matrix_dom(p) == matrix, "the matrix on the page to match the server")
    return snapshot


# --- several people at once ---------------------------------------------------------------------------


def test_three_partners_edit_at_once_go_offline_and_end_identical(
    demo: DemoBoard, people: dict[str, tuple[Any, Any]]
) -> None:
    coord, cjg = people["coordinator"][1], people["cjg"][1]
    jgz_ctx, jgz = people["jgz"]
    for page in (coord, cjg, jgz):
        expect(page.locator(".who-count")).to_have_text("3 aanwezig")

    # presence: the card someone has open, the field someone is editing
    shared = act("a15")  # Opvoedspreekuur CJG
    open_editor(cjg, shared)
    open_editor(coord, shared)
    expect(coord.locator("dialog.editor[open] .editor-viewers")).to_contain_text("Ruud Bakker")
    expect(card(jgz, shared).locator(".mini")).to_have_count(2)
    field_control(cjg, "reach").focus()
    marked = coord.locator('dialog.editor[open] .field[data-field="reach"]')
    expect(marked).to_have_class(re.compile(r"\bin-use\b"))
    expect(marked.locator(".field-who")).to_have_text("Ruud Bakker bewerkt dit veld")
    screenshot(coord, "editor-with-presence")

    # different fields of one activity at the same moment: both survive
    set_field(cjg, "reach", "321")
    set_field(coord, "description", "Wekelijks spreekuur, nu ook op woensdagavond.")
    wait_for(lambda: demo.activity(shared)["reach"] == 321, "reach from the CJG")
    wait_for(lambda: demo.activity(shared)["description"].endswith("woensdagavond."), "the description")
    expect(field_control(cjg, "description")).to_have_value("Wekelijks spreekuur, nu ook op woensdagavond.")
    expect(field_control(coord, "reach")).to_have_value("321")

    # the same field at the same moment: one value wins everywhere, and the loser is never silently lost
    before = server_seq(demo)
    set_field(cjg, "budget", "1111")
    set_field(coord, "budget", "2222")
    for page in (cjg, coord):
        page.wait_for_function("() => window.matrixsyncBoard.client.pendingCount === 0")
    final = demo.activity(shared)["budget"]
    assert final in (1111, 2222)
    log = demo.api(f"/mutations?since={before}")["mutations"]
    budget_sets = [
        (m["seq"], m["actor"])
        for m in log
        for op in m["ops"]
        if op["op"] == "set" and op["id"] == shared and op["field"] == "budget"
    ]
    loser, winner = (coord, "cjg") if final == 1111 else (cjg, "coordinator")
    if len(budget_sets) == 1:  # the later one was refused as stale: its author sees why
        expect(loser.locator(".notice-error")).to_contain_text("intussen gewijzigd")
    else:  # both applied in order: the winner's came last
        assert budget_sets[-1][1] == demo.members[winner]
    for page in (cjg, coord):
        expect(field_control(page, "budget")).to_have_value(f"{final:g}")

    # a comment appears live for the other person with the card open
    coord.locator("#comment-text").fill("Graag ook de wachttijd noemen in het OOGO.")
    coord.get_by_role("button", name="Plaatsen").click()
    expect(cjg.locator("dialog.editor[open] .comment-text")).to_have_text(
        ["Graag ook de wachttijd noemen in het OOGO."]
    )
    close_editor(cjg)
    close_editor(coord)

    # drag a card to a white spot: both axis fields change (the theme is replaced, not added)
    moved = act("a29")  # Gezonde School-ondersteuning (JGZ): ongezond gewicht x universeel
    target = jgz.locator(f'td.cell[data-row="{THEME["experimenteren"]}"][data-col="{LEVEL["selectief"]}"]')
    target.scroll_into_view_if_needed()  # source and target both in view: a drag does not scroll
    card(jgz, moved, THEME["ongezond"], LEVEL["universeel"]).drag_to(target)
    wait_for(lambda: demo.activity(moved)["prevention_level"] == LEVEL["selectief"], "the dragged card's level")
    assert demo.activity(moved)["themes"] == [THEME["experimenteren"]]
    for page in (coord, cjg, jgz):
        expect(card(page, moved, THEME["experimenteren"], LEVEL["selectief"])).to_be_visible()

    # create a card in an empty cell: the cell's values are filled in, the owner is the CJG
    cell = cjg.locator(f'td.cell[data-row="{THEME["experimenteren"]}"][data-col="{LEVEL["universeel"]}"]')
    cell.locator("button.add").click()
    expect(cjg.locator("dialog.editor[open] #editor-title")).to_have_text("Nieuwe activiteit")
    set_field(cjg, "name", "Voorlichting alcohol en roken voor ouders")
    cjg.get_by_role("button", name="Aanmaken").click()
    expect(cjg.locator("dialog.editor[open] #editor-title")).to_have_text("Voorlichting alcohol en roken voor ouders")
    close_editor(cjg)
    created = wait_for(
        lambda: [a for a in demo.snapshot()["objects"]["activity"] if a["name"].startswith("Voorlichting alcohol")],
        "the new activity on the server",
    )[0]
    assert created["partner"] == partner("cjg")
    assert created["themes"] == [THEME["experimenteren"]] and created["prevention_level"] == LEVEL["universeel"]
    for page in (coord, jgz):
        expect(card(page, created["id"], THEME["experimenteren"], LEVEL["universeel"])).to_be_visible()

    # delete with undo, and a delete that stays
    undone, removed = act("a56"), act("a59")
    open_editor(coord, undone)
    coord.get_by_role("button", name="Verwijderen").click()
    undo = coord.get_by_role("button", name="Ongedaan maken")
    expect(undo).to_be_focused()
    for page in (cjg, jgz):
        expect(card(page, undone)).to_have_count(0)
    undo.click()
    for page in (coord, cjg, jgz):
        expect(card(page, undone)).to_have_count(1)
    open_editor(coord, removed)
    coord.get_by_role("button", name="Verwijderen").click()
    for page in (cjg, jgz):
        expect(card(page, removed)).to_have_count(0)

    # JGZ goes offline and keeps working; the coordinator changes another field of the same card meanwhile
    offline_card = act("a28")  # Spreekuur opvoedvragen op het consultatiebureau (JGZ)
    jgz_ctx.set_offline(True)
    expect(jgz.locator("#connection")).to_have_attribute("data-state", "offline")
    open_editor(jgz, offline_card)
    set_field(jgz, "reach", "4242")
    set_field(jgz, "status", "uitbreiden")
    jgz.locator("#comment-text").fill("Gemaakt zonder verbinding.")
    jgz.get_by_role("button", name="Plaatsen").click()
    close_editor(jgz)
    expect(jgz.locator("#connection")).to_contain_text("3 wijzigingen wachten")
    expect(card(jgz, offline_card).locator(".tag", has_text="Uitbreiden")).to_be_visible()
    open_editor(coord, offline_card)
    set_field(coord, "contribution", "We bieden laagdrempelig advies, zodat kleine zorgen klein blijven.")
    close_editor(coord)
    assert demo.activity(offline_card)["reach"] == 330  # nothing of JGZ's got through

    # reload while offline (the page cannot load), then load it with the server still unreachable:
    # the queued edits come back from the browser's storage and are shown as pending
    with pytest.raises(playwright_api.Error):
        jgz.reload()
    gate = {"closed": True, "sockets": []}

    def socket_route(ws: Any) -> None:
        # the socket connects, but while the gate is closed its "join" never reaches the server
        server = ws.connect_to_server()

        def to_server(message: str | bytes) -> None:
            if not (gate["closed"] and isinstance(message, str) and '"join"' in message):
                server.send(message)

        ws.on_message(to_server)
        gate["sockets"].append(ws)

    jgz_ctx.route_web_socket(re.compile(r"/socket\.io/"), socket_route)
    jgz_ctx.set_offline(False)
    jgz.goto(f"{demo.url}/w/demo")
    expect(jgz.locator("#connection")).to_contain_text("3 wijzigingen wachten")
    assert demo.activity(offline_card)["reach"] == 330

    # back online: the queue goes out, the board resyncs, and all three agree with the server
    gate["closed"] = False
    for ws in gate["sockets"]:
        ws.close()  # the client reconnects (with back-off) and joins
    wait_ready(jgz, timeout=2 * WAIT_S)
    snapshot = converge(demo, [coord, cjg, jgz])
    objects = {o["id"]: o for o in snapshot["objects"]["activity"]}
    assert objects[offline_card]["reach"] == 4242 and objects[offline_card]["status"] == "uitbreiden"
    assert objects[offline_card]["contribution"].startswith("We bieden laagdrempelig advies")
    assert objects[shared]["reach"] == 321 and objects[shared]["description"].endswith("woensdagavond.")
    assert objects[moved]["themes"] == [THEME["experimenteren"]] and undone in objects and removed not in objects
    comments = {c["text"]: c for c in snapshot["objects"]["comment"]}
    assert comments["Gemaakt zonder verbinding."]["target"] == offline_card
    assert comments["Graag ook de wachttijd noemen in het OOGO."]["author"] == demo.members["coordinator"]
    expect(jgz.locator("#connection")).to_have_text("Verbonden")
    screenshot(coord, "board-coordinator")
    screenshot(jgz, "board-jgz-after-offline")


# --- refusals -------------------------------------------------------------------------------------------


def test_a_refused_edit_is_rolled_back_with_the_reason(demo: DemoBoard, people: dict[str, tuple[Any, Any]]) -> None:
    context, page = people["cjg"]
    target = act("a16")  # Opvoedinformatie online (CJG), reach 5200
    open_editor(page, target)
    set_field(page, "reach", "12.5")
    error = page.locator('dialog.editor[open] .field[data-field="reach"] .field-error')
    expect(error).to_contain_text("geheel getal")
    expect(field_control(page, "reach")).to_have_value("5200")
    expect(field_control(page, "reach")).to_have_attribute("aria-invalid", "true")
    expect(page.locator(".notice-error")).to_contain_text("niet opgeslagen")
    assert demo.activity(target)["reach"] == 5200

    # a stale tab: an edit made offline to a field someone changed meanwhile is refused, not applied
    context.set_offline(True)
    expect(page.locator("#connection")).to_have_attribute("data-state", "offline")
    set_field(page, "budget", "111")
    res = requests.post(
        f"{demo.url}/api/workspaces/demo/mutations",
        json={
            "client_id": "e2e-rest",
            "mutation_id": 1,
            "ops": [{"op": "set", "type": "activity", "id": target, "field": "budget", "value": 222}],
        },
        headers={"Authorization": f"Bearer {demo.token('coordinator')}"},
        timeout=10,
    )
    assert res.status_code == 200, res.text
    context.set_offline(False)
    budget_error = page.locator('dialog.editor[open] .field[data-field="budget"] .field-error')
    expect(budget_error).to_contain_text("intussen gewijzigd")
    expect(field_control(page, "budget")).to_have_value("222")
    assert demo.activity(target)["budget"] == 222
    close_editor(page)

    # another partner's card opens read-only
    open_editor(page, act("a24"))  # Prenataal huisbezoek (JGZ)
    expect(page.locator("dialog.editor[open] .editor-note")).to_contain_text("Alleen lezen")
    expect(field_control(page, "name")).to_have_attribute("readonly", "")
    expect(field_control(page, "status")).to_be_disabled()
    expect(page.get_by_role("button", name="Verwijderen")).to_be_hidden()
    close_editor(page)


# --- the keyboard ---------------------------------------------------------------------------------------


def test_a_card_moves_and_opens_with_the_keyboard_alone(demo: DemoBoard, people: dict[str, tuple[Any, Any]]) -> None:
    _context, page = people["coordinator"]
    moving = act("a05")  # Training meldcode: pedagogische tik x universeel
    source = card(page, moving, THEME["tik"], LEVEL["universeel"])
    source.focus()
    page.keyboard.press("Space")
    expect(page.locator("td.drop-target")).to_have_count(1)
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowUp")
    expect(page.locator("td.drop-target")).to_have_attribute("data-row", THEME["spijbelen"])
    page.keyboard.press("Enter")
    wait_for(lambda: demo.activity(moving)["prevention_level"] == LEVEL["selectief"], "the keyboard move")
    assert demo.activity(moving)["themes"] == [THEME["spijbelen"]]
    moved = card(page, moving, THEME["spijbelen"], LEVEL["selectief"])
    expect(moved).to_be_focused()
    expect(page.locator("dialog.editor[open]")).to_have_count(0)

    # Enter opens the editor with focus inside; Escape closes it and focus returns to the card
    page.keyboard.press("Enter")
    expect(page.locator("dialog.editor[open]")).to_have_count(1)
    expect(field_control(page, "name")).to_be_focused()
    page.keyboard.press("Escape")
    expect(page.locator("dialog.editor[open]")).to_have_count(0)
    expect(moved).to_be_focused()

    # Escape while carrying a card puts it back
    page.keyboard.press("Space")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Escape")
    expect(page.locator("td.drop-target")).to_have_count(0)
    assert demo.activity(moving)["themes"] == [THEME["spijbelen"]]


# --- accessibility --------------------------------------------------------------------------------------


def test_axe_finds_no_violations_on_the_board_and_the_editor(
    demo: DemoBoard, people: dict[str, tuple[Any, Any]]
) -> None:
    _context, page = people["cjg"]
    violations = axe_violations(page)
    assert violations == [], describe(violations)
    screenshot(page, "board-cjg")

    # highlighting dims the other cards: still enough contrast
    page.locator(".legend .chip", has_text="JGZ").click()
    expect(page.locator(".card.hit").first).to_be_visible()
    violations = axe_violations(page)
    assert violations == [], describe(violations)
    screenshot(page, "board-highlight-jgz")

    # the editor, for an own card and read-only for another partner's
    open_editor(page, act("a17"))
    violations = axe_violations(page)
    assert violations == [], describe(violations)
    close_editor(page)
    open_editor(page, act("a22"))
    violations = axe_violations(page)
    assert violations == [], describe(violations)
    close_editor(page)


# --- filters, meetings, downloads -----------------------------------------------------------------------


def test_filters_meetings_and_downloads(demo: DemoBoard, people: dict[str, tuple[Any, Any]]) -> None:
    _context, page = people["coordinator"]
    toolbar = page.locator(".toolbar")

    # only the hits of a text search, then everything again
    toolbar.get_by_label("Weergave").select_option("filter")
    toolbar.get_by_label("Zoeken").fill("spreekuur")
    expect(page.locator(".card").first).to_contain_text(re.compile("spreekuur", re.I))
    names = page.locator("table.matrix .card .card-name").all_inner_texts()
    assert names and all("spreekuur" in n.lower() for n in names)
    page.get_by_role("button", name="Filters wissen").click()
    toolbar.get_by_label("Weergave").select_option("highlight")
    expect(page.locator("table.matrix .card.muted")).to_have_count(0)

    # "changed since the meeting": the demo's autumn OOGO, then a meeting started now
    toolbar.get_by_label("Gewijzigd sinds overleg").select_option(label="OOGO najaar (12-10-2026)")
    expect(card(page, act("a01")).locator(".tag-changed")).to_be_visible()
    page.get_by_role("button", name="Overleg starten").click()
    dialog = page.locator("dialog.small-dialog[open]")
    dialog.get_by_label("Naam van het overleg").fill("OOGO voorjaar")
    dialog.get_by_role("button", name="Starten").click()
    expect(toolbar.get_by_label("Gewijzigd sinds overleg")).to_have_value(re.compile(".+"))
    meeting = wait_for(
        lambda: [m for m in demo.snapshot()["objects"].get("meeting", []) if m["name"] == "OOGO voorjaar"],
        "the new meeting on the server",
    )[0]
    assert meeting["seq"] > 0 and re.fullmatch(r"\d{4}-\d{2}-\d{2}", meeting["date"])
    expect(page.locator(".card .tag-changed")).to_have_count(0)
    open_editor(page, act("a03"))  # Jongerenraad Voorbeeld (gemeente)
    set_field(page, "status", "uitbreiden")
    close_editor(page)
    expect(card(page, act("a03")).locator(".tag-changed")).to_be_visible()
    toolbar.get_by_label("Gewijzigd sinds overleg").select_option("")

    # downloads: the partner template comes with the browser session; the deck is a button (see below)
    page.locator("details.downloads > summary").click()
    links = page.locator("details.downloads a")
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    assert "/api/workspaces/demo/partner-template.xlsx" in hrefs
    assert "/api/workspaces/demo/preventiematrix.xlsx" in hrefs
    expect(page.get_by_role("button", name=DECK_BUTTON)).to_be_enabled()
    res = page.request.get(f"{demo.url}/api/workspaces/demo/partner-template.xlsx?partner=cjg")
    assert res.status == 200 and res.body()[:2] == b"PK"


# --- the analysis panel and the deck ----------------------------------------------------------------------

DECK_BUTTON = "Presentatie voor het bestuurlijk overleg (PowerPoint)"
WHITE_SPOTS = re.compile(r"zijn (\d+) van de (\d+) cellen leeg: witte vlekken")


def open_analysis(page: Any) -> Any:
    toggle = page.get_by_role("button", name="Analyse", exact=True)
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    panel = page.get_by_role("complementary", name="Analyse")
    expect(panel).to_be_visible()
    return panel


def white_spot_line(panel: Any) -> Any:
    return panel.locator('.analysis-section[data-key="fit"] .analysis-lines li', has_text="witte vlekken")


def test_the_analysis_panel_updates_live_and_traces_figures_to_cards(
    demo: DemoBoard, people: dict[str, tuple[Any, Any]]
) -> None:
    _context, page = people["coordinator"]
    panel = open_analysis(page)
    expect(panel.locator("#analysis-title")).to_be_focused()
    line = white_spot_line(panel)
    expect(line).to_contain_text("In de matrix 'Preventiematrix'")
    spots = page.locator("table.matrix td.cell.white-spot")
    shown = WHITE_SPOTS.search(line.inner_text())
    assert shown, line.inner_text()
    before = int(shown.group(1))
    assert before == spots.count() > 0  # the panel and the board agree

    # a new activity in a white spot: the figure follows without a reload
    spot = spots.first
    row_id, col_id = spot.get_attribute("data-row"), spot.get_attribute("data-col")
    row_label = page.locator(f'table.matrix th[data-row="{row_id}"] .band-label').inner_text()
    col_label = page.locator(f'table.matrix th[data-col="{col_id}"] .band-label').inner_text()
    spot.locator("button.add").click()
    set_field(page, "name", "Inloopavond analyse-test")
    page.get_by_role("button", name="Aanmaken").click()
    expect(page.locator("dialog.editor[open] #editor-title")).to_have_text("Inloopavond analyse-test")
    close_editor(page)
    expect(line).to_contain_text(f"zijn {before - 1} van de")
    created = next(a for a in demo.snapshot()["objects"]["activity"] if a["name"] == "Inloopavond analyse-test")

    # the cell now has one partner: its row in "Cellen met één partner" marks exactly that card
    fit = panel.locator('.analysis-section[data-key="fit"]')
    table = fit.locator("details.analysis-table", has_text="Cellen met één partner")
    table.locator("summary").click()
    row = table.locator("tr.traceable").filter(has_text=row_label).filter(has_text=col_label)
    row.get_by_role("button").click()
    expect(row.get_by_role("button")).to_have_attribute("aria-pressed", "true")
    traced = page.locator("#matrix .card.traced")
    expect(traced).to_have_count(1)
    expect(traced).to_have_attribute("data-id", created["id"])
    expect(panel.locator(".trace-bar")).to_contain_text("1 activiteit gemarkeerd")

    # a row of many: every card behind the figure is marked
    outcomes = fit.locator("details.analysis-table", has_text="Bijdragen per resultaat")
    outcomes.locator("summary").click()
    first = outcomes.locator("tr.traceable").first
    title = first.locator("button.trace").evaluate("b => b.firstChild.textContent")  # without the sr-only text
    count = int(first.locator("td").nth(1).inner_text())
    first.locator("td").nth(1).click()  # anywhere on the row
    expect(panel.locator(".trace-bar")).to_contain_text(f"'{title}': {count} activiteiten gemarkeerd.")
    ids = set(page.locator("#matrix .card.traced").evaluate_all("cards => cards.map((c) => c.dataset.id)"))
    snapshot = demo.snapshot()["objects"]
    outcome = next(o["id"] for o in snapshot["outcome"] if o["title"] == title)
    assert ids == {a["id"] for a in snapshot["activity"] if outcome in a["outcomes"]} and len(ids) == count

    # another view: the panel follows it at once
    page.locator(".topbar").get_by_label("Matrix").select_option(index=1)
    view_name = page.locator(".matrix-title").inner_text()
    expect(line).to_contain_text(f"In de matrix '{view_name}'")
    page.locator(".topbar").get_by_label("Matrix").select_option(index=0)
    expect(line).to_contain_text("In de matrix 'Preventiematrix'")

    # Escape closes the panel, focus goes back to the toggle, and the marks go
    panel.locator("#analysis-title").focus()
    page.keyboard.press("Escape")
    expect(panel).to_be_hidden()
    expect(page.get_by_role("button", name="Analyse", exact=True)).to_be_focused()
    expect(page.locator("#matrix .card.traced")).to_have_count(0)


def test_the_deck_downloads_with_a_progress_bar_and_axe_passes_with_the_panel_open(
    demo: DemoBoard, people: dict[str, tuple[Any, Any]]
) -> None:
    _context, page = people["cjg"]
    panel = open_analysis(page)
    expect(white_spot_line(panel)).to_be_visible()
    page.evaluate(
        """() => { window.progressSeen = [];
          window.matrixsyncBoard.client.addEventListener("progress", (e) => window.progressSeen.push(e.detail)); }"""
    )
    page.locator("details.downloads > summary").click()
    button = page.get_by_role("button", name=DECK_BUTTON)

    # a failure shows the server's message
    refusal = {"error": "server_error", "message": "Het sjabloon mist de dia-indeling 'Titel'."}
    page.route("**/deck.pptx", lambda route: route.fulfill(status=500, json=refusal))
    button.click()
    expect(page.locator(".notice-error")).to_contain_text("Het sjabloon mist de dia-indeling 'Titel'.")
    expect(button).to_be_enabled()
    page.unroute("**/deck.pptx")

    # the server's progress events travel over the socket, the file over HTTP: which comes first is not
    # fixed, so the file is held back until the events are in, and the bar must have followed them
    def after_the_events(route: Any) -> None:
        response = route.fetch(timeout=60_000)
        wait_for(lambda: any(e["percent"] == 100 for e in page.evaluate("() => window.progressSeen")), "progress")
        route.fulfill(response=response)

    page.route("**/deck.pptx", after_the_events)
    page.evaluate(
        """() => { window.barValues = [];
          new MutationObserver(() => window.barValues.push(Number(document.querySelector(".deck-progress .progress-bar")
            .getAttribute("aria-valuenow")))).observe(document.querySelector(".deck-progress"),
            {attributes: true, subtree: true, attributeFilter: ["aria-valuenow"]}); }"""
    )
    with page.expect_download(timeout=60_000) as info:
        button.click()
    expect(page.locator(".notice-error")).to_have_count(0)  # the old failure went with the new try
    download = info.value
    bar = page.get_by_role("progressbar")
    expect(bar).to_have_attribute("aria-valuenow", "100")
    expect(page.locator(".deck-progress .progress-text")).to_contain_text("Presentatie klaar")
    assert re.fullmatch(r"[\w.-]+\.pptx", download.suggested_filename), download.suggested_filename
    with open(download.path(), "rb") as fh:
        assert fh.read(2) == b"PK"
    seen = page.evaluate("() => window.progressSeen")
    assert {e["task"] for e in seen} == {"deck"} and {e["member"] for e in seen} == {demo.members["cjg"]}
    values = page.evaluate("() => window.barValues")
    assert values == sorted(values) and values[-1] == 100, values
    assert any(0 < v < 100 for v in values), values  # fed by the events, not only set at the end
    page.unroute("**/deck.pptx")

    # axe with the panel open: a wide table and a traced row, the progress bar in the downloads menu
    for title in ("Bijdragen per resultaat", "Partners x resultaten"):
        panel.locator("details.analysis-table", has_text=title).locator("summary").click()
    panel.locator("details.analysis-table", has_text="Bijdragen per resultaat").locator("button.trace").first.click()
    expect(page.locator("#matrix .card.traced").first).to_be_visible()
    page.locator("details.downloads > summary").click()  # the trace click closed it
    expect(bar).to_be_visible()
    violations = axe_violations(page)
    assert violations == [], describe(violations)
    screenshot(page, "board-analysis-and-deck")


def test_a_viewer_sees_everything_and_changes_nothing(demo: DemoBoard, people: dict[str, tuple[Any, Any]]) -> None:
    _context, page = people["viewer"]
    expect(page.locator("button.add")).to_have_count(0)
    expect(page.locator('.card[draggable="true"]')).to_have_count(0)
    open_editor(page, act("a15"))
    expect(page.locator("dialog.editor[open] .editor-note")).to_contain_text("als kijker")
    expect(field_control(page, "reach")).to_have_attribute("readonly", "")
    expect(page.locator("dialog.editor[open] .comment-form")).to_be_hidden()
    expect(page.get_by_role("button", name="Verwijderen")).to_be_hidden()
    close_editor(page)
