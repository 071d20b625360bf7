"""Who is calling: a bearer token (local or Microsoft) or the browser session, turned into a Principal.

A request or connection is one member of one workspace. A local token names both. A Microsoft token or
session names a person, who may be a member of several workspaces: REST takes the workspace from the URL,
a socket from its handshake (``auth.workspace`` or ``?workspace=``) or, for the board, the session's
current workspace (the board page last opened).
"""

from __future__ import annotations

import hmac
from typing import Any

from flask import current_app, request, session

from ..auth.entra import Entra, Identity, identity_of
from ..auth.identities import member_in, memberships
from ..auth.tokens import ISSUER, AuthError, principal_for, read_token, unverified_issuer
from ..domain.mutation import Principal
from ..sync.core import SyncCore, UnknownWorkspace

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


class Refused(Exception):
    """A request that is not let through: HTTP status, code and a Dutch message."""

    def __init__(self, status: int, code: str, message: str):
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


class NoAccess(AuthError):
    """A valid identity without access to the workspace asked for (403, not 401)."""


def entra() -> Entra | None:
    found: Entra | None = current_app.extensions.get("matrixsync.entra")
    return found


def token_from(auth: Any, headers: Any, args: Any) -> str | None:
    if isinstance(auth, dict) and isinstance(auth.get("token"), str):
        return str(auth["token"])
    header = headers.get("Authorization", "") if headers is not None else ""
    if header.lower().startswith("bearer "):
        return str(header[7:].strip())
    token = args.get("token") if args is not None else None
    return token if isinstance(token, str) else None


def authenticate(core: SyncCore, token: Any, channel: str, workspace: str | None = None) -> Principal:
    """The member a bearer token stands for. Local tokens name their workspace; for a Microsoft token
    ``workspace`` picks one when the person is a member of several. Channel ``addin`` for Microsoft tokens:
    only the Office add-ins hold them."""
    ms = entra()
    if ms is None or unverified_issuer(token) == ISSUER:
        slug, member_id = read_token(current_app.config["SECRET_KEY"], token)
        try:
            return principal_for(core.state(slug), member_id, channel)
        except UnknownWorkspace:
            raise AuthError("U heeft (niet langer) toegang tot deze werkruimte.") from None
    who = identity_of(ms.validate_access_token(token))
    return _member_of(core, who, workspace, "addin")


def _member_of(core: SyncCore, who: Identity, workspace: str | None, channel: str) -> Principal:
    if workspace is not None:
        member_id = member_in(core, who, workspace)
        if member_id is None:
            raise NoAccess("U heeft geen toegang tot deze werkruimte.")
        return principal_for(core.state(workspace), member_id, channel)
    found = memberships(core, who)
    if not found:
        raise NoAccess("Uw account is bij geen enkele werkruimte bekend; vraag de regisseur van uw gemeente.")
    if len(found) > 1:
        raise AuthError("U bent lid van meer dan één werkruimte; geef de werkruimte mee (workspace).")
    slug, member_id = found[0]
    return principal_for(core.state(slug), member_id, channel)


def session_identity() -> Identity | None:
    """The Microsoft identity the session signed in with, if any."""
    tid, oid = session.get("tid"), session.get("oid")
    if not isinstance(tid, str) or not isinstance(oid, str):
        return None
    emails = session.get("emails")
    return Identity(tid, oid, tuple(e for e in emails if isinstance(e, str)) if isinstance(emails, list) else (), "")


def session_principal(core: SyncCore, channel: str = "socket", workspace: str | None = None) -> Principal | None:
    """The member of the browser session, if still valid: the session's current workspace, or
    ``workspace`` when the session's Microsoft identity is a member there too."""
    member, current = session.get("member"), session.get("workspace")
    try:
        if isinstance(member, str) and isinstance(current, str) and workspace in (None, current):
            return principal_for(core.state(current), member, channel)
        identity = session_identity()
        if identity is not None and workspace is not None:
            return _member_of(core, identity, workspace, channel)
    except (AuthError, UnknownWorkspace):
        return None
    return None


def csrf_ok() -> bool:
    """A state-changing request that rides on the session cookie must carry the session's CSRF token, in
    the ``X-CSRF-Token`` header (the board's requests) or a ``csrf`` form field (forms)."""
    if request.method in SAFE_METHODS:
        return True
    if token_from(None, request.headers, None) is not None:
        return True  # a bearer token authenticates the request; the cookie is ignored
    if current_app.config["SESSION_COOKIE_NAME"] not in request.cookies:
        return True
    expected = session.get("csrf")
    if not isinstance(expected, str) or not expected:
        return not session  # an expired or unknown cookie carries no rights
    sent = request.headers.get("X-CSRF-Token") or (request.form.get("csrf") if request.form else None)
    return isinstance(sent, str) and hmac.compare_digest(sent.encode(), expected.encode())


def request_principal(core: SyncCore, slug: str | None, channel: str = "rest") -> Principal:
    """The member making this HTTP request, who must belong to workspace ``slug``; :class:`Refused` else."""
    token = token_from(None, request.headers, None)
    if token is not None:
        try:
            who = authenticate(core, token, channel, slug)
        except NoAccess as exc:
            raise Refused(403, "forbidden", str(exc)) from None
        except AuthError as exc:
            raise Refused(401, "unauthorized", str(exc)) from None
    else:
        if not csrf_ok():
            raise Refused(403, "csrf", "Verzoek geweigerd: ververs de pagina en probeer het opnieuw.")
        found = session_principal(core, channel, slug)
        if found is None:
            if session.get("member") or session_identity() is not None:
                if slug is not None and session.get("workspace") != slug:
                    raise Refused(403, "forbidden", "U heeft geen toegang tot deze werkruimte.")
                raise Refused(401, "unauthorized", "U heeft (niet langer) toegang tot deze werkruimte.")
            raise Refused(401, "unauthorized", "Geen geldig toegangsbewijs (token) meegegeven.")
        who = found
    if slug is not None and who.workspace != slug:
        raise Refused(403, "forbidden", "U heeft geen toegang tot deze werkruimte.")
    return who
