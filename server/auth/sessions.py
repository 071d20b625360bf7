"""Browser sessions kept on the server: the cookie holds only a random id, the database its hash and data.

Installed as Flask's ``session_interface``, so ``flask.session`` reads and writes the row (Flask-SocketIO's
connect handler too). A session is written only when it changed; a new id is handed out when one is made
and after every sign-in (:func:`rotate`), so an id someone planted before the sign-in is worthless after
it. A session lives ``PERMANENT_SESSION_LIFETIME`` from its creation (sign-in), however active it is.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from flask import Flask, Request, Response
from flask.sessions import SessionInterface, SessionMixin
from werkzeug.datastructures import CallbackDict

from ..storage.store import Store
from ..storage.tables import sessions

MAX_COOKIE = 100


def _hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)


class ServerSession(CallbackDict[str, Any], SessionMixin):
    def __init__(self, data: dict[str, Any] | None = None, id_hash: str | None = None):
        def changed(_: Any) -> None:
            self.modified = True

        super().__init__(data or {}, changed)
        self.id_hash = id_hash
        self.new = id_hash is None
        self.modified = False
        self.rotate = False


def rotate(session: Any) -> None:
    """Give the session a new id when it is saved (call it on every sign-in)."""
    if isinstance(session, ServerSession):
        session.rotate = True
        session.modified = True


class ServerSessionInterface(SessionInterface):
    def __init__(self, store: Store):
        self.store = store

    def open_session(self, app: Flask, request: Request) -> ServerSession:
        raw = request.cookies.get(self.get_cookie_name(app))
        if not raw or len(raw) > MAX_COOKIE:
            return ServerSession()
        id_hash = _hash(raw)
        with self.store.engine.connect() as conn:
            row = conn.execute(
                sa.select(sessions.c.data, sessions.c.expires_at).where(sessions.c.id_hash == id_hash)
            ).first()
        if row is None or _aware(row.expires_at) <= datetime.now(UTC):
            return ServerSession()
        return ServerSession(dict(row.data), id_hash)

    def save_session(self, app: Flask, session: SessionMixin, response: Response) -> None:
        assert isinstance(session, ServerSession)
        name, domain, path = self.get_cookie_name(app), self.get_cookie_domain(app), self.get_cookie_path(app)
        if not session.modified:
            return
        now = datetime.now(UTC)
        with self.store.engine.begin() as conn:
            if session.id_hash is not None and (session.rotate or not session):
                conn.execute(sessions.delete().where(sessions.c.id_hash == session.id_hash))
            if not session:
                if session.id_hash is not None:
                    response.delete_cookie(name, domain=domain, path=path)
                return
            values = {
                "data": dict(session),
                "member_id": session.get("member"),
                "workspace": session.get("workspace"),
                "updated_at": now,
            }
            if session.id_hash is not None and not session.rotate:
                conn.execute(sessions.update().where(sessions.c.id_hash == session.id_hash).values(**values))
                return
            raw = secrets.token_urlsafe(32)
            expires = now + app.permanent_session_lifetime
            conn.execute(sessions.delete().where(sessions.c.expires_at < now))
            conn.execute(sessions.insert().values(id_hash=_hash(raw), created_at=now, expires_at=expires, **values))
        session.id_hash, session.rotate = _hash(raw), False
        from flask import request

        response.set_cookie(
            name,
            raw,
            expires=expires,
            httponly=self.get_cookie_httponly(app),
            domain=domain,
            path=path,
            secure=self.get_cookie_secure(app) or request.is_secure,
            samesite=self.get_cookie_samesite(app),
        )
        response.vary.add("Cookie")


def end_sessions_of(store: Store, member_id: str) -> int:
    """Sign a member out everywhere (when revoked); the number of sessions ended."""
    with store.engine.begin() as conn:
        return int(conn.execute(sessions.delete().where(sessions.c.member_id == member_id)).rowcount or 0)


def init_app(app: Flask, store: Store) -> None:
    app.session_interface = ServerSessionInterface(store)
