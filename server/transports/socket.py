"""Socket.IO namespace ``/sync``: join, mutate, presence (the wire contract is docs/protocol.md).

Every connection is authenticated at connect (a bearer token in the handshake's ``auth``); a connection
belongs to one member of one workspace. Handlers never trust the payload: the sync core parses it.
"""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask, current_app, request
from flask_socketio import ConnectionRefusedError, Namespace, SocketIO, emit, join_room

from ..auth.tokens import AuthError
from ..domain.mutation import Principal
from ..sync.core import SyncCore
from ..sync.presence import Presence, PresenceBoard
from .identity import authenticate, session_principal, token_from

log = logging.getLogger(__name__)

# Beyond this many missed mutations a rejoining client gets a fresh snapshot instead of the log.
MAX_REPLAY = 5000


class SyncNamespace(Namespace):
    def __init__(self, core: SyncCore):
        super().__init__("/sync")
        self.core = core
        self.who: dict[str, Principal] = {}
        self.presence = PresenceBoard()
        self._flush_pending: set[str] = set()

    # --- connection ---------------------------------------------------------------------------------

    def on_connect(self, auth: Any = None) -> None:
        token = token_from(auth, request.headers, request.args)
        who = None if token else session_principal(self.core)
        if who is None:
            try:
                who = authenticate(self.core, current_app.config["SECRET_KEY"], token, "socket")
            except AuthError as exc:
                raise ConnectionRefusedError(str(exc)) from None
        self.who[request.sid] = who  # type: ignore[attr-defined]

    def on_disconnect(self, reason: Any = None) -> None:
        sid = request.sid  # type: ignore[attr-defined]
        self.who.pop(sid, None)
        self._flush_pending.discard(sid)
        for room, entry in self.presence.leave(sid):
            self._to_room(room, {"entries": [{**entry.wire(), "left": True}]})

    def _error(self, code: str, message: str) -> dict[str, Any]:
        payload = {"code": code, "message": message}
        emit("error", payload)
        return {"error": payload}

    def _principal(self) -> Principal | None:
        return self.who.get(request.sid)  # type: ignore[attr-defined]

    # --- events -------------------------------------------------------------------------------------

    def on_join(self, data: Any = None) -> Any:
        who = self._principal()
        if who is None:
            return self._error("unauthorized", "Niet aangemeld.")
        if not isinstance(data, dict) or not isinstance(data.get("workspace"), str):
            return self._error("bad_request", 'join verwacht {"workspace": korte naam, "since": volgnummer of null}.')
        if data["workspace"] != who.workspace:
            return self._error("forbidden", "U heeft geen toegang tot deze werkruimte.")
        since = data.get("since")
        if since is not None and (not isinstance(since, int) or isinstance(since, bool) or since < 0):
            return self._error("bad_request", "since moet een geheel getal van 0 of meer zijn, of null.")
        sid = request.sid  # type: ignore[attr-defined]
        join_room(who.workspace)  # first join, then read: nothing committed in between is missed
        state = self.core.state(who.workspace)
        if since is None or since > state.seq or state.seq - since > MAX_REPLAY:
            emit("snapshot", self.core.snapshot(who.workspace))
        else:
            for event in self.core.ops_since(who.workspace, since):
                emit("ops", event)
        entry = self.presence.enter(who.workspace, Presence(sid, who.member_id, who.name, who.partner_id))
        emit("presence", {"entries": [p.wire() for p in self.presence.present(who.workspace)]})
        self._to_room(who.workspace, {"entries": [entry.wire()]}, skip_sid=sid)
        return {"seq": state.seq}

    def on_mutate(self, data: Any = None) -> Any:
        who = self._principal()
        if who is None:
            return self._error("unauthorized", "Niet aangemeld.")
        try:
            result = self.core.apply(who, data)
        except Exception:  # the database is down, or a bug: the client keeps the mutation and resends
            log.exception("mutation failed")
            return self._error("server_error", "De wijziging kon niet worden opgeslagen; ze wordt opnieuw verstuurd.")
        if result.reject is not None:
            emit("reject", {**result.reject, "issues": result.issues})
            return {"reject": result.reject}
        emit("ack", result.ack)
        return {"ack": result.ack}

    def on_presence(self, data: Any = None) -> None:
        who = self._principal()
        if who is None:
            return
        sid = request.sid  # type: ignore[attr-defined]
        if self.presence.update(who.workspace, sid, data) is None:
            return
        delay = self.presence.wait(sid)
        if delay <= 0:
            self._relay(who.workspace, sid)
        elif sid not in self._flush_pending:
            self._flush_pending.add(sid)
            self.socketio.start_background_task(self._flush_later, who.workspace, sid, delay)

    def _flush_later(self, room: str, sid: str, delay: float) -> None:
        self.socketio.sleep(delay)
        if sid in self._flush_pending:
            self._flush_pending.discard(sid)
            self._relay(room, sid)

    def _relay(self, room: str, sid: str) -> None:
        entry = self.presence.entry(room, sid)
        if entry is not None:
            self.presence.sent(sid)
            self._to_room(room, {"entries": [entry.wire()]}, skip_sid=sid)

    def _to_room(self, room: str, payload: dict[str, Any], skip_sid: str | None = None) -> None:
        self.socketio.emit("presence", payload, to=room, skip_sid=skip_sid, namespace=self.namespace)


def init_app(app: Flask, core: SyncCore, async_mode: str | None = None) -> SocketIO:
    """Bind a SocketIO server to ``app`` (one per app, so tests can build many apps)."""
    socketio = SocketIO(
        app,
        async_mode=async_mode,
        message_queue=app.config.get("SOCKETIO_MESSAGE_QUEUE"),
        max_http_buffer_size=app.config["MAX_CONTENT_LENGTH"],
        # a client's messages are handled in order, one after the other
        async_handlers=False,
        # None: only the page's own origin may connect (a cookie session must not be usable from other sites)
        cors_allowed_origins=app.config.get("CORS_ORIGINS"),
        ping_interval=20,
        ping_timeout=20,
    )
    namespace = SyncNamespace(core)
    socketio.on_namespace(namespace)
    core.broadcast = lambda room, event: socketio.emit("ops", event, to=room, namespace="/sync")
    app.extensions["matrixsync.sync_namespace"] = namespace
    return socketio
