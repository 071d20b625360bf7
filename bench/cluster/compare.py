"""Fan-out latency of matrixsync on one and two processes, SQLite and PostgreSQL, side by side with Hocuspocus.

    .venv/bin/python -m bench.cluster.compare                       # everything, 3 runs each (about 30 min)
    .venv/bin/python -m bench.cluster.compare --runs 1 --clients 60 --loads steady
    .venv/bin/python -m bench.cluster.compare --memory              # RSS with 200 clients and after they leave

Each run starts fresh servers, builds a fresh workspace of 1,000 activities, and lets the JavaScript load
generator (``bench/fanout/loadgen.mjs``: socket.io clients, spread over the servers of a configuration;
``hocus-loadgen.mjs``: Yjs clients of @hocuspocus/provider, same schedule and seed) edit for ``--duration``
seconds: ``steady`` is 60 edits a second spread over all clients; ``paste`` is the same plus 180 edits sent
at once by one client half way (a paste into the grid).
Servers run on CPU 1, the load generator on CPU 0 (``taskset``); the two matrixsync processes of the
``pg-2proc`` setup share CPU 1, PostgreSQL and Redis float. On this 2-core machine that setup measures what
the relay between processes costs, not what a second core would add.

Configurations: ``sqlite`` (one process), ``pg`` (one process, PostgreSQL), ``pg-2proc`` (two processes,
PostgreSQL and Redis; clients alternate between them, so half of every fan-out crosses Redis), and
``hocuspocus`` (@hocuspocus/server, in memory, saving a snapshot of the document debounced as it does by
default). Every matrixsync mutation is committed before it is broadcast; Hocuspocus sends changes on first
and saves later.

The report gives, per configuration, load and client count, the median over the runs of p50/p95/p99 of the
delivery latency (from the sender's emit to the event at every other client), the missing deliveries, and
matrixsync's p99 as a ratio of Hocuspocus's. The share of the two cores used by other processes (other
sessions on this machine) during each run is printed with it: numbers from a busy machine are worse than
the software.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
FANOUT = ROOT / "bench/fanout"
LOADGEN = FANOUT / "loadgen.mjs"  # the matrixsync load generator, shared with bench/fanout/run.sh
PY = ROOT / ".venv/bin/python"
CONFIGS = ("sqlite", "pg", "pg-2proc", "hocuspocus")
LOADS = {"steady": [], "paste": ["--burst", "180", "--burst-from", "one"]}
HZ = os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def npm_ci() -> None:
    """The load generators' packages: socket.io-client in bench/fanout, Hocuspocus and Yjs here."""
    for folder, marker in ((FANOUT, "socket.io-client"), (HERE, "@hocuspocus/server")):
        if not (folder / "node_modules" / marker).is_dir():
            print(f"== npm ci in {folder.relative_to(ROOT)}", file=sys.stderr)
            subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=folder, check=True)


def cpu_ticks(pid: int) -> int:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return int(fields[11]) + int(fields[12])
    except (OSError, IndexError):
        return 0


def busy_ticks() -> int:
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    return values[0] + values[1] + values[2] + values[5] + values[6] + values[7]


def rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def family_ticks(pids: list[int]) -> int:
    """CPU ticks of these processes and their children (PostgreSQL's backends are children of its postmaster)."""
    total = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid, ppid = int(entry.name), int(fields[1])
        if pid in pids or ppid in pids:
            total += int(fields[11]) + int(fields[12])
    return total


class Sampler(threading.Thread):
    """RSS of some processes every 0.5 s; the peak of their sum."""

    def __init__(self, pids: list[int]):
        super().__init__(daemon=True)
        self.pids, self.peak, self.stop = pids, 0, threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            self.peak = max(self.peak, sum(rss_kb(p) for p in self.pids))
            self.stop.wait(0.5)


@dataclass
class Services:
    base: Path
    pg: Any = None
    redis: Any = None

    def start(self, need_pg: bool) -> None:
        if not need_pg:
            return
        sys.path.insert(0, str(ROOT))
        from tests.services import PostgresServer, RedisServer

        self.pg, self.redis = PostgresServer(), RedisServer()
        self.pg.start(self.base / "pg")
        self.redis.start(self.base / "redis")
        SERVICE_PIDS[:] = [self.pg._proc.pid, self.redis._proc.pid]

    def stop(self) -> None:
        for s in (self.redis, self.pg):
            if s is not None:
                s.stop()


@dataclass
class Run:
    config: str
    load: str
    clients: int
    result: dict[str, Any] = field(default_factory=dict)
    other_cpu: float = 0.0
    server_cpu: float = 0.0
    rss_peak_mb: float = 0.0
    rss_after_mb: float = 0.0
    ok: bool = False


def wait_http(url: str, proc: subprocess.Popen[bytes], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited ({proc.returncode})")
        with contextlib.suppress(OSError):
            if urllib.request.urlopen(url, timeout=1).status == 200:
                return
        time.sleep(0.1)
    raise RuntimeError(f"no answer from {url}")


@contextlib.contextmanager
def matrixsync_servers(n: int, db_url: str, redis_url: str | None, secret: str, work: Path) -> Iterator[list[Any]]:
    procs: list[subprocess.Popen[bytes]] = []
    urls = []
    env = {**os.environ, "MATRIXSYNC_SECRET_KEY": secret, "MATRIXSYNC_HOME": str(work)}
    try:
        for i in range(n):
            port = free_port()
            cmd = ["taskset", "-c", "1", str(ROOT / ".venv/bin/matrixsync"), "serve", "--port", str(port)]
            cmd += ["--db", db_url] + (["--redis", redis_url] if redis_url else [])
            log = open(work / f"server{i}.log", "ab")  # noqa: SIM115 - handed to the child
            procs.append(subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT))
            log.close()
            urls.append(f"http://127.0.0.1:{port}")
        for url, proc in zip(urls, procs, strict=True):
            wait_http(url + "/healthz", proc)
        yield [(url, proc) for url, proc in zip(urls, procs, strict=True)]
    finally:
        stop(procs)


def stop(procs: list[subprocess.Popen[Any]]) -> None:
    """SIGTERM to every process, then up to 10 s each to exit before SIGKILL."""
    for proc in procs:
        proc.terminate()
    for proc in procs:
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(10)


def setup_workspace(work: Path, clients: int, db_url: str | None = None) -> str:
    """A fresh 1,000-activity workspace with a member per client (bench/fanout/setup.py), their tokens in
    ``work/clients.json``; returns the secret key that signed them, for the servers."""
    secret = secrets.token_urlsafe(48)
    env = {**os.environ, "MATRIXSYNC_SECRET_KEY": secret, "MATRIXSYNC_HOME": str(work)}
    setup = [str(PY), "-m", "bench.fanout.setup", "--out", str(work / "clients.json"), "--clients", str(clients)]
    setup += ["--db", db_url] if db_url else []
    subprocess.run(setup, cwd=ROOT, env=env, check=True, stderr=subprocess.DEVNULL)
    return secret


SERVICE_PIDS: list[int] = []  # PostgreSQL's postmaster and Redis: part of the system under test, not "other"


def run_loadgen(cmd: list[str], server_pids: list[int], run: Run, out: Path, timeout: float) -> None:
    sampler = Sampler(server_pids)
    sampler.start()
    cpu0 = sum(cpu_ticks(p) for p in server_pids)
    svc0 = family_ticks(SERVICE_PIDS)
    busy0, t0 = busy_ticks(), time.monotonic()
    gen = subprocess.Popen(["taskset", "-c", "0", *cmd], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    gen_ticks = 0
    deadline = time.monotonic() + timeout
    while gen.poll() is None and time.monotonic() < deadline:
        gen_ticks = cpu_ticks(gen.pid) or gen_ticks
        time.sleep(0.2)
    if gen.poll() is None:
        gen.kill()
    stdout, stderr = gen.communicate()
    elapsed = time.monotonic() - t0
    cpu1 = sum(cpu_ticks(p) for p in server_pids)
    busy1 = busy_ticks()
    svc = family_ticks(SERVICE_PIDS) - svc0
    sampler.stop.set()
    sampler.join()
    run.server_cpu = 100 * (cpu1 - cpu0) / HZ / elapsed
    run.other_cpu = max(0.0, 100 * (busy1 - busy0 - (cpu1 - cpu0) - gen_ticks - svc) / HZ / elapsed)
    run.rss_peak_mb = sampler.peak / 1024
    time.sleep(2)
    run.rss_after_mb = sum(rss_kb(p) for p in server_pids) / 1024
    if out.exists():
        run.result = json.loads(out.read_text())
    run.ok = gen.returncode == 0
    if not run.ok:
        print(
            f"   load generator exit {gen.returncode}: {(stdout or '')[-600:]} {(stderr or '')[-600:]}", file=sys.stderr
        )


def run_matrixsync(config: str, load: str, clients: int, args: argparse.Namespace, services: Services) -> Run:
    run = Run(config, load, clients)
    with tempfile.TemporaryDirectory(prefix="ms-bench-") as tmp:
        work = Path(tmp)
        if config == "sqlite":
            secret = setup_workspace(work, clients)
            db_url, redis_url, n = f"sqlite:///{work / 'bench.db'}", None, 1
        else:
            db_url = services.pg.url
            redis_url, n = (services.redis.url, 2) if config == "pg-2proc" else (None, 1)
            secret = setup_workspace(work, clients, db_url)
        with matrixsync_servers(n, db_url, redis_url, secret, work) as servers:
            out = work / "result.json"
            cmd = ["node", str(LOADGEN), "--url", ",".join(u for u, _ in servers)]
            cmd += ["--clients-file", str(work / "clients.json"), "--clients", str(clients), "--rate", "60"]
            cmd += ["--duration", str(args.duration), "--json", str(out), "--quiet", *LOADS[load]]
            cmd += ["--send-single"] if args.send_single else []
            run_loadgen(cmd, [p.pid for _, p in servers], run, out, args.duration + 150)
            for i in range(n):
                log = (work / f"server{i}.log").read_text(errors="replace")
                if "Traceback" in log:
                    print(f"   server {i} log has tracebacks:\n{log[-1500:]}", file=sys.stderr)
    return run


def run_hocuspocus(load: str, clients: int, args: argparse.Namespace) -> Run:
    run = Run("hocuspocus", load, clients)
    with tempfile.TemporaryDirectory(prefix="hp-bench-") as tmp:
        work = Path(tmp)
        port = free_port()
        server = subprocess.Popen(
            ["taskset", "-c", "1", "node", str(HERE / "hocus-server.mjs"), "--port", str(port)]
            + ["--store", str(work / "doc.bin")],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        try:
            assert server.stdout is not None
            line = server.stdout.readline()
            if "listening" not in line:
                raise RuntimeError(f"hocuspocus did not start: {line}")
            out = work / "result.json"
            cmd = ["node", str(HERE / "hocus-loadgen.mjs"), "--url", f"ws://127.0.0.1:{port}"]
            cmd += ["--clients", str(clients), "--rate", "60", "--duration", str(args.duration), "--json", str(out)]
            cmd += ["--send-single"] if args.send_single else []
            run_loadgen(cmd + LOADS[load], [server.pid], run, out, args.duration + 150)
        finally:
            stop([server])
    return run


def med(values: list[Any]) -> float:
    values = [v for v in values if isinstance(v, int | float) and v == v]  # drop None and NaN
    return statistics.median(values) if values else float("nan")


def report(runs: list[Run]) -> None:
    groups: dict[tuple[str, str, int], list[Run]] = {}
    for r in runs:
        groups.setdefault((r.config, r.load, r.clients), []).append(r)
    print()
    print("median over runs; latency = emit -> event at every other client, ms; srv CPU = the server process(es);")
    print(
        "other = CPU used meanwhile by processes outside the run (not the servers, PostgreSQL, Redis or the generator)"
    )
    print(
        f"{'config':<11}{'load':<8}{'clients':>7}{'runs':>5}{'p50':>8}{'p95':>8}{'p99':>8}{'burst p99':>10}"
        f"{'missing':>9}{'srv CPU':>8}{'other':>7}{'RSS peak':>9}{'RSS after':>10}{'p99/HP':>8}"
    )
    for (config, load, clients), rs in sorted(
        groups.items(), key=lambda kv: (kv[0][2], kv[0][1], CONFIGS.index(kv[0][0]))
    ):
        lat = [r.result.get("latency_ms") or {} for r in rs]
        p50, p95, p99 = (med([x.get(k, float("nan")) for x in lat]) for k in ("p50", "p95", "p99"))
        burst = med([(r.result.get("burst_latency_ms") or {}).get("p99") for r in rs])
        missing = max(int(r.result.get("missing_deliveries", -1)) for r in rs)
        hp = groups.get(("hocuspocus", load, clients))
        ratio = ""
        if hp and config != "hocuspocus":
            hp99 = med([(r.result.get("latency_ms") or {}).get("p99") for r in hp])
            ratio = f"{p99 / hp99:.2f}" if hp99 == hp99 and hp99 > 0 else "n/a"
        print(
            f"{config:<11}{load:<8}{clients:>7}{len(rs):>5}{p50:>8.1f}{p95:>8.1f}{p99:>8.1f}"
            f"{(f'{burst:.1f}' if burst == burst else '-'):>10}{missing:>9}{med([r.server_cpu for r in rs]):>7.0f}%"
            f"{med([r.other_cpu for r in rs]):>6.0f}%{med([r.rss_peak_mb for r in rs]):>8.0f}M"
            f"{med([r.rss_after_mb for r in rs]):>9.0f}M{ratio:>8}"
        )
    failed = [r for r in runs if not r.ok]
    if failed:
        print(
            f"\n{len(failed)} run(s) did not deliver every edit everywhere: "
            + ", ".join(f"{r.config}/{r.load}/{r.clients}" for r in failed)
        )


def memory(args: argparse.Namespace) -> int:
    """RSS of one server (SQLite) idle, with 200 clients, and after they leave, several times over."""
    with tempfile.TemporaryDirectory(prefix="ms-mem-") as tmp:
        work = Path(tmp)
        clients = args.memory_clients
        secret = setup_workspace(work, clients)
        with matrixsync_servers(1, f"sqlite:///{work / 'bench.db'}", None, secret, work) as servers:
            ((url, proc),) = servers
            print(f"server RSS idle: {rss_kb(proc.pid) / 1024:.1f} MB")
            for cycle in range(1, args.cycles + 1):
                run = Run("sqlite", "memory", clients)
                out = work / f"mem{cycle}.json"
                cmd = ["node", str(LOADGEN), "--url", url, "--clients-file", str(work / "clients.json")]
                cmd += ["--clients", str(clients), "--rate", "20", "--duration", "5", "--json", str(out), "--quiet"]
                run_loadgen(cmd, [proc.pid], run, out, 200)
                unloaded = (work / "server0.log").read_text().count("uit het geheugen gehaald")
                print(
                    f"cycle {cycle}: {clients} clients connected, joined and edited: RSS peak {run.rss_peak_mb:.1f} MB;"
                    f" 2 s after they left {run.rss_after_mb:.1f} MB; workspace unloaded {unloaded} time(s);"
                    f" all delivered: {run.ok}"
                )
    return 0


def main(argv: list[str] | None = None) -> int:
    # SIGTERM stops like Ctrl+C: the finally blocks stop every server, PostgreSQL and Redis started here
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    parser = argparse.ArgumentParser(prog="python -m bench.cluster.compare", description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--duration", type=float, default=15.0)
    parser.add_argument("--clients", default="60,200")
    parser.add_argument("--loads", default="steady,paste")
    parser.add_argument("--configs", default=",".join(CONFIGS))
    parser.add_argument("--memory", action="store_true", help="measure RSS with clients and after they leave")
    parser.add_argument("--memory-clients", type=int, default=200)
    parser.add_argument("--cycles", type=int, default=5)
    parser.add_argument("--json", type=Path, help="write every run's result here")
    parser.add_argument(
        "--send-single",
        action="store_true",
        help="every edit in its own message (default: a client's edits of one tick go together)",
    )
    args = parser.parse_args(argv)
    for tool in ("node", "npm", "taskset"):
        if shutil.which(tool) is None:
            print(f"{tool} is needed", file=sys.stderr)
            return 2
    npm_ci()
    if args.memory:
        return memory(args)
    configs = [c for c in args.configs.split(",") if c]
    loads = [x for x in args.loads.split(",") if x]
    client_counts = [int(c) for c in args.clients.split(",") if c]
    runs: list[Run] = []
    with tempfile.TemporaryDirectory(prefix="ms-services-") as tmp:
        services = Services(Path(tmp))
        try:
            services.start(any(c.startswith("pg") for c in configs))
            for n in range(1, args.runs + 1):
                for clients in client_counts:
                    for load in loads:
                        for config in configs:  # interleaved, so a busy minute hits every config alike
                            print(f"== run {n}: {config} {load} {clients} clients", file=sys.stderr)
                            if config == "hocuspocus":
                                run = run_hocuspocus(load, clients, args)
                            else:
                                run = run_matrixsync(config, load, clients, args, services)
                            lat = run.result.get("latency_ms", {})
                            print(
                                f"   p50 {lat.get('p50', float('nan')):.1f} p99 {lat.get('p99', float('nan')):.1f} ms,"
                                f" missing {run.result.get('missing_deliveries')}, other CPU {run.other_cpu:.0f}%",
                                file=sys.stderr,
                            )
                            runs.append(run)
        finally:
            services.stop()
    report(runs)
    if args.json:
        args.json.write_text(json.dumps([r.__dict__ for r in runs], indent=1))
    return 0 if all(r.ok for r in runs) else 1


if __name__ == "__main__":
    sys.exit(main())
