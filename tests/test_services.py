"""The throwaway PostgreSQL and Redis servers of tests/services.py."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy

from tests.services import PostgresServer, RedisServer, component_missing


@pytest.fixture
def postgres(tmp_path: Path) -> Iterator[PostgresServer]:
    server = PostgresServer()
    try:
        server.start(tmp_path / "pg")
    except FileNotFoundError as e:
        component_missing("postgresql", str(e))
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def redis(tmp_path: Path) -> Iterator[RedisServer]:
    server = RedisServer()
    try:
        server.start(tmp_path / "redis")
    except FileNotFoundError as e:
        component_missing("redis-server", str(e))
    try:
        yield server
    finally:
        server.stop()


def _scalar(url: str, query: str) -> object:
    engine = sqlalchemy.create_engine(url)
    try:
        with engine.connect() as conn:
            return conn.execute(sqlalchemy.text(query)).scalar()
    finally:
        engine.dispose()


def _redis_ping(port: int) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
        s.sendall(b"*1\r\n$4\r\nPING\r\n")
        return s.recv(64)


def test_postgres_select_1(postgres: PostgresServer) -> None:
    assert postgres.url.startswith("postgresql+psycopg://")
    assert postgres.url.endswith("/matrixsync_test")
    assert _scalar(postgres.url, "SELECT 1") == 1
    other = postgres.create_database("matrixsync_other")
    assert _scalar(other, "SELECT current_database()") == "matrixsync_other"


def test_postgres_restart_keeps_data(postgres: PostgresServer) -> None:
    engine = sqlalchemy.create_engine(postgres.url)
    with engine.begin() as conn:
        conn.execute(sqlalchemy.text("CREATE TABLE kept (id int PRIMARY KEY, name text)"))
        conn.execute(sqlalchemy.text("INSERT INTO kept VALUES (1, 'matrix')"))
    engine.dispose()
    url = postgres.url
    postgres.restart()
    assert postgres.url == url
    assert _scalar(postgres.url, "SELECT name FROM kept WHERE id = 1") == "matrix"


def test_postgres_stop_is_idempotent(tmp_path: Path) -> None:
    server = PostgresServer()
    try:
        server.start(tmp_path / "pg")
    except FileNotFoundError as e:
        component_missing("postgresql", str(e))
    server.stop()
    server.stop()
    with pytest.raises(sqlalchemy.exc.OperationalError):
        _scalar(server.url, "SELECT 1")


def test_redis_ping_and_restart(redis: RedisServer) -> None:
    assert redis.url == f"redis://127.0.0.1:{redis.port}/0"
    assert redis.port is not None
    assert _redis_ping(redis.port).startswith(b"+PONG")
    redis.restart()
    assert _redis_ping(redis.port).startswith(b"+PONG")


def test_missing_binaries_raise_file_not_found(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="postgresql"):
        PostgresServer(bin_glob=str(tmp_path / "nope" / "*" / "bin")).start(tmp_path / "pg")
    with pytest.raises(FileNotFoundError, match="redis-server"):
        RedisServer(binary="redis-server-does-not-exist").start(tmp_path / "redis")


def test_component_missing_fails_under_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    with pytest.raises(RuntimeError, match="redis-server ontbreekt"):
        component_missing("redis-server", "not installed")


def test_component_missing_skips_outside_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="redis-server ontbreekt"):
        component_missing("redis-server", "not installed")
