"""How this server writes Socket.IO packets: no binary scan, and JSON that is encoded once per seq.

python-socketio checks every outgoing payload for ``bytes`` by walking it in Python, to switch to binary
packets; this server never sends bytes, and for a 1,000-activity snapshot (~550 KB) the walk cost more than
encoding it. A snapshot is also the same text for every client that joins at one seq, so it is encoded
once and wrapped in :class:`JsonText`, which :class:`SyncPacket` writes as it is.
"""

from __future__ import annotations

import json
from typing import Any

from socketio import packet


class JsonText(str):
    """A payload already encoded as JSON (sent verbatim)."""

    @classmethod
    def of(cls, value: Any) -> JsonText:
        return cls(json.dumps(value, separators=(",", ":")))


class SyncPacket(packet.Packet):
    uses_binary_events = False  # outgoing only: a client's binary packet is still decoded (and refused)

    def encode(self) -> Any:
        data = self.data
        if (
            self.packet_type == packet.EVENT
            and isinstance(data, list)
            and len(data) == 2
            and isinstance(data[1], JsonText)
        ):
            head = str(packet.EVENT)
            if self.namespace is not None and self.namespace != "/":
                head += self.namespace + ","
            if self.id is not None:
                head += str(self.id)
            return f"{head}[{json.dumps(data[0])},{data[1]}]"
        return super().encode()
