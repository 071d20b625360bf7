"""Invite links, members and links for coordinators, the server-side session, CSRF and rate limits."""

from __future__ import annotations

import io
import time
from typing import Any

import pytest
import sqlalchemy as sa

from server.app import create_app
from server.storage.tables import login_links, sessions
from tests.conftest import SECRET, World, build_world


def bearer(world: World, key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {world.tokens[key]}"}


def invite(app: Any, world: World, **body: Any) -> Any:
    body = {"email": "els@voetbal.test", "partner": "jgz", "role": "partner", "name": "Els Jansen", **body}
    return app.test_client().post("/api/workspaces/w/invites", json=body, headers=bearer(world, "coordinator"))


def path_of(url: str) -> str:
    return url.removeprefix("http://localhost")


def test_an_invite_creates_the_member_and_a_session_once(app: Any, world: World) -> None:
    res = invite(app, world)
    assert res.status_code == 201 and res.json["url"].startswith("http://localhost/login/")
    secret = res.json["url"].rsplit("/", 1)[1]
    with world.core.store.engine.connect() as conn:
        stored = conn.execute(sa.select(login_links.c.token_hash, login_links.c.member_id)).all()
    assert secret not in str(stored) and any(r.member_id is None for r in stored)  # only a hash; no member yet
    browser = app.test_client()
    used = browser.get(path_of(res.json["url"]))
    assert used.status_code == 302 and used.headers["Location"].endswith("/w/w")
    assert "Els Jansen" in browser.get("/w/w").get_data(as_text=True)
    els = [m for m in world.core.state("w").live("member") if m.fields["email"] == "els@voetbal.test"]
    assert len(els) == 1 and els[0].fields["partner"] == "p-jgz" and els[0].fields["role"] == "partner"
    # made through the sync core, in the inviter's name, channel invite
    last = world.core.ops_since("w", world.core.state("w").seq - 1)[0]
    assert last["actor"] == world.ids["coordinator"] and last["channel"] == "invite"
    assert app.test_client().get(path_of(res.json["url"])).status_code == 403  # single use


def test_invites_are_checked(app: Any, world: World) -> None:
    assert invite(app, world, email="geen-adres").status_code == 422
    assert invite(app, world, partner="onbekend").status_code == 422
    assert invite(app, world, role="baas").status_code == 422
    assert invite(app, world, name="").status_code == 422
    assert invite(app, world).status_code == 201
    assert app.test_client().get("/login/" + "x" * 300).status_code == 403


def test_an_existing_address_gets_a_new_sign_in_link_instead(app: Any, world: World) -> None:
    op = {"op": "set", "type": "member", "id": world.ids["jgz"], "field": "email", "value": "jan@jgz.test"}
    client = app.test_client()
    body = {"client_id": "admin-1", "mutation_id": 1, "ops": [op]}
    assert (
        client.post("/api/workspaces/w/mutations", json=body, headers=bearer(world, "coordinator")).status_code == 200
    )
    res = invite(app, world, email="JAN@jgz.test")
    assert res.status_code == 409 and "Medewerker JGZ" in res.json["message"]
    link = client.post(f"/api/workspaces/w/members/{world.ids['jgz']}/link", headers=bearer(world, "coordinator"))
    assert link.status_code == 201
    browser = app.test_client()
    assert browser.get(path_of(link.json["url"])).status_code == 302
    assert "Medewerker JGZ" in browser.get("/w/w").get_data(as_text=True)


def test_coordinators_list_and_revoke_links(app: Any, world: World) -> None:
    first = invite(app, world).json
    invite(app, world, email="piet@voetbal.test")
    client = app.test_client()
    listed = client.get("/api/workspaces/w/links", headers=bearer(world, "coordinator")).json["links"]
    assert [(link["email"], link["status"], link["kind"]) for link in listed] == [
        ("piet@voetbal.test", "open", "invite"),
        ("els@voetbal.test", "open", "invite"),
    ]
    gone = client.delete(f"/api/workspaces/w/links/{first['id']}", headers=bearer(world, "coordinator"))
    assert gone.status_code == 200
    assert (
        client.delete(f"/api/workspaces/w/links/{first['id']}", headers=bearer(world, "coordinator")).status_code == 404
    )
    assert app.test_client().get(path_of(first["url"])).status_code == 403
    statuses = [
        link["status"]
        for link in client.get("/api/workspaces/w/links", headers=bearer(world, "coordinator")).json["links"]
    ]
    assert statuses == ["open", "ingetrokken"]


def test_revoking_a_member_ends_their_sessions_sockets_and_links(app: Any, world: World) -> None:
    res = invite(app, world)
    browser = app.test_client()
    browser.get(path_of(res.json["url"]))
    els = next(m.id for m in world.core.state("w").live("member") if m.fields["email"] == "els@voetbal.test")
    open_link = app.test_client().post(f"/api/workspaces/w/members/{els}/link", headers=bearer(world, "coordinator"))
    socketio = app.extensions["socketio"]
    sio = socketio.test_client(app, namespace="/sync", flask_test_client=browser)
    assert sio.is_connected("/sync")
    coordinator = app.test_client()
    members = coordinator.get("/api/workspaces/w/members", headers=bearer(world, "coordinator")).json["members"]
    assert {"Els Jansen", "Coördinator", "Kijker"} <= {m["name"] for m in members}
    revoked = coordinator.post(f"/api/workspaces/w/members/{els}/revoke", headers=bearer(world, "coordinator"))
    assert revoked.status_code == 200 and revoked.json["sessions_ended"] == 1
    assert not sio.is_connected("/sync")
    assert browser.get("/api/workspaces/w").status_code == 401
    assert app.test_client().get(path_of(open_link.json["url"])).status_code == 403
    assert world.core.state("w").objects[els].fields["revoked"] is True
    self_revoke = coordinator.post(
        f"/api/workspaces/w/members/{world.ids['coordinator']}/revoke", headers=bearer(world, "coordinator")
    )
    assert self_revoke.status_code == 422


def test_a_revoked_member_is_restored_with_a_new_link(app: Any, world: World) -> None:
    res = invite(app, world)
    old_session = app.test_client()
    old_session.get(path_of(res.json["url"]))
    els = next(m.id for m in world.core.state("w").live("member") if m.fields["email"] == "els@voetbal.test")
    coordinator = app.test_client()
    auth = bearer(world, "coordinator")
    assert coordinator.post(f"/api/workspaces/w/members/{els}/restore", headers=auth).status_code == 422
    assert coordinator.post(f"/api/workspaces/w/members/{els}/revoke", headers=auth).status_code == 200

    again = invite(app, world)
    assert again.status_code == 409 and "ingetrokken" in again.json["message"] and "herstel" in again.json["message"]
    assert coordinator.post(f"/api/workspaces/w/members/{els}/link", headers=auth).status_code == 422
    restored = coordinator.post(f"/api/workspaces/w/members/{els}/restore", headers=auth)
    assert restored.status_code == 201
    assert world.core.state("w").objects[els].fields["revoked"] is False
    assert old_session.get("/api/workspaces/w").status_code == 401  # the sessions ended at the revoke stay ended
    browser = app.test_client()
    assert browser.get(path_of(restored.json["url"])).status_code == 302
    assert browser.get("/api/workspaces/w").status_code == 200
    assert app.test_client().get(path_of(restored.json["url"])).status_code == 403  # single-use
    history = coordinator.get(f"/api/workspaces/w/history?object={els}", headers=auth).json["history"]
    revoked = [(c["old"], c["new"]) for item in history for c in item["changes"] if c["field"] == "revoked"]
    assert revoked[-2:] == [(False, True), (True, False)]


def test_a_revoked_member_on_another_server_is_refused_at_the_next_change(app: Any, world: World) -> None:
    """The member is revoked behind this process's back (another server, the CLI): the next join or
    mutation on an open connection is refused and the connection closed."""
    socketio = app.extensions["socketio"]
    sio = socketio.test_client(app, namespace="/sync", auth={"token": world.tokens["jgz"]})
    sio.emit("join", {"workspace": "w", "since": None}, namespace="/sync")
    sio.get_received("/sync")
    from server.storage.store import Store
    from server.sync.core import SyncCore
    from server.sync.workspaces import run_system

    elsewhere = SyncCore(Store(world.url))  # another server process on the same database
    op = {"op": "set", "type": "member", "id": world.ids["jgz"], "field": "revoked", "value": True}
    run_system(elsewhere, "w", "elsewhere", 1, [op])
    elsewhere.store.dispose()
    body = {
        "client_id": "c",
        "mutation_id": 1,
        "ops": [{"op": "create", "type": "comment", "id": "c1", "fields": {"target": "a-cjg", "text": "x"}}],
    }
    answer = sio.emit("mutate", body, namespace="/sync", callback=True)
    assert answer["error"]["code"] == "unauthorized"
    deadline = time.monotonic() + 5  # closed once the answer is out, by a task of the server's event loop
    while sio.is_connected("/sync") and time.monotonic() < deadline:
        socketio.sleep(0.02)
    assert not sio.is_connected("/sync")
    assert world.core.state("w").get("c1") is None


def test_a_member_given_another_role_elsewhere_is_judged_by_the_new_role(app: Any, world: World) -> None:
    """A coordinator demoted to viewer by another server process: the open connection's next change is
    refused as a viewer's, without reconnecting."""
    from server.storage.store import Store
    from server.sync.core import SyncCore
    from server.sync.workspaces import run_system

    socketio = app.extensions["socketio"]
    sio = socketio.test_client(app, namespace="/sync", auth={"token": world.tokens["coordinator"]})
    sio.emit("join", {"workspace": "w", "since": None}, namespace="/sync")
    sio.get_received("/sync")
    elsewhere = SyncCore(Store(world.url))
    op = {"op": "set", "type": "member", "id": world.ids["coordinator"], "field": "role", "value": "viewer"}
    run_system(elsewhere, "w", "elsewhere", 1, [op])
    elsewhere.store.dispose()
    body = {
        "client_id": "c",
        "mutation_id": 1,
        "ops": [{"op": "set", "type": "activity", "id": "a-cjg", "field": "reach", "value": 5}],
    }
    answer = sio.emit("mutate", body, namespace="/sync", callback=True)
    assert "reject" in answer and "kijker" in answer["reject"]["reason"].lower()
    assert sio.is_connected("/sync")
    assert world.core.state("w").objects["a-cjg"].fields.get("reach") != 5
    sio.disconnect(namespace="/sync")


def test_sessions_live_in_the_database_and_logout_ends_them(app: Any, world: World) -> None:
    res = invite(app, world)
    browser = app.test_client()
    browser.get(path_of(res.json["url"]))
    cookie = browser.get_cookie("matrixsync_session").value
    with world.core.store.engine.connect() as conn:
        rows = conn.execute(sa.select(sessions.c.id_hash, sessions.c.data)).all()
    assert len(rows) == 1 and cookie not in str(rows) and rows[0].data["csrf"]
    browser.get("/logout")
    with world.core.store.engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(sessions)).scalar_one() == 0


def test_forms_with_the_cookie_need_the_csrf_field(app: Any, world: World) -> None:
    res = invite(app, world)
    browser = app.test_client()
    browser.get(path_of(res.json["url"]))
    with browser.session_transaction() as sess:
        csrf = sess["csrf"]
    # the upload is a form: refused without the token, let through (to the merge) with it
    refused = browser.post(
        "/api/workspaces/w/uploads", data={"file": (io.BytesIO(b"x"), "a.xlsx")}, content_type="multipart/form-data"
    )
    assert refused.status_code == 403 and "ververs de pagina" in refused.json["message"]
    passed = browser.post(
        "/api/workspaces/w/uploads",
        data={"file": (io.BytesIO(b"x"), "a.xlsx"), "csrf": csrf},
        content_type="multipart/form-data",
    )
    assert passed.status_code == 422  # not an Excel file: the merge said so, the CSRF check let it through
    wrong = browser.post("/api/workspaces/w/mutations", json={}, headers={"X-CSRF-Token": csrf + "x"})
    assert wrong.status_code == 403


def test_sign_in_links_are_rate_limited_per_address(db_url: str) -> None:
    app = create_app({"DATABASE_URL": db_url, "SECRET_KEY": SECRET, "TESTING": True, "SIGNIN_RATE_LIMIT": "5/60"})
    try:
        build_world(app.extensions["matrixsync"], db_url)
        client = app.test_client()
        answers = [client.get(f"/login/geraden-{n}").status_code for n in range(7)]
        assert answers == [403] * 5 + [429] * 2
        assert "Te veel pogingen" in client.get("/login/nog-een").get_data(as_text=True)
        other = app.test_client()
        assert (
            other.get("/login/geraden", environ_base={"REMOTE_ADDR": "10.9.8.7"}).status_code == 403
        )  # another address has its own bucket
        # mutations are not limited here (the socket limits them per connection)
        assert all(client.get("/healthz").status_code == 200 for _ in range(10))
    finally:
        app.extensions["matrixsync"].store.dispose()


def test_the_token_bucket_refills() -> None:
    from server.auth.ratelimit import TokenBucket, parse_rate

    now = [0.0]
    bucket = TokenBucket(2, 10.0, clock=lambda: now[0])
    assert [bucket.allow("a"), bucket.allow("a"), bucket.allow("a")] == [True, True, False]
    now[0] = 5.0
    assert bucket.allow("a") and not bucket.allow("a")
    assert parse_rate("20/60") == (20, 60.0)


def test_the_cli_invites_and_links(app: Any, world: World, db_url: str) -> None:
    from click.testing import CliRunner

    from server.commands import cli

    if not db_url.startswith("sqlite"):
        pytest.skip("in-process, the CLI's engine stays open until the process ends (once is enough)")

    runner = CliRunner()
    args = ["--workspace", "w", "--partner", "jgz", "--db", db_url, "--base-url", "http://localhost"]
    made = runner.invoke(cli, ["invite", "--email", "kees@jgz.test", "--name", "Kees", *args])
    assert made.exit_code == 0, made.output
    browser = app.test_client()
    assert browser.get(path_of(made.output.strip())).status_code == 302
    assert "Kees" in browser.get("/w/w").get_data(as_text=True)
    link = runner.invoke(cli, ["link", "--role", "partner", "--name", "Medewerker JGZ", *args])
    assert link.exit_code == 0 and app.test_client().get(path_of(link.output.strip())).status_code == 302


def test_behind_a_proxy_the_limit_counts_the_real_address(db_url: str) -> None:
    settings = {"SIGNIN_RATE_LIMIT": "2/60", "TRUSTED_PROXIES": 1}
    app = create_app({"DATABASE_URL": db_url, "SECRET_KEY": SECRET, "TESTING": True, **settings})
    try:
        client = app.test_client()

        def attempt(client_address: str) -> int:
            # the caller may put anything first; the proxy appends the address it saw
            forwarded = {"X-Forwarded-For": f"1.2.3.4, {client_address}"}
            res = client.get("/login/geraden", headers=forwarded, environ_base={"REMOTE_ADDR": "10.0.0.1"})
            return int(res.status_code)

        assert [attempt("198.51.100.7") for _ in range(3)] == [403, 403, 429]
        assert attempt("198.51.100.8") == 403
    finally:
        app.extensions["matrixsync"].store.dispose()
