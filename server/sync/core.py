"""The sync core: validate -> authorize -> sequence -> persist -> broadcast, for every channel.

Sockets, REST, uploads and the CLI all call :meth:`SyncCore.apply`. A mutation is written with its effect
in one transaction, and only then acknowledged and broadcast; a resend of a mutation already applied
(same client id and number) is acknowledged again and changes nothing.

Each process keeps every open workspace in memory as a :class:`WorkspaceState`. The database is the
truth: inside the write transaction, after taking the workspace's row lock, the cache catches up with
whatever other processes (or the CLI) committed since, so several processes can share one database.

:class:`RoomFeed` is a process's side of a workspace's ``ops`` stream: whether an event comes from this
process's own writes or from another process (over Redis), its clients get every mutation once, in seq
order, without gaps; a gap (a lost message, another process's write not relayed yet) is filled from the
log in the database, which is the truth.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any

from ..domain.mutation import Mutation, Principal, parse_mutation
from ..domain.rules import NO_ACCESS, Rejected, current_principal, current_values, plan
from ..domain.schema import Invalid
from ..domain.state import Draft, StoredObject, WorkspaceState
from ..storage.store import DuplicateMutation, Store, Writer, mutation_wire

log = logging.getLogger(__name__)


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
    no_access: bool = False  # refused because the member is no longer (or never was) in the workspace


Broadcaster = Callable[[str, dict[str, Any]], None]


class SyncCore:
    def __init__(self, store: Store, broadcast: Broadcaster | None = None):
        self.store = store
        self.broadcast = broadcast
        self._states: dict[str, WorkspaceState] = {}
        self._locks: dict[str, threading.RLock] = {}
        self._guard = threading.Lock()
        self._used: dict[str, float] = {}  # slug -> when its state was last asked for (monotonic)

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
        state = self._states.get(slug)
        if state is not None:
            # the usual case, without the workspace lock (which a busy writer holds most of the time): the
            # database has nothing newer than the cache
            self._used[slug] = time.monotonic()
            if self.store.current_seq(state.workspace_id) <= state.seq and self._states.get(slug) is state:
                return state
        with self._lock(slug):
            state = self._states.get(slug)
            if state is None:
                header = self.store.workspace(slug)
                if header is None:
                    raise UnknownWorkspace(slug)
                state = header
                self._states[slug] = state
            self._used[slug] = time.monotonic()
            db_seq = self.store.current_seq(state.workspace_id)
            if db_seq != state.seq:
                # the seq and the objects read at one moment, or a commit in between would make the cache
                # claim a seq whose objects it lacks (or hold objects newer than its seq)
                with self.store.consistent_read() as conn:
                    seq = self.store.current_seq(state.workspace_id, conn)
                    self._catch_up(state, seq, self.store.changed_since(state.workspace_id, state.seq, conn))
            return state

    def _catch_up(self, state: WorkspaceState, seq: int, changed: list[StoredObject]) -> None:
        """Install what other writers committed (``changed``: the objects updated after the cache's seq)."""
        for obj in changed:
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
            self._used.pop(slug, None)

    def loaded(self) -> list[str]:
        """The workspaces held in memory."""
        with self._guard:
            return list(self._states)

    def forget_idle(self, seconds: float, keep: set[str]) -> list[str]:
        """Forget workspaces not asked for in ``seconds`` (those only REST or the CLI read), except ``keep``."""
        cutoff = time.monotonic() - seconds
        idle = [slug for slug in self.loaded() if slug not in keep and self._used.get(slug, 0.0) < cutoff]
        for slug in idle:
            self.forget(slug)
        return idle

    # --- writing ------------------------------------------------------------------------------------

    def apply(self, who: Principal, payload: Any) -> Result:
        """Apply one mutation: see :meth:`apply_many`."""
        return self.apply_many(who, [payload])[0]

    def apply_many(self, who: Principal, payloads: list[Any]) -> list[Result]:
        """Apply one member's mutations in order, in one transaction (group commit), one result each.

        Each is judged as if it came on its own after the ones before it: accepted with its own seq, ack and
        broadcast event, or rejected alone, and a resend of one already logged is acknowledged again. One
        commit makes the accepted ones durable before any is acknowledged or broadcast; if the transaction
        fails, none is applied (the caller reports the error and the client sends them again).
        """
        results: list[Result | None] = [None] * len(payloads)
        todo: list[tuple[int, Mutation]] = []
        for i, payload in enumerate(payloads):
            try:
                todo.append((i, parse_mutation(payload)))
            except Invalid as exc:
                ids = payload if isinstance(payload, dict) else {}
                reject = _reject(ids.get("client_id"), ids.get("mutation_id"), str(exc))
                results[i] = Result(reject=reject, issues=[issue.as_dict() for issue in exc.issues])
        if todo:
            self._apply_parsed(who, todo, results)
        done = [r for r in results if r is not None]
        assert len(done) == len(payloads)
        return done

    def _apply_parsed(self, who: Principal, todo: list[tuple[int, Mutation]], results: list[Result | None]) -> None:
        slug = who.workspace
        with self._lock(slug):
            # the cached state as it is: the write transaction below catches it up after taking the lock, so
            # reading the database seq first (as state() does) would be a wasted query on the hot path
            state = self._states.get(slug) or self.state(slug)
            self._used[slug] = time.monotonic()
            now = datetime.now(UTC)
            at = now.isoformat(timespec="seconds")
            draft = Draft(state)  # the group's effect, installed in the cache only after the commit
            logged: list[tuple[int, dict[str, Any]]] = []
            accepted: list[int] = []  # the index (in ``results``) of each logged mutation
            try:
                with self.store.writing() as tx:
                    seq = tx.next_seq(state.workspace_id)
                    if seq != state.seq + 1:
                        self._catch_up(state, seq - 1, tx.changed_since(state.workspace_id, state.seq))
                    # a group may hold resends (a reconnecting client sends its whole queue): one query finds
                    # them, under the write lock; a single mutation asks only when it is rejected
                    known = self._logged(tx, state.workspace_id, [m for _, m in todo]) if len(todo) > 1 else None
                    for i, mutation in todo:
                        key = (mutation.client_id, mutation.mutation_id)
                        # the member as the database knows them now, under the write lock: a member revoked (or
                        # given another role) since they connected is judged by what they are now
                        actor = who if who.is_system else current_principal(draft, who.member_id, who.channel)
                        if actor is None:
                            results[i] = Result(reject=_reject(*key, NO_ACCESS), no_access=True)
                            continue
                        if known is not None and key in known:
                            results[i] = self._replayed(who, *key, *known[key])
                            continue
                        try:
                            planned = plan(draft, actor, mutation, seq, at)
                        except Rejected as exc:
                            # a resend of a mutation already applied may no longer plan (its object exists now)
                            prior = (
                                None if known is not None else tx.logged(state.workspace_id, *key, key[1]).get(key[1])
                            )
                            if prior is not None:
                                results[i] = self._replayed(who, *key, *prior)
                            else:
                                results[i] = Result(
                                    reject=_reject(*key, exc.reason, current_values(draft, exc.ids)),
                                    issues=[issue.as_dict() for issue in exc.issues],
                                )
                            continue
                        draft.add(planned.changed)
                        logged.append((seq, _record(mutation, actor, planned.ops, now)))
                        accepted.append(i)
                        if known is not None:
                            known[key] = (seq, actor.member_id)  # the same mutation twice in one group
                        seq += 1
                    if not logged:
                        tx.rollback()
                        return
                    created = [o for o in draft.changed.values() if state.get(o.id) is None]
                    updated = [o for o in draft.changed.values() if state.get(o.id) is not None]
                    tx.write(state.workspace_id, logged, created, updated)
            except DuplicateMutation:
                # the log's unique (workspace, client id, mutation id) refused one, and nothing changed: a resend
                # racing its first delivery. A group cannot race (it looked under the write lock), but if it
                # ever does, its mutations are applied one by one.
                if len(todo) > 1:
                    for item in todo:
                        self._apply_parsed(who, [item], results)
                    return
                i, mutation = todo[0]
                prior = self.store.find_mutation(state.workspace_id, mutation.client_id, mutation.mutation_id)
                if prior is None:
                    raise
                results[i] = self._replayed(who, mutation.client_id, mutation.mutation_id, prior.seq, prior.actor)
                return
            state.install(draft.changed, logged[-1][0])
            for (seq, record), i in zip(logged, accepted, strict=True):
                event = mutation_wire(SimpleNamespace(seq=seq, **record))
                # inside the lock, so the room sees mutations in sequence order
                if self.broadcast is not None:
                    self.broadcast(slug, event)
                ack = {"client_id": record["client_id"], "mutation_id": record["mutation_id"], "seq": seq}
                results[i] = Result(ack=ack, broadcast=event)

    @staticmethod
    def _logged(tx: Writer, workspace_id: int, group: list[Mutation]) -> dict[tuple[str, int], tuple[int, str]]:
        """Which of the group's mutations the log already holds: (client id, number) -> (seq, actor)."""
        numbers: dict[str, set[int]] = {}
        for m in group:
            numbers.setdefault(m.client_id, set()).add(m.mutation_id)
        found: dict[tuple[str, int], tuple[int, str]] = {}
        for client_id, ids in numbers.items():
            for lo, hi in _runs(sorted(ids)):
                for number, prior in tx.logged(workspace_id, client_id, lo, hi).items():
                    if number in ids:
                        found[client_id, number] = prior
        return found

    def _replayed(self, who: Principal, client_id: str, mutation_id: int, seq: int, actor: str) -> Result:
        if actor != who.member_id:
            reason = "Deze client_id is al in gebruik door een ander lid; maak een nieuwe aan."
            return Result(reject=_reject(client_id, mutation_id, reason))
        return Result(ack={"client_id": client_id, "mutation_id": mutation_id, "seq": seq}, replay=True)


def _runs(ids: list[int], gap: int = 8) -> list[tuple[int, int]]:
    """Sorted numbers as ranges to look up, so that a range never spans more than ``gap`` numbers nobody
    asked for: a client's queue is one range, and numbers far apart (a hostile client) do not make the
    lookup read all the log between them."""
    runs: list[tuple[int, int]] = []
    for n in ids:
        if runs and n - runs[-1][1] <= gap:
            runs[-1] = (runs[-1][0], n)
        else:
            runs.append((n, n))
    return runs


def _reject(client_id: Any, mutation_id: Any, reason: str, current: dict[str, Any] | None = None) -> dict[str, Any]:
    """What a refused mutation's sender gets (the ids as sent: an unparsable mutation may lack them)."""
    return {"client_id": client_id, "mutation_id": mutation_id, "reason": reason, "current": current or {}}


def _record(mutation: Mutation, who: Principal, ops: list[dict[str, Any]], now: datetime) -> dict[str, Any]:
    """A mutation's row in the log (without its seq)."""
    return {
        "client_id": mutation.client_id,
        "mutation_id": mutation.mutation_id,
        "actor": who.member_id,
        "actor_partner": who.partner_id,
        "channel": who.channel,
        "ops": ops,
        "created_at": now,
    }


# --- the ops stream of a room, per process --------------------------------------------------------------

Emit = Callable[[str, dict[str, Any]], None]  # (room, ops event)


@dataclass
class _Feed:
    workspace_id: int
    delivered: int  # the highest seq this process's clients of the room have been sent (or had in a snapshot)
    lock: threading.Lock = field(default_factory=threading.Lock)


class RoomFeed:
    """Delivers each workspace's ``ops`` events to this process's clients: once, in seq order, no gaps.

    A room is *open* while this process has clients in it (:meth:`open` at a join, :meth:`close` when the
    last one leaves). :meth:`deliver` takes an event from this process's own write or from another process;
    an event at or below what was delivered is dropped (a duplicate), one that skips seqs first gets the
    missing ones from the log. :meth:`catch_up` does the same when the database is ahead: a message another
    process sent was lost (Redis restarted), or the CLI wrote. A gap that cannot be filled now (the database
    is down) stays open and is filled by the next event or catch-up.
    """

    PAGE = 1000

    def __init__(self, store: Store, emit: Emit):
        self.store = store
        self.emit = emit
        self._feeds: dict[str, _Feed] = {}
        self._guard = threading.Lock()

    def open(self, slug: str, workspace_id: int, seq: int) -> None:
        """Start feeding ``slug`` (a client joined whose snapshot or replay reached ``seq``)."""
        with self._guard:
            if slug not in self._feeds:
                self._feeds[slug] = _Feed(workspace_id, seq)

    def close(self, slug: str) -> None:
        with self._guard:
            self._feeds.pop(slug, None)

    def rooms(self) -> dict[str, int]:
        """Open rooms and their workspace ids."""
        with self._guard:
            return {slug: feed.workspace_id for slug, feed in self._feeds.items()}

    def delivered(self, slug: str) -> int | None:
        feed = self._feeds.get(slug)
        return None if feed is None else feed.delivered

    def lock(self, slug: str) -> threading.Lock | None:
        """The room's lock, held while a joiner's snapshot is taken and sent, so no event overtakes it."""
        feed = self._feeds.get(slug)
        return None if feed is None else feed.lock

    def deliver(self, slug: str, event: dict[str, Any]) -> None:
        feed = self._feeds.get(slug)
        seq = event.get("seq")
        if feed is None or not isinstance(seq, int):
            return
        with feed.lock:
            if seq <= feed.delivered:
                return
            if seq > feed.delivered + 1 and not self._fill(slug, feed, seq - 1):
                return  # the database is down: the gap stays, filled by the next catch-up
            self.emit(slug, event)
            feed.delivered = seq

    def catch_up(self, slug: str, db_seq: int) -> None:
        feed = self._feeds.get(slug)
        if feed is None or db_seq <= feed.delivered:
            return
        with feed.lock:
            if db_seq > feed.delivered:
                self._fill(slug, feed, db_seq)

    def catch_up_all(self) -> None:
        """Compare every open room with the database (one query) and fill what was missed."""
        rooms = self.rooms()
        seqs = self.store.seqs(list(rooms.values()))
        for slug, workspace_id in rooms.items():
            if workspace_id in seqs:
                self.catch_up(slug, seqs[workspace_id])

    def _fill(self, slug: str, feed: _Feed, upto: int) -> bool:
        """Send the logged events after ``feed.delivered`` up to ``upto`` (holding ``feed.lock``)."""
        try:
            while feed.delivered < upto:
                limit = min(self.PAGE, upto - feed.delivered)
                events = self.store.mutations_since(feed.workspace_id, feed.delivered, limit)
                if not events:
                    return False
                for event in events:
                    if event["seq"] != feed.delivered + 1:  # not committed yet: never skip one
                        return False
                    self.emit(slug, event)
                    feed.delivered = event["seq"]
        except Exception as exc:  # the database is down; the caller keeps the gap open
            log.warning("kon de gemiste wijzigingen van '%s' niet ophalen: %s", slug, exc)
            return False
        return True
