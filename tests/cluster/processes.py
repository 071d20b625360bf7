"""``matrixsync serve`` as processes that can be killed and restarted on the same port, and :class:`Cluster`:
PostgreSQL, Redis, a prepared world and ``n`` server processes sharing them. Every process started here is
stopped at the end."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import requests

from server.storage.store import Store, upgrade
from server.sync.core import SyncCore
from tests.conftest import SECRET, World, build_world
from tests.services import PostgresServer, RedisServer, component_missing, free_port

ROOT = Path(__file__).resolve().parent.parent.parent
_live: set[ServerProcess] = set()


class ServerProcess:
    """``matrixsync serve`` with a database and (optionally) Redis, on a fixed loopback port."""

    def __init__(self, db_url: str, redis_url: str | None, log_path: Path, env: dict[str, str] | None = None):
        self.db_url, self.redis_url, self.log_path = db_url, redis_url, log_path
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = env or {}
        self.proc: subprocess.Popen[bytes] | None = None
        self.starts = 0

    def spawn(self) -> None:
        env = {**os.environ, "MATRIXSYNC_SECRET_KEY": SECRET, "MATRIXSYNC_DATABASE_URL": self.db_url, **self.env}
        env.pop("MATRIXSYNC_REDIS_URL", None)
        cmd = [sys.executable, "-m", "server.cli", "serve", "--port", str(self.port)]
        if self.redis_url:
            cmd += ["--redis", self.redis_url]
        with open(self.log_path, "ab") as log:
            log.write(f"\n=== start {self.starts + 1} ===\n".encode())
            log.flush()
            self.proc = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT)
        self.starts += 1
        _live.add(self)

    def wait_ready(self, timeout: float = 60.0) -> None:
        assert self.proc is not None
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited: {self.log()[-2000:]}")
            with contextlib.suppress(requests.RequestException):
                if requests.get(self.url + "/healthz", timeout=1).status_code == 200:
                    return
            time.sleep(0.05)
        raise RuntimeError(f"server did not start: {self.log()[-2000:]}")

    def start(self) -> None:
        self.spawn()
        self.wait_ready()

    def kill(self) -> None:
        """SIGKILL: no goodbye, no cleanup, like a crash or the OOM killer."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(10)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
        _live.discard(self)

    def log(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")
        except OSError:
            return ""

    def rss_kb(self) -> int:
        assert self.proc is not None
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
        return 0


def start_all(servers: list[ServerProcess]) -> None:
    """Start several servers at once (each takes a second or two to import and migrate)."""
    for s in servers:
        s.spawn()
    for s in servers:
        s.wait_ready()


def stop_all() -> None:
    for s in list(_live):
        s.stop()


class Cluster:
    """PostgreSQL, Redis, a prepared world and ``n`` server processes sharing them."""

    def __init__(self, base: Path, n: int, env: dict[str, str] | None = None):
        self.base = base
        self.pg = PostgresServer()
        self.redis = RedisServer()
        try:
            self.pg.start(base / "pg")
            self.redis.start(base / "redis")
        except FileNotFoundError as exc:
            self.close()
            component_missing("PostgreSQL/Redis", str(exc))
        self.db_url = self.pg.create_database("cluster")
        store = Store(self.db_url)
        upgrade(store.engine)
        self.world: World = build_world(SyncCore(store), self.db_url)
        store.dispose()
        self.servers = [ServerProcess(self.db_url, self.redis.url, base / f"server{i}.log", env) for i in range(n)]
        try:
            start_all(self.servers)
        except BaseException:
            self.close()
            raise

    def token(self, who: str = "coordinator") -> str:
        return self.world.tokens[who]

    def rest(self, server: ServerProcess, path: str, who: str = "coordinator") -> Any:
        headers = {"Authorization": f"Bearer {self.token(who)}"}
        response = requests.get(server.url + path, headers=headers, timeout=10)
        assert response.status_code == 200, response.text
        return response.json()

    def log_of(self, server: ServerProcess) -> list[dict[str, Any]]:
        """The whole mutation log, read through ``server``'s REST API (paged)."""
        out: list[dict[str, Any]] = []
        while True:
            page = self.rest(server, f"/api/workspaces/w/mutations?since={out[-1]['seq'] if out else 0}&limit=10000")
            out += page["mutations"]
            if not page["mutations"] or out[-1]["seq"] >= page["seq"]:
                return out

    def close(self) -> None:
        for s in getattr(self, "servers", []):
            s.stop()
        self.redis.stop()
        self.pg.stop()
