"""The offline Excel round trip: hand out a partner template, and merge it back when it is uploaded.

Export: the template shows the partner's activities as they are at seq N; what it showed is stored as the
export's *base*, and the workbook carries a signed provenance pointing at it.
Upload: read the file defensively, check the provenance, merge three-way per field against the base,
apply everything that passes as one mutation (channel ``upload``) through the sync core, store the
conflicts as objects a coordinator resolves, and return a report. Nothing is applied when anything
before the final write fails.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from ..domain.merge import Entry, MergeResult, base_row, merge_upload
from ..domain.mutation import Principal
from ..domain.schema import FIELD_LABELS
from ..domain.state import WorkspaceState
from ..storage.exports import Export, add_export, get_export, last_writers, record_upload
from ..sync.core import SyncCore
from ..sync.workspaces import partner_by_slug, stable_id
from .columns import FIELD_COLUMNS, Column, Vocabulary
from .provenance import Provenance, ProvenanceError, verify
from .upload_rows import to_uploaded_rows
from .xlsx_fast import collector_paused
from .xlsx_read import Limits, ParsedUpload, read_upload
from .xlsx_template import build_partner_template, template_filename

MAX_EXPORT_AGE = timedelta(days=365)
RETRIES = 3
OUTCOME_LABELS = {
    "applied": "overgenomen",
    "created": "nieuw toegevoegd",
    "deleted": "verwijderd",
    "kept": "live waarde behouden",
    "conflict": "conflict",
    "rejected": "afgewezen",
}


class RoundTripError(ValueError):
    """The upload as a whole is refused; nothing changed. Dutch message."""


@dataclass
class UploadReport:
    workspace: str
    export: str
    seq: int | None
    entries: list[Entry] = field(default_factory=list)
    columns: dict[str, Column] = field(default_factory=dict)

    def summary(self) -> dict[str, int]:
        return {k: sum(1 for e in self.entries if e.outcome == k) for k in OUTCOME_LABELS}

    def as_dict(self) -> dict[str, Any]:
        return {
            "workspace": self.workspace,
            "export": self.export,
            "seq": self.seq,
            "summary": self.summary(),
            "message": self.headline(),
            "entries": [e.as_dict() for e in self.entries],
        }

    def headline(self) -> str:
        s = self.summary()
        if not any(s[k] for k in ("applied", "created", "deleted", "conflict", "rejected")):
            return "Er was niets nieuws in dit bestand; er is niets gewijzigd."
        parts = [f"{n} {OUTCOME_LABELS[k]}" for k, n in s.items() if n]
        return "Samengevoegd: " + ", ".join(parts) + "."

    def text(self) -> str:
        """The report as a user reads it (CLI output and the upload page)."""
        lines = [self.headline()]
        for e in self.entries:
            where = f"rij {e.row}" + (f", {e.name}" if e.name else "")
            what = FIELD_LABELS.get(e.field, e.field) if e.field else "hele rij"
            line = f"- {where}, {what}: {OUTCOME_LABELS[e.outcome]}"
            if e.outcome == "conflict":
                line += (
                    f" (bij download: {_show(e.base)}; nu live: {_show(e.live)}, gewijzigd door "
                    f"{e.live_actor or 'onbekend'} op {e.live_at or '?'}; in uw bestand: {_show(e.uploaded)}). "
                    "De live waarde blijft staan tot de regisseur kiest."
                )
            elif e.outcome == "kept":
                line += f" (gewijzigd door {e.live_actor or 'een ander'}; u had niets veranderd)"
            elif e.reason:
                line += f": {e.reason}"
            lines.append(line)
        return "\n".join(lines)


def _show(value: Any) -> str:
    if value in (None, "", []):
        return "leeg"
    text = "; ".join(map(str, value)) if isinstance(value, list) else str(value)
    return f"'{text[:60]}'"


# --- export ----------------------------------------------------------------------------------------------


def export_template(core: SyncCore, who: Principal, partner_slug: str | None, secret: str) -> tuple[bytes, str]:
    """The partner template for ``partner_slug`` (all activities when None, coordinators only)."""
    state = core.state(who.workspace)
    partner_id = partner_by_slug(core, who.workspace, partner_slug) if partner_slug else None
    if who.role != "coordinator" and partner_id != who.partner_id:
        raise RoundTripError("U kunt alleen het sjabloon van uw eigen organisatie downloaden.")
    activities = [a for a in state.live("activity") if partner_id is None or a.fields["partner"] == partner_id]
    keys = [c.key for c in FIELD_COLUMNS]
    base = {a.id: base_row({k: a.fields.get(k) for k in keys}, state.seq) for a in activities}
    export = Export(
        uuid.uuid4().hex, state.workspace_id, partner_id, who.member_id, state.seq, base, 0, datetime.now(UTC)
    )
    add_export(core.store, export)
    provenance = Provenance(who.workspace, export.id, export.seq, partner_slug or "")
    data = build_partner_template(state, partner_id, provenance.as_dict(secret))
    return data, template_filename(who.workspace, partner_slug)


# --- upload ----------------------------------------------------------------------------------------------


def _export_for(core: SyncCore, who: Principal, provenance: Provenance) -> Export:
    if provenance.workspace != who.workspace:
        raise RoundTripError(f"Dit bestand hoort bij werkruimte '{provenance.workspace}', niet bij '{who.workspace}'.")
    state = core.state(who.workspace)
    export = get_export(core.store, state.workspace_id, provenance.export)
    if export is None or export.seq != provenance.seq:
        raise RoundTripError(
            "Dit bestand verwijst naar een download die de server niet kent. Download een nieuw sjabloon."
        )
    created = export.created_at if export.created_at.tzinfo else export.created_at.replace(tzinfo=UTC)
    if datetime.now(UTC) - created > MAX_EXPORT_AGE:
        raise RoundTripError(
            f"Dit bestand is gedownload op {created:%d-%m-%Y} en is te oud om samen te voegen. "
            "Download een nieuw sjabloon en neem uw wijzigingen daarin over."
        )
    if export.seq > state.seq:
        raise RoundTripError("Dit bestand is nieuwer dan de gegevens op de server; is de server teruggezet?")
    if who.role != "coordinator" and export.partner_id != who.partner_id:
        raise RoundTripError("Dit sjabloon hoort bij een andere organisatie dan de uwe.")
    return export


def merge_workbook(
    core: SyncCore,
    who: Principal,
    data: bytes,
    secret: str,
    limits: Limits | None = None,
    run_parse: Callable[[Callable[[], ParsedUpload]], ParsedUpload] | None = None,
) -> UploadReport:
    """Merge an uploaded partner template; raises RoundTripError/UploadError when refused as a whole.

    ``run_parse`` runs the reading of the file (:func:`read_upload`, which touches no shared state): the REST route
    hands it to a worker thread so that the event loop serves other sockets meanwhile. The merge itself runs here,
    under the workspace lock."""
    if who.role == "viewer":
        raise RoundTripError("Als kijker kunt u geen wijzigingen uploaden.")
    parse = functools.partial(_read, data, limits or Limits())
    parsed = run_parse(parse) if run_parse is not None else parse()
    try:
        provenance = verify(parsed.provenance, secret)
    except ProvenanceError as exc:
        raise RoundTripError(str(exc)) from None
    with collector_paused():  # decoding the export's base: thousands of dicts
        export = _export_for(core, who, provenance)
    uploader = dataclasses.replace(who, channel="upload")
    sha = hashlib.sha256(data).hexdigest()
    for _attempt in range(RETRIES):
        with core.locked(who.workspace):
            state = core.state(who.workspace)
            with collector_paused():
                rows, fields = to_uploaded_rows(parsed, Vocabulary(state))
                result = merge_upload(
                    state,
                    uploader,
                    export.base,
                    rows,
                    fields,
                    functools.partial(_new_row_id, export.id),
                    export.partner_id,
                )
            _who_changed_live(core, state, result)
            ops = result.ops + _conflict_ops(result, uploader, export)
            seq = None
            if ops:
                outcome = core.apply(
                    uploader, {"client_id": f"upload-{export.id}", "mutation_id": export.uploads + 1, "ops": ops}
                )
                if outcome.reject is not None:
                    continue  # someone changed a field between the merge and the write: merge again
                assert outcome.ack is not None
                seq = int(outcome.ack["seq"])
                result.stamp(seq)
                export = dataclasses.replace(export, base=result.new_base, uploads=export.uploads + 1)
            report = UploadReport(who.workspace, export.id, seq, result.entries)
            record_upload(core.store, export, state.workspace_id, who.member_id, sha, len(data), seq, report.as_dict())
            return report
    raise RoundTripError(
        "Het samenvoegen lukte niet doordat er steeds tegelijk werd gewijzigd; probeer het zo opnieuw."
    )


def _read(data: bytes, limits: Limits) -> ParsedUpload:
    with collector_paused():  # a few hundred thousand elements and cells, none in a cycle
        return read_upload(data, limits)


def _new_row_id(export_id: str, name: str) -> str:
    """A new row's id, the same each time the same file is uploaded (so it is not created twice)."""
    return stable_id(export_id, "new", " ".join(name.split()).casefold())


def _who_changed_live(core: SyncCore, state: WorkspaceState, result: MergeResult) -> None:
    wanted = [e for e in result.entries if e.outcome in ("conflict", "kept") and e.live_seq]
    writers = last_writers(core.store, state.workspace_id, {e.live_seq for e in wanted})
    for entry in wanted:
        actor, at = writers.get(entry.live_seq, ("", ""))
        member = state.get(actor)
        entry.live_actor = (
            str(member.fields["name"]) if member is not None else ("matrixsync" if actor == "system" else actor)
        )
        entry.live_at = at


def _conflict_ops(result: MergeResult, who: Principal, export: Export) -> list[dict[str, Any]]:
    ops = []
    for e in result.conflicts:
        fields = {
            "activity": e.activity,
            "field": e.field,
            "base": e.base,
            "live": e.live,
            "uploaded": e.uploaded,
            "live_actor": e.live_actor[:200],
            "live_seq": e.live_seq,
            "uploader": who.name[:200],
            "export": export.id,
        }
        ops.append({"op": "create", "type": "conflict", "id": uuid.uuid4().hex, "fields": fields})
    return ops
