"""Creating workspaces (with the default axes and matrix views) and members, through the sync core."""

from __future__ import annotations

import re
import uuid
from typing import Any

from ..domain.axes import AXES, DEFAULT_MATRICES
from ..domain.mutation import system_principal
from .core import SyncCore

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")


class WorkspaceError(ValueError):
    """Refused workspace or member request; Dutch message."""


def stable_id(*parts: str) -> str:
    """A deterministic UUID, so loading the same defaults or demo twice makes the same objects."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, "matrixsync:" + ":".join(parts)))


def default_ops(slug: str) -> list[dict[str, Any]]:
    ops: list[dict[str, Any]] = []
    for axis in AXES.values():
        for n, label in enumerate(axis.defaults):
            ops.append(
                {
                    "op": "create",
                    "type": "axis_value",
                    "id": stable_id(slug, "axis_value", axis.key, label),
                    "fields": {"axis": axis.key, "label": label, "position": float(n)},
                }
            )
    for n, (name, rows, cols) in enumerate(DEFAULT_MATRICES):
        ops.append(
            {
                "op": "create",
                "type": "matrix",
                "id": stable_id(slug, "matrix", name),
                "fields": {"name": name, "row_axis": rows, "col_axis": cols, "position": float(n)},
            }
        )
    return ops


def run_system(core: SyncCore, slug: str, client_id: str, mutation_id: int, ops: list[dict[str, Any]]) -> int:
    """Apply ops as the system (CLI); returns the seq. Raises WorkspaceError when refused."""
    result = core.apply(system_principal(slug), {"client_id": client_id, "mutation_id": mutation_id, "ops": ops})
    if result.reject:
        raise WorkspaceError(result.reject["reason"])
    assert result.ack is not None
    return int(result.ack["seq"])


def create_workspace(core: SyncCore, slug: str, name: str) -> bool:
    """Create the workspace with default axes and views; False when it already existed."""
    if not SLUG.match(slug):
        raise WorkspaceError(
            f"Ongeldige korte naam '{slug}': gebruik kleine letters, cijfers en -, beginnend met een letter of cijfer."
        )
    if not name.strip() or len(name) > 200:
        raise WorkspaceError("De naam van de werkruimte moet 1 tot 200 tekens hebben.")
    if core.store.workspace(slug) is not None:
        return False
    core.store.create_workspace(slug, name.strip())
    run_system(core, slug, "matrixsync-setup", 1, default_ops(slug))
    return True


def partner_by_slug(core: SyncCore, slug: str, partner_slug: str) -> str:
    state = core.state(slug)
    for partner in state.live("partner"):
        if partner.fields["slug"] == partner_slug:
            return partner.id
    known = ", ".join(sorted(p.fields["slug"] for p in state.live("partner"))) or "geen"
    raise WorkspaceError(f"Partner '{partner_slug}' bestaat niet in werkruimte '{slug}' (bekend: {known}).")


def ensure_member(core: SyncCore, slug: str, partner_slug: str, role: str, name: str | None = None) -> str:
    """The member for (partner, role, name), created if needed; returns its id."""
    partner_id = partner_by_slug(core, slug, partner_slug)
    state = core.state(slug)
    partner_name = state.objects[partner_id].fields["name"]
    name = name or f"{partner_name} ({role})"
    member_id = stable_id(slug, "member", partner_slug, role, name)
    existing = state.get(member_id)
    if existing is None:
        ops = [
            {
                "op": "create",
                "type": "member",
                "id": member_id,
                "fields": {"name": name, "partner": partner_id, "role": role},
            }
        ]
        run_system(core, slug, "matrixsync-cli-" + member_id[:8], 1, ops)
    elif existing.deleted or existing.fields.get("revoked"):
        raise WorkspaceError(f"Lid '{name}' is ingetrokken of verwijderd.")
    return member_id
