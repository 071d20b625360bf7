"""REST routes of what the server generates from the live state: the analysis, the completed workbook and
the deck."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Flask, Response, current_app, request

from ..analysis import analyse
from ..domain.mutation import Principal
from ..office.deck import build_deck, deck_filename, latest_meeting
from ..office.xlsx_workbook import build_workbook, workbook_filename
from ..sync.core import SyncCore
from .http import ApiError, caller, sync_core
from .office_http import XLSX, download

bp = Blueprint("reports", __name__)
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"


def _since() -> int | None:
    raw = request.args.get("since")
    if raw is None or raw == "":
        return None
    if not raw.isdigit():
        raise ApiError(400, "bad_request", "Parameter 'since' moet een volgnummer (geheel getal) zijn.")
    return int(raw)


def run_analysis(core: SyncCore, who: Principal, matrix_id: str | None, since: int | None) -> Any:
    """The analysis for a view, with the changes since ``since`` read from the log."""
    changes = core.ops_since(who.workspace, since) if since is not None else None
    with core.locked(who.workspace):
        state = core.state(who.workspace)
        try:
            return analyse(state, matrix_id, since, changes)
        except KeyError:
            raise ApiError(404, "not_found", "Deze matrix bestaat niet in de werkruimte.") from None


@bp.get("/api/workspaces/<slug>/preventiematrix.xlsx")
def completed_workbook(slug: str) -> Response:
    who = caller(slug)
    core = sync_core()
    sections = run_analysis(core, who, None, None).sections()
    with core.locked(slug):
        data = build_workbook(core.state(slug), sections)
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
        socketio.sleep(0)  # building never yields on its own: let gevent send the event now, not after the file

    meeting = latest_meeting(core.state(slug))
    since = int(meeting.fields["seq"]) if meeting is not None else None
    changes = core.ops_since(slug, since) if since is not None else None
    with core.locked(slug):
        data = build_deck(core.state(slug), since=since, changes=changes, progress=progress)
    return download(data, deck_filename(slug), PPTX)


@bp.get("/api/workspaces/<slug>/analysis")
def analysis(slug: str) -> Any:
    who = caller(slug)
    return run_analysis(sync_core(), who, request.args.get("matrix") or None, _since()).as_dict()


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
