"""Which member a Microsoft identity is, per workspace.

The first time a person signs in, their e-mail address (``identity_of`` says which claims count) is matched
to the ``email`` of a live member; the match is remembered by tenant id and object id, which never change,
so a later change of address or a second person with the same address changes nothing. A member already
tied to one identity is never matched to another. A revoked member stays refused; a deleted one is
forgotten, so a member made anew can be matched again.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from ..domain.state import StoredObject, WorkspaceState
from ..storage.tables import identities
from ..sync.core import SyncCore, UnknownWorkspace
from .entra import Identity

log = logging.getLogger(__name__)


def _usable(member: StoredObject | None) -> bool:
    return member is not None and member.type == "member" and not member.deleted and not member.fields["revoked"]


def member_in(core: SyncCore, identity: Identity, slug: str) -> str | None:
    """The member id of ``identity`` in workspace ``slug``, matched by e-mail the first time; or None."""
    try:
        state = core.state(slug)
    except UnknownWorkspace:
        return None
    key = (
        identities.c.tid == identity.tid,
        identities.c.oid == identity.oid,
        identities.c.workspace_id == state.workspace_id,
    )
    # the common case only reads: on SQLite every write transaction takes the database's write lock
    with core.store.engine.connect() as conn:
        row = conn.execute(sa.select(identities.c.member_id).where(*key)).first()
    if row is not None:
        member = state.get(row.member_id)
        if member is not None and not member.deleted:
            return str(row.member_id) if _usable(member) else None
    now = datetime.now(UTC)
    with core.store.engine.begin() as conn:
        if row is not None:
            conn.execute(identities.delete().where(*key))
        found = _match(conn, state, identity)
        if found is None:
            return None
        try:
            with conn.begin_nested():
                conn.execute(
                    identities.insert().values(
                        tid=identity.tid,
                        oid=identity.oid,
                        workspace_id=state.workspace_id,
                        member_id=found.id,
                        email=found.fields["email"].strip().lower(),
                        created_at=now,
                        last_seen_at=now,
                    )
                )
        except IntegrityError:  # the same person signing in twice at once: the other request remembered it
            return None
    log.info("identity %s/%s matched to member %s in %s", identity.tid, identity.oid, found.id, slug)
    return found.id


def _match(conn: sa.Connection, state: WorkspaceState, identity: Identity) -> StoredObject | None:
    if not identity.emails:
        return None
    wanted = set(identity.emails)
    candidates = [m for m in state.live("member") if _usable(m) and m.fields["email"].strip().lower() in wanted]
    if len(candidates) != 1:
        return None  # none, or the same address on two members: a coordinator has to sort that out
    taken = conn.execute(
        sa.select(identities.c.tid).where(
            identities.c.workspace_id == state.workspace_id, identities.c.member_id == candidates[0].id
        )
    ).first()
    return None if taken is not None else candidates[0]


def memberships(core: SyncCore, identity: Identity) -> list[tuple[str, str]]:
    """Every (workspace slug, member id) the identity belongs to, matching by e-mail where new."""
    out = []
    for ws in core.store.list_workspaces():
        member = member_in(core, identity, ws["slug"])
        if member is not None:
            out.append((str(ws["slug"]), member))
    return out


def linked_members(core: SyncCore, workspace_id: int) -> dict[str, str]:
    """member id -> e-mail address it was matched by, for the members that signed in with Microsoft."""
    with core.store.engine.connect() as conn:
        rows = conn.execute(
            sa.select(identities.c.member_id, identities.c.email).where(identities.c.workspace_id == workspace_id)
        ).all()
    return {str(r.member_id): str(r.email) for r in rows}
