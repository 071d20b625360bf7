"""REST routes of what the server generates from the live state: the analysis, the completed workbook and
the deck."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Flask, Response, current_app, request

from ..analysis import analyse
from ..domain.mutation import Principal
from ..domain.state import WorkspaceState
from ..office.deck import build_deck, deck_filename, latest_meeting
from ..office.xlsx_workbook import build_workbook, workbook_filename
from ..sync.core import SyncCore
from .http import ApiError, caller, sync_core
from .office_http import XLSX, download
from .offload import run_heavy

bp = Blueprint("reports", __name__)
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"


def _since() -> int | None:
    raw = request.args.get("since")
    if raw is None or raw == "":
        return None
    if not raw.isdigit():
        raise ApiError(400, "bad_request", "Parameter 'since' moet een volgnummer (geheel getal) zijn.")
    return int(raw)


def current(core: SyncCore, slug: str) -> WorkspaceState:
    """The workspace as it is now, to build from outside its lock (writes go on meanwhile)."""
    with core.locked(slug):
        return core.state(slug).copy()


def changes_until(core: SyncCore, state: WorkspaceState, since: int | None) -> list[dict[str, Any]] | None:
    """The log after ``since`` up to the state's seq (what was written after the copy is not in it)."""
    if since is None:
        return None
    return [event for event in core.ops_since(state.slug, since) if event["seq"] <= state.seq]


def run_analysis(core: SyncCore, who: Principal, matrix_id: str | None, since: int | None) -> Any:
    """The analysis for a view, with the changes since ``since`` read from the log, made off the event loop."""
    state = current(core, who.workspace)
    changes = changes_until(core, state, since)
    try:
        return run_heavy(lambda _report: analyse(state, matrix_id, since, changes))
    except KeyError:
        raise ApiError(404, "not_found", "Deze matrix bestaat niet in de werkruimte.") from None


@bp.get("/api/workspaces/<slug>/preventiematrix.xlsx")
def completed_workbook(slug: str) -> Response:
    caller(slug)
    state = current(sync_core(), slug)
    data = run_heavy(lambda _report: build_workbook(state, analyse(state).sections()))
    return download(data, workbook_filename(slug), XLSX)


@bp.get("/api/workspaces/<slug>/deck.pptx")
def deck(slug: str) -> Response:
    """The deck for the bestuurlijk overleg; progress goes to the room so the board can show a bar."""
    who = caller(slug)
    core = sync_core()
    socketio = current_app.extensions["socketio"]

    def progress(percent: int, message: str) -> None:
        event = {"task": "deck", "member": who.member_id, "percent": percent, "message": message}
        socketio.emit("progress", event, to=slug, namespace="/sync")

    state = current(core, slug)
    meeting = latest_meeting(state)
    since = int(meeting.fields["seq"]) if meeting is not None else None
    changes = changes_until(core, state, since)
    data = run_heavy(lambda report: build_deck(state, since=since, changes=changes, progress=report), progress)
    return download(data, deck_filename(slug), PPTX)


@bp.get("/api/workspaces/<slug>/analysis")
def analysis(slug: str) -> Any:
    who = caller(slug)
    return run_analysis(sync_core(), who, request.args.get("matrix") or None, _since()).as_dict()


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
