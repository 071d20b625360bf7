"""Changes since a meeting: activities added, changed (which fields) and removed after a saved seq.

Read from the mutation log after ``since`` (the ``ops`` events ``SyncCore.ops_since`` returns) and
netted against the current state: an activity created and deleted in the period does not appear, one
created and then edited is "added", one edited and then deleted is "removed". Names come from the state,
which keeps deleted activities as tombstones. Without a log the per-field sequence numbers of the state
give the same net picture, without who and when.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..domain.schema import FIELD_LABELS, field_names
from ..domain.state import WorkspaceState
from .base import Context, activities_word, join, num
from .model import Section, Table

KIND_LABELS = {"added": "toegevoegd", "changed": "gewijzigd", "removed": "verwijderd"}


@dataclass
class ActivityChange:
    id: str
    name: str
    partner: str
    partner_name: str
    kind: str  # added | changed | removed
    fields: list[str] = field(default_factory=list)  # for "changed": the fields set, in the form's order
    field_labels: list[str] = field(default_factory=list)  # Dutch
    restored: bool = False  # deleted and put back in the period
    seqs: list[int] = field(default_factory=list)
    actors: list[str] = field(default_factory=list)  # member ids (or "system")
    actor_names: list[str] = field(default_factory=list)
    last_at: str = ""


@dataclass
class Changes:
    since: int | None  # None: no meeting to compare with
    until: int  # the state's seq
    from_log: bool
    added: list[ActivityChange] = field(default_factory=list)
    changed: list[ActivityChange] = field(default_factory=list)
    removed: list[ActivityChange] = field(default_factory=list)


@dataclass
class _Track:
    created: bool = False
    deleted: bool = False
    restored: bool = False
    fields: list[str] = field(default_factory=list)
    seqs: list[int] = field(default_factory=list)
    actors: list[str] = field(default_factory=list)
    at: str = ""
    name: str = ""


def compute(ctx: Context, since: int | None, changes: list[dict[str, Any]] | None) -> Changes:
    state = ctx.state
    if since is None and changes:
        since = min(int(ev["seq"]) for ev in changes) - 1
    out = Changes(since, state.seq, changes is not None)
    if since is None:
        return out
    tracks = _from_log(since, changes) if changes is not None else _from_state(state, since)
    order = {name: n for n, name in enumerate(field_names("activity"))}
    for act_id, t in tracks.items():
        t.fields.sort(key=lambda f: order.get(f, len(order)))
        obj = state.get(act_id)
        live = obj is not None and not obj.deleted
        if t.created:
            kind = "added" if live else ""
        elif not live:
            kind = "removed" if t.deleted and obj is not None else ""
        else:
            kind = "changed" if t.fields or t.restored or t.deleted else ""
        if not kind:
            continue
        f = obj.fields if obj is not None else {}
        partner = f.get("partner", "")
        change = ActivityChange(
            act_id,
            f.get("name") or t.name or act_id,
            partner,
            ctx.label(partner) if partner else "",
            kind,
            list(t.fields) if kind == "changed" else [],
            [FIELD_LABELS.get(x, x) for x in t.fields] if kind == "changed" else [],
            t.restored and kind == "changed",
            t.seqs,
            t.actors,
            [ctx.labels.get(a, a) for a in t.actors],
            t.at,
        )
        getattr(out, kind).append(change)
    for items in (out.added, out.changed, out.removed):
        items.sort(key=lambda c: (c.name.lower(), c.id))
    return out


def _from_log(since: int, changes: list[dict[str, Any]]) -> dict[str, _Track]:
    tracks: dict[str, _Track] = {}
    for ev in sorted(changes, key=lambda e: int(e["seq"])):
        seq = int(ev["seq"])
        if seq <= since:
            continue
        for op in ev.get("ops") or ():
            if op.get("type") != "activity":
                continue
            t = tracks.setdefault(op["id"], _Track())
            kind = op.get("op")
            if kind == "create":
                t.created = True
                t.name = (op.get("fields") or {}).get("name", "")
            elif kind == "set" and op.get("field") not in t.fields:
                t.fields.append(op["field"])
            elif kind == "delete":
                t.deleted = True
            elif kind == "restore":
                t.restored = True
            if seq not in t.seqs:
                t.seqs.append(seq)
            actor = ev.get("actor")
            if actor and actor not in t.actors:
                t.actors.append(actor)
            t.at = str(ev.get("at") or t.at)
    return tracks


def _from_state(state: WorkspaceState, since: int) -> dict[str, _Track]:
    tracks: dict[str, _Track] = {}
    for obj in state.objects.values():
        if obj.type != "activity" or obj.updated_seq <= since:
            continue
        t = _Track(created=obj.created_seq > since, deleted=obj.deleted and (obj.deleted_seq or 0) > since)
        t.fields = [f for f, s in obj.field_seq.items() if s > since]
        t.restored = not obj.deleted and not t.created and not t.fields
        t.seqs = sorted({s for s in [obj.updated_seq, *obj.field_seq.values()] if s > since})
        tracks[obj.id] = t
    return tracks


def section(ctx: Context, ch: Changes) -> Section:
    sec = Section(
        "changes",
        "Wat is er veranderd sinds het vorige overleg?",
        "Welke activiteiten zijn toegevoegd, gewijzigd of verwijderd sinds het vorige overleg?",
    )
    if ch.since is None:
        sec.lines.append("Er is geen eerder overleg gekozen om mee te vergelijken.")
    elif not (ch.added or ch.changed or ch.removed):
        sec.lines.append(
            f"Sinds volgnummer {num(ch.since)} zijn er geen activiteiten toegevoegd, gewijzigd of verwijderd."
        )
    else:
        sec.lines.append(
            f"Sinds volgnummer {num(ch.since)}: {activities_word(len(ch.added))} toegevoegd, "
            f"{num(len(ch.changed))} gewijzigd en {num(len(ch.removed))} verwijderd."
        )
        if ch.added:
            sec.lines.append(f"Toegevoegd: {join([c.name for c in ch.added])}.")
        if ch.removed:
            sec.lines.append(f"Verwijderd: {join([c.name for c in ch.removed])}.")
        if ch.changed:
            changed = [f"{c.name} ({', '.join(c.field_labels)})" if c.field_labels else c.name for c in ch.changed]
            sec.lines.append(f"Gewijzigd: {join(changed)}.")
    table = Table("Wijzigingen", ["Activiteit", "Partner", "Wijziging", "Velden"])
    for c in [*ch.added, *ch.changed, *ch.removed]:
        what = ", ".join(c.field_labels + (["teruggezet"] if c.restored else []))
        table.rows.append([c.name, c.partner_name, KIND_LABELS[c.kind], what])
        table.sources.append([c.id])
    sec.tables.append(table)
    return sec
