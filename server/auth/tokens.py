"""Bearer tokens for local mode: signed JWTs naming a member of one workspace.

The token only says *who*; what that member may do is read from the workspace (the member object's role
and partner) on every connection, so revoking a member or changing a role takes effect at once. The
Microsoft sign-in issue adds a second issuer whose tokens map to the same :class:`Principal`.
"""

from __future__ import annotations

import time
from typing import Any

import jwt

from ..domain.mutation import Principal
from ..domain.state import WorkspaceState

ISSUER = "matrixsync-local"
AUDIENCE = "matrixsync"
ALGORITHM = "HS256"


class AuthError(Exception):
    """Refused identity; the message is Dutch and safe to show."""


def issue_token(secret: str, workspace: str, member_id: str, ttl_seconds: int = 30 * 24 * 3600) -> str:
    now = int(time.time())
    claims = {"iss": ISSUER, "aud": AUDIENCE, "sub": member_id, "ws": workspace, "iat": now, "exp": now + ttl_seconds}
    return jwt.encode(claims, secret, algorithm=ALGORITHM)


def read_token(secret: str, token: Any) -> tuple[str, str]:
    """(workspace slug, member id) from a valid token, or :class:`AuthError`."""
    if not isinstance(token, str) or not token or len(token) > 4096:
        raise AuthError("Geen geldig toegangsbewijs (token) meegegeven.")
    try:
        claims = jwt.decode(
            token,
            secret,
            algorithms=[ALGORITHM],
            audience=AUDIENCE,
            issuer=ISSUER,
            options={"require": ["exp", "iat", "sub", "aud", "iss"]},
        )
    except jwt.ExpiredSignatureError:
        raise AuthError("Uw toegangsbewijs is verlopen; vraag een nieuw aan.") from None
    except jwt.PyJWTError:
        raise AuthError("Ongeldig toegangsbewijs (token).") from None
    ws, sub = claims.get("ws"), claims.get("sub")
    if not isinstance(ws, str) or not isinstance(sub, str):
        raise AuthError("Ongeldig toegangsbewijs (token).")
    return ws, sub


def principal_for(state: WorkspaceState, member_id: str, channel: str) -> Principal:
    """The member as the workspace knows them now; refused when unknown, deleted or revoked."""
    member = state.get(member_id)
    if member is None or member.type != "member" or member.deleted or member.fields.get("revoked"):
        raise AuthError("U heeft (niet langer) toegang tot deze werkruimte.")
    f = member.fields
    return Principal(member_id, state.slug, f["partner"], f["role"], f["name"], channel)
