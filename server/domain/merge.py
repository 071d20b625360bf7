"""The three-way merge of an uploaded workbook, per field, against the export it was made from.

For every field of every uploaded row, with *base* the value at export, *live* the value now and
*uploaded* the value in the file:

- changed only in the upload: applied (a ``set`` that is refused if the field changes in the meantime);
- changed only live: kept;
- changed in both, to different values: a conflict; the live value stays until a coordinator resolves it;
- changed in both to the same value, or in neither: nothing to do.

A row without an id is a new activity; a row marked for deletion is deleted only when nobody changed it
live since the export. Every candidate operation is tried alone against the domain rules first, so a bad
cell is rejected with its reason and the rest still merges; what passes becomes one mutation. Pure: the
caller supplies the state, the base and the rows, and applies the result.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from .mutation import Principal, parse_mutation
from .rules import Rejected, plan
from .state import WorkspaceState

NAME = "name"
SEQS = "_seq"  # in a base row: field -> seq at which its base value was recorded (None: this upload)


def base_row(values: dict[str, Any], seq: int | None) -> dict[str, Any]:
    """A row of an export's base: the values the file shows, and when each was recorded."""
    return {**values, SEQS: dict.fromkeys(values, seq)}


def _record(row_base: dict[str, Any], name: str, value: Any) -> None:
    """The file's value for ``name`` is now on record (stamped with this upload's seq once it is applied)."""
    row_base[name] = value
    row_base.setdefault(SEQS, {})[name] = None


@dataclass
class UploadedRow:
    """One data row of the upload, converted to field values; cells that could not be read are in errors."""

    number: int
    id: str | None
    delete: bool
    values: dict[str, Any]
    errors: dict[str, str] = field(default_factory=dict)


@dataclass
class Entry:
    """One line of the merge report."""

    row: int
    activity: str | None
    name: str
    field: str  # "" for a whole row
    outcome: str  # applied | created | deleted | kept | conflict | rejected
    base: Any = None
    live: Any = None
    uploaded: Any = None
    reason: str = ""
    live_seq: int = 0
    live_actor: str = ""
    live_at: str = ""

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class MergeResult:
    ops: list[dict[str, Any]] = field(default_factory=list)
    entries: list[Entry] = field(default_factory=list)
    new_base: dict[str, dict[str, Any]] = field(default_factory=dict)

    def stamp(self, seq: int) -> None:
        """Give the values recorded by this upload the seq of the mutation that applied it."""
        for row in self.new_base.values():
            seqs = row.get(SEQS, {})
            for name, value in seqs.items():
                if value is None:
                    seqs[name] = seq

    def count(self, outcome: str) -> int:
        return sum(1 for e in self.entries if e.outcome == outcome)

    @property
    def conflicts(self) -> list[Entry]:
        return [e for e in self.entries if e.outcome == "conflict"]


def same(a: Any, b: Any) -> bool:
    """Equal as a user would judge it: lists as sets, empty text and None alike."""
    if a == b and type(a) is type(b):
        return True
    if isinstance(a, list) and isinstance(b, list):
        return sorted(map(str, a)) == sorted(map(str, b))
    if a in (None, "", []) and b in (None, "", []):
        return True
    return bool(a == b)


def _dry_run(state: WorkspaceState, who: Principal, op: dict[str, Any]) -> str | None:
    """Why the rules would refuse ``op`` on its own, or None."""
    try:
        plan(state, who, parse_mutation({"client_id": "dry-run", "mutation_id": 0, "ops": [op]}), state.seq + 1, "")
    except Rejected as exc:
        return exc.reason.split(": ", 1)[-1]
    return None


def merge_upload(
    state: WorkspaceState,
    who: Principal,
    base: dict[str, dict[str, Any]],
    rows: list[UploadedRow],
    fields: list[str],
    new_id: Callable[[str], str],
    default_partner: str | None,
) -> MergeResult:
    """Merge ``rows`` (columns ``fields``) into ``state``; returns the ops to apply and the report."""
    result = MergeResult(new_base={k: {**v, SEQS: dict(v.get(SEQS, {}))} for k, v in base.items()})
    seen: set[str] = set()
    for row in rows:
        ident = row.id
        if ident is None:
            ident = _new_row(state, who, row, fields, new_id, default_partner, result)
            if ident is None:
                continue
        if ident in seen:
            result.entries.append(
                Entry(row.number, ident, _name(row), "", "rejected", reason="deze rij staat dubbel in het bestand")
            )
            continue
        seen.add(ident)
        _existing_row(state, who, row, ident, fields, result)
    return result


def _name(row: UploadedRow) -> str:
    return str(row.values.get(NAME) or "")


def _cell_errors(row: UploadedRow, ident: str | None, result: MergeResult) -> None:
    for name, reason in row.errors.items():
        result.entries.append(Entry(row.number, ident, _name(row), name, "rejected", reason=reason))


def _new_row(
    state: WorkspaceState,
    who: Principal,
    row: UploadedRow,
    fields: list[str],
    new_id: Callable[[str], str],
    default_partner: str | None,
    result: MergeResult,
) -> str | None:
    """Create the activity of an id-less row; the id if it exists already (a file uploaded again)."""
    meaningful = {k: v for k, v in row.values.items() if k != "partner" and v not in (None, "", [])}
    if not meaningful and not row.errors:
        return None  # an empty row of the template
    name = _name(row).strip()
    if not name:
        result.entries.append(
            Entry(row.number, None, "", NAME, "rejected", reason="een nieuwe activiteit heeft een naam nodig")
        )
        return None
    ident = new_id(name)
    if state.get(ident) is not None:
        live = state.objects[ident]
        result.new_base.setdefault(ident, base_row({f: live.fields.get(f) for f in fields}, live.updated_seq))
        return ident
    values = {k: v for k, v in row.values.items() if k in fields and v not in (None, "", [])}
    if not values.get("partner") and default_partner:
        values["partner"] = default_partner
    _cell_errors(row, ident, result)
    op = {"op": "create", "type": "activity", "id": ident, "fields": values}
    if _dry_run(state, who, op) is not None:
        # find the cells the rules refuse, one at a time, so one bad cell does not lose the whole row
        essentials = {k: values[k] for k in ("name", "partner") if k in values}
        reason = _dry_run(state, who, {**op, "fields": essentials})
        if reason is not None:
            result.entries.append(Entry(row.number, None, name, "", "rejected", reason=reason))
            return None
        for f in [f for f in values if f not in essentials]:
            reason = _dry_run(state, who, {**op, "fields": {**essentials, f: values[f]}})
            if reason is not None:
                result.entries.append(
                    Entry(row.number, ident, name, f, "rejected", uploaded=values.pop(f), reason=reason)
                )
        reason = _dry_run(state, who, op)
        if reason is not None:
            result.entries.append(Entry(row.number, None, name, "", "rejected", reason=reason))
            return None
    result.ops.append(op)
    result.entries.append(Entry(row.number, ident, name, "", "created"))
    result.new_base[ident] = base_row({f: row.values.get(f) for f in fields}, None)
    return None


def _existing_row(
    state: WorkspaceState, who: Principal, row: UploadedRow, ident: str, fields: list[str], result: MergeResult
) -> None:
    obj = state.get(ident)
    name = _name(row) or (str(obj.fields.get("name")) if obj else "")
    row_base = result.new_base.get(ident)
    if obj is None or obj.type != "activity" or row_base is None:
        reason = "deze rij hoort niet bij dit sjabloon (onbekend id); laat de verborgen kolom ongemoeid"
        result.entries.append(Entry(row.number, ident, name, "", "rejected", reason=reason))
        return
    _cell_errors(row, ident, result)
    seqs = row_base.get(SEQS, {})

    def live_changed(name: str) -> bool:
        recorded = seqs.get(name)
        written_after = recorded is not None and obj.field_seq.get(name, 0) > recorded
        return written_after and not same(row_base.get(name), obj.fields.get(name))

    if obj.deleted:
        if any(f in row.values and not same(row.values[f], row_base.get(f)) for f in fields):
            reason = "deze activiteit is intussen verwijderd; uw wijzigingen zijn niet overgenomen"
            result.entries.append(
                Entry(row.number, ident, name, "", "rejected", reason=reason, live_seq=obj.updated_seq)
            )
        return
    if row.delete:
        changed_live = [f for f in fields if f in row_base and live_changed(f)]
        if changed_live:
            reason = "niet verwijderd: de activiteit is sinds uw download gewijzigd (" + ", ".join(changed_live) + ")"
            result.entries.append(
                Entry(row.number, ident, name, "", "rejected", reason=reason, live_seq=obj.updated_seq)
            )
            return
        op: dict[str, Any] = {"op": "delete", "type": "activity", "id": ident}
        refused = _dry_run(state, who, op)
        if refused:
            result.entries.append(Entry(row.number, ident, name, "", "rejected", reason=refused))
        else:
            result.ops.append(op)
            result.entries.append(Entry(row.number, ident, name, "", "deleted"))
            result.new_base.pop(ident, None)
        return
    for f in fields:
        if f not in row.values or f in row.errors:
            continue
        b, live, up = row_base.get(f), obj.fields.get(f), row.values[f]
        if same(up, b) and not live_changed(f):
            continue  # untouched in the file: nothing to report
        if not same(up, b) and same(live, up):
            _record(row_base, f, up)
            continue
        entry = Entry(row.number, ident, name, f, "", base=b, live=live, uploaded=up, live_seq=obj.field_seq.get(f, 0))
        if same(up, b):
            entry.outcome = "kept"
            result.entries.append(entry)
            continue
        if live_changed(f):
            entry.outcome = "conflict"
            result.entries.append(entry)
            _record(row_base, f, up)  # uploading this file again repeats nothing
            continue
        op = {"op": "set", "type": "activity", "id": ident, "field": f, "value": up, "base_seq": entry.live_seq}
        refused = _dry_run(state, who, op)
        if refused:
            entry.outcome, entry.reason = "rejected", refused
        else:
            entry.outcome = "applied"
            result.ops.append(op)
            _record(row_base, f, up)
        result.entries.append(entry)
