"""Throwaway PostgreSQL and Redis servers for the test suite.

Each server runs on a free port on 127.0.0.1 with its files under a base directory the caller
gives (normally pytest's ``tmp_path``). Both classes raise ``FileNotFoundError`` when their
binaries are missing; route that through :func:`component_missing` so a missing component skips
locally and fails under ``CI=true``. ``scripts/install-test-deps.sh`` installs the components.

Stopping is bounded (polite signal, then harder ones, then SIGKILL) and every started server is
also stopped at interpreter exit.
"""

from __future__ import annotations

import atexit
import contextlib
import glob
import os
import pwd
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any, NoReturn

PG_BIN_GLOB = "/usr/lib/postgresql/*/bin"
PG_SUPERUSER = "postgres"
PG_OS_USER = "postgres"
PG_TEST_DB = "matrixsync_test"
START_TIMEOUT = 30.0
# sun_path is 108 bytes on Linux, including the terminating NUL.
_MAX_SOCKET_PATH = 107

_live: set[Any] = set()


@atexit.register
def _stop_all() -> None:
    for server in list(_live):
        with contextlib.suppress(Exception):
            server.stop()


def component_missing(name: str, why: str) -> NoReturn:
    """A system component the tests need is missing: fail under CI=true, otherwise skip."""
    if os.environ.get("CI", "").strip().lower() in ("true", "1"):
        raise RuntimeError(
            f"{name} ontbreekt: {why} (CI=true: a missing component is a failure; run scripts/install-test-deps.sh)"
        )
    import pytest

    pytest.skip(f"{name} ontbreekt: {why}")


def free_port() -> int:
    """A TCP port on 127.0.0.1 that was free a moment ago."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _log_tail(path: Path, lines: int = 30) -> str:
    try:
        text = path.read_text(errors="replace")
    except OSError as e:
        return f"(no log: {e})"
    return "\n".join(text.splitlines()[-lines:]) or "(log is empty)"


def _stop_process(proc: subprocess.Popen[bytes], *steps: tuple[int, float]) -> None:
    """Send each (signal, timeout) in turn until the process is gone, then SIGKILL; never hangs."""
    for sig, timeout in (*steps, (signal.SIGKILL, 5.0)):
        if proc.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            proc.send_signal(sig)
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=timeout)


class PostgresServer:
    """A private PostgreSQL cluster (initdb + postgres) on a free port of 127.0.0.1.

    As root, the binaries run as the ``postgres`` system user (PostgreSQL refuses root). If that
    user cannot reach ``base_dir`` (pytest's tmp_path lies below a 0700 directory owned by root),
    the data and socket directories go to a private temporary directory instead, removed again
    by :meth:`stop`; the server log always stays at ``base_dir/postgres.log``.
    """

    def __init__(self, bin_glob: str = PG_BIN_GLOB) -> None:
        self.bin_glob = bin_glob
        self.port: int | None = None
        self.base_dir: Path | None = None
        self.data_dir: Path | None = None
        self.socket_dir: Path | None = None
        self.log_path: Path | None = None
        self._proc: subprocess.Popen[bytes] | None = None
        self._cleanup_dirs: list[Path] = []

    # -- locating binaries -------------------------------------------------------------------
    def find_bin_dir(self) -> Path:
        """The newest /usr/lib/postgresql/<version>/bin holding initdb, pg_ctl and postgres."""

        def version_key(p: Path) -> tuple[int, ...]:
            return tuple(int(n) for n in re.findall(r"\d+", p.parent.name)) or (0,)

        candidates = sorted((Path(p) for p in glob.glob(self.bin_glob)), key=version_key, reverse=True)
        for d in candidates:
            if all((d / b).is_file() and os.access(d / b, os.X_OK) for b in ("initdb", "pg_ctl", "postgres")):
                return d
        raise FileNotFoundError(
            f"no PostgreSQL server binaries (initdb, pg_ctl, postgres) under {self.bin_glob}; "
            "install the Debian package 'postgresql'"
        )

    # -- user handling -----------------------------------------------------------------------
    def _run_as(self) -> dict[str, Any]:
        """subprocess kwargs that drop root to the postgres user (nothing when not root)."""
        if os.geteuid() != 0:
            return {}
        try:
            pw = pwd.getpwnam(PG_OS_USER)
        except KeyError:
            raise FileNotFoundError(
                f"system user {PG_OS_USER!r} is missing; install the Debian package 'postgresql'"
            ) from None
        return {"user": pw.pw_uid, "group": pw.pw_gid, "extra_groups": []}

    def _chown(self, path: Path) -> None:
        if os.geteuid() == 0:
            pw = pwd.getpwnam(PG_OS_USER)
            os.chown(path, pw.pw_uid, pw.pw_gid)

    def _usable_by_server(self, path: Path, run_as: dict[str, Any]) -> bool:
        if not run_as:
            return True
        r = subprocess.run(
            [shutil.which("test") or "/usr/bin/test", "-x", str(path), "-a", "-w", str(path)],
            cwd="/",
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            timeout=10,
            check=False,
            **run_as,
        )
        return r.returncode == 0

    def _private_dir(self, prefix: str) -> Path:
        d = Path(tempfile.mkdtemp(prefix=prefix))
        self._cleanup_dirs.append(d)
        return d

    # -- lifecycle ---------------------------------------------------------------------------
    def start(self, base_dir: Path) -> None:
        if self._proc is not None:
            raise RuntimeError("PostgresServer already started")
        bin_dir = self.find_bin_dir()
        run_as = self._run_as()
        base_dir = Path(base_dir).resolve()
        base_dir.mkdir(parents=True, exist_ok=True)
        self.base_dir = base_dir
        self.log_path = base_dir / "postgres.log"

        root = base_dir / "postgres"
        root.mkdir(exist_ok=True)
        self._chown(root)
        if not self._usable_by_server(root, run_as):
            with contextlib.suppress(OSError):
                root.rmdir()
            root = self._private_dir("matrixsync-pg-")
            self._chown(root)
        self.data_dir = root / "data"
        sock = root / "sock"
        if len(str(sock)) + len("/.s.PGSQL.65535") > _MAX_SOCKET_PATH:
            sock = self._private_dir("mspg-")
        sock.mkdir(exist_ok=True)
        self._chown(sock)
        self.socket_dir = sock

        if not (self.data_dir / "PG_VERSION").exists():
            self._initdb(bin_dir, run_as)
            fresh = True
        else:
            fresh = False
        self.port = free_port()
        self._launch(bin_dir, run_as)
        _live.add(self)
        try:
            self._wait_ready()
            if fresh:
                self._create_db(PG_TEST_DB)
        except BaseException:
            self.stop()
            raise

    def _initdb(self, bin_dir: Path, run_as: dict[str, Any]) -> None:
        assert self.data_dir is not None
        r = subprocess.run(
            [
                str(bin_dir / "initdb"),
                "-D",
                str(self.data_dir),
                "-U",
                PG_SUPERUSER,
                "--auth=trust",
                "-E",
                "UTF8",
                "--locale=C",
                "--no-sync",
            ],
            cwd=str(self.data_dir.parent),
            env=self._env(),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            timeout=120,
            check=False,
            **run_as,
        )
        if r.returncode != 0:
            raise RuntimeError(f"initdb failed ({r.returncode}):\n{r.stdout.decode(errors='replace')}")
        # Trust, and only over the private unix socket and 127.0.0.1.
        (self.data_dir / "pg_hba.conf").write_text("local all all trust\nhost all all 127.0.0.1/32 trust\n")

    def _env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("PG", "LC_"))}
        env["LANG"] = "C"
        if self.data_dir is not None:
            env["HOME"] = str(self.data_dir.parent)
        return env

    def _launch(self, bin_dir: Path, run_as: dict[str, Any]) -> None:
        assert self.data_dir is not None and self.socket_dir is not None and self.log_path is not None
        cmd = [str(bin_dir / "postgres"), "-D", str(self.data_dir)]
        settings = {
            "port": str(self.port),
            "listen_addresses": "127.0.0.1",
            "unix_socket_directories": str(self.socket_dir),
            "fsync": "off",
            "synchronous_commit": "off",
            "full_page_writes": "off",
            "logging_collector": "off",
        }
        for k, v in settings.items():
            cmd += ["-c", f"{k}={v}"]
        with open(self.log_path, "ab") as log:
            # The postmaster itself is the child (no runuser in between), so signals reach it.
            self._proc = subprocess.Popen(
                cmd,
                cwd=str(self.data_dir.parent),
                env=self._env(),
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                **run_as,
            )

    def _connect(self, dbname: str = "postgres", timeout: int = 2) -> Any:
        import psycopg

        return psycopg.connect(
            host="127.0.0.1",
            port=self.port,
            user=PG_SUPERUSER,
            dbname=dbname,
            connect_timeout=timeout,
            autocommit=True,
        )

    def _wait_ready(self) -> None:
        import psycopg

        assert self._proc is not None and self.log_path is not None
        deadline = time.monotonic() + START_TIMEOUT
        last: Exception | None = None
        while time.monotonic() < deadline:
            if self._proc.poll() is not None:
                raise RuntimeError(
                    f"postgres exited with code {self._proc.returncode} during startup; "
                    f"log {self.log_path}:\n{_log_tail(self.log_path)}"
                )
            try:
                with self._connect(timeout=1) as conn:
                    conn.execute("SELECT 1")
                return
            except psycopg.OperationalError as e:
                last = e
            time.sleep(0.1)
        raise RuntimeError(
            f"postgres did not accept connections on 127.0.0.1:{self.port} within {START_TIMEOUT:.0f} s "
            f"(last error: {last}); log {self.log_path}:\n{_log_tail(self.log_path)}"
        )

    def _create_db(self, name: str) -> None:
        from psycopg import sql

        with self._connect() as conn:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))

    @property
    def url(self) -> str:
        return self.url_for(PG_TEST_DB)

    def url_for(self, dbname: str) -> str:
        if self.port is None:
            raise RuntimeError("PostgresServer not started")
        return f"postgresql+psycopg://{PG_SUPERUSER}@127.0.0.1:{self.port}/{dbname}"

    def create_database(self, name: str) -> str:
        """Create another empty database and return its SQLAlchemy URL."""
        if self._proc is None:
            raise RuntimeError("PostgresServer not started")
        self._create_db(name)
        return self.url_for(name)

    def _stop_server(self) -> None:
        proc, self._proc = self._proc, None
        if proc is None:
            return
        # SIGINT = fast shutdown (disconnects clients); SIGQUIT = immediate; then SIGKILL.
        _stop_process(proc, (signal.SIGINT, 15.0), (signal.SIGQUIT, 5.0))

    def restart(self) -> None:
        """Stop and start again on the same data directory and port."""
        if self._proc is None:
            raise RuntimeError("PostgresServer not started")
        self._stop_server()
        bin_dir = self.find_bin_dir()
        self._launch(bin_dir, self._run_as())
        try:
            self._wait_ready()
        except BaseException:
            self.stop()
            raise

    def stop(self) -> None:
        """Stop the server (bounded) and remove private temporary directories. Idempotent."""
        try:
            self._stop_server()
        finally:
            _live.discard(self)
            for d in self._cleanup_dirs:
                shutil.rmtree(d, ignore_errors=True)
            self._cleanup_dirs.clear()


class RedisServer:
    """``redis-server`` without persistence on a free port of 127.0.0.1 (data is lost on restart)."""

    def __init__(self, binary: str = "redis-server") -> None:
        self.binary = binary
        self.port: int | None = None
        self.base_dir: Path | None = None
        self.log_path: Path | None = None
        self._proc: subprocess.Popen[bytes] | None = None

    def find_binary(self) -> str:
        path = shutil.which(self.binary)
        if path is None:
            raise FileNotFoundError(f"{self.binary!r} not found on PATH; install the Debian package 'redis-server'")
        return path

    def start(self, base_dir: Path) -> None:
        if self._proc is not None:
            raise RuntimeError("RedisServer already started")
        self.find_binary()
        base_dir = Path(base_dir).resolve()
        base_dir.mkdir(parents=True, exist_ok=True)
        self.base_dir = base_dir
        self.log_path = base_dir / "redis.log"
        self.port = free_port()
        self._launch()
        _live.add(self)
        try:
            self._wait_ready()
        except BaseException:
            self.stop()
            raise

    def _launch(self) -> None:
        assert self.base_dir is not None and self.log_path is not None
        cmd = [
            self.find_binary(),
            "--port",
            str(self.port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(self.base_dir),
            "--daemonize",
            "no",
            "--logfile",
            "",
        ]
        with open(self.log_path, "ab") as log:
            self._proc = subprocess.Popen(
                cmd,
                cwd=str(self.base_dir),
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def ping(self, timeout: float = 1.0) -> bool:
        """True if the server answers PING with +PONG."""
        if self.port is None:
            return False
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=timeout) as s:
                s.sendall(b"*1\r\n$4\r\nPING\r\n")
                return s.recv(64).startswith(b"+PONG")
        except OSError:
            return False

    def _wait_ready(self) -> None:
        assert self._proc is not None and self.log_path is not None
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self._proc.poll() is not None:
                raise RuntimeError(
                    f"redis-server exited with code {self._proc.returncode} during startup; "
                    f"log {self.log_path}:\n{_log_tail(self.log_path)}"
                )
            if self.ping(timeout=0.5):
                return
            time.sleep(0.05)
        raise RuntimeError(
            f"redis-server did not answer PING on 127.0.0.1:{self.port} within {START_TIMEOUT:.0f} s; "
            f"log {self.log_path}:\n{_log_tail(self.log_path)}"
        )

    @property
    def url(self) -> str:
        if self.port is None:
            raise RuntimeError("RedisServer not started")
        return f"redis://127.0.0.1:{self.port}/0"

    def _stop_server(self) -> None:
        proc, self._proc = self._proc, None
        if proc is not None:
            _stop_process(proc, (signal.SIGTERM, 10.0))

    def restart(self) -> None:
        """Stop and start again on the same port (no persistence: the data is gone)."""
        if self._proc is None:
            raise RuntimeError("RedisServer not started")
        self._stop_server()
        self._launch()
        try:
            self._wait_ready()
        except BaseException:
            self.stop()
            raise

    def stop(self) -> None:
        """Stop the server (bounded). Idempotent."""
        try:
            self._stop_server()
        finally:
            _live.discard(self)
