"""Who is calling: a bearer token from a socket handshake or an HTTP request, turned into a Principal."""

from __future__ import annotations

from typing import Any

from ..auth.tokens import AuthError, principal_for, read_token
from ..domain.mutation import Principal
from ..sync.core import SyncCore, UnknownWorkspace


def token_from(auth: Any, headers: Any, args: Any) -> str | None:
    if isinstance(auth, dict) and isinstance(auth.get("token"), str):
        return str(auth["token"])
    header = headers.get("Authorization", "") if headers is not None else ""
    if header.lower().startswith("bearer "):
        return str(header[7:].strip())
    token = args.get("token") if args is not None else None
    return token if isinstance(token, str) else None


def authenticate(core: SyncCore, secret: str, token: Any, channel: str) -> Principal:
    workspace, member_id = read_token(secret, token)
    try:
        state = core.state(workspace)
    except UnknownWorkspace:
        raise AuthError("U heeft (niet langer) toegang tot deze werkruimte.") from None
    return principal_for(state, member_id, channel)


def session_principal(core: SyncCore, channel: str = "socket") -> Principal | None:
    """The member of the browser session (set by a sign-in link), if still valid."""
    from flask import session

    member, workspace = session.get("member"), session.get("workspace")
    if not isinstance(member, str) or not isinstance(workspace, str):
        return None
    try:
        return principal_for(core.state(workspace), member, channel)
    except (AuthError, UnknownWorkspace):
        return None
