"""Storage: the engine for SQLite or PostgreSQL, and the few queries the sync core needs.

SQLite runs in WAL mode and every write transaction starts with ``BEGIN IMMEDIATE``, so two writers never
deadlock on a lock upgrade. ``synchronous=NORMAL`` keeps a committed transaction through a killed process
(the WAL is on disk); only a power cut can lose the last commits. On PostgreSQL the ``UPDATE workspaces``
row lock orders concurrent writers of one workspace across processes.

Outages: a pooled PostgreSQL connection is tested before it is handed out (``pool_pre_ping``), so after a
database restart the first use of each pooled connection reconnects instead of failing; connecting gives up
after ``CONNECT_TIMEOUT`` seconds, so a request during an outage fails fast (and is retried by the client)
instead of hanging. The sync core's writes use one connection kept between transactions (on both
databases): when its first statement finds it broken, it is replaced once, before anything was written.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from ..domain.state import StoredObject, WorkspaceState
from .prepared import Prepared
from .tables import mutations, objects, workspaces

MIGRATIONS = Path(__file__).parent / "migrations"
READ_OPTION = "matrixsync_read"

# The write path's statements, built once: building a statement per call cost more than running it.
_NEXT_SEQ = (
    workspaces.update()
    .where(workspaces.c.id == sa.bindparam("ws"))
    .values(seq=workspaces.c.seq + 1)
    .returning(workspaces.c.seq)
)
_FIND_MUTATION = sa.select(mutations.c.seq, mutations.c.actor).where(
    mutations.c.workspace_id == sa.bindparam("ws"),
    mutations.c.client_id == sa.bindparam("cid"),
    mutations.c.mutation_id == sa.bindparam("mid"),
)
_SET_SEQ = workspaces.update().where(workspaces.c.id == sa.bindparam("ws")).values(seq=sa.bindparam("seq"))
_LOGGED = sa.select(mutations.c.mutation_id, mutations.c.seq, mutations.c.actor).where(
    mutations.c.workspace_id == sa.bindparam("ws"),
    mutations.c.client_id == sa.bindparam("cid"),
    mutations.c.mutation_id.between(sa.bindparam("lo"), sa.bindparam("hi")),
)
_INSERT_MUTATION = mutations.insert().values({c.name: sa.bindparam(c.name) for c in mutations.c})
_INSERT_OBJECT = objects.insert().values({c.name: sa.bindparam(c.name) for c in objects.c})
_CHANGED_SINCE = sa.select(objects).where(
    objects.c.workspace_id == sa.bindparam("ws"), objects.c.updated_seq > sa.bindparam("since")
)
_UPDATE_OBJECT = (
    objects.update()
    .where(objects.c.workspace_id == sa.bindparam("ws"), objects.c.id == sa.bindparam("oid"))
    .values(
        fields=sa.bindparam("f"),
        field_seq=sa.bindparam("fs"),
        updated_seq=sa.bindparam("us"),
        deleted=sa.bindparam("d"),
        deleted_by=sa.bindparam("db"),
        deleted_seq=sa.bindparam("ds"),
    )
)
CONNECT_TIMEOUT = 3  # seconds


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = sa.create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

        @sa.event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn: Any, _record: Any) -> None:
            dbapi_conn.isolation_level = None  # we issue BEGIN ourselves
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.close()

        @sa.event.listens_for(engine, "begin")
        def _begin(conn: Connection) -> None:
            # a writer takes the write lock up front (no deadlock on a lock upgrade); a connection marked as
            # a reader (Store.reading) gets a WAL snapshot and blocks nobody
            reader = conn.get_execution_options().get(READ_OPTION)
            conn.exec_driver_sql("BEGIN" if reader else "BEGIN IMMEDIATE")

        return engine
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return sa.create_engine(
        url,
        pool_size=10,
        max_overflow=20,
        pool_timeout=10,
        pool_pre_ping=True,  # a connection broken by a database restart is replaced, not handed out
        pool_recycle=1800,
        connect_args={"connect_timeout": CONNECT_TIMEOUT} if url.startswith("postgresql") else {},
    )


def upgrade(engine: Engine) -> None:
    """Bring the schema to the newest Alembic revision."""
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


def now() -> datetime:
    return datetime.now(UTC)


def _row_to_object(row: Any) -> StoredObject:
    return StoredObject(
        id=row.id,
        type=row.type,
        fields=dict(row.fields),
        field_seq=dict(row.field_seq),
        created_seq=row.created_seq,
        updated_seq=row.updated_seq,
        deleted=bool(row.deleted),
        deleted_by=row.deleted_by,
        deleted_seq=row.deleted_seq,
    )


def _object_values(workspace_id: int, obj: StoredObject) -> dict[str, Any]:
    return {
        "workspace_id": workspace_id,
        "id": obj.id,
        "type": obj.type,
        "fields": obj.fields,
        "field_seq": obj.field_seq,
        "created_seq": obj.created_seq,
        "updated_seq": obj.updated_seq,
        "deleted": obj.deleted,
        "deleted_by": obj.deleted_by,
        "deleted_seq": obj.deleted_seq,
    }


class Store:
    def __init__(self, url: str):
        self.url = url
        self.engine = make_engine(url)
        self._statements = Statements(self.engine)
        self._write_lock = threading.Lock()
        self._writer_conn: Any = None
        self._manual_checkpoints = False

    def dispose(self) -> None:
        with self._write_lock:
            conn, self._writer_conn = self._writer_conn, None
            if conn is not None:
                conn.close()
        self.engine.dispose()

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    def ping(self) -> None:
        """Raise if the database cannot be reached."""
        with self.reading() as conn:
            conn.execute(sa.text("SELECT 1"))

    @contextlib.contextmanager
    def consistent_read(self) -> Iterator[Connection]:
        """A connection whose queries all see one moment of the database (PostgreSQL: REPEATABLE READ;
        SQLite: one WAL snapshot per transaction)."""
        if self.is_sqlite:
            with self.reading() as conn:
                yield conn
        else:
            with self.engine.connect().execution_options(isolation_level="REPEATABLE READ") as conn:
                yield conn

    # --- workspaces ---------------------------------------------------------------------------------

    def workspace(self, slug: str) -> WorkspaceState | None:
        """The workspace's header (no objects yet), or None."""
        with self.reading() as conn:
            row = conn.execute(sa.select(workspaces).where(workspaces.c.slug == slug)).first()
        return WorkspaceState(row.id, row.slug, row.name, 0) if row else None

    def list_workspaces(self) -> list[dict[str, Any]]:
        with self.reading() as conn:
            rows = conn.execute(sa.select(workspaces).order_by(workspaces.c.slug)).all()
        return [{"slug": r.slug, "name": r.name, "seq": r.seq} for r in rows]

    def create_workspace(self, slug: str, name: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(workspaces.insert().values(slug=slug, name=name, seq=0, created_at=now()))

    # --- reading state ------------------------------------------------------------------------------

    def seqs(self, workspace_ids: list[int]) -> dict[int, int]:
        """The current seq of each workspace, in one query."""
        if not workspace_ids:
            return {}
        query = sa.select(workspaces.c.id, workspaces.c.seq).where(workspaces.c.id.in_(workspace_ids))
        with self.reading() as conn:
            return {int(r.id): int(r.seq) for r in conn.execute(query)}

    def current_seq(self, workspace_id: int, conn: Connection | None = None) -> int:
        query = sa.select(workspaces.c.seq).where(workspaces.c.id == workspace_id)
        if conn is not None:
            return int(conn.execute(query).scalar_one())
        with self.reading() as c:
            return int(c.execute(query).scalar_one())

    def changed_since(self, workspace_id: int, seq: int, conn: Connection | None = None) -> list[StoredObject]:
        query = sa.select(objects).where(objects.c.workspace_id == workspace_id, objects.c.updated_seq > seq)
        if conn is not None:
            return [_row_to_object(r) for r in conn.execute(query)]
        with self.reading() as c:
            return [_row_to_object(r) for r in c.execute(query)]

    def mutations_since(self, workspace_id: int, since: int, limit: int | None = None) -> list[dict[str, Any]]:
        query = (
            sa.select(mutations)
            .where(mutations.c.workspace_id == workspace_id, mutations.c.seq > since)
            .order_by(mutations.c.seq)
        )
        if limit is not None:
            query = query.limit(limit)
        with self.reading() as conn:
            return [mutation_wire(r) for r in conn.execute(query)]

    # --- writing ------------------------------------------------------------------------------------

    def reading(self) -> Connection:
        """A connection for reads only: on SQLite it takes no write lock."""
        return self.engine.connect().execution_options(**{READ_OPTION: True})

    @contextlib.contextmanager
    def writing(self) -> Iterator[Writer]:
        """The sync core's write transaction: committed when the block ends, undone if it raises or
        calls :meth:`Writer.rollback`.

        One long-lived connection does all of this process's writes, one transaction at a time: on SQLite
        ``BEGIN IMMEDIATE`` takes the database's write lock up front, so other processes wait for it; on
        PostgreSQL the ``UPDATE workspaces`` row lock orders writers across processes. Taking a pooled
        PostgreSQL connection per transaction cost a pre-ping round trip and the pool's bookkeeping each
        time: a quarter of a burst's time on the event loop.
        """
        with self._write_lock:
            if self.is_sqlite:
                conn = self._writer()
                try:
                    conn.execute("BEGIN IMMEDIATE")
                    yield from self._run(Writer(self._statements, conn))
                finally:
                    if conn.dbapi_connection is None or conn.dbapi_connection.in_transaction:
                        self._drop_writer()  # neither committed nor rolled back: start afresh
            else:
                writer = Writer(self._statements, self._writer(), reconnect=self._new_writer)
                try:
                    yield from self._run(writer)
                finally:
                    driver = getattr(writer.conn, "driver_connection", None)
                    if driver is None or driver.closed or driver.broken or driver.info.transaction_status:
                        self._drop_writer()  # broken, or still in a transaction: start afresh next time

    def _run(self, writer: Writer) -> Iterator[Writer]:
        try:
            yield writer
            writer.commit()
        except BaseException:
            with contextlib.suppress(Exception):
                writer.rollback()
            raise

    def _writer(self) -> Any:
        if self._writer_conn is None:
            conn = self.engine.raw_connection()  # SQLite: gets the pragmas and autocommit mode
            if self._manual_checkpoints:
                conn.execute("PRAGMA wal_autocheckpoint=0")
            self._writer_conn = conn
        return self._writer_conn

    def _new_writer(self) -> Any:
        """A fresh writer connection (the kept one was broken: the database restarted)."""
        self._drop_writer()
        return self._writer()

    # --- SQLite checkpoints -------------------------------------------------------------------------

    def take_over_checkpoints(self) -> bool:
        """Stop SQLite from copying the WAL into the database inside a commit (every ~1,000 pages: a commit
        that happens to do it takes tens of milliseconds, while the workspace waits); the caller then runs
        :meth:`checkpoint` regularly, off the event loop. False when there is nothing to take over."""
        if not self.is_sqlite or self.engine.url.database in (None, "", ":memory:"):
            return False
        with self._write_lock:
            self._manual_checkpoints = True
            if self._writer_conn is not None:
                self._writer_conn.execute("PRAGMA wal_autocheckpoint=0")
        return True

    def checkpoint(self) -> tuple[int, int]:
        """A PASSIVE checkpoint on a connection of its own: copies what it can without waiting for writers
        or readers. Returns (WAL frames, frames copied). Safe to call from another OS thread."""
        import sqlite3

        conn = sqlite3.connect(str(self.engine.url.database), timeout=1, check_same_thread=False)
        try:
            _busy, frames, copied = conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
            return int(frames), int(copied)
        finally:
            conn.close()

    def _drop_writer(self) -> None:
        conn, self._writer_conn = self._writer_conn, None
        if conn is not None:
            with contextlib.suppress(Exception):
                conn.invalidate()

    def find_mutation(self, workspace_id: int, client_id: str, mutation_id: int) -> Any:
        """The logged mutation with this client id and number (its seq and actor), or None."""
        with self.reading() as conn:
            return conn.execute(_FIND_MUTATION, {"ws": workspace_id, "cid": client_id, "mid": mutation_id}).first()


class Statements:
    """The write path's statements, compiled for one database."""

    def __init__(self, engine: Engine):
        dialect = engine.dialect
        self.next_seq = Prepared(_NEXT_SEQ, dialect)
        self.set_seq = Prepared(_SET_SEQ, dialect)
        self.logged = Prepared(_LOGGED, dialect)
        self.insert_mutation = Prepared(_INSERT_MUTATION, dialect)
        self.insert_object = Prepared(_INSERT_OBJECT, dialect)
        self.update_object = Prepared(_UPDATE_OBJECT, dialect)
        self.changed_since = Prepared(_CHANGED_SINCE, dialect)
        dbapi = dialect.loaded_dbapi
        self.integrity_error: type[Exception] = dbapi.IntegrityError
        self.disconnects: tuple[type[Exception], ...] = (dbapi.OperationalError, dbapi.InterfaceError)
        self.sqlite = dialect.name == "sqlite"


class DuplicateMutation(Exception):
    """The log already has a mutation with this client id and number (a resend)."""


class Writer:
    """One write transaction on a driver connection: the sync core's statements, nothing else."""

    def __init__(self, statements: Statements, conn: Any, reconnect: Callable[[], Any] | None = None):
        self._s = statements
        self.conn = conn
        self._cursor = conn.cursor()
        self._reconnect = reconnect
        self.done = False

    def next_seq(self, workspace_id: int) -> int:
        """Take the workspace's write lock and the next sequence number (undone if the transaction is).
        The transaction's first statement: on a kept connection that the database dropped meanwhile (a
        restart), it is tried once more on a new connection; nothing was written yet."""
        try:
            row = self._s.next_seq.execute(self._cursor, {"ws": workspace_id}).fetchone()
        except self._s.disconnects:
            if self._reconnect is None:
                raise
            reconnect, self._reconnect = self._reconnect, None
            self.conn = reconnect()
            self._cursor = self.conn.cursor()
            row = self._s.next_seq.execute(self._cursor, {"ws": workspace_id}).fetchone()
        self._reconnect = None
        return int(row[0])

    def changed_since(self, workspace_id: int, seq: int) -> list[StoredObject]:
        prepared = self._s.changed_since
        rows = prepared.execute(self._cursor, {"ws": workspace_id, "since": seq}).fetchall()
        return [
            _row_to_object(SimpleNamespace(**dict(zip(_OBJECT_COLUMNS, prepared.row(r), strict=True)))) for r in rows
        ]

    def logged(self, workspace_id: int, client_id: str, lo: int, hi: int) -> dict[int, tuple[int, str]]:
        """The client's mutations numbered ``lo`` to ``hi`` that the log already holds: number -> (seq, actor).
        Asked inside the transaction, after :meth:`next_seq` took the workspace's write lock, so no other
        writer can log one of them before this transaction ends."""
        prepared = self._s.logged
        rows = prepared.execute(self._cursor, {"ws": workspace_id, "cid": client_id, "lo": lo, "hi": hi}).fetchall()
        return {int(r[0]): (int(r[1]), str(r[2])) for r in rows}

    def write(
        self,
        workspace_id: int,
        logged: list[tuple[int, dict[str, Any]]],
        created: list[StoredObject],
        updated: list[StoredObject],
    ) -> None:
        """Log the mutations (``(seq, record)`` in seq order, the first being the seq :meth:`next_seq` took)
        and store their effect: each object once, as the last of them left it. Raises
        :class:`DuplicateMutation` (the transaction is then undone) when the log already holds one's client
        id and number: the unique constraint decides, so a resend racing its first delivery in another
        process is caught too."""
        try:
            self._s.insert_mutation.execute_many(
                self._cursor, [{"workspace_id": workspace_id, "seq": seq, **record} for seq, record in logged]
            )
        except self._s.integrity_error as exc:
            self.rollback()
            raise DuplicateMutation from exc
        if len(logged) > 1:  # next_seq counted one; the workspace's seq moves to the group's last
            self._s.set_seq.execute(self._cursor, {"ws": workspace_id, "seq": logged[-1][0]})
        self._s.insert_object.execute_many(self._cursor, [_object_values(workspace_id, o) for o in created])
        self._s.update_object.execute_many(
            self._cursor,
            [
                {
                    "ws": workspace_id,
                    "oid": o.id,
                    "f": o.fields,
                    "fs": o.field_seq,
                    "us": o.updated_seq,
                    "d": o.deleted,
                    "db": o.deleted_by,
                    "ds": o.deleted_seq,
                }
                for o in updated
            ],
        )

    def commit(self) -> None:
        if self.done:
            return
        if self._s.sqlite:
            self._cursor.execute("COMMIT")
        else:
            self.conn.commit()
        self.done = True

    def rollback(self) -> None:
        if self.done:
            return
        self.done = True
        if self._s.sqlite:
            self._cursor.execute("ROLLBACK")
        else:
            self.conn.rollback()


_OBJECT_COLUMNS = [c.name for c in objects.c]


def mutation_wire(row: Any) -> dict[str, Any]:
    """A logged mutation as the ``ops`` event carries it."""
    return {
        "seq": row.seq,
        "actor": row.actor,
        "actor_partner": row.actor_partner,
        "channel": row.channel,
        "client_id": row.client_id,
        "mutation_id": row.mutation_id,
        "at": row.created_at.isoformat() if isinstance(row.created_at, datetime) else str(row.created_at),
        "ops": row.ops,
    }
