"""Who is in a room and what they have open: ephemeral, never stored, relayed only when it changed.

Relaying every presence message to everyone grows with the cube of the clients (DESIGN.md); so an update
that changes nothing is dropped, and a connection may update at most ``rate`` times a second.

With several server processes, each keeps the entries of its own connections (:class:`PresenceBoard`) and
a mirror of the others' (:class:`RemotePresence`): every change is relayed over Redis, and every few seconds
each process also sends its whole board (a heartbeat). A heartbeat brings a newly started process up to
date and repairs changes lost while Redis was away; a process whose heartbeats stop (killed) is dropped
after ``expire`` seconds, and its entries leave every board.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
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

    def board(self) -> dict[str, list[dict[str, Any]]]:
        """Every room's entries, as wire dicts (what a heartbeat carries)."""
        return {room: [e.wire() for e in entries.values()] for room, entries in self.rooms.items() if entries}


Change = tuple[str, dict[str, Any]]  # (room, wire entry; with "left": True when it left)


def _valid(entry: Any) -> bool:
    return isinstance(entry, dict) and isinstance(entry.get("sid"), str)


class RemotePresence:
    """The presence entries of other processes' connections, per process (``host``), as they reported them.

    Every method returns the changes to tell this process's clients: (room, entry), the entry marked
    ``"left": True`` when it is gone.
    """

    def __init__(self, expire: float = 7.0):
        self.expire_after = expire
        self.hosts: dict[str, dict[str, dict[str, dict[str, Any]]]] = {}  # host -> room -> sid -> entry
        self.seen: dict[str, float] = {}

    def present(self, room: str) -> list[dict[str, Any]]:
        return [e for rooms in self.hosts.values() for e in rooms.get(room, {}).values()]

    def changed(self, host: str, room: str, entries: Iterable[Any]) -> list[Change]:
        """A relayed change of ``host``: entries that came, changed or left (``left``)."""
        self.seen[host] = time.monotonic()
        board = self.hosts.setdefault(host, {}).setdefault(room, {})
        out: list[Change] = []
        for entry in entries:
            if not _valid(entry):
                continue
            if entry.get("left"):
                if board.pop(entry["sid"], None) is not None:
                    out.append((room, {**entry, "left": True}))
            elif board.get(entry["sid"]) != entry:
                board[entry["sid"]] = dict(entry)
                out.append((room, dict(entry)))
        if not board:
            self.hosts[host].pop(room, None)
        return out

    def heartbeat(self, host: str, rooms: Any) -> list[Change]:
        """``host``'s whole board: whatever differs from the mirror is a change."""
        self.seen[host] = time.monotonic()
        if not isinstance(rooms, dict):
            return []
        new = {
            room: {e["sid"]: dict(e) for e in entries if _valid(e)}
            for room, entries in rooms.items()
            if isinstance(room, str) and isinstance(entries, list)
        }
        old = self.hosts.get(host, {})
        out: list[Change] = []
        for room in set(old) | set(new):
            before, after = old.get(room, {}), new.get(room, {})
            out += [(room, {**e, "left": True}) for sid, e in before.items() if sid not in after]
            out += [(room, e) for sid, e in after.items() if before.get(sid) != e]
        self.hosts[host] = {room: entries for room, entries in new.items() if entries}
        return out

    def drop(self, host: str) -> list[Change]:
        """``host`` stopped (it said goodbye, or its heartbeats stopped): all its entries leave."""
        self.seen.pop(host, None)
        rooms = self.hosts.pop(host, {})
        return [(room, {**e, "left": True}) for room, entries in rooms.items() for e in entries.values()]

    def expire(self) -> list[Change]:
        """Drop the processes not heard from in ``expire`` seconds."""
        cutoff = time.monotonic() - self.expire_after
        return [change for host in [h for h, t in self.seen.items() if t < cutoff] for change in self.drop(host)]

    def heard_all(self) -> None:
        """Count every known process as heard now: while this process could not listen (Redis was away),
        silence says nothing about the others."""
        now = time.monotonic()
        for host in self.seen:
            self.seen[host] = now
