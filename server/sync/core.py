"""The sync core: validate -> authorize -> sequence -> persist -> broadcast, for every channel.

Sockets, REST, uploads and the CLI all call :meth:`SyncCore.apply`. A mutation is written with its effect
in one transaction, and only then acknowledged and broadcast; a resend of a mutation already applied
(same client id and number) is acknowledged again and changes nothing.

Each process keeps every open workspace in memory as a :class:`WorkspaceState`. The database is the
truth: inside the write transaction, after taking the workspace's row lock, the cache catches up with
whatever other processes (or the CLI) committed since, so several processes can share one database.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any

from ..domain.mutation import Principal, parse_mutation
from ..domain.rules import Rejected, current_values, plan
from ..domain.schema import Invalid
from ..domain.state import WorkspaceState
from ..storage.store import Store, mutation_wire


class UnknownWorkspace(LookupError):
    def __init__(self, slug: str):
        super().__init__(f"Werkruimte '{slug}' bestaat niet.")


@dataclass
class Result:
    """What the sender gets: ``ack`` or ``reject`` (exactly one is set), and what the room gets."""

    ack: dict[str, Any] | None = None
    reject: dict[str, Any] | None = None
    broadcast: dict[str, Any] | None = None
    replay: bool = False
    issues: list[dict[str, Any]] = field(default_factory=list)


Broadcaster = Callable[[str, dict[str, Any]], None]


class SyncCore:
    def __init__(self, store: Store, broadcast: Broadcaster | None = None):
        self.store = store
        self.broadcast = broadcast
        self._states: dict[str, WorkspaceState] = {}
        self._locks: dict[str, threading.RLock] = {}
        self._guard = threading.Lock()

    # --- reading ------------------------------------------------------------------------------------

    def _lock(self, slug: str) -> threading.RLock:
        with self._guard:
            return self._locks.setdefault(slug, threading.RLock())

    def locked(self, slug: str) -> threading.RLock:
        """The workspace's lock, for work that must see no other write between reading and applying (an
        upload's merge); re-entrant, so ``apply`` may be called while holding it."""
        return self._lock(slug)

    def state(self, slug: str) -> WorkspaceState:
        """The workspace's state, caught up with the database."""
        with self._lock(slug):
            state = self._states.get(slug)
            if state is None:
                header = self.store.workspace(slug)
                if header is None:
                    raise UnknownWorkspace(slug)
                state = header
                self._states[slug] = state
            db_seq = self.store.current_seq(state.workspace_id)
            if db_seq != state.seq:
                self._catch_up(state, db_seq)
            return state

    def _catch_up(self, state: WorkspaceState, seq: int, conn: Any = None) -> None:
        for obj in self.store.changed_since(state.workspace_id, state.seq, conn):
            state.objects[obj.id] = obj
        state.seq = seq

    def snapshot(self, slug: str) -> dict[str, Any]:
        with self._lock(slug):
            return self.state(slug).snapshot()

    def ops_since(self, slug: str, since: int, limit: int | None = None) -> list[dict[str, Any]]:
        state = self.state(slug)
        return self.store.mutations_since(state.workspace_id, since, limit)

    def forget(self, slug: str) -> None:
        """Drop a workspace from memory (when its room empties); the next access reloads it."""
        with self._lock(slug):
            self._states.pop(slug, None)

    # --- writing ------------------------------------------------------------------------------------

    def apply(self, who: Principal, payload: Any) -> Result:
        client_id = payload.get("client_id") if isinstance(payload, dict) else None
        mutation_id = payload.get("mutation_id") if isinstance(payload, dict) else None
        try:
            mutation = parse_mutation(payload)
        except Invalid as exc:
            return Result(
                reject={"client_id": client_id, "mutation_id": mutation_id, "reason": str(exc), "current": {}},
                issues=[i.as_dict() for i in exc.issues],
            )
        slug = who.workspace
        with self._lock(slug):
            state = self.state(slug)
            now = datetime.now(UTC)
            with self.store.transaction() as conn:
                seq = self.store.next_seq(conn, state.workspace_id)
                prior = self.store.find_mutation(conn, state.workspace_id, mutation.client_id, mutation.mutation_id)
                if prior is not None:
                    conn.rollback()
                    return self._replayed(who, mutation.client_id, mutation.mutation_id, prior)
                if seq != state.seq + 1:
                    self._catch_up(state, seq - 1, conn)
                try:
                    result = plan(state, who, mutation, seq, now.isoformat(timespec="seconds"))
                except Rejected as exc:
                    conn.rollback()
                    return Result(
                        reject={
                            "client_id": mutation.client_id,
                            "mutation_id": mutation.mutation_id,
                            "reason": exc.reason,
                            "current": current_values(state, exc.ids),
                        },
                        issues=[i.as_dict() for i in exc.issues],
                    )
                record = {
                    "client_id": mutation.client_id,
                    "mutation_id": mutation.mutation_id,
                    "actor": who.member_id,
                    "actor_partner": who.partner_id,
                    "channel": who.channel,
                    "ops": result.ops,
                    "created_at": now,
                }
                created = [o for o in result.changed.values() if state.get(o.id) is None]
                updated = [o for o in result.changed.values() if state.get(o.id) is not None]
                self.store.write(conn, state.workspace_id, seq, record, created, updated)
            state.install(result.changed, seq)
            event = mutation_wire(SimpleNamespace(seq=seq, **record))
            # inside the lock, so the room sees mutations in sequence order
            if self.broadcast is not None:
                self.broadcast(slug, event)
        ack = {"client_id": mutation.client_id, "mutation_id": mutation.mutation_id, "seq": seq}
        return Result(ack=ack, broadcast=event)

    def _replayed(self, who: Principal, client_id: str, mutation_id: int, prior: Any) -> Result:
        if prior.actor != who.member_id:
            return Result(
                reject={
                    "client_id": client_id,
                    "mutation_id": mutation_id,
                    "reason": "Deze client_id is al in gebruik door een ander lid; maak een nieuwe aan.",
                    "current": {},
                }
            )
        return Result(ack={"client_id": client_id, "mutation_id": mutation_id, "seq": prior.seq}, replay=True)
