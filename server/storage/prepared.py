"""SQLAlchemy statements compiled once and run straight on the DBAPI cursor.

The sync core's write path runs the same four statements for every mutation. Going through SQLAlchemy's
``Connection.execute`` costs more per call (execution context, events, result wrapping) than SQLite
takes to run them, so the hot path compiles each statement once per dialect and executes the SQL on the
driver's cursor. The statements are still written with SQLAlchemy against the tables in ``tables.py``, and
values go through the column types' own bind and result processors, so a value is stored exactly as
SQLAlchemy would store it (JSON text on SQLite, SQLite's datetime format, PostgreSQL's casts).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.engine import Dialect
from sqlalchemy.sql.compiler import SQLCompiler

Processor = Callable[[Any], Any]


class Prepared:
    """One statement, compiled for one dialect, with its bind (and result) processors."""

    def __init__(self, statement: sa.sql.ClauseElement, dialect: Dialect):
        compiled = cast(SQLCompiler, statement.compile(dialect=dialect))
        self.sql = compiled.string
        # qmark/numeric dialects (sqlite3) take a tuple in this order; pyformat (psycopg) takes the dict
        self.order: list[str] | None = list(compiled.positiontup) if compiled.positiontup else None
        self.defaults: dict[str, Any] = {}
        self.binds: dict[str, Processor] = {}
        for name, bind in compiled.binds.items():
            if not bind.required and bind.value is not None:
                self.defaults[name] = bind.value
            processor = bind.type.dialect_impl(dialect).bind_processor(dialect)
            if processor is not None:
                self.binds[name] = processor
        self.results: list[Processor | None] = []
        for column in getattr(statement, "selected_columns", []) or []:
            impl = column.type.dialect_impl(dialect)
            self.results.append(impl.result_processor(dialect, None))

    def params(self, values: Mapping[str, Any]) -> Sequence[Any] | dict[str, Any]:
        merged = {**self.defaults, **values} if self.defaults else dict(values)
        for name, processor in self.binds.items():
            if name in merged:
                merged[name] = processor(merged[name])
        if self.order is None:
            return merged
        return tuple(merged[name] for name in self.order)

    def row(self, raw: Sequence[Any]) -> tuple[Any, ...]:
        """A fetched row with the columns' result processors applied (JSON decoded, booleans)."""
        return tuple(value if p is None else p(value) for p, value in zip(self.results, raw, strict=False))

    def execute(self, cursor: Any, values: Mapping[str, Any]) -> Any:
        cursor.execute(self.sql, self.params(values))
        return cursor

    def execute_many(self, cursor: Any, rows: Sequence[Mapping[str, Any]]) -> None:
        if len(rows) == 1:
            cursor.execute(self.sql, self.params(rows[0]))
        elif rows:
            cursor.executemany(self.sql, [self.params(r) for r in rows])
