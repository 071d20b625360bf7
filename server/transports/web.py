"""The browser side: sign-in and invite links, signing out, and the board page.

The session lives on the server (``auth/sessions.py``); the cookie carries only its random id. Who may
open what is checked before these views run (``auth/access.py``); the views only do the signing in.
"""

from __future__ import annotations

import html
import json
import secrets
import uuid
from typing import Any

import sqlalchemy as sa
from flask import Blueprint, Flask, Response, g, redirect, session, url_for

from ..auth.links import Grant, use_link
from ..auth.sessions import rotate
from ..auth.tokens import AuthError, principal_for
from ..domain.mutation import Principal, system_principal
from ..storage.tables import workspaces
from .http import sync_core
from .identity import session_identity

bp = Blueprint("web", __name__)


def page(title: str, body: str, status: int = 200) -> Response:
    doc = (
        f'<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
        '<meta name="viewport" content="width=device-width, initial-scale=1"></head>'
        '<body style="font-family:system-ui,sans-serif;max-width:40em;margin:3em auto;line-height:1.5;color:#1a1a1a">'
        f"<main><h1>{html.escape(title)}</h1>{body}</main></body></html>"
    )
    response = Response(doc, status=status, mimetype="text/html")
    response.headers["Cache-Control"] = "no-store"
    return response


def start_session(member_id: str | None, slug: str | None) -> None:
    """A fresh session (new id, new CSRF token) for a member who just signed in."""
    session.clear()
    rotate(session)
    session.permanent = True
    session["csrf"] = secrets.token_urlsafe(24)
    if member_id is not None and slug is not None:
        session.update(member=member_id, workspace=slug)


def _slug_of(workspace_id: int) -> str:
    with sync_core().store.engine.connect() as conn:
        return str(conn.execute(sa.select(workspaces.c.slug).where(workspaces.c.id == workspace_id)).scalar_one())


def _member_for(grant: Grant) -> Principal:
    """The member a link signs in as; for an invite, created now through the sync core (in the inviter's
    name, channel ``invite``). AuthError when that is no longer possible."""
    core = sync_core()
    slug = _slug_of(grant.workspace_id)
    state = core.state(slug)
    if grant.member_id is not None:
        return principal_for(state, grant.member_id, "socket")
    email = (grant.email or "").strip()
    for member in state.live("member"):
        same = member.fields["email"].strip().lower() == email.lower()
        if same and member.fields["partner"] == grant.partner_id and member.fields["role"] == grant.role:
            return principal_for(state, member.id, "socket")  # invited twice: the same member
    if grant.created_by in (None, "system"):
        inviter = system_principal(slug, "invite")
    else:
        inviter = principal_for(state, grant.created_by, "invite")
        if inviter.role != "coordinator":
            raise AuthError("De uitnodiger is geen regisseur meer.")
    member_id = str(uuid.uuid4())
    fields = {
        "name": grant.name or email.split("@")[0],
        "partner": grant.partner_id,
        "role": grant.role,
        "email": email,
    }
    ops = [{"op": "create", "type": "member", "id": member_id, "fields": fields}]
    result = core.apply(inviter, {"client_id": f"invite-{member_id}", "mutation_id": 1, "ops": ops})
    if result.reject is not None:
        raise AuthError(result.reject["reason"])
    return principal_for(core.state(slug), member_id, "socket")


@bp.get("/login/<token>")
def login(token: str) -> Any:
    grant = use_link(sync_core().store, token)
    who = None
    if grant is not None:
        try:
            who = _member_for(grant)
        except AuthError:
            who = None
    if who is None:
        return page(
            "Deze link werkt niet (meer)",
            "<p>Een inloglink werkt één keer en verloopt na een week. Vraag de regisseur van uw gemeente "
            "om een nieuwe link.</p>",
            403,
        )
    start_session(who.member_id, who.workspace)
    return redirect(url_for("web.board", slug=who.workspace))


@bp.route("/logout", methods=["GET", "POST"])
def logout() -> Response:
    # the one change a plain link may make: it only ever takes access away
    session.clear()
    return page("U bent afgemeld", "<p>U kunt dit venster sluiten.</p>")


@bp.get("/w/<slug>")
def board(slug: str) -> Response:
    who: Principal = g.principal  # checked before this view: a member of this workspace
    if session_identity() is not None and session.get("workspace") != slug:
        # a person in several workspaces (Microsoft sign-in) opened another one: the board's live connection
        # follows the page last opened
        session.update(member=who.member_id, workspace=slug)
    config = {
        "workspace": slug,
        "member": who.member_id,
        "name": who.name,
        "partner": who.partner_id,
        "role": who.role,
        "csrf": session.get("csrf", ""),
    }
    doc = f"""<!doctype html>
<html lang="nl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>matrixsync: {html.escape(slug)}</title>
<link rel="stylesheet" href="{url_for("static", filename="board.css")}">
<script id="matrixsync-config" type="application/json">{html.escape(json.dumps(config, ensure_ascii=False), quote=False)}</script>
</head>
<body>
<div id="app" aria-live="polite"><p>Het bord wordt geladen...</p></div>
<noscript>Dit bord heeft JavaScript nodig.</noscript>
<script src="{url_for("static", filename="board.js")}" defer></script>
</body>
</html>"""
    return Response(doc, mimetype="text/html")


def init_app(app: Flask) -> None:
    if app.config.get("PREFERRED_URL_SCHEME") == "https" or str(app.config.get("PUBLIC_URL", "")).startswith("https:"):
        app.config["SESSION_COOKIE_SECURE"] = True
    app.register_blueprint(bp)
