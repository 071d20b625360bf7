"""The REST API through Flask's test client, on SQLite and PostgreSQL: what a script or add-in sees."""

from __future__ import annotations

from typing import Any

import pytest

from server.auth.tokens import issue_token
from tests.conftest import SECRET, World


def bearer(world: World, key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {world.tokens[key]}"}


def test_health_and_index_need_no_token(app: Any) -> None:
    client = app.test_client()
    assert client.get("/healthz").json == {"status": "ok"}
    assert "matrixsync draait" in client.get("/").get_data(as_text=True)


def test_snapshot_objects_and_log(app: Any, world: World) -> None:
    client = app.test_client()
    snap = client.get("/api/workspaces/w", headers=bearer(world, "viewer")).json
    assert snap["workspace"] == "w" and snap["seq"] == world.core.state("w").seq
    assert [a["name"] for a in snap["objects"]["activity"]] == ["Opvoedspreekuur"]
    partners = client.get("/api/workspaces/w/objects/partner", headers=bearer(world, "cjg")).json
    assert sorted(p["slug"] for p in partners["objects"]) == ["cjg", "gemeente", "jgz"]
    log = client.get("/api/workspaces/w/mutations?since=0&limit=2", headers=bearer(world, "cjg")).json
    assert [m["seq"] for m in log["mutations"]] == [1, 2]


def test_post_a_mutation_then_replay_it(app: Any, world: World) -> None:
    client = app.test_client()
    body = {
        "client_id": "script-1",
        "mutation_id": 1,
        "ops": [{"op": "set", "type": "activity", "id": "a-cjg", "field": "reach", "value": 250}],
    }
    first = client.post("/api/workspaces/w/mutations", json=body, headers=bearer(world, "cjg"))
    assert first.status_code == 200 and first.json["replay"] is False
    again = client.post("/api/workspaces/w/mutations", json=body, headers=bearer(world, "cjg"))
    assert again.json == {"ack": first.json["ack"], "replay": True}
    snap = client.get("/api/workspaces/w", headers=bearer(world, "cjg")).json
    assert snap["objects"]["activity"][0]["reach"] == 250


def test_a_refused_mutation_is_422_with_reason_and_current_values(app: Any, world: World) -> None:
    client = app.test_client()
    body = {
        "client_id": "script-2",
        "mutation_id": 1,
        "ops": [{"op": "set", "type": "activity", "id": "a-cjg", "field": "reach", "value": 1}],
    }
    res = client.post("/api/workspaces/w/mutations", json=body, headers=bearer(world, "jgz"))
    assert res.status_code == 422
    assert res.json["message"].endswith("U kunt alleen de activiteiten van uw eigen organisatie wijzigen.")
    assert res.json["reject"]["current"]["a-cjg"]["reach"] is None


@pytest.mark.parametrize(
    ("method", "path", "kwargs", "status", "words"),
    [
        ("get", "/api/workspaces/w", {}, 401, "toegangsbewijs"),
        ("get", "/api/workspaces/w", {"headers": {"Authorization": "Bearer rommel"}}, 401, "Ongeldig"),
        ("get", "/api/workspaces/other", {"auth": "cjg"}, 403, "geen toegang"),
        ("get", "/api/workspaces/w/objects/secrets", {"auth": "cjg"}, 404, "Onbekend soort"),
        ("get", "/api/workspaces/w/mutations?since=abc", {"auth": "cjg"}, 400, "geheel getal"),
        ("get", "/api/workspaces/w/mutations?limit=0", {"auth": "cjg"}, 400, "tussen"),
        ("post", "/api/workspaces/w/mutations", {"auth": "cjg", "data": "{niet json"}, 400, "JSON"),
        ("post", "/api/workspaces/w/mutations", {"auth": "cjg", "json": [1, 2]}, 422, "object"),
        ("delete", "/api/workspaces/w", {"auth": "cjg"}, 405, "niet toegestaan"),
        ("get", "/bestaat-niet", {}, 404, "Niet gevonden"),
    ],
)
def test_bad_requests_get_json_errors_in_dutch(
    app: Any, world: World, method: str, path: str, kwargs: dict[str, Any], status: int, words: str
) -> None:
    seq = world.core.state("w").seq
    kwargs = dict(kwargs)
    if "auth" in kwargs:
        kwargs["headers"] = bearer(world, kwargs.pop("auth"))
    res = getattr(app.test_client(), method)(path, **kwargs)
    assert res.status_code == status
    assert words in res.json["message"]
    assert world.core.state("w").seq == seq


def test_a_token_for_a_revoked_or_unknown_member_is_refused(app: Any, world: World) -> None:
    client = app.test_client()
    ghost = issue_token(SECRET, "w", "no-such-member")
    assert client.get("/api/workspaces/w", headers={"Authorization": f"Bearer {ghost}"}).status_code == 401
    revoke = {
        "client_id": "admin",
        "mutation_id": 1,
        "ops": [{"op": "set", "type": "member", "id": world.ids["jgz"], "field": "revoked", "value": True}],
    }
    assert (
        client.post("/api/workspaces/w/mutations", json=revoke, headers=bearer(world, "coordinator")).status_code == 200
    )
    res = client.get("/api/workspaces/w", headers=bearer(world, "jgz"))
    assert res.status_code == 401 and "niet langer" in res.json["message"]


def test_expired_and_foreign_tokens_are_refused(app: Any, world: World) -> None:
    client = app.test_client()
    expired = issue_token(SECRET, "w", world.ids["cjg"], ttl_seconds=-10)
    res = client.get("/api/workspaces/w", headers={"Authorization": f"Bearer {expired}"})
    assert res.status_code == 401 and "verlopen" in res.json["message"]
    foreign = issue_token("another-secret-" + "y" * 40, "w", world.ids["cjg"])
    assert client.get("/api/workspaces/w", headers={"Authorization": f"Bearer {foreign}"}).status_code == 401


def test_oversize_request_is_refused(app: Any, world: World) -> None:
    body = "x" * (17 * 1024 * 1024)
    res = app.test_client().post(
        "/api/workspaces/w/mutations",
        data=body,
        headers={**bearer(world, "cjg"), "Content-Type": "application/json"},
    )
    assert res.status_code == 413 and "te groot" in res.json["message"]
