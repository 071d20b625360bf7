"""Microsoft sign-in and Entra tokens against the local identity provider (tests/idp.py): msal runs its real
code, the server checks every token itself."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jwt
import pytest

from server.app import create_app
from server.auth.tokens import issue_token
from server.sync.workspaces import create_workspace, ensure_member, run_system
from tests.conftest import SECRET, World, build_world
from tests.idp import (
    CLIENT_ID,
    CLIENT_SECRET,
    HOST,
    OTHER_TENANT,
    TENANT,
    FakeEntra,
    SigningKey,
    User,
    form_post,
    query,
)


@pytest.fixture
def idp() -> FakeEntra:
    return FakeEntra()


def ms_app(db_url: str, idp: FakeEntra, **settings: Any) -> Any:
    config = {
        "DATABASE_URL": db_url,
        "SECRET_KEY": SECRET,
        "TESTING": True,
        "MS_TENANT_ID": TENANT,
        "MS_CLIENT_ID": CLIENT_ID,
        "MS_CLIENT_SECRET": CLIENT_SECRET,
        "MS_AUTHORITY": HOST,
        "MS_HTTP_CLIENT": idp.session(),
        **settings,
    }
    return create_app(config)


@pytest.fixture
def ms(sqlite_url: str, idp: FakeEntra) -> Any:
    app = ms_app(sqlite_url, idp)
    yield app
    app.extensions["matrixsync"].store.dispose()


def with_email(world: World, key: str, email: str) -> None:
    member = world.ids[key]
    op = {"op": "set", "type": "member", "id": member, "field": "email", "value": email}
    run_system(world.core, "w", f"email-{key}", 1, [op])


@pytest.fixture
def anna(ms: Any, idp: FakeEntra) -> tuple[World, User]:
    """The world, with the coordinator known by e-mail as Anna of the municipality's tenant."""
    world = build_world(ms.extensions["matrixsync"], "")
    with_email(world, "coordinator", "Anna@Gemeente.test")
    return world, idp.add_user("anna@gemeente.test", "Anna de Vries")


def at_microsoft(client: Any, idp: FakeEntra, login: str) -> tuple[str, dict[str, str]]:
    """Our login page -> Microsoft's authorize page, where the person signs in: the form it posts back."""
    start = client.get(f"/auth/login?login_hint={login}")
    assert start.status_code == 302, start.get_data(as_text=True)
    at_idp = idp.session().get(start.headers["Location"], allow_redirects=False)
    assert at_idp.status_code == 200, at_idp.text
    return form_post(at_idp.text)


def sign_in(client: Any, idp: FakeEntra, login: str) -> Any:
    """The whole browser sign-in; the answer of its last step (normally a redirect to the board)."""
    action, fields = at_microsoft(client, idp, login)
    posted = client.post(action, data=fields)
    if posted.status_code != 303:
        return posted
    return client.get(posted.headers["Location"])


def test_a_browser_signs_in_with_microsoft_end_to_end(db_url: str, idp: FakeEntra) -> None:
    app = ms_app(db_url, idp)
    try:
        world = build_world(app.extensions["matrixsync"], db_url)
        with_email(world, "coordinator", "anna@gemeente.test")
        idp.add_user("anna@gemeente.test", "Anna de Vries")
        client = app.test_client()
        start = client.get("/auth/login?login_hint=anna@gemeente.test")
        authorize = start.headers["Location"]
        params = query(authorize)
        # what msal asked Microsoft for: PKCE with S256, a state and a nonce, our callback
        assert authorize.startswith(f"{HOST}/{TENANT}/oauth2/v2.0/authorize?")
        assert params["code_challenge_method"] == "S256" and len(params["code_challenge"]) >= 43
        assert params["state"] and params["nonce"] and params["redirect_uri"] == "http://localhost/auth/callback"
        assert "openid" in params["scope"].split() and params["response_mode"] == "form_post"
        action, fields = form_post(idp.session().get(authorize, allow_redirects=False).text)
        assert action == "http://localhost/auth/callback" and set(fields) == {"code", "state"}
        posted = client.post(action, data=fields)
        assert posted.status_code == 303 and "code=" not in posted.headers["Location"]
        done = client.get(posted.headers["Location"])
        assert done.status_code == 302 and done.headers["Location"].endswith("/w/w")
        cookie = done.headers["Set-Cookie"]
        assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
        board = client.get("/w/w")
        assert board.status_code == 200 and "Coördinator" in board.get_data(as_text=True)
        assert client.get("/api/workspaces/w").status_code == 200
        # msal fetched the discovery document; the server fetched the keys to check the ID token
        assert f"GET /{TENANT}/v2.0/.well-known/openid-configuration" in idp.requests
        assert f"GET /{TENANT}/discovery/v2.0/keys" in idp.requests
        assert f"POST /{TENANT}/oauth2/v2.0/token" in idp.requests
    finally:
        app.extensions["matrixsync"].store.dispose()


def test_the_cookie_is_only_a_random_id_and_the_session_rotates(
    ms: Any, anna: tuple[World, User], idp: FakeEntra
) -> None:
    client = ms.test_client()
    client.get("/auth/login?login_hint=anna@gemeente.test")  # a session exists before the sign-in
    before = client.get_cookie("matrixsync_session").value
    sign_in(client, idp, "anna@gemeente.test")
    after = client.get_cookie("matrixsync_session").value
    assert after != before and "." not in after and len(after) >= 40  # no signed data, a new id
    # the id from before the sign-in is worth nothing now
    planted = ms.test_client()
    planted.set_cookie("matrixsync_session", before)
    assert planted.get("/api/workspaces/w").status_code == 401


def test_the_identity_is_remembered_after_the_first_match(ms: Any, anna: tuple[World, User], idp: FakeEntra) -> None:
    world, user = anna
    assert sign_in(ms.test_client(), idp, user.login).status_code == 302
    # the address on the member changes: the same person (tenant + object id) is still that member
    with_email_again = {"op": "set", "type": "member", "id": world.ids["coordinator"], "field": "email", "value": ""}
    run_system(world.core, "w", "email-again", 1, [with_email_again])
    client = ms.test_client()
    assert sign_in(client, idp, user.login).headers["Location"].endswith("/w/w")
    members = client.get("/api/workspaces/w/members").json["members"]
    assert [m["microsoft"] for m in members if m["id"] == world.ids["coordinator"]] == [True]
    # someone else signing in with that old address later is not that member
    idp.add_user("anna2@gemeente.test", "Andere Anna", email="anna@gemeente.test", email_verified_domain=True)
    page = sign_in(ms.test_client(), idp, "anna2@gemeente.test")
    assert page.status_code == 403


def test_an_unknown_email_gets_a_dutch_refusal(ms: Any, anna: tuple[World, User], idp: FakeEntra) -> None:
    idp.add_user("piet@elders.test", "Piet")
    page = sign_in(ms.test_client(), idp, "piet@elders.test")
    text = page.get_data(as_text=True)
    assert page.status_code == 403 and "piet@elders.test" in text and "bij geen enkele werkruimte bekend" in text
    assert '<html lang="nl">' in text


def test_an_unverified_email_claim_does_not_match(ms: Any, anna: tuple[World, User], idp: FakeEntra) -> None:
    idp.add_user("x@elders.test", "X", email="anna@gemeente.test")  # no xms_edov: anyone can set this
    assert sign_in(ms.test_client(), idp, "x@elders.test").status_code == 403


def test_a_replayed_state_is_refused(ms: Any, anna: tuple[World, User], idp: FakeEntra) -> None:
    client = ms.test_client()
    action, fields = at_microsoft(client, idp, "anna@gemeente.test")
    first = client.post(action, data=fields)
    assert first.status_code == 303
    again = client.post(action, data=fields)
    assert again.status_code == 400 and "verlopen of al gebruikt" in again.get_data(as_text=True)
    assert client.get(first.headers["Location"]).status_code == 302  # the first one still signs in
    assert client.get(first.headers["Location"]).status_code == 400  # once


def test_a_sign_in_passed_on_to_another_browser_is_refused(ms: Any, anna: tuple[World, User], idp: FakeEntra) -> None:
    """Login CSRF: someone signs in with their own account and lets a victim's browser finish it."""
    attacker, victim = ms.test_client(), ms.test_client()
    action, fields = at_microsoft(attacker, idp, "anna@gemeente.test")
    posted = victim.post(action, data=fields)
    assert posted.status_code == 303  # the callback itself cannot tell (no Lax cookie on a cross-site POST)
    refused = victim.get(posted.headers["Location"])
    assert refused.status_code == 400 and victim.get("/api/workspaces/w").status_code == 401


def test_a_made_up_state_is_refused(ms: Any, anna: tuple[World, User], idp: FakeEntra) -> None:
    client = ms.test_client()
    action, fields = at_microsoft(client, idp, "anna@gemeente.test")
    assert client.post(action, data={**fields, "state": "verzonnen"}).status_code == 400
    assert client.post(action, data={}).status_code == 400
    assert client.get("/auth/klaar?h=verzonnen").status_code == 400


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"aud": "some-other-app"}, "niet voor matrixsync bedoeld"),
        ({"exp": 1_000_000_000, "iat": 999_999_000, "nbf": 999_999_000}, "verlopen"),
        ({"tid": OTHER_TENANT, "iss": f"{HOST}/{OTHER_TENANT}/v2.0"}, "tenant"),
        ({"iss": "https://evil.test/v2.0"}, "uitgever"),
        ({"key": SigningKey("key-1-forged")}, "Ongeldig"),
        ({"nonce": "not-the-nonce"}, "nonce"),
    ],
    ids=["wrong-audience", "expired", "tenant-not-allowed", "wrong-issuer", "forged-signature", "wrong-nonce"],
)
def test_a_bad_id_token_ends_the_sign_in(
    ms: Any, anna: tuple[World, User], idp: FakeEntra, changes: dict[str, Any], words: str
) -> None:
    if "key" in changes:  # a key the tenant never published, under the published key's id
        changes["key"].kid = "key-1"
    idp.id_token_changes = changes
    client = ms.test_client()
    page = sign_in(client, idp, "anna@gemeente.test")
    assert page.status_code == 403 and words in page.get_data(as_text=True)
    assert client.get("/api/workspaces/w").status_code == 401


# --- bearer tokens of the add-ins ---------------------------------------------------------------------------


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_an_addin_token_works_on_rest_and_its_changes_say_addin(
    ms: Any, anna: tuple[World, User], idp: FakeEntra
) -> None:
    world, user = anna
    client = ms.test_client()
    token = idp.access_token(user)
    assert client.get("/api/workspaces/w", headers=bearer(token)).status_code == 200
    body = {
        "client_id": "excel-1",
        "mutation_id": 1,
        "ops": [{"op": "set", "type": "activity", "id": "a-cjg", "field": "reach", "value": 40}],
    }
    assert client.post("/api/workspaces/w/mutations", json=body, headers=bearer(token)).status_code == 200
    last = world.core.ops_since("w", world.core.state("w").seq - 1)[0]
    assert last["channel"] == "addin" and last["actor"] == world.ids["coordinator"]
    # a v2 token with the client id as audience is accepted as well
    assert client.get("/api/workspaces/w", headers=bearer(idp.access_token(user, aud=CLIENT_ID))).status_code == 200
    # another workspace: the token is valid, the person is no member there
    create_workspace(world.core, "ander", "Andere gemeente")
    res = client.get("/api/workspaces/ander", headers=bearer(token))
    assert res.status_code == 403 and "geen toegang" in res.json["message"]


def _forge(token: str) -> str:
    header, payload, signature = token.split(".")
    claims = jwt.decode(token, options={"verify_signature": False})
    claims["oid"] = "someone-else"
    import base64
    import json

    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    return f"{header}.{forged}.{signature}"


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (lambda idp, u: idp.access_token(u, aud="api://another-app"), "niet voor matrixsync bedoeld"),
        (lambda idp, u: idp.access_token(u, exp=1_000_000_000, iat=999_999_000, nbf=999_999_000), "verlopen"),
        (
            lambda idp, u: idp.access_token(u, tid=OTHER_TENANT, iss=f"{HOST}/{OTHER_TENANT}/v2.0"),
            "tenant",
        ),
        (lambda idp, u: _forge(idp.access_token(u)), "Ongeldig"),
        (lambda idp, u: idp.access_token(u, key=SigningKey("unknown-key")), "onbekende sleutel"),
        (lambda idp, u: idp.access_token(u, scp="User.Read"), "scope"),
        (lambda idp, u: idp.access_token(u, tid=None), "Ongeldig"),
    ],
    ids=["wrong-audience", "expired", "tenant-not-allowed", "tampered", "unknown-key", "no-scope", "no-tenant"],
)
def test_bad_addin_tokens_are_refused_on_rest(
    ms: Any, anna: tuple[World, User], idp: FakeEntra, make: Any, words: str
) -> None:
    _world, user = anna
    res = ms.test_client().get("/api/workspaces/w", headers=bearer(make(idp, user)))
    assert res.status_code == 401 and words in res.json["message"], res.json


def test_an_id_token_is_no_access_token(ms: Any, anna: tuple[World, User], idp: FakeEntra) -> None:
    _world, user = anna
    id_token = idp.sign({**idp.base_claims(user, CLIENT_ID), "nonce": "x"})
    res = ms.test_client().get("/api/workspaces/w", headers=bearer(id_token))
    assert res.status_code == 401 and "scope" in res.json["message"]


def test_a_tenant_on_the_allow_list_is_let_in(sqlite_url: str, idp: FakeEntra) -> None:
    app = ms_app(sqlite_url, idp, MS_TENANT_ID="organizations", MS_ALLOWED_TENANTS=f"{TENANT},{OTHER_TENANT}")
    try:
        world = build_world(app.extensions["matrixsync"], sqlite_url)
        with_email(world, "jgz", "jan@jgz.test")
        jan = idp.add_user("jan@jgz.test", "Jan", tid=OTHER_TENANT)
        res = app.test_client().get("/api/workspaces/w", headers=bearer(idp.access_token(jan)))
        assert res.status_code == 200
        assert sign_in(app.test_client(), idp, "jan@jgz.test").headers["Location"].endswith("/w/w")
    finally:
        app.extensions["matrixsync"].store.dispose()


def test_the_keys_are_cached_and_fetched_again_for_a_new_key(ms: Any, anna: tuple[World, User], idp: FakeEntra) -> None:
    _world, user = anna
    client = ms.test_client()
    for _ in range(3):
        assert client.get("/api/workspaces/w", headers=bearer(idp.access_token(user))).status_code == 200
    fetches = [r for r in idp.requests if r.endswith("/keys")]
    assert len(fetches) == 1
    # Microsoft rolls its keys: a token with the new key makes the server fetch them again (not too often)
    entra = ms.extensions["matrixsync.entra"]
    entra._jwks.fetched -= 3600
    rolled = SigningKey("key-2")
    idp.published.append(rolled)
    assert client.get("/api/workspaces/w", headers=bearer(idp.access_token(user, key=rolled))).status_code == 200
    assert len([r for r in idp.requests if r.endswith("/keys")]) == 2


def test_an_addin_token_on_the_socket(ms: Any, anna: tuple[World, User], idp: FakeEntra) -> None:
    world, user = anna
    socketio = ms.extensions["socketio"]
    token = idp.access_token(user)
    sio = socketio.test_client(ms, namespace="/sync", auth={"token": token})
    assert sio.is_connected("/sync")
    sio.emit("join", {"workspace": "w", "since": None}, namespace="/sync")
    assert "snapshot" in [e["name"] for e in sio.get_received("/sync")]
    sio.disconnect(namespace="/sync")
    # a person in two workspaces names the one to connect to
    create_workspace(world.core, "ander", "Andere gemeente")
    run_system(
        world.core,
        "ander",
        "setup",
        1,
        [{"op": "create", "type": "partner", "id": "p-x", "fields": {"name": "Gemeente X", "slug": "gemeente"}}],
    )
    other = ensure_member(world.core, "ander", "gemeente", "coordinator", "Anna")
    run_system(
        world.core,
        "ander",
        "setup",
        2,
        [{"op": "set", "type": "member", "id": other, "field": "email", "value": user.login}],
    )
    unsure = socketio.test_client(ms, namespace="/sync", auth={"token": token})
    assert not unsure.is_connected("/sync")
    chosen = socketio.test_client(ms, namespace="/sync", auth={"token": token, "workspace": "ander"})
    assert chosen.is_connected("/sync")
    chosen.emit("join", {"workspace": "ander", "since": None}, namespace="/sync")
    assert "snapshot" in [e["name"] for e in chosen.get_received("/sync")]
    chosen.disconnect(namespace="/sync")
    bad = socketio.test_client(ms, namespace="/sync", auth={"token": idp.access_token(user, aud="x")})
    assert not bad.is_connected("/sync")


def test_local_tokens_still_work_next_to_microsoft(ms: Any, anna: tuple[World, User]) -> None:
    world, _user = anna
    client = ms.test_client()
    assert client.get("/api/workspaces/w", headers=bearer(world.tokens["cjg"])).status_code == 200
    forged = issue_token("another-secret-" + "y" * 40, "w", world.ids["cjg"])
    assert client.get("/api/workspaces/w", headers=bearer(forged)).status_code == 401


def test_a_person_in_several_workspaces_picks_one(ms: Any, anna: tuple[World, User], idp: FakeEntra) -> None:
    world, user = anna
    create_workspace(world.core, "ander", "Andere gemeente")
    run_system(
        world.core,
        "ander",
        "setup",
        1,
        [{"op": "create", "type": "partner", "id": "p-x", "fields": {"name": "Gemeente X", "slug": "gemeente"}}],
    )
    other = ensure_member(world.core, "ander", "gemeente", "viewer", "Anna (kijker)")
    run_system(
        world.core,
        "ander",
        "setup",
        2,
        [{"op": "set", "type": "member", "id": other, "field": "email", "value": user.login}],
    )
    client = ms.test_client()
    done = sign_in(client, idp, user.login)
    assert done.headers["Location"].endswith("/auth/kies")
    choice = client.get("/auth/kies").get_data(as_text=True)
    assert "Gemeente Test 2027" in choice and "Andere gemeente" in choice
    assert "Anna (kijker)" in client.get("/w/ander").get_data(as_text=True)
    assert "Coördinator" in client.get("/w/w").get_data(as_text=True)
    # the board's socket follows the board page last opened
    sio = ms.extensions["socketio"].test_client(ms, namespace="/sync", flask_test_client=client)
    sio.emit("join", {"workspace": "w", "since": None}, namespace="/sync")
    assert "snapshot" in [e["name"] for e in sio.get_received("/sync")]
    sio.disconnect(namespace="/sync")


def test_no_microsoft_configured_means_local_mode(app: Any, world: World) -> None:
    res = app.test_client().get("/auth/login")
    assert res.status_code == 404 and "niet gekoppeld aan Microsoft" in res.get_data(as_text=True)
    assert app.extensions["matrixsync.entra"] is None


def test_half_a_configuration_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="alle drie"):
        create_app({"DATABASE_URL": f"sqlite:///{tmp_path / 'x.db'}", "SECRET_KEY": SECRET, "MS_TENANT_ID": TENANT})
