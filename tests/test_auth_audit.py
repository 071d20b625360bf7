"""The audit history over REST: an object's changes with old and new values, the workspace's log in pages."""

from __future__ import annotations

from typing import Any

from tests.conftest import World


def bearer(world: World, key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {world.tokens[key]}"}


def mutate(app: Any, world: World, key: str, client_id: str, *ops: dict[str, Any]) -> None:
    body = {"client_id": client_id, "mutation_id": 1, "ops": list(ops)}
    res = app.test_client().post("/api/workspaces/w/mutations", json=body, headers=bearer(world, key))
    assert res.status_code == 200, res.json


def test_the_history_of_an_activity(app: Any, world: World) -> None:
    set_reach = {"op": "set", "type": "activity", "id": "a-cjg", "field": "reach"}
    mutate(app, world, "cjg", "cjg-1", {**set_reach, "value": 100})
    mutate(app, world, "coordinator", "coord-1", {**set_reach, "value": 120})
    mutate(app, world, "coordinator", "coord-2", {"op": "delete", "type": "activity", "id": "a-cjg"})
    mutate(app, world, "coordinator", "coord-3", {"op": "restore", "type": "activity", "id": "a-cjg"})
    socketio = app.extensions["socketio"]
    sio = socketio.test_client(app, namespace="/sync", auth={"token": world.tokens["cjg"]})
    sio.emit(
        "mutate", {"client_id": "board-1", "mutation_id": 1, "ops": [{**set_reach, "value": 90}]}, namespace="/sync"
    )
    sio.disconnect(namespace="/sync")

    res = app.test_client().get("/api/workspaces/w/history?object=a-cjg", headers=bearer(world, "coordinator"))
    assert res.status_code == 200
    items = res.json["history"]
    assert res.json["label"] == "Opvoedspreekuur" and res.json["type"] == "activity"
    assert [(i["op"], i["actor"]["name"], i["channel"]) for i in items] == [
        ("create", "matrixsync (systeem)", "cli"),
        ("set", "Medewerker CJG", "rest"),
        ("set", "Coördinator", "rest"),
        ("delete", "Coördinator", "rest"),
        ("restore", "Coördinator", "rest"),
        ("set", "Medewerker CJG", "socket"),
    ]
    reach = [(c["old"], c["new"]) for i in items if i["op"] == "set" for c in i["changes"]]
    assert reach == [(None, 100), (100, 120), (120, 90)]
    assert items[1]["changes"][0]["label"] == "bereik (aantal per jaar)"
    assert items[1]["actor"]["partner_name"] == "CJG Test" and items[1]["channel_label"] == "API"
    assert all(i["at"] for i in items)


def test_the_workspace_history_in_pages(app: Any, world: World) -> None:
    client = app.test_client()
    seq = world.core.state("w").seq
    first = client.get("/api/workspaces/w/history?limit=2", headers=bearer(world, "coordinator")).json
    assert [i["seq"] for i in first["history"]] == [seq, seq - 1]
    assert first["next_before"] == seq - 1
    second = client.get(
        f"/api/workspaces/w/history?limit=2&before={first['next_before']}", headers=bearer(world, "coordinator")
    ).json
    assert [i["seq"] for i in second["history"]] == [seq - 2, seq - 3]
    ops = [op for i in first["history"] + second["history"] for op in i["ops"]]
    assert any(op["type_label"] == "lid" and op["label"] == "Kijker" for op in ops)
    everything = client.get("/api/workspaces/w/history?limit=500", headers=bearer(world, "coordinator")).json
    assert everything["next_before"] is None and everything["history"][-1]["seq"] == 1


def test_history_is_for_coordinators(app: Any, world: World) -> None:
    client = app.test_client()
    for key in ("cjg", "viewer"):
        res = client.get("/api/workspaces/w/history?object=a-cjg", headers=bearer(world, key))
        assert res.status_code == 403 and "regisseur" in res.json["message"]
    assert client.get("/api/workspaces/w/history?object=nope", headers=bearer(world, "coordinator")).status_code == 404
    assert client.get("/api/workspaces/w/history?limit=0", headers=bearer(world, "coordinator")).status_code == 400
