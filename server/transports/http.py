"""REST API under ``/api/workspaces/<slug>``; every error is JSON with a Dutch message."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import Blueprint, Flask, Response, current_app, g, jsonify, request
from werkzeug.exceptions import HTTPException

from ..domain.mutation import Principal
from ..domain.schema import MODELS
from ..sync.core import SyncCore, UnknownWorkspace
from .identity import Refused, request_principal

bp = Blueprint("api", __name__)

MAX_LOG_PAGE = 10_000


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str, **extra: Any):
        super().__init__(message)
        self.status, self.code, self.message, self.extra = status, code, message, extra


def sync_core() -> SyncCore:
    core: SyncCore = current_app.extensions["matrixsync"]
    return core


def caller(slug: str) -> Principal:
    """The authenticated member, who must belong to workspace ``slug``. The route's requirement
    (server/auth/access.py) was checked before the view ran; this hands over who passed."""
    who: Principal | None = g.get("principal")
    if who is None or who.workspace != slug:
        try:
            who = request_principal(sync_core(), slug, "rest")
        except Refused as exc:
            raise ApiError(exc.status, exc.code, exc.message) from None
        g.principal = who
    return who


def _int_arg(name: str, default: int, low: int, high: int) -> int:
    raw = request.args.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ApiError(400, "bad_request", f"Parameter '{name}' moet een geheel getal zijn.") from None
    if not low <= value <= high:
        raise ApiError(400, "bad_request", f"Parameter '{name}' moet tussen {low} en {high} liggen.")
    return value


INDEX = """<!doctype html><html lang="nl"><meta charset="utf-8"><title>matrixsync</title>
<body style="font-family:sans-serif;max-width:40em;margin:3em auto">
<h1>matrixsync draait</h1>
<p>De server is klaar. De REST-API staat onder <code>/api/workspaces/&lt;korte naam&gt;</code> en de live
koppeling onder Socket.IO-namespace <code>/sync</code>; beide vragen een toegangsbewijs
(<code>matrixsync token</code>). Zie <code>docs/protocol.md</code>.</p></body></html>"""


@bp.get("/")
def index() -> Any:
    return Response(INDEX, mimetype="text/html")


@bp.get("/healthz")
def healthz() -> Any:
    with sync_core().store.engine.connect() as conn:
        conn.execute(sa.text("SELECT 1"))
    return {"status": "ok"}


@bp.get("/api/workspaces/<slug>")
def snapshot(slug: str) -> Any:
    caller(slug)
    return sync_core().snapshot(slug)


@bp.get("/api/workspaces/<slug>/objects/<obj_type>")
def objects_of_type(slug: str, obj_type: str) -> Any:
    caller(slug)
    if obj_type not in MODELS:
        raise ApiError(404, "not_found", f"Onbekend soort object '{obj_type[:40]}'.")
    include_deleted = request.args.get("include_deleted") in ("1", "true")
    state = sync_core().state(slug)
    items = [o.wire() for o in state.objects.values() if o.type == obj_type and (include_deleted or not o.deleted)]
    return {"workspace": slug, "seq": state.seq, "type": obj_type, "objects": items}


@bp.get("/api/workspaces/<slug>/mutations")
def mutation_log(slug: str) -> Any:
    caller(slug)
    since = _int_arg("since", 0, 0, 2**62)
    limit = _int_arg("limit", 1000, 1, MAX_LOG_PAGE)
    core = sync_core()
    seq = core.state(slug).seq
    return {"workspace": slug, "seq": seq, "mutations": core.ops_since(slug, since, limit)}


@bp.post("/api/workspaces/<slug>/mutations")
def post_mutation(slug: str) -> Any:
    who = caller(slug)
    payload = request.get_json(silent=True)
    if payload is None:
        raise ApiError(400, "bad_request", "Verwacht een JSON-object met client_id, mutation_id en ops.")
    result = sync_core().apply(who, payload)
    if result.reject is not None:
        raise ApiError(422, "rejected", result.reject["reason"], reject=result.reject, issues=result.issues)
    return {"ack": result.ack, "replay": result.replay}


def _error_response(status: int, code: str, message: str, **extra: Any) -> Response:
    response = jsonify({"error": code, "message": message, **extra})
    response.status_code = status
    return response


_HTTP_MESSAGES = {
    400: "Ongeldig verzoek.",
    404: "Niet gevonden.",
    405: "Deze methode is hier niet toegestaan.",
    413: "Het verzoek is te groot.",
}


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)

    @app.errorhandler(ApiError)
    def _api_error(exc: ApiError) -> Response:
        return _error_response(exc.status, exc.code, exc.message, **exc.extra)

    @app.errorhandler(UnknownWorkspace)
    def _unknown(exc: UnknownWorkspace) -> Response:
        return _error_response(404, "not_found", str(exc))

    @app.errorhandler(Exception)
    def _crash(exc: Exception) -> Response:
        if isinstance(exc, HTTPException):
            return _http(exc)
        app.logger.exception("unhandled error")
        return _error_response(
            500, "server_error", "Er ging iets mis op de server; er is niets gewijzigd. Probeer het opnieuw."
        )

    @app.errorhandler(HTTPException)
    def _http(exc: HTTPException) -> Response:
        status = exc.code or 500
        return _error_response(status, exc.name.lower().replace(" ", "_"), _HTTP_MESSAGES.get(status, exc.name))
