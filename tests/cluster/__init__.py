"""Helpers for the scale-out and fault tests: server processes that can be killed and restarted on the same
port, and :class:`SyncPeer`, a socket.io client that behaves like the board's sync client (reconnects with
jittered back-off, joins with the last seq it has, resends unacknowledged mutations with the same ids, and
resends what was refused for a passing reason: the database away, the rate limit).

- :mod:`tests.cluster.processes`: ``matrixsync serve`` processes, and :class:`Cluster` (PostgreSQL, Redis, a
  prepared world and ``n`` server processes sharing them)
- :mod:`tests.cluster.peer`: :class:`SyncPeer` and the board it keeps
- :mod:`tests.cluster.workload`: many peers at once: connect them, let them edit, wait until they settle,
  check the log

Everything listens on 127.0.0.1, every wait is bounded, and every process started here is stopped at the end.
"""

from tests.cluster.peer import NS, Board, SyncPeer, board_of_log, board_of_snapshot, strip_seq
from tests.cluster.processes import ROOT, Cluster, ServerProcess, start_all, stop_all
from tests.cluster.workload import (
    check_log,
    create_op,
    peers_on,
    random_edit,
    run_editors,
    set_op,
    settle,
    wait_all,
)

__all__ = [
    "NS",
    "ROOT",
    "Board",
    "Cluster",
    "ServerProcess",
    "SyncPeer",
    "board_of_log",
    "board_of_snapshot",
    "check_log",
    "create_op",
    "peers_on",
    "random_edit",
    "run_editors",
    "set_op",
    "settle",
    "start_all",
    "stop_all",
    "strip_seq",
    "wait_all",
]
