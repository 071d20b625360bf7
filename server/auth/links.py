"""Single-use sign-in links: a random secret in the URL, only its SHA-256 stored, used once, expiring.

The sign-in issue turns the same mechanism into invite links; Microsoft sign-in ends in the same session.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from ..storage.store import Store
from ..storage.tables import login_links

LINK_TTL = timedelta(days=7)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_link(store: Store, workspace_id: int, member_id: str, ttl: timedelta = LINK_TTL) -> str:
    """A new link secret for the member (shown once; the database keeps only its hash)."""
    token = secrets.token_urlsafe(32)
    now = datetime.now(UTC)
    with store.engine.begin() as conn:
        conn.execute(
            login_links.insert().values(
                workspace_id=workspace_id,
                member_id=member_id,
                token_hash=_hash(token),
                expires_at=now + ttl,
                created_at=now,
            )
        )
    return token


def use_link(store: Store, token: str) -> tuple[int, str] | None:
    """(workspace id, member id) if the link is valid; marks it used. None for unknown, used or expired."""
    if not token or len(token) > 200:
        return None
    now = datetime.now(UTC)
    with store.engine.begin() as conn:
        row = conn.execute(sa.select(login_links).where(login_links.c.token_hash == _hash(token))).first()
        if row is None or row.used_at is not None:
            return None
        expires = row.expires_at if row.expires_at.tzinfo else row.expires_at.replace(tzinfo=UTC)
        if expires < now:
            return None
        # the WHERE makes a concurrent second use of the same link update nothing
        done = conn.execute(
            login_links.update().where(login_links.c.id == row.id, login_links.c.used_at.is_(None)).values(used_at=now)
        )
        if done.rowcount != 1:
            return None
        return int(row.workspace_id), str(row.member_id)
