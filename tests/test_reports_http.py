"""What the server generates, through the REST API: the analysis (and later the workbook and the deck)."""

from __future__ import annotations

from typing import Any

import pytest

from server.auth.tokens import issue_token
from server.demo import load_demo
from server.sync.workspaces import ensure_member
from tests.conftest import SECRET


@pytest.fixture
def viewer(app: Any) -> Any:
    core = app.extensions["matrixsync"]
    load_demo(core)
    member = ensure_member(core, "demo", "politie", "viewer")
    client = app.test_client()
    client.environ_base["HTTP_AUTHORIZATION"] = "Bearer " + issue_token(SECRET, "demo", member)
    return client


def test_the_analysis_answers_the_six_questions_for_any_member(viewer: Any) -> None:
    res = viewer.get("/api/workspaces/demo/analysis")
    assert res.status_code == 200
    body = res.json
    keys = [s["key"] for s in body["sections"]]
    assert keys[:6] == ["fit", "duplicates", "diversity", "coherence", "prevention", "contribution"]
    fit = next(s for s in body["sections"] if s["key"] == "fit")
    assert any("witte vlekken" in line for line in fit["lines"])
    assert body["seq"] > 0


def test_changes_since_a_meeting_and_another_view(viewer: Any) -> None:
    snap = viewer.get("/api/workspaces/demo").json
    meeting = snap["objects"]["meeting"][0]
    res = viewer.get(f"/api/workspaces/demo/analysis?since={meeting['seq']}")
    changed = res.json["changes"]["changed"]
    after = [a["name"] for a in snap["objects"]["activity"] if a["_seq"] > meeting["seq"]]
    assert [c["name"] for c in changed] == after and len(after) == 1
    view = next(m for m in snap["objects"]["matrix"] if m["name"] == "Activiteiten (3B)")
    assert viewer.get(f"/api/workspaces/demo/analysis?matrix={view['id']}").json["matrix_name"] == "Activiteiten (3B)"


def test_bad_analysis_requests(viewer: Any) -> None:
    assert viewer.get("/api/workspaces/demo/analysis?matrix=nope").status_code == 404
    res = viewer.get("/api/workspaces/demo/analysis?since=gisteren")
    assert res.status_code == 400 and "volgnummer" in res.json["message"]
    assert viewer.get("/api/workspaces/demo/analysis", headers={"Authorization": ""}).status_code == 401


def test_the_completed_workbook_downloads_for_any_member(viewer: Any) -> None:
    import io

    import openpyxl

    res = viewer.get("/api/workspaces/demo/preventiematrix.xlsx")
    assert res.status_code == 200
    assert "attachment" in res.headers["Content-Disposition"] and ".xlsx" in res.headers["Content-Disposition"]
    wb = openpyxl.load_workbook(io.BytesIO(res.data))
    assert wb.sheetnames[:2] == ["Overzicht", "Preventiematrix"] and "Analyse" in wb.sheetnames
    snap = viewer.get("/api/workspaces/demo").json
    table_rows = wb["Activiteiten"].max_row - 1
    assert table_rows == len(snap["objects"]["activity"])


def test_the_deck_downloads_and_reports_progress_to_the_room(app: Any, viewer: Any) -> None:
    import io

    from pptx import Presentation

    socketio = app.extensions["socketio"]
    listener = socketio.test_client(app, namespace="/sync", flask_test_client=viewer)
    listener.emit("join", {"workspace": "demo", "since": None}, namespace="/sync")
    res = viewer.get("/api/workspaces/demo/deck.pptx")
    assert res.status_code == 200 and ".pptx" in res.headers["Content-Disposition"]
    deck = Presentation(io.BytesIO(res.data))
    assert len(deck.slides) >= 10
    progress = [e["args"][0] for e in listener.get_received("/sync") if e["name"] == "progress"]
    assert progress and progress[-1]["percent"] == 100 and progress[0]["task"] == "deck"
    listener.disconnect(namespace="/sync")
