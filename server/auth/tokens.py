"""Bearer tokens: one validation for both issuers, the server itself (local mode) and Microsoft Entra ID.

:func:`validate_token` checks a JWT against a :class:`KeySource` (which keys, which algorithms) and an
:class:`Expected` (issuer, audience, tenant allow-list, scope); there is no path that skips it. Local
tokens (``matrixsync token``) are HS256 with the server's key and name a member of one workspace; Entra
access tokens from the add-ins are RS256 with the tenant's published keys and name a person (tenant id and
object id), whom ``identities.py`` maps to members.

The token only says *who*; what that member may do is read from the workspace (the member object's role
and partner) on every connection, so revoking a member or changing a role takes effect at once.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import jwt

from ..domain.mutation import Principal
from ..domain.rules import NO_ACCESS, current_principal
from ..domain.state import WorkspaceState

ISSUER = "matrixsync-local"
AUDIENCE = "matrixsync"
ALGORITHM = "HS256"
MAX_TOKEN = 8192


class AuthError(Exception):
    """Refused identity; the message is Dutch and safe to show."""


class KeySource(Protocol):
    """Where the keys that sign tokens come from; refuses (AuthError) a key id it does not know."""

    @property
    def algorithms(self) -> Sequence[str]: ...

    def key_for(self, kid: str | None) -> Any: ...


@dataclass(frozen=True)
class Expected:
    """What a valid token says. ``issuers`` may contain ``{tenantid}``, filled in from the ``tid`` claim,
    which must then be in ``tenants``; ``scope``, when set, must be one of the space-separated ``scp``."""

    issuers: tuple[str, ...]
    audiences: tuple[str, ...]
    required: tuple[str, ...] = ("exp", "iat", "iss", "aud")
    tenants: frozenset[str] | None = None
    scope: str | None = None
    # seconds of clock difference allowed on exp/iat/nbf (none for tokens this server made itself)
    leeway: int = 0


class LocalKeys:
    """The server's own signing key (local tokens)."""

    algorithms = (ALGORITHM,)

    def __init__(self, secret: str):
        self.secret = secret

    def key_for(self, kid: str | None) -> Any:
        return self.secret


LOCAL = Expected(issuers=(ISSUER,), audiences=(AUDIENCE,), required=("exp", "iat", "iss", "aud", "sub"))


def unverified_issuer(token: Any) -> str | None:
    """The ``iss`` a token claims, unchecked: only to pick which key source checks it."""
    if not isinstance(token, str) or not token or len(token) > MAX_TOKEN:
        return None
    try:
        iss = jwt.decode(token, options={"verify_signature": False}).get("iss")
    except jwt.PyJWTError:
        return None
    return iss if isinstance(iss, str) else None


def validate_token(token: Any, keys: KeySource, expected: Expected) -> dict[str, Any]:
    """The claims of a valid token, or :class:`AuthError` with a Dutch reason."""
    if not isinstance(token, str) or not token:
        raise AuthError("Geen geldig toegangsbewijs (token) meegegeven.")
    if len(token) > MAX_TOKEN:
        raise AuthError("Ongeldig toegangsbewijs (token).")
    try:
        header = jwt.get_unverified_header(token)
        kid = header.get("kid")
        key = keys.key_for(kid if isinstance(kid, str) else None)
        claims: dict[str, Any] = jwt.decode(
            token,
            key,
            algorithms=list(keys.algorithms),
            audience=list(expected.audiences),
            leeway=expected.leeway,
            options={"require": list(expected.required), "verify_iss": False},
        )
    except jwt.ExpiredSignatureError:
        raise AuthError("Uw toegangsbewijs is verlopen; vraag een nieuw aan.") from None
    except jwt.InvalidAudienceError:
        raise AuthError("Dit toegangsbewijs is niet voor matrixsync bedoeld.") from None
    except jwt.PyJWTError:
        raise AuthError("Ongeldig toegangsbewijs (token).") from None
    tenant = claims.get("tid")
    if expected.tenants is not None and (not isinstance(tenant, str) or tenant not in expected.tenants):
        raise AuthError("Uw organisatie (tenant) heeft geen toegang tot deze server.")
    allowed = {i.replace("{tenantid}", tenant) if isinstance(tenant, str) else i for i in expected.issuers}
    if claims.get("iss") not in allowed or "{tenantid}" in str(claims.get("iss")):
        raise AuthError("Ongeldig toegangsbewijs (token): onbekende uitgever.")
    if expected.scope is not None:
        scopes = claims.get("scp")
        if not isinstance(scopes, str) or expected.scope not in scopes.split():
            raise AuthError("Dit toegangsbewijs geeft geen toegang tot matrixsync (scope ontbreekt).")
    return claims


def issue_token(secret: str, workspace: str, member_id: str, ttl_seconds: int = 30 * 24 * 3600) -> str:
    now = int(time.time())
    claims = {"iss": ISSUER, "aud": AUDIENCE, "sub": member_id, "ws": workspace, "iat": now, "exp": now + ttl_seconds}
    return jwt.encode(claims, secret, algorithm=ALGORITHM)


def read_token(secret: str, token: Any) -> tuple[str, str]:
    """(workspace slug, member id) from a valid local token, or :class:`AuthError`."""
    claims = validate_token(token, LocalKeys(secret), LOCAL)
    ws, sub = claims.get("ws"), claims.get("sub")
    if not isinstance(ws, str) or not isinstance(sub, str):
        raise AuthError("Ongeldig toegangsbewijs (token).")
    return ws, sub


def principal_for(state: WorkspaceState, member_id: str, channel: str) -> Principal:
    """The member as the workspace knows them now; refused when unknown, deleted or revoked."""
    who = current_principal(state, member_id, channel)
    if who is None:
        raise AuthError(NO_ACCESS)
    return who
