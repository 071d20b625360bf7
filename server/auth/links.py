"""Single-use links: a random secret in the URL, only its SHA-256 stored, used once, expiring, revocable.

Two kinds share the table: a *sign-in link* names an existing member (``matrixsync link``, or a
coordinator's "new link" for a member); an *invite* names who to create (e-mail address, partner, role,
name) and who invited. Using an invite creates the member through the sync core (``web.py``).
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa

from ..storage.store import Store
from ..storage.tables import login_links

LINK_TTL = timedelta(days=7)
MAX_TOKEN = 200


@dataclass(frozen=True)
class Grant:
    """What a used link grants: a member to sign in as, or a member to create."""

    workspace_id: int
    member_id: str | None
    email: str | None = None
    partner_id: str | None = None
    role: str | None = None
    name: str | None = None
    created_by: str | None = None


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _insert(store: Store, ttl: timedelta, **values: Any) -> tuple[int, str]:
    token = secrets.token_urlsafe(32)
    now = datetime.now(UTC)
    with store.engine.begin() as conn:
        link_id = conn.execute(
            login_links.insert()
            .values(token_hash=_hash(token), expires_at=now + ttl, created_at=now, **values)
            .returning(login_links.c.id)
        ).scalar_one()
    return int(link_id), token


def create_link(
    store: Store, workspace_id: int, member_id: str, ttl: timedelta = LINK_TTL, by: str | None = None
) -> str:
    """A new sign-in link secret for the member (shown once; the database keeps only its hash)."""
    return _insert(store, ttl, workspace_id=workspace_id, member_id=member_id, created_by=by)[1]


def create_invite(
    store: Store,
    workspace_id: int,
    email: str,
    partner_id: str,
    role: str,
    name: str | None,
    by: str,
    ttl: timedelta = LINK_TTL,
) -> tuple[int, str]:
    """A new invite: (link id, secret)."""
    return _insert(
        store,
        ttl,
        workspace_id=workspace_id,
        email=email,
        partner_id=partner_id,
        role=role,
        name=name,
        created_by=by,
    )


def use_link(store: Store, token: str) -> Grant | None:
    """What the link grants, marking it used; None for an unknown, used, revoked or expired link."""
    if not isinstance(token, str) or not token or len(token) > MAX_TOKEN:
        return None
    now = datetime.now(UTC)
    with store.engine.begin() as conn:
        row = conn.execute(sa.select(login_links).where(login_links.c.token_hash == _hash(token))).first()
        if row is None or row.used_at is not None or row.revoked_at is not None or _aware(row.expires_at) < now:
            return None
        # the WHERE makes a concurrent second use of the same link update nothing
        done = conn.execute(
            login_links.update()
            .where(login_links.c.id == row.id, login_links.c.used_at.is_(None), login_links.c.revoked_at.is_(None))
            .values(used_at=now)
        )
        if done.rowcount != 1:
            return None
        return Grant(
            int(row.workspace_id), row.member_id, row.email, row.partner_id, row.role, row.name, row.created_by
        )


def list_links(store: Store, workspace_id: int) -> list[dict[str, Any]]:
    """Every link of the workspace, newest first, with its state (open, used, revoked, expired)."""
    now = datetime.now(UTC)
    with store.engine.connect() as conn:
        rows = conn.execute(
            sa.select(login_links).where(login_links.c.workspace_id == workspace_id).order_by(login_links.c.id.desc())
        ).all()
    out = []
    for r in rows:
        if r.revoked_at is not None:
            status = "ingetrokken"
        elif r.used_at is not None:
            status = "gebruikt"
        elif _aware(r.expires_at) < now:
            status = "verlopen"
        else:
            status = "open"
        out.append(
            {
                "id": r.id,
                "kind": "invite" if r.member_id is None else "login",
                "status": status,
                "member": r.member_id,
                "email": r.email,
                "partner": r.partner_id,
                "role": r.role,
                "name": r.name,
                "created_by": r.created_by,
                "created_at": _aware(r.created_at).isoformat(timespec="seconds"),
                "expires_at": _aware(r.expires_at).isoformat(timespec="seconds"),
                "used_at": _aware(r.used_at).isoformat(timespec="seconds") if r.used_at else None,
            }
        )
    return out


def revoke_link(store: Store, workspace_id: int, link_id: int) -> bool:
    """Revoke an unused link; False when there is no such open link in the workspace."""
    with store.engine.begin() as conn:
        done = conn.execute(
            login_links.update()
            .where(
                login_links.c.id == link_id,
                login_links.c.workspace_id == workspace_id,
                login_links.c.used_at.is_(None),
                login_links.c.revoked_at.is_(None),
            )
            .values(revoked_at=datetime.now(UTC))
        )
        return done.rowcount == 1


def revoke_links_of(store: Store, workspace_id: int, member_id: str) -> None:
    """Revoke the open sign-in links of a member (when the member is revoked)."""
    with store.engine.begin() as conn:
        conn.execute(
            login_links.update()
            .where(
                login_links.c.workspace_id == workspace_id,
                login_links.c.member_id == member_id,
                login_links.c.used_at.is_(None),
                login_links.c.revoked_at.is_(None),
            )
            .values(revoked_at=datetime.now(UTC))
        )
