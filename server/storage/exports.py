"""Exports and uploads: the bookkeeping of the offline Excel round trip."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from .store import Store, now
from .tables import exports, mutations, uploads


@dataclass
class Export:
    id: str
    workspace_id: int
    partner_id: str | None
    member_id: str
    seq: int
    base: dict[str, dict[str, Any]]
    uploads: int
    created_at: datetime


def add_export(store: Store, export: Export) -> None:
    with store.engine.begin() as conn:
        conn.execute(
            exports.insert().values(
                id=export.id,
                workspace_id=export.workspace_id,
                partner_id=export.partner_id,
                member_id=export.member_id,
                seq=export.seq,
                base=export.base,
                uploads=export.uploads,
                created_at=export.created_at,
            )
        )


def get_export(store: Store, workspace_id: int, export_id: str) -> Export | None:
    with store.engine.connect() as conn:
        row = conn.execute(
            sa.select(exports).where(exports.c.id == export_id, exports.c.workspace_id == workspace_id)
        ).first()
    if row is None:
        return None
    return Export(
        row.id, row.workspace_id, row.partner_id, row.member_id, row.seq, dict(row.base), row.uploads, row.created_at
    )


def record_upload(
    store: Store,
    export: Export | None,
    workspace_id: int,
    member_id: str,
    sha256: str,
    size: int,
    seq: int | None,
    report: dict[str, Any],
) -> None:
    """Store the upload and, when it merged, the export's new base, in one transaction."""
    with store.engine.begin() as conn:
        if export is not None:
            conn.execute(
                exports.update().where(exports.c.id == export.id).values(base=export.base, uploads=export.uploads)
            )
        conn.execute(
            uploads.insert().values(
                workspace_id=workspace_id,
                export_id=export.id if export else None,
                member_id=member_id,
                sha256=sha256,
                size=size,
                seq=seq,
                report=report,
                created_at=now(),
            )
        )


def last_writers(store: Store, workspace_id: int, seqs: set[int]) -> dict[int, tuple[str, str]]:
    """For each seq, (actor member id, ISO time) of the mutation that wrote it."""
    if not seqs:
        return {}
    with store.engine.connect() as conn:
        rows = conn.execute(
            sa.select(mutations.c.seq, mutations.c.actor, mutations.c.created_at).where(
                mutations.c.workspace_id == workspace_id, mutations.c.seq.in_(sorted(seqs))
            )
        )
        return {r.seq: (r.actor, r.created_at.isoformat(timespec="seconds")) for r in rows}
