"""The mutation envelope as it arrives from any client, parsed defensively.

Wire format (docs/protocol.md): ``{"client_id": str, "mutation_id": int, "ops": [op, ...]}`` where an op is
``create`` (type, id, fields), ``set`` (type, id, field, value), ``delete`` (type, id) or ``restore``
(type, id). Anything else is refused with a Dutch message before it comes near the state.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from .schema import Id, Invalid, Issue, known_type

MAX_OPS = 2000
ClientId = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_.:-]{1,100}$")]


@dataclass(frozen=True)
class Principal:
    """Who acts: a member of a workspace (or the system, for the CLI and the demo loader)."""

    member_id: str
    workspace: str
    partner_id: str | None
    role: str  # coordinator | partner | viewer
    name: str = ""
    channel: str = "socket"  # socket | rest | upload | cli | addin

    @property
    def is_system(self) -> bool:
        return self.member_id == "system"


def system_principal(workspace: str, channel: str = "cli") -> Principal:
    return Principal("system", workspace, None, "coordinator", "matrixsync", channel)


class _Op(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    type: str
    id: Id


class CreateOp(_Op):
    op: Literal["create"]
    fields: dict[str, Any]


class SetOp(_Op):
    op: Literal["set"]
    field: Annotated[str, StringConstraints(max_length=60)]
    value: Any = None
    # optional precondition: refused when the field was written after this seq (a stale editor)
    base_seq: Annotated[int, Field(ge=0)] | None = None


class DeleteOp(_Op):
    op: Literal["delete"]


class RestoreOp(_Op):
    op: Literal["restore"]


Op = Annotated[CreateOp | SetOp | DeleteOp | RestoreOp, Field(discriminator="op")]


class Mutation(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    client_id: ClientId
    mutation_id: Annotated[int, Field(ge=0, le=2**53)]
    ops: Annotated[list[Op], Field(min_length=1, max_length=MAX_OPS)]


_ENVELOPE_MESSAGES = {
    "client_id": "client_id moet een tekst van 1 tot 100 letters, cijfers of - _ . : zijn",
    "mutation_id": "mutation_id moet een geheel getal van 0 of meer zijn",
    "ops": f"ops moet een lijst van 1 tot {MAX_OPS} bewerkingen zijn",
}


def parse_mutation(payload: Any) -> Mutation:
    if not isinstance(payload, dict):
        raise Invalid([Issue("", None, "Een wijziging moet een object zijn met client_id, mutation_id en ops.")])
    try:
        mutation = Mutation.model_validate(payload)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = err["loc"]
        top = str(loc[0]) if loc else ""
        if top in _ENVELOPE_MESSAGES and len(loc) == 1:
            msg = _ENVELOPE_MESSAGES[top]
        elif top == "ops" and len(loc) >= 2:
            where = f"bewerking {int(loc[1]) + 1}" if isinstance(loc[1], int) else "bewerking"
            rest = [str(p) for p in loc[3:]] if len(loc) > 3 else []
            if err["type"] in ("union_tag_invalid", "union_tag_not_found"):
                msg = f"{where}: 'op' moet create, set, delete of restore zijn"
            elif rest:
                msg = f"{where}: veld '{rest[0]}' ontbreekt of is ongeldig"
            else:
                msg = f"{where} is ongeldig"
        elif err["type"] == "extra_forbidden":
            msg = f"onbekend veld '{top}' in de wijziging"
        else:
            msg = "De wijziging heeft niet de juiste vorm."
        raise Invalid([Issue("", None, msg)]) from None
    for n, op in enumerate(mutation.ops, 1):
        if not known_type(op.type):
            raise Invalid([Issue("type", op.type, f"bewerking {n}: onbekend soort object '{op.type[:40]}'")])
    return mutation
