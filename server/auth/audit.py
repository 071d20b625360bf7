"""The audit trail, read from the mutation log: who changed what, through which channel, and when.

Every mutation is logged with its actor, the actor's partner, the channel and the time (``sync/core.py``).
An object's history replays the log's operations on that object from the start, so each change shows the
value before and after; the workspace history lists mutations newest first, a page at a time.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa

from ..domain.schema import FIELD_LABELS, TYPE_LABELS
from ..domain.state import WorkspaceState
from ..storage.store import Store
from ..storage.tables import mutations

CHANNELS = {
    "socket": "bord",
    "rest": "API",
    "upload": "Excel-upload",
    "cli": "opdrachtregel",
    "addin": "invoegtoepassing",
    "invite": "uitnodiging",
}


def _label(state: WorkspaceState, obj_id: str) -> str:
    obj = state.get(obj_id)
    if obj is None:
        return obj_id
    f = obj.fields
    return str(f.get("name") or f.get("title") or f.get("label") or f.get("text") or obj_id)[:120]


def _actor(state: WorkspaceState, row: Any) -> dict[str, Any]:
    if row.actor == "system":
        name = "matrixsync (systeem)"
    else:
        member = state.get(row.actor)
        name = str(member.fields.get("name", row.actor)) if member is not None else row.actor
    partner = state.get(row.actor_partner) if row.actor_partner else None
    return {
        "id": row.actor,
        "name": name,
        "partner": row.actor_partner,
        "partner_name": str(partner.fields.get("name", "")) if partner is not None else None,
    }


def _entry(state: WorkspaceState, row: Any) -> dict[str, Any]:
    at = row.created_at.isoformat() if isinstance(row.created_at, datetime) else str(row.created_at)
    return {
        "seq": row.seq,
        "at": at,
        "actor": _actor(state, row),
        "channel": row.channel,
        "channel_label": CHANNELS.get(row.channel, row.channel),
    }


def _fields_of(op: dict[str, Any]) -> list[str]:
    if op["op"] == "set":
        return [op["field"]]
    if op["op"] in ("create", "restore"):
        return sorted(op.get("fields", {}))
    return []


def workspace_history(store: Store, state: WorkspaceState, before: int | None, limit: int) -> dict[str, Any]:
    """A page of the log, newest first: each mutation with who, channel, when, and per operation the object
    and the fields it touched. ``next_before`` asks for the page after this one (None: no more)."""
    query = sa.select(mutations).where(mutations.c.workspace_id == state.workspace_id)
    if before is not None:
        query = query.where(mutations.c.seq < before)
    with store.engine.connect() as conn:
        rows = conn.execute(query.order_by(mutations.c.seq.desc()).limit(limit)).all()
    items = []
    for row in rows:
        ops = [
            {
                "op": op["op"],
                "type": op["type"],
                "type_label": TYPE_LABELS.get(op["type"], op["type"]),
                "id": op["id"],
                "label": _label(state, op["id"]),
                "fields": _fields_of(op),
            }
            for op in row.ops
        ]
        items.append({**_entry(state, row), "ops": ops})
    last = rows[-1].seq if rows else None
    return {
        "workspace": state.slug,
        "seq": state.seq,
        "history": items,
        "next_before": last if last is not None and len(rows) == limit and last > 1 else None,
    }


def object_history(store: Store, state: WorkspaceState, obj_id: str) -> dict[str, Any]:
    """Every change of one object, oldest first, with old and new values replayed from the log."""
    with store.engine.connect() as conn:
        rows = conn.execute(
            sa.select(mutations)
            .where(
                mutations.c.workspace_id == state.workspace_id,
                # a cheap filter in the database; the exact one below
                sa.cast(mutations.c.ops, sa.Text).contains(f'"{obj_id}"', autoescape=True),
            )
            .order_by(mutations.c.seq)
        ).all()
    current: dict[str, Any] | None = None
    items = []
    for row in rows:
        for op in row.ops:
            if op["id"] != obj_id:
                continue
            changes: list[dict[str, Any]] = []
            if op["op"] == "create":
                current = dict(op["fields"])
                changes = [_change(f, None, v) for f, v in sorted(current.items())]
            elif op["op"] == "set":
                old = current.get(op["field"]) if current is not None else None
                changes = [_change(op["field"], old, op["value"])]
                if current is not None:
                    current[op["field"]] = op["value"]
            elif op["op"] == "restore":
                current = dict(op.get("fields", {}))
            items.append({**_entry(state, row), "op": op["op"], "changes": changes})
    obj = state.get(obj_id)
    return {
        "workspace": state.slug,
        "object": obj_id,
        "type": obj.type if obj is not None else None,
        "label": _label(state, obj_id),
        "history": items,
    }


def _change(field: str, old: Any, new: Any) -> dict[str, Any]:
    return {"field": field, "label": FIELD_LABELS.get(field, field), "old": old, "new": new}
