"""The sync core against real databases (SQLite and PostgreSQL): ordering, durability, replay, rejects,
and two cores on one database, as two server processes would be."""

from __future__ import annotations

import threading
from typing import Any

import pytest
import sqlalchemy as sa

from server.domain.mutation import Principal
from server.storage.store import Store
from server.storage.tables import mutations, objects
from server.sync.core import SyncCore
from tests.conftest import build_world


def who(world: Any, key: str, role: str = "partner", partner: str | None = None) -> Principal:
    partner_id = partner or {"cjg": "p-cjg", "jgz": "p-jgz", "coordinator": "p-gem", "viewer": "p-cjg"}[key]
    return Principal(world.ids[key], "w", partner_id, role, key)


def mutation(client: str, n: int, *ops: dict[str, Any]) -> dict[str, Any]:
    return {"client_id": client, "mutation_id": n, "ops": list(ops)}


def set_op(obj_id: str, field: str, value: Any) -> dict[str, Any]:
    return {"op": "set", "type": "activity", "id": obj_id, "field": field, "value": value}


def log_count(core: SyncCore) -> int:
    with core.store.engine.connect() as conn:
        return int(conn.execute(sa.select(sa.func.count()).select_from(mutations)).scalar_one())


def test_mutations_are_sequenced_persisted_and_broadcast(core: SyncCore, db_url: str) -> None:
    world = build_world(core, db_url)
    seen: list[dict[str, Any]] = []
    core.broadcast = lambda room, event: seen.append(event)
    start = core.state("w").seq
    r1 = core.apply(who(world, "cjg"), mutation("c1", 1, set_op("a-cjg", "reach", 10)))
    r2 = core.apply(who(world, "cjg"), mutation("c1", 2, set_op("a-cjg", "reach", 20)))
    assert r1.ack and r2.ack
    assert (r1.ack["seq"], r2.ack["seq"]) == (start + 1, start + 2)
    assert [e["seq"] for e in seen] == [start + 1, start + 2]
    assert seen[0]["ops"] == [set_op("a-cjg", "reach", 10)] and seen[0]["actor"] == world.ids["cjg"]

    fresh = SyncCore(Store(db_url))  # what a restarted process would load
    obj = fresh.state("w").get("a-cjg")
    assert obj is not None and obj.fields["reach"] == 20 and obj.field_seq["reach"] == start + 2
    assert fresh.snapshot("w") == core.snapshot("w")
    fresh.store.dispose()


def test_a_resent_mutation_is_acknowledged_again_and_applied_once(core: SyncCore, db_url: str) -> None:
    world = build_world(core, db_url)
    seen: list[dict[str, Any]] = []
    core.broadcast = lambda room, event: seen.append(event)
    payload = mutation("c1", 7, set_op("a-cjg", "reach", 10))
    first = core.apply(who(world, "cjg"), payload)
    count = log_count(core)
    again = core.apply(who(world, "cjg"), payload)
    assert again.replay and again.ack == first.ack
    assert log_count(core) == count and len(seen) == 1
    assert core.state("w").seq == first.ack["seq"]  # type: ignore[index]


def test_a_resent_create_is_acknowledged_not_refused_because_its_object_now_exists(core: SyncCore, db_url: str) -> None:
    world = build_world(core, db_url)
    create = {
        "op": "create",
        "type": "activity",
        "id": "a-new",
        "fields": {"name": "Huiswerkbegeleiding", "partner": "p-cjg"},
    }
    payload = mutation("c1", 1, create)
    first = core.apply(who(world, "cjg"), payload)
    count = log_count(core)
    again = core.apply(who(world, "cjg"), payload)  # the ack was lost; the client sends it again
    assert first.ack and again.replay and again.ack == first.ack and again.reject is None
    assert log_count(core) == count


def test_a_resend_reaching_another_process_is_caught_by_the_log(core: SyncCore, db_url: str) -> None:
    """The second process has never seen the mutation in memory: the log's unique (client id, number)
    decides, so the resend is acknowledged with the first seq and applied once."""
    world = build_world(core, db_url)
    other = SyncCore(Store(db_url))
    other.state("w")
    payload = mutation("c1", 3, set_op("a-cjg", "reach", 10))
    first = core.apply(who(world, "cjg"), payload)
    count = log_count(core)
    again = other.apply(who(world, "cjg"), payload)
    assert again.replay and again.ack == first.ack
    assert log_count(core) == count
    # and the other process's write path still works after the refused insert was undone
    later = other.apply(who(world, "cjg"), mutation("c1", 4, set_op("a-cjg", "reach", 11)))
    assert later.ack and later.ack["seq"] == first.ack["seq"] + 1  # type: ignore[index]
    assert core.state("w").objects["a-cjg"].fields["reach"] == 11
    other.store.dispose()


def test_another_member_cannot_hijack_a_client_id(core: SyncCore, db_url: str) -> None:
    world = build_world(core, db_url)
    core.apply(who(world, "cjg"), mutation("shared", 1, set_op("a-cjg", "reach", 10)))
    stolen = core.apply(who(world, "jgz"), mutation("shared", 1, set_op("a-cjg", "reach", 99)))
    assert stolen.reject and "ander lid" in stolen.reject["reason"]


def test_a_rejected_mutation_changes_nothing_in_the_database(core: SyncCore, db_url: str) -> None:
    world = build_world(core, db_url)
    with core.store.engine.connect() as conn:
        before = sorted(tuple(r) for r in conn.execute(sa.select(objects.c.id, objects.c.updated_seq)))
    seq, count = core.state("w").seq, log_count(core)
    result = core.apply(
        who(world, "cjg"),
        mutation("c1", 1, set_op("a-cjg", "reach", 5), set_op("a-cjg", "status", "verdwenen")),
    )
    assert result.reject and "status" in result.reject["reason"]
    assert result.reject["current"]["a-cjg"]["reach"] is None
    with core.store.engine.connect() as conn:
        after = sorted(tuple(r) for r in conn.execute(sa.select(objects.c.id, objects.c.updated_seq)))
    assert after == before and log_count(core) == count
    assert core.store.current_seq(core.state("w").workspace_id) == seq


def test_two_processes_on_one_database_stay_ordered_and_converge(core: SyncCore, db_url: str) -> None:
    world = build_world(core, db_url)
    other = SyncCore(Store(db_url))
    other.state("w")  # loaded now, so it must catch up with what `core` writes later
    errors: list[Any] = []

    def writer(c: SyncCore, client: str, field: str) -> None:
        for n in range(1, 26):
            r = c.apply(who(world, "cjg"), mutation(client, n, set_op("a-cjg", field, n)))
            if not r.ack:
                errors.append(r.reject)

    threads = [
        threading.Thread(target=writer, args=(core, "A", "reach")),
        threading.Thread(target=writer, args=(other, "B", "budget")),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors
    with core.store.engine.connect() as conn:
        seqs = [r.seq for r in conn.execute(sa.select(mutations.c.seq).order_by(mutations.c.seq))]
    assert seqs == list(range(1, len(seqs) + 1))  # gap-free, each number once
    assert core.snapshot("w") == other.snapshot("w")
    obj = core.state("w").objects["a-cjg"]
    assert obj.fields["reach"] == 25 and obj.fields["budget"] == 25
    other.store.dispose()


def test_ops_since_returns_exactly_the_missed_mutations(core: SyncCore, db_url: str) -> None:
    world = build_world(core, db_url)
    mark = core.state("w").seq
    for n in range(1, 4):
        core.apply(who(world, "cjg"), mutation("c1", n, set_op("a-cjg", "reach", n)))
    missed = core.ops_since("w", mark)
    assert [m["seq"] for m in missed] == [mark + 1, mark + 2, mark + 3]
    assert [m["ops"][0]["value"] for m in missed] == [1, 2, 3]
    assert missed[0]["channel"] == "socket" and missed[0]["client_id"] == "c1"


def test_the_kept_writer_connection_is_replaced_when_the_database_dropped_it(core: SyncCore, db_url: str) -> None:
    """The sync core writes on one connection kept between transactions. When PostgreSQL ends it meanwhile (a
    restart, an administrator, a network cut), the next mutation still applies at once, exactly once."""
    if not db_url.startswith("postgresql"):
        return  # SQLite has no server that could drop the connection; the SQLite writer is covered above
    world = build_world(core, db_url)
    logged = log_count(core)
    first = core.apply(who(world, "cjg"), mutation("c1", 1, set_op("a-cjg", "reach", 10)))
    assert first.ack
    killed = sa.create_engine(db_url)
    with killed.begin() as conn:
        ended = conn.execute(
            sa.text(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        ).scalar_one()
    killed.dispose()
    assert ended >= 1
    second = core.apply(who(world, "cjg"), mutation("c1", 2, set_op("a-cjg", "reach", 20)))
    assert second.ack and second.ack["seq"] == first.ack["seq"] + 1
    assert log_count(core) == logged + 2
    obj = core.state("w").get("a-cjg")
    assert obj is not None and obj.fields["reach"] == 20


# --- a group of mutations in one transaction (mutate_batch) ---------------------------------------------


def activity(obj_id: str, name: str) -> dict[str, Any]:
    return {"op": "create", "type": "activity", "id": obj_id, "fields": {"name": name, "partner": "p-cjg"}}


def objects_of(snapshot: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """A snapshot's objects by id (the order of a type's list is not part of the contract)."""
    return {obj["id"]: obj for objs in snapshot["objects"].values() for obj in objs}


def logged_rows(core: SyncCore) -> list[tuple[int, str, int]]:
    with core.store.engine.connect() as conn:
        rows = conn.execute(sa.select(mutations.c.seq, mutations.c.client_id, mutations.c.mutation_id))
        return sorted((r.seq, r.client_id, r.mutation_id) for r in rows)


def test_a_group_is_judged_mutation_by_mutation_and_each_gets_its_own_seq(core: SyncCore, db_url: str) -> None:
    """As if sent one by one: a later mutation sees an earlier one's object, a refused one changes nothing
    and takes no seq, and every accepted one is logged and broadcast on its own, in order."""
    world = build_world(core, db_url)
    seen: list[dict[str, Any]] = []
    core.broadcast = lambda room, event: seen.append(event)
    start = core.state("w").seq
    results = core.apply_many(
        who(world, "cjg"),
        [
            mutation("g", 1, activity("a-g1", "Huiswerkklas")),
            mutation("g", 2, set_op("a-g1", "reach", 40)),  # the object the first one created
            mutation("g", 3, set_op("a-g1", "status", "verdwenen")),  # not a status: refused alone
            {"client_id": "g", "mutation_id": 4, "ops": "geen lijst"},  # not a mutation: refused alone
            mutation("g", 5, set_op("a-cjg", "reach", 7)),
        ],
    )
    assert [r.ack["seq"] if r.ack else None for r in results] == [start + 1, start + 2, None, None, start + 3]
    assert results[2].reject and "status" in results[2].reject["reason"]
    assert results[2].reject["current"]["a-g1"]["reach"] == 40  # as the group left it, not as before it
    assert results[3].reject and results[3].reject["mutation_id"] == 4
    assert [(e["seq"], e["mutation_id"]) for e in seen] == [(start + 1, 1), (start + 2, 2), (start + 3, 5)]
    assert [r for r in logged_rows(core) if r[1] == "g"] == [
        (start + 1, "g", 1),
        (start + 2, "g", 2),
        (start + 3, "g", 5),
    ]
    assert core.store.current_seq(core.state("w").workspace_id) == start + 3

    fresh = SyncCore(Store(db_url))  # a restarted process: the database holds exactly what was acknowledged
    made = fresh.state("w").get("a-g1")
    assert made is not None and made.fields["reach"] == 40 and made.created_seq == start + 1
    assert made.field_seq["reach"] == start + 2
    assert objects_of(fresh.snapshot("w")) == objects_of(core.snapshot("w"))
    fresh.store.dispose()


def test_a_resent_queue_is_acknowledged_for_what_was_applied_and_applies_the_rest(core: SyncCore, db_url: str) -> None:
    """A reconnecting client sends its whole queue; the server had some of it already (their acks were
    lost). Those are acknowledged with their first seq and not applied again; a mutation twice in one
    group is applied once; another member's client id is refused."""
    world = build_world(core, db_url)
    first = core.apply_many(
        who(world, "cjg"),
        [mutation("q", 1, activity("a-q1", "Ouderavond")), mutation("q", 2, set_op("a-q1", "reach", 5))],
    )
    assert all(r.ack for r in first)
    count, seq = log_count(core), core.state("w").seq
    again = core.apply_many(
        who(world, "cjg"),
        [
            mutation("q", 1, activity("a-q1", "Ouderavond")),  # a create that would no longer plan
            mutation("q", 2, set_op("a-q1", "reach", 5)),
            mutation("q", 3, set_op("a-q1", "reach", 6)),
            mutation("q", 3, set_op("a-q1", "reach", 6)),
        ],
    )
    assert [(r.ack or {}).get("seq") for r in again] == [first[0].ack["seq"], first[1].ack["seq"], seq + 1, seq + 1]  # type: ignore[index]
    assert [r.replay for r in again] == [True, True, False, True]
    assert log_count(core) == count + 1
    stolen = core.apply_many(
        who(world, "coordinator", role="coordinator"),
        [mutation("q", 3, set_op("a-cjg", "reach", 1)), mutation("q", 9, set_op("a-cjg", "reach", 2))],
    )
    assert stolen[0].reject and "ander lid" in stolen[0].reject["reason"]
    assert stolen[1].ack and core.state("w").objects["a-cjg"].fields["reach"] == 2


def test_a_group_that_fails_halfway_leaves_nothing_behind(core: SyncCore, db_url: str) -> None:
    """The database refuses the group's last write (a trigger raises): nothing of the group is in the
    database or in the cache, nothing was broadcast, and the same group goes through once the database
    accepts it."""
    world = build_world(core, db_url)
    seen: list[dict[str, Any]] = []
    core.broadcast = lambda room, event: seen.append(event)
    engine = sa.create_engine(db_url)
    with engine.begin() as conn:
        if db_url.startswith("sqlite"):
            conn.exec_driver_sql(
                "CREATE TRIGGER refuse BEFORE INSERT ON objects WHEN NEW.id = 'a-boom' "
                "BEGIN SELECT RAISE(ABORT, 'geweigerd'); END"
            )
        else:
            conn.exec_driver_sql(
                "CREATE FUNCTION refuse() RETURNS trigger AS $$ BEGIN "
                "IF NEW.id = 'a-boom' THEN RAISE EXCEPTION 'geweigerd'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql"
            )
            conn.exec_driver_sql(
                "CREATE TRIGGER refuse BEFORE INSERT ON objects FOR EACH ROW EXECUTE FUNCTION refuse()"
            )
    before, seq, count = core.snapshot("w"), core.state("w").seq, log_count(core)
    group = [
        mutation("f", 1, set_op("a-cjg", "reach", 123)),
        mutation("f", 2, activity("a-boom", "Zomerkamp")),
    ]
    with pytest.raises(core.store.engine.dialect.loaded_dbapi.Error, match="geweigerd"):
        core.apply_many(who(world, "cjg"), group)
    assert core.snapshot("w") == before and seen == []
    assert log_count(core) == count and core.store.current_seq(core.state("w").workspace_id) == seq
    fresh = SyncCore(Store(db_url))
    assert objects_of(fresh.snapshot("w")) == objects_of(before)
    fresh.store.dispose()
    with engine.begin() as conn:
        conn.exec_driver_sql("DROP TRIGGER refuse" + ("" if db_url.startswith("sqlite") else " ON objects"))
    engine.dispose()
    results = core.apply_many(who(world, "cjg"), group)
    assert [r.ack["seq"] for r in results if r.ack] == [seq + 1, seq + 2]
    assert core.state("w").objects["a-cjg"].fields["reach"] == 123 and core.state("w").get("a-boom") is not None


def test_a_group_finds_its_resends_also_when_their_numbers_lie_far_apart(core: SyncCore, db_url: str) -> None:
    world = build_world(core, db_url)
    big = 2**52
    first = core.apply_many(who(world, "cjg"), [mutation("far", 3, set_op("a-cjg", "reach", 1))])
    again = core.apply_many(
        who(world, "cjg"),
        [
            mutation("far", big, set_op("a-cjg", "reach", 2)),
            mutation("far", 3, set_op("a-cjg", "reach", 1)),
            mutation("far", 11, set_op("a-cjg", "reach", 3)),
        ],
    )
    assert [r.replay for r in again] == [False, True, False]
    assert again[1].ack == first[0].ack
    assert [r for r in logged_rows(core) if r[1] == "far"][-2:] == [
        (first[0].ack["seq"] + 1, "far", big),  # type: ignore[index]
        (first[0].ack["seq"] + 2, "far", 11),  # type: ignore[index]
    ]
