"""The listening socket: no Nagle delay on the connections it accepts."""

from __future__ import annotations

import socket


def listener(host: str, port: int) -> socket.socket:
    """A listening socket whose accepted connections inherit TCP_NODELAY (Linux does)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    sock.bind((host, port))
    sock.listen(1024)
    sock.setblocking(False)
    return sock
