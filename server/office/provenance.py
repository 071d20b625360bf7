"""Where an exported workbook came from, signed so that tampering is detected on upload.

The provenance travels hidden in the workbook (a hidden sheet, see ``xlsx_template``); the server also
stores the export itself (its base values), so the signature only has to prove that these four facts were
written by this server.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping
from dataclasses import dataclass

VERSION = "v1"
KEYS = ("workspace", "export", "seq", "partner")


class ProvenanceError(ValueError):
    """Missing or tampered provenance; Dutch message."""


@dataclass(frozen=True)
class Provenance:
    workspace: str
    export: str
    seq: int
    partner: str  # partner slug, or "" for a coordinator's export of all activities

    def _message(self) -> bytes:
        return "|".join((VERSION, self.workspace, self.export, str(self.seq), self.partner)).encode()

    def sign(self, secret: str) -> str:
        return hmac.new(secret.encode(), self._message(), hashlib.sha256).hexdigest()

    def as_dict(self, secret: str) -> dict[str, str]:
        """What the workbook stores: the four facts and the signature, all as text."""
        return {
            "workspace": self.workspace,
            "export": self.export,
            "seq": str(self.seq),
            "partner": self.partner,
            "signature": self.sign(secret),
        }


def verify(values: Mapping[str, object], secret: str) -> Provenance:
    """The provenance read back from a workbook, or :class:`ProvenanceError`."""
    if not values or "signature" not in values:
        raise ProvenanceError(
            "Dit bestand is geen sjabloon van matrixsync (de verborgen herkomstgegevens ontbreken). "
            "Download het sjabloon opnieuw en vul het daarin in."
        )
    try:
        prov = Provenance(
            str(values["workspace"]),
            str(values["export"]),
            int(float(str(values["seq"]))),
            str(values.get("partner") or ""),
        )
    except (KeyError, ValueError):
        raise ProvenanceError("De herkomstgegevens in dit bestand zijn beschadigd.") from None
    if not hmac.compare_digest(prov.sign(secret), str(values["signature"])):
        raise ProvenanceError(
            "De herkomstgegevens in dit bestand zijn gewijzigd; het bestand wordt niet samengevoegd. "
            "Download het sjabloon opnieuw."
        )
    return prov
