"""Getting onto the board with a sign-in link: single use, a safe session cookie, CSRF on state changes."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from server.auth.links import create_link
from tests.conftest import World


def link_for(world: World, key: str, ttl: timedelta = timedelta(days=7)) -> str:
    core = world.core
    return "/login/" + create_link(core.store, core.state("w").workspace_id, world.ids[key], ttl)


def test_a_link_signs_in_once_and_opens_the_board(app: Any, world: World) -> None:
    client = app.test_client()
    assert client.get("/w/w").status_code == 401
    url = link_for(world, "cjg")
    res = client.get(url)
    assert res.status_code == 302 and res.headers["Location"].endswith("/w/w")
    cookie = res.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    page = client.get("/w/w")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert '<html lang="nl">' in text and "Medewerker CJG" in text and "board.js" in text
    # the same link a second time, even in another browser, is refused
    again = app.test_client().get(url)
    assert again.status_code == 403 and "werkt niet" in again.get_data(as_text=True)


def test_expired_and_made_up_links_are_refused(app: Any, world: World) -> None:
    client = app.test_client()
    assert client.get(link_for(world, "cjg", timedelta(seconds=-1))).status_code == 403
    assert client.get("/login/verzonnen").status_code == 403
    assert client.get("/w/w").status_code == 401


def test_the_session_reads_freely_but_writes_only_with_the_csrf_token(app: Any, world: World) -> None:
    client = app.test_client()
    client.get(link_for(world, "cjg"))
    assert client.get("/api/workspaces/w").status_code == 200
    body = {
        "client_id": "board-1",
        "mutation_id": 1,
        "ops": [{"op": "set", "type": "activity", "id": "a-cjg", "field": "reach", "value": 3}],
    }
    refused = client.post("/api/workspaces/w/mutations", json=body)
    assert refused.status_code == 403 and "ververs de pagina" in refused.json["message"]
    with client.session_transaction() as sess:
        csrf = sess["csrf"]
    ok = client.post("/api/workspaces/w/mutations", json=body, headers={"X-CSRF-Token": csrf})
    assert ok.status_code == 200
    client.get("/logout")
    assert client.get("/api/workspaces/w").status_code == 401


def test_a_revoked_member_loses_the_board(app: Any, world: World) -> None:
    client = app.test_client()
    client.get(link_for(world, "jgz"))
    from server.sync.workspaces import run_system

    run_system(
        world.core,
        "w",
        "admin",
        1,
        [{"op": "set", "type": "member", "id": world.ids["jgz"], "field": "revoked", "value": True}],
    )
    assert client.get("/w/w").status_code == 401
    assert client.get("/api/workspaces/w").status_code == 401


def test_the_socket_accepts_the_session_cookie(app: Any, world: World) -> None:
    flask_client = app.test_client()
    flask_client.get(link_for(world, "cjg"))
    socketio = app.extensions["socketio"]
    sio = socketio.test_client(app, namespace="/sync", flask_test_client=flask_client)
    assert sio.is_connected("/sync")
    sio.emit("join", {"workspace": "w", "since": None}, namespace="/sync")
    names = [e["name"] for e in sio.get_received("/sync")]
    assert "snapshot" in names
    sio.disconnect(namespace="/sync")
    anonymous = socketio.test_client(app, namespace="/sync")
    assert not anonymous.is_connected("/sync")
