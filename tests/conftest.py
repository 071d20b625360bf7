"""Shared fixtures: a fresh database per test (SQLite and a real PostgreSQL), the app, tokens, and a real
server process on a loopback port for end-to-end tests."""

from __future__ import annotations

import contextlib
import gc
import itertools
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import requests

from server.app import create_app
from server.auth.tokens import issue_token
from server.storage.store import Store, upgrade
from server.sync.core import SyncCore
from server.sync.workspaces import create_workspace, ensure_member, run_system
from tests.services import PostgresServer, component_missing, free_port

SECRET = "test-secret-" + "x" * 40
_db_counter = itertools.count()


def pytest_collection_finish(session: pytest.Session) -> None:
    """Freeze what exists once the tests are collected (modules, test items): it lives until the end, so the
    garbage collector need not walk it again in every full collection."""
    gc.collect()
    gc.freeze()


def _open_files() -> set[str] | None:
    """Each open file descriptor of this process with what it points at (Linux); None without /proc."""
    try:
        fds = os.listdir("/proc/self/fd")
    except OSError:
        return None
    found = set()
    for fd in fds:
        with contextlib.suppress(OSError):  # the descriptor listdir used is closed again by now
            found.add(f"{fd} {os.readlink(f'/proc/self/fd/{fd}')}")
    return found


@pytest.fixture(autouse=True)
def _collect_what_a_test_left_open() -> Iterator[None]:
    """After a test that ends with more files open than it began with (a socket, a pipe, a file), collect the
    garbage: whatever the test dropped without closing is then reported as an error of that test, rather
    than of whichever test runs when the collector next happens to run (``filterwarnings = error`` turns
    the ResourceWarning of an unclosed socket or file into an unraisable-exception error). An object left
    unclosed keeps its descriptor open until it is collected, so comparing descriptors finds every such
    test; collecting after every test would cost about a tenth of a second each (about 9% of the suite).

    An autouse fixture is set up before the test's other function fixtures, so it is torn down after them."""
    before = _open_files()
    yield
    after = _open_files()
    if before is None or after is None or not after <= before:
        gc.collect()


@pytest.fixture(scope="session")
def postgres(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PostgresServer]:
    server = PostgresServer()
    try:
        server.start(tmp_path_factory.mktemp("pg"))
    except FileNotFoundError as exc:
        component_missing("PostgreSQL", str(exc))
    yield server
    server.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, empty database of each kind."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'matrixsync.db'}"
    pg: PostgresServer = request.getfixturevalue("postgres")
    return pg.create_database(f"t{os.getpid()}_{next(_db_counter)}")


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'matrixsync.db'}"


@dataclass
class World:
    """A workspace 'w' with two partners (cjg, jgz) and a member of each role; ids for tests."""

    core: SyncCore
    url: str
    ids: dict[str, str]
    tokens: dict[str, str]

    def axis_value(self, axis: str, label: str) -> str:
        for v in self.core.state("w").live("axis_value"):
            if v.fields["axis"] == axis and v.fields["label"] == label:
                return v.id
        raise KeyError((axis, label))


def build_world(core: SyncCore, url: str) -> World:
    create_workspace(core, "w", "Gemeente Test 2027")
    ops = [
        {
            "op": "create",
            "type": "partner",
            "id": "p-gem",
            "fields": {"name": "Gemeente Test", "slug": "gemeente", "type": "gemeente"},
        },
        {
            "op": "create",
            "type": "partner",
            "id": "p-cjg",
            "fields": {"name": "CJG Test", "slug": "cjg", "type": "cjg"},
        },
        {
            "op": "create",
            "type": "partner",
            "id": "p-jgz",
            "fields": {"name": "JGZ Test", "slug": "jgz", "type": "jgz"},
        },
        {
            "op": "create",
            "type": "outcome",
            "id": "o-1",
            "fields": {"title": "Meer jongeren met een gezonde leefstijl"},
        },
    ]
    run_system(core, "w", "test-setup", 1, ops)
    members = {
        "coordinator": ensure_member(core, "w", "gemeente", "coordinator", "Coördinator"),
        "cjg": ensure_member(core, "w", "cjg", "partner", "Medewerker CJG"),
        "jgz": ensure_member(core, "w", "jgz", "partner", "Medewerker JGZ"),
        "viewer": ensure_member(core, "w", "cjg", "viewer", "Kijker"),
    }
    tokens = {k: issue_token(SECRET, "w", v) for k, v in members.items()}
    run_system(
        core,
        "w",
        "test-setup",
        2,
        [
            {
                "op": "create",
                "type": "activity",
                "id": "a-cjg",
                "fields": {"name": "Opvoedspreekuur", "partner": "p-cjg"},
            }
        ],
    )
    return World(core, url, {**members}, tokens)


@pytest.fixture
def app(db_url: str) -> Any:
    app = create_app({"DATABASE_URL": db_url, "SECRET_KEY": SECRET, "TESTING": True})
    yield app
    app.extensions["matrixsync"].store.dispose()


@pytest.fixture
def world(app: Any, db_url: str) -> World:
    return build_world(app.extensions["matrixsync"], db_url)


@pytest.fixture
def core(db_url: str) -> Iterator[SyncCore]:
    store = Store(db_url)
    upgrade(store.engine)
    yield SyncCore(store)
    store.dispose()


class LiveServer:
    """``matrixsync serve`` as a real process on a free loopback port."""

    def __init__(self, db_url: str, log_path: Path, secret: str = SECRET):
        self.db_url = db_url
        self.secret = secret
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = log_path
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        env = {**os.environ, "MATRIXSYNC_SECRET_KEY": self.secret, "MATRIXSYNC_DATABASE_URL": self.db_url}
        log = open(self.log_path, "ab")  # noqa: SIM115 - handed to the child process
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "server.cli", "serve", "--port", str(self.port)],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        log.close()
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited: {self.log_path.read_text()[-2000:]}")
            try:
                if requests.get(self.url + "/healthz", timeout=1).status_code == 200:
                    return
            except requests.ConnectionError:
                pass
            time.sleep(0.1)
        raise RuntimeError(f"server did not start: {self.log_path.read_text()[-2000:]}")

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)


@pytest.fixture
def live(db_url: str, tmp_path: Path) -> Iterator[tuple[LiveServer, World]]:
    """A real server process over a prepared world (the world is written before the server starts)."""
    store = Store(db_url)
    upgrade(store.engine)
    world = build_world(SyncCore(store), db_url)
    store.dispose()
    server = LiveServer(db_url, tmp_path / "server.log")
    server.start()
    yield server, world
    server.stop()
