"""The browser side: sign-in links, the session cookie, and the board page."""

from __future__ import annotations

import html
import json
import secrets
from typing import Any

import sqlalchemy as sa
from flask import Blueprint, Flask, Response, redirect, session, url_for

from ..auth.links import use_link
from ..auth.tokens import AuthError, principal_for
from ..storage.tables import workspaces
from .http import sync_core
from .identity import session_principal

bp = Blueprint("web", __name__)


def _page(title: str, body: str, status: int = 200) -> Response:
    doc = (
        f'<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
        '<meta name="viewport" content="width=device-width, initial-scale=1"></head>'
        '<body style="font-family:system-ui,sans-serif;max-width:40em;margin:3em auto;line-height:1.5;color:#1a1a1a">'
        f"<main><h1>{html.escape(title)}</h1>{body}</main></body></html>"
    )
    return Response(doc, status=status, mimetype="text/html")


@bp.get("/login/<token>")
def login(token: str) -> Any:
    core = sync_core()
    used = use_link(core.store, token)
    if used is not None:
        workspace_id, member_id = used
        with core.store.engine.connect() as conn:
            slug = conn.execute(sa.select(workspaces.c.slug).where(workspaces.c.id == workspace_id)).scalar_one()
        try:
            who = principal_for(core.state(slug), member_id, "socket")
        except AuthError:
            used = None
    if used is None:
        return _page(
            "Deze link werkt niet (meer)",
            "<p>Een inloglink werkt één keer en verloopt na een week. Vraag de regisseur van uw gemeente "
            "om een nieuwe link.</p>",
            403,
        )
    session.clear()
    session.permanent = True
    session.update(member=who.member_id, workspace=who.workspace, csrf=secrets.token_urlsafe(24))
    return redirect(url_for("web.board", slug=who.workspace))


@bp.get("/logout")
def logout() -> Response:
    session.clear()
    return _page("U bent afgemeld", "<p>U kunt dit venster sluiten.</p>")


@bp.get("/w/<slug>")
def board(slug: str) -> Response:
    who = session_principal(sync_core())
    if who is None or who.workspace != slug:
        return _page(
            "Inloggen nodig",
            "<p>Open het bord via de inloglink die u van de regisseur van uw gemeente heeft gekregen.</p>",
            401,
        )
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
<script id="matrixsync-config" type="application/json">{html.escape(json.dumps(config), quote=False)}</script>
</head>
<body>
<div id="app" aria-live="polite"><p>Het bord wordt geladen...</p></div>
<noscript>Dit bord heeft JavaScript nodig.</noscript>
<script src="{url_for("static", filename="board.js")}" defer></script>
</body>
</html>"""
    return Response(doc, mimetype="text/html")


def init_app(app: Flask) -> None:
    if app.config.get("PREFERRED_URL_SCHEME") == "https":
        app.config["SESSION_COOKIE_SECURE"] = True
    app.register_blueprint(bp)
