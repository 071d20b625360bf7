"""WSGI details that decide latency: no per-message compression, no Nagle delay."""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterable
from typing import Any

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


class DeclineCompression:
    """Hide the client's permessage-deflate offer from simple-websocket, which would otherwise accept it
    and compress every frame in Python (this alone saturated the server, DESIGN.md). A reverse proxy may
    still compress towards the browser."""

    def __init__(self, app: WSGIApp):
        self.app = app

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        environ.pop("HTTP_SEC_WEBSOCKET_EXTENSIONS", None)
        return self.app(environ, start_response)


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
