"""Turns a parsed mutation into changed objects, or refuses it as a whole.

This is the one place that decides whether an operation is allowed (authorization), whether it refers to
things that exist (references, axis values, uniqueness), and what the state looks like afterwards. It is
pure: the sync core gives it the current state and a sequence number, and persists what it returns.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from .axes import AXES, AXIS_BY_FIELD, matrix_axis_keys
from .mutation import CreateOp, DeleteOp, Mutation, Principal, RestoreOp, SetOp
from .schema import FIELD_LABELS, SERVER_FIELDS, TYPE_LABELS, Invalid, Issue, validate_field, validate_object
from .state import Draft, StateView, StoredObject

REF_FIELDS: dict[str, dict[str, str]] = {
    "activity": {"partner": "partner", "co_partners": "partner", "outcomes": "outcome"},
    "member": {"partner": "partner"},
    "decision": {"meeting": "meeting"},
}


class Rejected(Exception):
    """A mutation that is refused as a whole; ``reason`` is Dutch, ``ids`` the objects it touched."""

    def __init__(self, reason: str, ids: Iterable[str] = (), issues: list[Issue] | None = None):
        super().__init__(reason)
        self.reason = reason
        self.ids = list(dict.fromkeys(ids))
        self.issues = issues or []


NO_ACCESS = "U heeft (niet langer) toegang tot deze werkruimte."


def current_principal(state: StateView, member_id: str, channel: str) -> Principal | None:
    """The member as the workspace knows them now (role and partner as they are now); None when the
    member is unknown, deleted or revoked."""
    member = state.get(member_id)
    if member is None or member.type != "member" or member.deleted or member.fields.get("revoked"):
        return None
    f = member.fields
    return Principal(member_id, state.slug, f["partner"], f["role"], f["name"], channel)


@dataclass
class Plan:
    changed: dict[str, StoredObject] = field(default_factory=dict)
    ops: list[dict[str, Any]] = field(default_factory=list)


def _label(obj: StoredObject) -> str:
    f = obj.fields
    return str(f.get("name") or f.get("title") or f.get("label") or obj.id)


def _names(objs: list[StoredObject]) -> str:
    shown = ", ".join(f"'{_label(o)}'" for o in objs[:3])
    return shown + (f" en {len(objs) - 3} meer" if len(objs) > 3 else "")


# --- authorization -----------------------------------------------------------------------------------


def authorize(who: Principal, obj_type: str, before: dict[str, Any] | None, after: dict[str, Any] | None) -> str | None:
    """Why ``who`` may not make this change, or None when allowed. ``before``/``after`` are field maps."""
    if obj_type == "conflict":
        # conflicts are made by the upload merge only, and resolved by the coordinator
        if before is None and after is not None:
            return None if who.channel == "upload" else "Conflicten worden alleen door een upload aangemaakt."
        return None if who.role == "coordinator" else "Alleen de regisseur (gemeente) kan een conflict oplossen."
    if who.role == "coordinator":
        return None
    if who.role != "partner":
        return "Als kijker kunt u niets wijzigen."
    if obj_type == "activity":
        for fields in (before, after):
            if fields is not None and fields.get("partner") != who.partner_id:
                return "U kunt alleen de activiteiten van uw eigen organisatie wijzigen."
        return None
    if obj_type == "comment":
        if before is not None and before.get("author") != who.member_id:
            return "U kunt alleen uw eigen opmerkingen wijzigen."
        return None
    return f"Alleen de regisseur (gemeente) kan een {TYPE_LABELS[obj_type]} wijzigen."


# --- references --------------------------------------------------------------------------------------


def _check_refs(view: Draft, obj_type: str, fields: dict[str, Any], only: str | None = None) -> list[Issue]:
    issues: list[Issue] = []
    names = [only] if only else list(fields)
    for name in names:
        value = fields.get(name)
        ids = value if isinstance(value, list) else ([value] if value else [])
        if len(set(ids)) != len(ids):
            issues.append(Issue(name, value, "bevat dezelfde waarde meer dan eens"))
            continue
        target = REF_FIELDS.get(obj_type, {}).get(name)
        axis = AXIS_BY_FIELD.get(name) if obj_type == "activity" else None
        for ref in ids:
            obj = view.get(ref)
            if target:
                if obj is None or obj.type != target or obj.deleted:
                    issues.append(Issue(name, ref, f"onbekende {TYPE_LABELS[target]} '{ref}'"))
            elif axis:
                if obj is None or obj.type != "axis_value" or obj.deleted or obj.fields["axis"] != axis.key:
                    issues.append(Issue(name, ref, f"'{ref}' is geen waarde van de as {axis.label}"))
                elif obj.fields["retired"]:
                    issues.append(Issue(name, ref, f"de waarde '{obj.fields['label']}' is vervallen"))
    if obj_type == "comment" and (only in (None, "target")):
        target_obj = view.get(fields["target"])
        if target_obj is None or target_obj.deleted:
            issues.append(Issue("target", fields["target"], "het object bij deze opmerking bestaat niet"))
    if obj_type == "axis_value" and only in (None, "axis") and fields["axis"] not in AXES:
        issues.append(Issue("axis", fields["axis"], f"onbekende as; kies uit {', '.join(AXES)}"))
    if obj_type == "matrix" and only in (None, "row_axis", "col_axis"):
        for name in ("row_axis", "col_axis"):
            if fields[name] not in matrix_axis_keys():
                issues.append(
                    Issue(name, fields[name], f"onbekende as; kies uit {', '.join(sorted(matrix_axis_keys()))}")
                )
        if fields["row_axis"] == fields["col_axis"]:
            issues.append(Issue("col_axis", fields["col_axis"], "rijen en kolommen moeten verschillende assen zijn"))
    return issues


def _check_unique(view: Draft, obj: StoredObject) -> list[Issue]:
    if obj.type == "partner":
        for other in view.live("partner"):
            if other.id != obj.id and other.fields["slug"] == obj.fields["slug"]:
                return [Issue("slug", obj.fields["slug"], f"is al in gebruik door partner '{_label(other)}'")]
    return []


def _users(view: Draft, obj: StoredObject) -> list[StoredObject]:
    """Live objects that would be left pointing at ``obj`` if it went away."""
    if obj.type == "partner":
        return [
            o
            for o in list(view.live("activity")) + list(view.live("member"))
            if o.fields.get("partner") == obj.id or obj.id in o.fields.get("co_partners", ())
        ]
    if obj.type == "axis_value":
        axis = AXES.get(obj.fields["axis"])
        if axis is None:
            return []
        out = []
        for act in view.live("activity"):
            value = act.fields.get(axis.field)
            if value == obj.id or (isinstance(value, list) and obj.id in value):
                out.append(act)
        return out
    return []


# --- planning ----------------------------------------------------------------------------------------


def plan(state: StateView, who: Principal, mutation: Mutation, seq: int, now: str) -> Plan:
    """Apply ``mutation`` to a copy of what it touches; raise :class:`Rejected` if any op is refused."""
    result = Plan()
    view = Draft(state, result.changed)  # earlier ops of the mutation are visible
    touched = [op.id for op in mutation.ops]
    for n, op in enumerate(mutation.ops, 1):
        where = (
            f"Bewerking {n} ({TYPE_LABELS[op.type]})" if len(mutation.ops) > 1 else TYPE_LABELS[op.type].capitalize()
        )
        try:
            result.ops.append(_apply(view, who, op, seq, now))
        except Invalid as exc:
            raise Rejected(f"{where}: {exc}", touched, exc.issues) from None
        except _Refused as exc:
            raise Rejected(f"{where}: {exc}", touched) from None
    return result


class _Refused(Exception):
    pass


def _existing(view: Draft, op: SetOp | DeleteOp | RestoreOp) -> StoredObject:
    obj = view.get(op.id)
    if obj is None or obj.type != op.type:
        raise _Refused(f"bestaat niet (id '{op.id}')")
    return obj


def _deny(who: Principal, obj_type: str, before: dict[str, Any] | None, after: dict[str, Any] | None) -> None:
    reason = authorize(who, obj_type, before, after)
    if reason:
        raise _Refused(reason)


def _apply(view: Draft, who: Principal, op: Any, seq: int, now: str) -> dict[str, Any]:
    server_fields = SERVER_FIELDS.get(op.type, frozenset())
    if isinstance(op, CreateOp):
        if view.get(op.id) is not None:
            raise _Refused(f"er bestaat al een object met id '{op.id}'")
        sent = set(op.fields) & server_fields
        if sent:
            raise Invalid([Issue(f, op.fields[f], "wordt door de server ingevuld") for f in sorted(sent)])
        fields = validate_object(op.type, op.fields)
        if op.type == "comment":
            fields.update(author=who.member_id, created_at=now)
        _deny(who, op.type, None, fields)
        obj = StoredObject(op.id, op.type, fields, dict.fromkeys(fields, seq), seq, seq)
        _validate_whole(view, obj)
        view.changed[obj.id] = obj
        return {"op": "create", "type": op.type, "id": op.id, "fields": fields}

    obj = _existing(view, op).copy()
    if isinstance(op, SetOp):
        if obj.deleted:
            raise _Refused(f"'{_label(obj)}' is verwijderd; zet het eerst terug")
        if op.field in server_fields:
            raise Invalid([Issue(op.field, op.value, "wordt door de server ingevuld")])
        value = validate_field(op.type, op.field, op.value)
        last = obj.field_seq.get(op.field, 0)
        if op.base_seq is not None and last > op.base_seq:
            raise _Refused(
                f"{FIELD_LABELS.get(op.field, op.field)} van '{_label(obj)}' is intussen gewijzigd "
                f"(volgnummer {last}, u ging uit van {op.base_seq}); bekijk de nieuwe waarde en probeer opnieuw"
            )
        if op.type == "axis_value" and op.field == "axis" and value != obj.fields["axis"]:
            raise Invalid([Issue("axis", value, "de as van een waarde kan niet veranderen")])
        before = dict(obj.fields)
        obj.fields[op.field] = value
        _deny(who, op.type, before, obj.fields)
        issues = _check_refs(view, op.type, obj.fields, only=op.field) + _check_unique(view, obj)
        if issues:
            raise Invalid(issues)
        if op.type == "axis_value" and op.field == "retired" and value and not before["retired"]:
            _refuse_if_used(view, obj, "vervallen")
        obj.field_seq[op.field] = seq
        obj.updated_seq = seq
        view.changed[obj.id] = obj
        return {"op": "set", "type": op.type, "id": op.id, "field": op.field, "value": value}

    if isinstance(op, DeleteOp):
        if obj.deleted:
            raise _Refused(f"'{_label(obj)}' is al verwijderd")
        _deny(who, op.type, obj.fields, None)
        _refuse_if_used(view, obj, "worden verwijderd")
        obj.deleted, obj.deleted_by, obj.deleted_seq, obj.updated_seq = True, who.member_id, seq, seq
        view.changed[obj.id] = obj
        return {"op": "delete", "type": op.type, "id": op.id}

    assert isinstance(op, RestoreOp)
    if not obj.deleted:
        raise _Refused(f"'{_label(obj)}' is niet verwijderd")
    _deny(who, op.type, None, obj.fields)
    obj.deleted, obj.deleted_by, obj.deleted_seq, obj.updated_seq = False, None, None, seq
    _validate_whole(view, obj)
    view.changed[obj.id] = obj
    return {"op": "restore", "type": op.type, "id": op.id, "fields": obj.fields}


def _validate_whole(view: Draft, obj: StoredObject) -> None:
    issues = _check_refs(view, obj.type, obj.fields) + _check_unique(view, obj)
    if issues:
        raise Invalid(issues)


def _refuse_if_used(view: Draft, obj: StoredObject, action: str) -> None:
    users = _users(view, obj)
    if users:
        kind = "activiteiten of leden" if obj.type == "partner" else "activiteiten"
        raise _Refused(
            f"'{_label(obj)}' kan niet {action}: nog in gebruik bij {len(users)} {kind} ({_names(users)}); "
            "pas die eerst aan"
        )


def current_values(state: StateView, ids: Iterable[str]) -> dict[str, Any]:
    """What a rejected client should roll back to: each touched object as the server has it (or None)."""
    out: dict[str, Any] = {}
    for obj_id in ids:
        obj = state.get(obj_id)
        out[obj_id] = obj.wire() if obj is not None else None
    return out
