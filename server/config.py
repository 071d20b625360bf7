"""Settings, from the app factory's ``test_config`` or the environment (``MATRIXSYNC_*``)."""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path
from typing import Any


def home() -> Path:
    """Where the default SQLite database and the local signing key live."""
    return Path(os.environ.get("MATRIXSYNC_HOME", "instance")).resolve()


def database_url() -> str:
    url = os.environ.get("MATRIXSYNC_DATABASE_URL")
    if url:
        return url
    home().mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{home() / 'matrixsync.db'}"


def secret_key() -> str:
    """The local signing key: from the environment, or made once and kept (mode 0600) beside the database."""
    key = os.environ.get("MATRIXSYNC_SECRET_KEY")
    if key:
        return key
    path = home() / "secret.key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(secrets.token_urlsafe(48))
    return path.read_text().strip()


def settings(overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    """The app's settings: ``overrides`` first, the environment (or a made default) for the rest."""
    out = dict(overrides or {})
    if "DATABASE_URL" not in out:
        out["DATABASE_URL"] = database_url()
    if "SECRET_KEY" not in out:
        out["SECRET_KEY"] = secret_key()
    out.setdefault("MAX_CONTENT_LENGTH", 16 * 1024 * 1024)
    # the browser session (sign-in links): not readable by scripts, not sent along by other sites
    out.setdefault("SESSION_COOKIE_NAME", "matrixsync_session")
    out.setdefault("SESSION_COOKIE_HTTPONLY", True)
    out.setdefault("SESSION_COOKIE_SAMESITE", "Lax")
    out.setdefault("PERMANENT_SESSION_LIFETIME", timedelta(days=7))
    _sign_in_settings(out)
    # several processes: room events between them over Redis (server/transports/socket.py, docs/deploy.md)
    out.setdefault("REDIS_URL", os.environ.get("MATRIXSYNC_REDIS_URL") or None)
    # per connection: mutations a second, and how many may come at once (a paste) before that applies
    out.setdefault("MUTATION_RATE", float(os.environ.get("MATRIXSYNC_MUTATION_RATE") or 50))
    out.setdefault("MUTATION_BURST", float(os.environ.get("MATRIXSYNC_MUTATION_BURST") or 200))
    return out


def _sign_in_settings(out: dict[str, Any]) -> None:
    """Microsoft sign-in (all unset: local mode, see README "Aanmelden met Microsoft"), the address the
    server is reached at, and the rate limit of sign-in and invite use."""
    for key in (
        "MS_TENANT_ID",  # a tenant id, or "organizations" together with MS_ALLOWED_TENANTS
        "MS_CLIENT_ID",
        "MS_CLIENT_SECRET",
        "MS_ALLOWED_TENANTS",  # comma-separated tenant ids; default: MS_TENANT_ID
        "MS_AUTHORITY",  # default https://login.microsoftonline.com (tests: a local identity provider)
        "MS_API_SCOPE",  # the add-ins' scope, default access_as_user
        "MS_API_AUDIENCE",  # extra accepted audiences of add-in tokens (comma-separated)
        "PUBLIC_URL",  # e.g. https://matrix.gemeente.nl: redirect URI and links (default: from the request)
    ):
        out.setdefault(key, os.environ.get(f"MATRIXSYNC_{key}") or None)
    # per client address: requests per seconds to the sign-in links, invites and the Microsoft callback
    out.setdefault("SIGNIN_RATE_LIMIT", os.environ.get("MATRIXSYNC_SIGNIN_RATE_LIMIT") or "60/60")
    # how many reverse proxies in front add X-Forwarded-For (the rate limit counts per real client address)
    out.setdefault("TRUSTED_PROXIES", int(os.environ.get("MATRIXSYNC_TRUSTED_PROXIES") or 0))
