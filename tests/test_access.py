"""Every REST route and every socket event, called by a coordinator, a partner, a viewer, a member of another
workspace and an anonymous caller: nothing leaks, nothing is writable that should not be.

The expected requirement of each route and event is written here a second time, on purpose: a new route or
event, or a changed requirement in server/auth/access.py, fails this test until someone has looked at it.
"""

from __future__ import annotations

import io
from typing import Any

import pytest

from server.app import create_app
from server.auth import access
from server.auth.tokens import issue_token
from server.sync.workspaces import create_workspace, ensure_member, run_system
from tests.conftest import SECRET, World, build_world

P, M, E, C = access.PUBLIC, access.MEMBER, access.EDITOR, access.COORDINATOR

EXPECTED_ROUTES = {
    "static": P,
    "api.index": P,
    "api.healthz": P,
    "api.snapshot": M,
    "api.objects_of_type": M,
    "api.mutation_log": M,
    "api.post_mutation": M,
    "office.partner_template": E,
    "office.upload": E,
    "office.conflicts": M,
    "office.resolve": C,
    "reports.completed_workbook": M,
    "reports.analysis": M,
    "reports.deck": M,
    "web.login": P,
    "web.logout": P,
    "web.board": M,
    "auth.login": P,
    "auth.callback": P,
    "auth.finish": P,
    "auth.choose": P,
    "auth.invite": C,
    "auth.links": C,
    "auth.revoke_link": C,
    "auth.members": C,
    "auth.revoke_member": C,
    "auth.member_link": C,
    "auth.restore_member": C,
    "auth.history": C,
    # the Office add-ins' pages and manifest (server/transports/addin_http.py declares them); the workspace
    # list checks who is signed in itself
    "addin.manifest": P,
    "addin.pane": P,
    "addin.help_page": P,
    "addin.icon": P,
    "addin.workspaces": P,
}
EXPECTED_EVENTS = {"join": M, "mutate": M, "mutate_batch": M, "presence": M}
# ``on_<name>`` methods of the namespace that are no client events; the guard refuses them to clients
NOT_EVENTS = {"bus": "socket.py: room events from the other server processes, over Redis"}

CALLERS = ("anonymous", "other", "viewer", "partner", "coordinator")
ALLOWED = {
    P: set(CALLERS),
    M: {"viewer", "partner", "coordinator"},
    E: {"partner", "coordinator"},
    C: {"coordinator"},
}
SECRET_TEXT = "Opvoedspreekuur"  # an activity name of workspace w: must not show up in a refusal


def make_app(tmp_path: Any) -> tuple[Any, World]:
    url = f"sqlite:///{tmp_path / 'access.db'}"
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": SECRET, "TESTING": True})
    world = build_world(app.extensions["matrixsync"], url)
    create_workspace(world.core, "ander", "Andere gemeente")
    run_system(
        world.core,
        "ander",
        "setup",
        1,
        [{"op": "create", "type": "partner", "id": "p-x", "fields": {"name": "Gemeente X", "slug": "gemeente"}}],
    )
    other = ensure_member(world.core, "ander", "gemeente", "coordinator", "Regisseur elders")
    world.tokens["other"] = issue_token(SECRET, "ander", other)
    world.tokens["partner"] = world.tokens["cjg"]
    return app, world


def headers(world: World, who: str) -> dict[str, str]:
    return {} if who == "anonymous" else {"Authorization": f"Bearer {world.tokens[who]}"}


def sample_request(endpoint: str, world: World) -> tuple[str, dict[str, Any]]:
    """A URL for the route with workspace w, and a body that would change something if let through."""
    values = {
        "slug": "w",
        "obj_type": "activity",
        "conflict_id": "geen-conflict",
        "member_id": world.ids["jgz"],
        "link_id": 999_999,
        "token": "geraden",
        "filename": "board.css",
        "pane": "excel",
        "size": 32,
    }
    from flask import url_for

    kwargs: dict[str, Any] = {}
    query: dict[str, str] = {}
    if endpoint == "api.post_mutation":
        op = {"op": "set", "type": "activity", "id": "a-cjg", "field": "reach", "value": 7}
        kwargs["json"] = {"client_id": "access-test", "mutation_id": 1, "ops": [op]}
    elif endpoint == "office.upload":
        kwargs["data"] = {"file": (io.BytesIO(b"geen excel"), "a.xlsx")}
        kwargs["content_type"] = "multipart/form-data"
    elif endpoint == "office.resolve":
        kwargs["json"] = {"choice": "live"}
    elif endpoint == "auth.invite":
        kwargs["json"] = {"email": "nieuw@test.test", "partner": "cjg", "role": "partner"}
    elif endpoint == "office.partner_template":
        query["partner"] = "cjg"
    elif endpoint == "auth.history":
        query["object"] = "a-cjg"
    with_args = {k: v for k, v in values.items()}
    app = world.app  # type: ignore[attr-defined]
    with app.test_request_context():
        rule = next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint)
        url = url_for(endpoint, **{k: with_args[k] for k in rule.arguments}, **query)
    return url, kwargs


def count_links(world: World) -> int:
    with world.core.store.engine.connect() as conn:
        return len(conn.exec_driver_sql("SELECT id FROM login_links").all())


def routes(app: Any) -> list[tuple[str, str]]:
    out = []
    for rule in app.url_map.iter_rules():
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            out.append((rule.endpoint, method))
    return out


@pytest.fixture
def setup(tmp_path: Any) -> Any:
    app, world = make_app(tmp_path)
    world.app = app  # type: ignore[attr-defined]
    yield app, world
    app.extensions["matrixsync"].store.dispose()


def test_every_route_has_a_declared_requirement(setup: Any) -> None:
    app, _world = setup
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert endpoints - set(access.ROUTES) == set(), "routes without a requirement in server/auth/access.py"
    assert set(access.ROUTES) - endpoints == set(), "requirements for routes that do not exist"
    assert endpoints - set(EXPECTED_ROUTES) == set(), "routes this test does not know yet"
    assert {e: access.ROUTES[e].need for e in endpoints} == {e: EXPECTED_ROUTES[e] for e in endpoints}


def test_every_socket_event_has_a_declared_requirement(setup: Any) -> None:
    app, _world = setup
    namespace = app.extensions["matrixsync.sync_namespace"]
    events = {name[3:] for name in dir(namespace) if name.startswith("on_")} - {"connect", "disconnect"}
    decorated = set(app.extensions["socketio"].server.handlers.get("/sync", {})) - {"connect", "disconnect"}
    assert decorated == set(), "handlers registered outside the namespace class are not guarded"
    undeclared = events - set(access.EVENTS) - set(NOT_EVENTS)
    assert undeclared == set(), "socket events without a requirement in server/auth/access.py"
    assert {e: r.need for e, r in access.EVENTS.items()} == EXPECTED_EVENTS


def _route_cases() -> list[str]:
    return sorted(EXPECTED_ROUTES)


@pytest.mark.parametrize("endpoint", _route_cases())
def test_each_route_for_each_caller(setup: Any, endpoint: str) -> None:
    app, world = setup
    need = EXPECTED_ROUTES[endpoint]
    methods = [m for e, m in routes(app) if e == endpoint]
    assert methods, f"{endpoint} is expected but the app has no such route"
    rule = access.ROUTES[endpoint]
    for who in CALLERS:  # the coordinator last: an allowed write must not spoil the refusals before it
        for method in methods:
            url, kwargs = sample_request(endpoint, world)
            seq = world.core.state("w").seq
            links = count_links(world)
            res = app.test_client().open(url, method=method, headers=headers(world, who), **kwargs)
            body = res.get_data().decode("utf-8", "replace")
            res.close()
            where = f"{method} {url} as {who}: {res.status_code} {body[:200]}"
            assert res.status_code < 500, where
            if who in ALLOWED[need]:
                if need != P:
                    assert res.status_code not in (401, 403), where
                continue
            expected = 401 if who == "anonymous" else 403 if who == "other" else rule.status
            assert res.status_code == expected, where
            assert SECRET_TEXT not in body, where
            assert world.core.state("w").seq == seq, f"{where}: the refused request changed the workspace"
            assert count_links(world) == links, f"{where}: the refused request made a link"


def test_member_routes_let_members_read(setup: Any) -> None:
    app, world = setup
    for who in ("viewer", "partner", "coordinator"):
        res = app.test_client().get("/api/workspaces/w", headers=headers(world, who))
        assert res.status_code == 200 and SECRET_TEXT in res.get_data(as_text=True)


# --- socket events ----------------------------------------------------------------------------------------


def connect(app: Any, world: World, who: str) -> Any:
    auth = None if who == "anonymous" else {"token": world.tokens[who]}
    return app.extensions["socketio"].test_client(app, namespace="/sync", auth=auth)


def test_anonymous_callers_cannot_connect(setup: Any) -> None:
    app, world = setup
    assert not connect(app, world, "anonymous").is_connected("/sync")
    bad = app.extensions["socketio"].test_client(app, namespace="/sync", auth={"token": "rommel"})
    assert not bad.is_connected("/sync")


def test_join_for_each_caller(setup: Any) -> None:
    app, world = setup
    for who in ("other", "viewer", "partner", "coordinator"):
        sio = connect(app, world, who)
        answer = sio.emit("join", {"workspace": "w", "since": None}, namespace="/sync", callback=True)
        received = sio.get_received("/sync")
        if who == "other":
            assert answer["error"]["code"] == "forbidden"
            assert SECRET_TEXT not in str(received)
        else:
            assert answer == {"seq": world.core.state("w").seq}
            assert SECRET_TEXT in str(received)
        sio.disconnect(namespace="/sync")


def test_mutate_for_each_caller(setup: Any) -> None:
    app, world = setup
    op = {"op": "set", "type": "activity", "id": "a-cjg", "field": "reach", "value": 11}
    outcomes = {}
    for n, who in enumerate(("other", "viewer", "partner", "coordinator"), 1):
        sio = connect(app, world, who)
        seq = world.core.state("w").seq
        answer = sio.emit(
            "mutate", {"client_id": f"c-{who}", "mutation_id": n, "ops": [op]}, namespace="/sync", callback=True
        )
        outcomes[who] = (next(iter(answer)), world.core.state("w").seq > seq)
        sio.disconnect(namespace="/sync")
    assert outcomes == {
        "other": ("reject", False),  # applied to its own workspace, where a-cjg does not exist
        "viewer": ("reject", False),
        "partner": ("ack", True),
        "coordinator": ("ack", True),
    }


def test_mutate_batch_for_each_caller(setup: Any) -> None:
    app, world = setup
    ops = [{"op": "set", "type": "activity", "id": "a-cjg", "field": "reach", "value": v} for v in (21, 22)]
    outcomes = {}
    for who in ("other", "viewer", "partner", "coordinator"):
        sio = connect(app, world, who)
        seq = world.core.state("w").seq
        batch = [{"client_id": f"b-{who}", "mutation_id": k, "ops": [op]} for k, op in enumerate(ops, 1)]
        answer = sio.emit("mutate_batch", {"mutations": batch}, namespace="/sync", callback=True)
        outcomes[who] = ([next(iter(r)) for r in answer["results"]], world.core.state("w").seq - seq)
        sio.disconnect(namespace="/sync")
    assert outcomes == {
        "other": (["reject", "reject"], 0),
        "viewer": (["reject", "reject"], 0),
        "partner": (["ack", "ack"], 2),
        "coordinator": (["ack", "ack"], 2),
    }


def test_presence_stays_in_the_workspace(setup: Any) -> None:
    app, world = setup
    here = connect(app, world, "viewer")
    here.emit("join", {"workspace": "w", "since": None}, namespace="/sync")
    here.get_received("/sync")
    elsewhere = connect(app, world, "other")
    elsewhere.emit("join", {"workspace": "ander", "since": None}, namespace="/sync")
    elsewhere.emit("presence", {"card": "a-cjg"}, namespace="/sync")
    assert [e for e in here.get_received("/sync") if e["name"] == "presence"] == []
    partner = connect(app, world, "partner")
    partner.emit("join", {"workspace": "w", "since": None}, namespace="/sync")
    partner.emit("presence", {"card": "a-cjg"}, namespace="/sync")
    seen = [e for e in here.get_received("/sync") if e["name"] == "presence"]
    assert any(entry.get("card") == "a-cjg" for e in seen for entry in e["args"][0]["entries"])
    for sio in (here, elsewhere, partner):
        sio.disconnect(namespace="/sync")


def test_an_event_without_a_requirement_is_refused(setup: Any) -> None:
    app, world = setup
    namespace = app.extensions["matrixsync.sync_namespace"]
    namespace.on_secret = lambda data=None: {"leak": SECRET_TEXT}  # a handler someone forgot to declare
    sio = connect(app, world, "coordinator")
    answer = sio.emit("secret", {}, namespace="/sync", callback=True)
    assert answer["error"]["code"] == "forbidden" and SECRET_TEXT not in str(answer)
    sio.disconnect(namespace="/sync")


@pytest.mark.parametrize("event", sorted(NOT_EVENTS))
def test_internal_handlers_are_refused_to_clients(setup: Any, event: str) -> None:
    app, world = setup
    watcher = connect(app, world, "viewer")
    watcher.emit("join", {"workspace": "w", "since": None}, namespace="/sync")
    watcher.get_received("/sync")
    sio = connect(app, world, "coordinator")
    forged = {"seq": 999, "ops": [], "actor": "x"}
    answer = sio.emit(event, "other-host", "ops", "w", forged, namespace="/sync", callback=True)
    assert answer["error"]["code"] == "forbidden"
    assert [e for e in watcher.get_received("/sync") if e["name"] == "ops"] == []
    for client in (sio, watcher):
        client.disconnect(namespace="/sync")


def test_a_route_without_a_requirement_is_refused(tmp_path: Any) -> None:
    app, world = make_app(tmp_path)
    try:
        app.add_url_rule("/api/workspaces/<slug>/geheim", "geheim", lambda slug: {"leak": SECRET_TEXT})
        res = app.test_client().get("/api/workspaces/w/geheim", headers=headers(world, "coordinator"))
        assert res.status_code == 403 and SECRET_TEXT not in res.get_data(as_text=True)
    finally:
        app.extensions["matrixsync"].store.dispose()
