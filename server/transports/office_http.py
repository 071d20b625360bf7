"""REST routes of the Excel round trip: the partner template, uploads, and resolving conflicts."""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

from flask import Blueprint, Flask, Response, current_app, request

from ..office.excel_roundtrip import RoundTripError, UploadReport, export_template, merge_workbook
from ..office.xlsx_read import Limits, ParsedUpload, UploadError
from ..sync.workspaces import WorkspaceError
from .http import ApiError, caller, sync_core
from .offload import run_heavy

bp = Blueprint("office", __name__)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def download(data: bytes, filename: str, mimetype: str) -> Response:
    response = Response(data, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/api/workspaces/<slug>/partner-template.xlsx")
def partner_template(slug: str) -> Response:
    who = caller(slug)
    partner = request.args.get("partner") or None
    try:
        data, filename = export_template(sync_core(), who, partner, current_app.config["SECRET_KEY"])
    except (RoundTripError, WorkspaceError) as exc:
        raise ApiError(403 if isinstance(exc, RoundTripError) else 404, "refused", str(exc)) from None
    return download(data, filename, XLSX)


def upload_limits() -> Limits:
    return Limits(max_bytes=current_app.config["UPLOAD_MAX_BYTES"], max_rows=current_app.config["UPLOAD_MAX_ROWS"])


def off_loop_parse(parse: Callable[[], ParsedUpload]) -> ParsedUpload:
    """Read an upload off the event loop (reading 2,000 rows takes a third of a second of CPU): in the one worker
    of :mod:`.offload`, so uploads are read one at a time (the reader changes the process-wide warning filters
    while it reads)."""
    return run_heavy(lambda _report: parse())


@bp.post("/api/workspaces/<slug>/uploads")
def upload(slug: str) -> Any:
    who = caller(slug)
    file = request.files.get("file")
    if file is None:
        raise ApiError(400, "bad_request", "Stuur het Excel-bestand mee als formulierveld 'file'.")
    data = file.read(current_app.config["UPLOAD_MAX_BYTES"] + 1)
    try:
        report = merge_workbook(
            sync_core(), who, data, current_app.config["SECRET_KEY"], upload_limits(), run_parse=off_loop_parse
        )
    except (UploadError, RoundTripError) as exc:
        raise ApiError(422, "upload_refused", str(exc)) from None
    if request.accept_mimetypes.best == "text/html":
        return Response(report_page(report), mimetype="text/html")
    return report.as_dict()


def report_page(report: UploadReport) -> str:
    lines = report.text().splitlines()
    items = "".join(f"<li>{html.escape(line[2:])}</li>" for line in lines[1:])
    return (
        '<!doctype html><html lang="nl"><meta charset="utf-8"><title>Resultaat van de upload</title>'
        '<body style="font-family:sans-serif;max-width:60em;margin:2em auto">'
        f"<h1>Resultaat van de upload</h1><p>{html.escape(lines[0])}</p><ul>{items}</ul></body></html>"
    )


@bp.get("/api/workspaces/<slug>/conflicts")
def conflicts(slug: str) -> Any:
    caller(slug)
    state = sync_core().state(slug)
    items = [c.wire() for c in state.live("conflict") if not c.fields["resolved"]]
    return {"workspace": slug, "seq": state.seq, "conflicts": items}


@bp.post("/api/workspaces/<slug>/conflicts/<conflict_id>/resolve")
def resolve(slug: str, conflict_id: str) -> Any:
    """Resolve a conflict: keep the live value, take the uploaded one, or type a new one. One mutation."""
    who = caller(slug)
    body = request.get_json(silent=True)
    choice = body.get("choice") if isinstance(body, dict) else None
    if choice not in ("live", "uploaded", "new"):
        raise ApiError(400, "bad_request", "Kies 'live', 'uploaded' of 'new' (met 'value').")
    conflict = sync_core().state(slug).get(conflict_id)
    if conflict is None or conflict.type != "conflict" or conflict.deleted:
        raise ApiError(404, "not_found", "Dit conflict bestaat niet.")
    f = conflict.fields
    ops: list[dict[str, Any]] = []
    if choice != "live":
        value = f["uploaded"] if choice == "uploaded" else body.get("value")  # type: ignore[union-attr]
        ops.append({"op": "set", "type": "activity", "id": f["activity"], "field": f["field"], "value": value})
    ops += [
        {"op": "set", "type": "conflict", "id": conflict_id, "field": "resolved", "value": True},
        {"op": "set", "type": "conflict", "id": conflict_id, "field": "resolution", "value": choice},
    ]
    client_id = f"resolve-{conflict_id}"[:100]
    result = sync_core().apply(who, {"client_id": client_id, "mutation_id": 1, "ops": ops})
    if result.reject is not None:
        raise ApiError(422, "rejected", result.reject["reason"], reject=result.reject, issues=result.issues)
    return {"ack": result.ack, "replay": result.replay}


def init_app(app: Flask) -> None:
    app.config.setdefault("UPLOAD_MAX_BYTES", 10 * 1024 * 1024)
    app.config.setdefault("UPLOAD_MAX_ROWS", 5000)
    app.register_blueprint(bp)
