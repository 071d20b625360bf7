"""The coordinator's screens on the live board, end to end: a real server process over the demo workspace and
Debian's Chromium driven by Playwright (the approach of test_board_e2e.py, with the helpers of browser.py).

- "Deelnemers": an invite link made in the panel is opened in another browser, which lands on the board as the
  new member; the coordinator sees the member appear and revokes them, and that browser is signed out; restored,
  they are back with a new link.
- Open links can be revoked; a revoked link no longer signs anyone in.
- A partner has no such panel (and no card history); the server refuses them too, and a refusal by the server
  is shown in Dutch on the board of someone who was a coordinator when the page loaded.
- "Geschiedenis" of a card shows another person's edit with old and new values.
- axe-core finds no violations with the panel, the confirmation and the history open.

Screenshots go to tests/artifacts/admin-*.png (git-ignored).
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
import requests

from server.auth.links import create_link
from server.sync.workspaces import stable_id
from tests.browser import (
    VIEWPORT,
    WAIT_S,
    DemoBoard,
    axe_violations,
    build_board,
    close_editor,
    describe,
    launch_chromium,
    open_board,
    open_editor,
    require_chromium,
    screenshot,
    start_demo,
    wait_for,
    wait_ready,
)

playwright_api = pytest.importorskip("playwright.sync_api")
expect = playwright_api.expect
expect.set_options(timeout=WAIT_S * 1000)

pytestmark = pytest.mark.timeout(180)

CJG_NAME = "Centrum voor Jeugd en Gezin Voorbeeld"


def act(key: str) -> str:
    return stable_id("demo", "activity", key)


def partner(slug: str) -> str:
    return stable_id("demo", "partner", slug)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoBoard]:
    require_chromium()
    build_board()
    board = start_demo(tmp_path_factory.mktemp("admin"))
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


@pytest.fixture
def contexts(browser: Any) -> Iterator[list[Any]]:
    """Extra browser contexts a test opens itself (a link opened in another browser); closed afterwards."""
    made: list[Any] = []
    yield made
    for context in made:
        context.close()


def new_context(browser: Any, contexts: list[Any]) -> tuple[Any, Any]:
    context = browser.new_context(viewport=VIEWPORT, locale="nl-NL")
    context.set_default_timeout(WAIT_S * 1000)
    contexts.append(context)
    return context, context.new_page()


def open_members(page: Any) -> Any:
    """Open the Deelnemers panel with its toggle; it has loaded the members and the open links."""
    toggle = page.get_by_role("button", name="Deelnemers", exact=True)
    toggle.click()
    dialog = page.get_by_role("dialog", name="Deelnemers")
    expect(dialog).to_be_visible()
    expect(dialog.locator("#members-title")).to_be_focused()
    expect(dialog).to_have_attribute("data-state", "ok")
    return dialog


def invite(dialog: Any, partner_name: str, role: str, name: str, email: str) -> str:
    """Fill in and send the invite form; the link shown once."""
    dialog.get_by_label("Partner", exact=True).select_option(label=partner_name)
    dialog.get_by_label("Rol").select_option(role)
    dialog.get_by_label("Naam").fill(name)
    dialog.get_by_label("E-mailadres").fill(email)
    dialog.get_by_role("button", name="Uitnodigingslink maken").click()
    link = dialog.get_by_label("Link (eenmalig te gebruiken)")
    expect(link).to_be_focused()
    expect(link).to_have_value(re.compile(r"^http://127\.0\.0\.1:\d+/login/[\w-]{20,}$"))
    return str(link.input_value())


def member_row(dialog: Any, name: str) -> Any:
    return dialog.locator("tr[data-member]", has=dialog.page.locator("th", has_text=name))


def link_row(dialog: Any, name: str) -> Any:
    return dialog.locator("tr[data-link]", has=dialog.page.locator("th", has_text=name))


def rest(demo: DemoBoard, method: str, path: str, body: Any = None) -> requests.Response:
    return requests.request(
        method,
        f"{demo.url}/api/workspaces/demo{path}",
        json=body,
        headers={"Authorization": f"Bearer {demo.token('coordinator')}"},
        timeout=10,
    )


# --- invite, join, revoke -----------------------------------------------------------------------------------


def test_an_invited_partner_joins_and_is_revoked(
    demo: DemoBoard, browser: Any, people: dict[str, tuple[Any, Any]], contexts: list[Any]
) -> None:
    coord_ctx, coord = people["coordinator"]
    coord_ctx.grant_permissions(["clipboard-read", "clipboard-write"], origin=demo.url)
    dialog = open_members(coord)
    me = dialog.locator(f'tr[data-member="{demo.members["coordinator"]}"]')
    expect(me).to_contain_text("Actief (u)")
    expect(me.get_by_role("button")).to_have_count(0)  # not oneself

    # the form is checked before it is sent: the error is next to the field, which gets the focus
    dialog.get_by_role("button", name="Uitnodigingslink maken").click()
    expect(dialog.get_by_label("Partner", exact=True)).to_be_focused()
    expect(dialog.get_by_label("Partner", exact=True)).to_have_attribute("aria-invalid", "true")
    expect(dialog.locator(".field-error", has_text="Kies de partner.")).to_be_visible()

    url = invite(dialog, CJG_NAME, "partner", "Sanne de Wit", "sanne.dewit@cjg.example")
    result = dialog.locator(".link-result")
    expect(result).to_contain_text("Uitnodigingslink voor Sanne de Wit (Centrum voor Jeugd en Gezin Voorbeeld)")
    expect(result).to_contain_text("nog 7 dagen")
    dialog.get_by_role("button", name="Link kopiëren").click()
    expect(result.get_by_role("status")).to_have_text("Gekopieerd.")
    assert coord.evaluate("() => navigator.clipboard.readText()") == url
    expect(link_row(dialog, "Sanne de Wit")).to_contain_text("Uitnodiging")
    expect(link_row(dialog, "Sanne de Wit")).to_contain_text("partner")
    screenshot(coord, "admin-deelnemers-invite")

    # another browser opens the link: on the board as the new member, a partner of the CJG
    _ctx, sanne = new_context(browser, contexts)
    sanne.goto(url)
    wait_ready(sanne)
    expect(sanne.locator(".me-name")).to_have_text("Sanne de Wit")
    expect(sanne.locator(".me-role")).to_have_text(" (partner)")
    expect(sanne.get_by_role("button", name="Deelnemers", exact=True)).to_have_count(0)

    # the coordinator sees her appear (live, with the panel open), and her invite is no longer open
    row = member_row(dialog, "Sanne de Wit")
    expect(row).to_contain_text(CJG_NAME)
    expect(row).to_contain_text("sanne.dewit@cjg.example")
    expect(row.locator(".member-status")).to_contain_text("nu op het bord")
    expect(link_row(dialog, "Sanne de Wit")).to_have_count(0)
    created = next(m for m in demo.api("/members")["members"] if m["name"] == "Sanne de Wit")
    assert created["partner"] == partner("cjg") and created["role"] == "partner" and not created["revoked"]

    # revoking asks first; Escape keeps her, and the focus goes back to the button
    revoke = row.get_by_role("button", name="Toegang intrekken van Sanne de Wit")
    revoke.click()
    confirm = coord.get_by_role("alertdialog", name="Toegang van Sanne de Wit intrekken?")
    expect(confirm).to_be_visible()
    expect(confirm.get_by_role("button", name="Annuleren")).to_be_focused()
    coord.keyboard.press("Escape")
    expect(confirm).to_be_hidden()
    expect(revoke).to_be_focused()
    expect(dialog).to_be_visible()

    revoke.press("Enter")
    expect(confirm).to_be_visible()
    violations = axe_violations(coord)
    assert violations == [], describe(violations)
    screenshot(coord, "admin-revoke-confirm")
    confirm.get_by_role("button", name="Toegang intrekken").click()
    expect(confirm).to_be_hidden()
    expect(row.locator(".member-status")).to_have_text("Ingetrokken")
    expect(row.get_by_role("button")).to_have_count(1)  # only: restore
    expect(dialog.locator("#member-list-title")).to_be_focused()
    assert next(m for m in demo.api("/members")["members"] if m["id"] == created["id"])["revoked"] is True

    # her browser loses the board: signed out, in Dutch, and the server refuses her cookie
    expect(sanne.locator("body")).to_have_attribute("data-access", "signed-out")
    heading = sanne.get_by_role("heading", name="U bent afgemeld")
    expect(heading).to_be_focused()
    expect(sanne.locator(".signed-out")).to_contain_text("de regisseur heeft uw toegang ingetrokken")
    expect(sanne.locator("table.matrix")).to_have_count(0)
    assert sanne.request.get(f"{demo.url}/api/workspaces/demo/objects/matrix").status == 401
    violations = axe_violations(sanne)
    assert violations == [], describe(violations)
    screenshot(sanne, "admin-signed-out")

    # a mistake: the coordinator restores her, and she is back on the board with the new link (shown once)
    row.get_by_role("button", name="Toegang herstellen van Sanne de Wit").click()
    expect(result).to_contain_text("Toegang hersteld: inloglink voor Sanne de Wit")
    again = dialog.locator("#link-result-url").input_value()
    assert again.startswith(demo.url) and again != url
    expect(row.locator(".member-status")).not_to_have_text("Ingetrokken")
    expect(row.get_by_role("button", name="Toegang intrekken van Sanne de Wit")).to_be_visible()
    assert next(m for m in demo.api("/members")["members"] if m["id"] == created["id"])["revoked"] is False
    sanne.goto(again)
    wait_ready(sanne)
    expect(sanne.locator(".me-name")).to_have_text("Sanne de Wit")
    expect(row.locator(".member-status")).to_contain_text("nu op het bord")

    # Escape closes the panel; the focus goes back to its button
    coord.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(coord.get_by_role("button", name="Deelnemers", exact=True)).to_be_focused()


def test_an_open_link_is_revoked_and_no_longer_works(
    demo: DemoBoard, browser: Any, people: dict[str, tuple[Any, Any]], contexts: list[Any]
) -> None:
    _ctx, coord = people["coordinator"]
    dialog = open_members(coord)
    url = invite(dialog, "GGD Regio Voorbeeld, Jeugdgezondheidszorg", "viewer", "Piet Jansen", "piet@ggd.example")
    row = link_row(dialog, "Piet Jansen")
    expect(row).to_contain_text("kijker")
    expect(row).to_contain_text("nog 7 dagen")

    # closing the panel drops the link: it is shown once
    dialog.get_by_role("button", name="Sluiten", exact=True).click()
    dialog = open_members(coord)
    expect(dialog.locator(".link-result")).to_be_hidden()
    expect(dialog.get_by_label("Link (eenmalig te gebruiken)")).to_have_value("")

    row = link_row(dialog, "Piet Jansen")
    row.get_by_role("button", name="Uitnodiging voor Piet Jansen intrekken").click()
    expect(row).to_have_count(0)
    expect(dialog.locator("#links-title")).to_be_focused()
    links = rest(demo, "GET", "/links").json()["links"]
    assert next(link for link in links if link["name"] == "Piet Jansen")["status"] == "ingetrokken"

    _other, page = new_context(browser, contexts)
    res = page.goto(url)
    assert res is not None and res.status == 403
    expect(page.get_by_role("heading", name="Deze link werkt niet (meer)")).to_be_visible()

    # a new sign-in link for an existing member, shown once like an invite
    marloes = dialog.locator(f'tr[data-member="{demo.members["jgz"]}"]')
    marloes.get_by_role("button", name=re.compile("^Nieuwe inloglink voor Marloes Jansen")).click()
    expect(dialog.locator(".link-result")).to_contain_text("Nieuwe inloglink voor Marloes Jansen")
    expect(dialog.get_by_label("Link (eenmalig te gebruiken)")).to_be_focused()
    expect(link_row(dialog, "Marloes Jansen")).to_contain_text("Inloglink")
    dialog.get_by_role("button", name="Sluiten", exact=True).click()


# --- who may --------------------------------------------------------------------------------------------------


def test_a_partner_has_no_deelnemers_panel_and_no_card_history(
    demo: DemoBoard, people: dict[str, tuple[Any, Any]]
) -> None:
    _ctx, page = people["cjg"]
    expect(page.get_by_role("button", name="Analyse", exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="Deelnemers", exact=True)).to_have_count(0)
    expect(page.locator("#members-dialog")).to_have_count(0)
    open_editor(page, act("a16"))  # the CJG's own card
    expect(page.get_by_role("button", name="Geschiedenis")).to_have_count(0)
    close_editor(page)

    # the server refuses them anyway, in Dutch (with the session cookie and the CSRF token)
    res = page.request.get(f"{demo.url}/api/workspaces/demo/members")
    assert res.status == 403 and res.json()["message"] == "Alleen de regisseur (gemeente) kan dit."
    csrf = page.evaluate("() => window.matrixsyncBoard.app.config.csrf")
    res = page.request.post(
        f"{demo.url}/api/workspaces/demo/invites",
        data={"email": "x@y.example", "partner": "cjg", "role": "coordinator"},
        headers={"X-CSRF-Token": csrf},
    )
    assert res.status == 403 and res.json()["message"] == "Alleen de regisseur (gemeente) kan dit."


def test_a_refusal_by_the_server_is_shown_in_dutch(
    demo: DemoBoard, browser: Any, people: dict[str, tuple[Any, Any]], contexts: list[Any]
) -> None:
    """A second coordinator loads the board; meanwhile the first makes them a partner. The page still has the
    panel, but the server refuses: the form shows the server's message."""
    kees = str(uuid.uuid4())
    fields = {"name": "Kees Mulder", "partner": partner("gemeente"), "role": "coordinator", "email": "kees@gem.example"}
    mutation = {
        "client_id": "e2e-admin",
        "mutation_id": 1,
        "ops": [{"op": "create", "type": "member", "id": kees, "fields": fields}],
    }
    assert rest(demo, "POST", "/mutations", mutation).status_code == 200
    _ctx, page = new_context(browser, contexts)
    page.goto(f"{demo.url}/login/{create_link(demo.store, demo.workspace_id, kees)}")
    wait_ready(page)
    dialog = open_members(page)

    demote = {
        "client_id": "e2e-admin",
        "mutation_id": 2,
        "ops": [{"op": "set", "type": "member", "id": kees, "field": "role", "value": "partner"}],
    }
    assert rest(demo, "POST", "/mutations", demote).status_code == 200
    invite_error = dialog.locator("#invite-error")
    dialog.get_by_label("Partner", exact=True).select_option(label=CJG_NAME)
    dialog.get_by_label("E-mailadres").fill("iemand@cjg.example")
    dialog.get_by_role("button", name="Uitnodigingslink maken").click()
    expect(invite_error).to_have_text("Niet gelukt: Alleen de regisseur (gemeente) kan dit.")
    expect(dialog.locator(".link-result")).to_be_hidden()
    expect(page.locator("body")).not_to_have_attribute("data-access", "signed-out")  # still a member
    # the lists reload when a member changes: refused too, and what they showed is gone
    expect(dialog.locator(".form-error", has_text="De deelnemers konden niet worden geladen")).to_contain_text(
        "Alleen de regisseur (gemeente) kan dit."
    )
    expect(dialog.locator("tr[data-member]")).to_have_count(0)
    screenshot(page, "admin-refused")
    assert not [link for link in rest(demo, "GET", "/links").json()["links"] if link["email"] == "iemand@cjg.example"]


# --- history of a card ----------------------------------------------------------------------------------------


def test_card_history_shows_another_users_edit_with_old_and_new_value(
    demo: DemoBoard, people: dict[str, tuple[Any, Any]]
) -> None:
    _c, coord = people["coordinator"]
    _p, cjg = people["cjg"]
    target = act("a16")  # Opvoedinformatie online (CJG), reach 5200, status bestaand
    before = demo.activity(target)
    editor = open_editor(coord, target)
    button = editor.get_by_role("button", name="Geschiedenis")
    expect(button).to_have_attribute("aria-expanded", "false")
    button.click()
    expect(button).to_have_attribute("aria-expanded", "true")
    history = editor.locator("section.history")
    expect(history.get_by_role("heading", name="Geschiedenis")).to_be_focused()
    expect(history).to_have_attribute("data-state", "ok")
    created = history.locator('.history-entry[data-op="create"]')
    expect(created).to_have_count(1)
    expect(created).to_contain_text("Aangemaakt met")

    # Ruud of the CJG changes the reach and the status on his own board
    open_editor(cjg, target)
    reach = cjg.locator('dialog.editor[open] .field[data-field="reach"] input')
    reach.fill(str(before["reach"] + 121))
    reach.press("Tab")
    cjg.locator('dialog.editor[open] .field[data-field="status"] select').select_option("uitbreiden")
    wait_for(lambda: demo.activity(target)["status"] == "uitbreiden", "the CJG's edits on the server")
    close_editor(cjg)

    # the open history follows: newest first, who, channel, and old -> new with Dutch labels and numbers
    first = history.locator(".history-entry").first
    status = first.locator('.history-change[data-field="status"]')
    expect(status).to_have_text("Status: van bestaand → naar uitbreiden")  # the arrow is hidden from readers
    expect(status.locator(".change-old")).to_have_text("bestaand")
    expect(status.locator(".change-new")).to_have_text("uitbreiden")
    expect(first.locator(".history-who")).to_have_text(f"Ruud Bakker ({CJG_NAME})")
    expect(first.locator(".history-channel")).to_have_text("het bord")
    expect(first.locator("time")).to_contain_text("vandaag om")
    change = history.locator('.history-change[data-field="reach"]').first
    expect(change.locator(".change-label")).to_have_text("Bereik (aantal per jaar): ")
    expect(change.locator(".change-old")).to_have_text(f"{before['reach']:,}".replace(",", "."))
    expect(change.locator(".change-new")).to_have_text(f"{before['reach'] + 121:,}".replace(",", "."))
    expect(history.locator(".history-status")).to_contain_text("wijzigingen, de nieuwste bovenaan")

    # the values a creation filled in, opened with the keyboard
    created.locator("summary").focus()
    coord.keyboard.press("Enter")
    expect(created.locator('.history-change[data-field="partner"]')).to_have_count(0)  # creation: no old values
    expect(created).to_contain_text(f"Partner (eigenaar): {CJG_NAME}")
    violations = axe_violations(coord)
    assert violations == [], describe(violations)
    screenshot(coord, "admin-card-history")
    close_editor(coord)


# --- accessibility --------------------------------------------------------------------------------------------


FOCUSED_JS = "() => { const el = document.activeElement; return el.name || el.getAttribute('aria-label') || el.textContent.trim(); }"


def test_axe_finds_no_violations_in_the_deelnemers_panel(demo: DemoBoard, people: dict[str, tuple[Any, Any]]) -> None:
    _ctx, page = people["coordinator"]
    dialog = open_members(page)
    expect(dialog.locator("tr[data-member]").first).to_be_visible()
    violations = axe_violations(page)
    assert violations == [], describe(violations)

    # with errors in the form, and with a link shown
    dialog.get_by_label("E-mailadres").fill("geen adres")
    dialog.get_by_role("button", name="Uitnodigingslink maken").click()
    expect(dialog.locator(".field-error", has_text="Dit is geen geldig e-mailadres.")).to_be_visible()
    violations = axe_violations(page)
    assert violations == [], describe(violations)
    invite(dialog, CJG_NAME, "viewer", "Fatima El Amrani", "fatima@cjg.example")
    violations = axe_violations(page)
    assert violations == [], describe(violations)

    # the whole panel works with the keyboard: Tab reaches the form, the link, the lists and Sluiten
    reached = set()
    for _ in range(60):
        page.keyboard.press("Tab")
        reached.add(page.evaluate(FOCUSED_JS))
    assert {"Link kopiëren", "Uitnodiging voor Fatima El Amrani intrekken", "Sluiten", "partner", "email"} <= reached, (
        reached
    )
    screenshot(page, "admin-deelnemers")
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
