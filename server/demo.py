"""Loads the demo workspace (data in ``demo_data.py``) through the sync core, like any other client.

The whole demo is one mutation with a fixed client id, so loading it again is a replay: idempotent.
"""

from __future__ import annotations

from typing import Any

from . import demo_data as data
from .domain.axes import AXIS_BY_FIELD
from .sync.core import SyncCore
from .sync.workspaces import create_workspace, run_system, stable_id

SLUG = data.WORKSPACE["slug"]


def _axis_ids(core: SyncCore) -> dict[tuple[str, str], str]:
    return {(v.fields["axis"], v.fields["label"]): v.id for v in core.state(SLUG).live("axis_value")}


def demo_ops(core: SyncCore) -> list[dict[str, Any]]:
    axis_ids = _axis_ids(core)
    partner_ids = {p["slug"]: stable_id(SLUG, "partner", p["slug"]) for p in data.PARTNERS}
    outcome_ids = {o["key"]: stable_id(SLUG, "outcome", o["key"]) for o in data.OUTCOMES}
    ops: list[dict[str, Any]] = []
    for p in data.PARTNERS:
        ops.append({"op": "create", "type": "partner", "id": partner_ids[p["slug"]], "fields": dict(p)})
    for n, o in enumerate(data.OUTCOMES):
        outcome = {k: v for k, v in o.items() if k != "key"} | {"position": float(n)}
        ops.append({"op": "create", "type": "outcome", "id": outcome_ids[o["key"]], "fields": outcome})
    for a in data.ACTIVITIES:
        fields: dict[str, Any] = {}
        for key, value in a.items():
            if key == "key":
                continue
            axis = AXIS_BY_FIELD.get(key)
            if axis is not None and axis.multi:
                fields[key] = [axis_ids[(axis.key, label)] for label in value]
            elif axis is not None:
                fields[key] = axis_ids[(axis.key, value)] if value else None
            elif key == "partner":
                fields[key] = partner_ids[value]
            elif key == "co_partners":
                fields[key] = [partner_ids[s] for s in value]
            elif key == "outcomes":
                fields[key] = [outcome_ids[k] for k in value]
            else:
                fields[key] = value
        ops.append({"op": "create", "type": "activity", "id": stable_id(SLUG, "activity", a["key"]), "fields": fields})
    for m in data.MEMBERS:
        member = {k: v for k, v in m.items() if k != "key"} | {"partner": partner_ids[m["partner"]]}
        ops.append({"op": "create", "type": "member", "id": stable_id(SLUG, "member", m["key"]), "fields": member})
    meeting_id = stable_id(SLUG, "meeting", "oogo-1")
    ops.append(
        {
            "op": "create",
            "type": "meeting",
            "id": meeting_id,
            "fields": {"name": "OOGO najaar", "date": "2026-10-12", "seq": 0},
        }
    )
    for n, text in enumerate(data.DECISIONS):
        fields = {"text": text, "meeting": meeting_id, "position": float(n)}
        ops.append({"op": "create", "type": "decision", "id": stable_id(SLUG, "decision", str(n)), "fields": fields})
    return ops


def after_meeting_ops(meeting_seq: int) -> list[dict[str, Any]]:
    """What happened after the autumn OOGO, so "changes since the last meeting" has something to show."""
    first = data.ACTIVITIES[0]
    activity = stable_id(SLUG, "activity", first["key"])
    return [
        {
            "op": "set",
            "type": "meeting",
            "id": stable_id(SLUG, "meeting", "oogo-1"),
            "field": "seq",
            "value": meeting_seq,
        },
        # the expansion agreed at the meeting reaches more families
        {"op": "set", "type": "activity", "id": activity, "field": "reach", "value": (first["reach"] or 0) + 50},
    ]


def load_demo(core: SyncCore) -> bool:
    """Create and fill the demo workspace; False when it was already there. Both steps are replays the
    second time, so loading again changes nothing."""
    created = create_workspace(core, SLUG, data.WORKSPACE["name"])
    meeting_seq = run_system(core, SLUG, "matrixsync-demo", 1, demo_ops(core))
    run_system(core, SLUG, "matrixsync-demo", 2, after_meeting_ops(meeting_seq))
    return created
