"""Who is in a room and what they have open: ephemeral, never stored, relayed only when it changed.

Relaying every presence message to everyone grows with the cube of the clients (DESIGN.md); so an update
that changes nothing is dropped, and a connection may update at most ``rate`` times a second.
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass, replace
from typing import Any

MAX_TEXT = 64


@dataclass(frozen=True)
class Presence:
    sid: str
    member: str
    name: str
    partner: str | None
    card: str | None = None  # id of the object they have open
    field: str | None = None  # field they are typing in

    def wire(self) -> dict[str, Any]:
        return asdict(self)


def _clean(value: Any) -> str | None:
    if isinstance(value, str) and 0 < len(value) <= MAX_TEXT:
        return value
    return None


class PresenceBoard:
    def __init__(self, rate: float = 10.0):
        self.rooms: dict[str, dict[str, Presence]] = {}
        self.min_interval = 1.0 / rate
        self._last: dict[str, float] = {}

    def enter(self, room: str, entry: Presence) -> Presence:
        self.rooms.setdefault(room, {})[entry.sid] = entry
        return entry

    def present(self, room: str) -> list[Presence]:
        return list(self.rooms.get(room, {}).values())

    def update(self, room: str, sid: str, payload: Any) -> Presence | None:
        """Record what ``payload`` says; the new entry if it changed anything, else None."""
        current = self.rooms.get(room, {}).get(sid)
        if current is None or not isinstance(payload, dict):
            return None
        new = replace(current, card=_clean(payload.get("card")), field=_clean(payload.get("field")))
        if new == current:
            return None
        self.rooms[room][sid] = new
        return new

    def wait(self, sid: str) -> float:
        """Seconds until ``sid`` may be relayed again (0: now)."""
        return max(0.0, self._last.get(sid, -1e9) + self.min_interval - time.monotonic())

    def sent(self, sid: str) -> None:
        self._last[sid] = time.monotonic()

    def entry(self, room: str, sid: str) -> Presence | None:
        return self.rooms.get(room, {}).get(sid)

    def leave(self, sid: str) -> list[tuple[str, Presence]]:
        """Remove ``sid`` from every room; returns what it left, so the rooms can be told."""
        self._last.pop(sid, None)
        left = []
        for room, entries in list(self.rooms.items()):
            entry = entries.pop(sid, None)
            if entry is not None:
                left.append((room, entry))
            if not entries:
                del self.rooms[room]
        return left
