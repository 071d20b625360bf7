"""The application factory: one Flask app with the REST API and the Socket.IO ``/sync`` namespace."""

from __future__ import annotations

from typing import Any

from flask import Flask

from . import config
from .storage.store import Store, upgrade
from .sync.core import SyncCore
from .transports import addin_http, auth_http, http, office_http, reports_http, socket, web


def create_app(test_config: dict[str, Any] | None = None, async_mode: str | None = None) -> Flask:
    app = Flask(__name__)
    app.config.from_mapping(config.settings(test_config))
    store = Store(app.config["DATABASE_URL"])
    if app.config.get("AUTO_UPGRADE", True):
        upgrade(store.engine)
    core = SyncCore(store)
    app.extensions["matrixsync"] = core
    http.init_app(app)
    office_http.init_app(app)
    reports_http.init_app(app)
    addin_http.init_app(app)
    web.init_app(app)
    socket.init_app(app, core, async_mode=async_mode)
    auth_http.init_app(app)
    return app


def core_of(app: Flask) -> SyncCore:
    core: SyncCore = app.extensions["matrixsync"]
    return core
