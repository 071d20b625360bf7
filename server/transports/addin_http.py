"""The Office add-in: its manifest, the task panes for Excel and PowerPoint, their icons, and who is signed in.

The manifest (``templates_office/addin-manifest.xml``) names one origin for every URL: the server's public
https origin, from ``PUBLIC_URL`` (``MATRIXSYNC_PUBLIC_URL``) or else the address the request came in on. The
panes are pages of this same origin, so their REST calls and the socket need no CORS. The pane pages are
built by esbuild from ``web/src/addin/`` into ``server/static/addin/``; the page gets the activity columns of
the partner template (``server/office/columns.py``) as JSON, so the Excel table and the template cannot
disagree. office.js itself comes from Microsoft's CDN (tests serve a fake at the same address).
"""

from __future__ import annotations

import html
import json
import struct
import zlib
from pathlib import Path
from string import Template
from typing import Any
from urllib.parse import urlsplit

from flask import Blueprint, Flask, Response, current_app, request, session

from ..auth import access
from ..auth.tokens import AuthError
from ..domain.axes import AXES
from ..office.columns import ACTIVITY_COLUMNS, DELETE_MARK, ENUMS, MULTI_SEP
from ..office.xlsx_template import (
    LIST_PREFIX,
    SHEET_ACTIVITIES,
    SHEET_LISTS,
    SOURCE_LABELS,
    TABLE_NAME,
    TEMPLATE_DIR,
)
from ..sync.core import UnknownWorkspace
from .http import ApiError, sync_core
from .identity import Refused, request_principal, session_identity, token_from
from .web import page

bp = Blueprint("addin", __name__)

MANIFEST = TEMPLATE_DIR / "addin-manifest.xml"
PANES = ("taskpane", "excel", "powerpoint")
CONFIG_MARK = "<!--matrixsync-config-->"
ICON_SIZES = (16, 32, 64, 80)


def public_origin() -> str:
    """``https://host[:port]`` the add-in is reached at: PUBLIC_URL when set, else this request's origin."""
    base = current_app.config.get("PUBLIC_URL")
    if base:
        parts = urlsplit(str(base))
        if parts.scheme and parts.netloc:
            return f"{parts.scheme}://{parts.netloc}"
    return request.host_url.rstrip("/")


def render_manifest(origin: str) -> str:
    return Template(MANIFEST.read_text(encoding="utf-8")).substitute(origin=html.escape(origin, quote=True))


@bp.get("/addin/manifest.xml")
def manifest() -> Response:
    response = Response(render_manifest(public_origin()), mimetype="application/xml")
    response.headers["Content-Disposition"] = 'inline; filename="matrixsync-manifest.xml"'
    response.headers["Cache-Control"] = "no-cache"
    return response


def _list_sources() -> list[dict[str, str]]:
    seen: list[dict[str, str]] = []
    for col in ACTIVITY_COLUMNS:
        if col.kind in ("choice", "multi") and col.source and all(s["source"] != col.source for s in seen):
            label = AXES[col.source].label if col.source in AXES else SOURCE_LABELS.get(col.source, col.source)
            seen.append({"source": col.source, "label": label, "name": LIST_PREFIX + col.source})
    return seen


def pane_config() -> dict[str, Any]:
    """What the panes need to lay out the table exactly like the partner template."""
    return {
        "columns": [
            {"key": c.key, "header": c.header, "width": c.width, "kind": c.kind, "source": c.source, "help": c.help}
            for c in ACTIVITY_COLUMNS
        ],
        "lists": _list_sources(),
        "axes": sorted(AXES),
        "enums": {k: list(v) for k, v in ENUMS.items()},
        "deleteMark": DELETE_MARK,
        "multiSep": MULTI_SEP,
        "sheet": SHEET_ACTIVITIES,
        "table": TABLE_NAME,
        "listsSheet": SHEET_LISTS,
    }


@bp.get("/addin/<any(taskpane, excel, powerpoint):pane>.html")
def pane(pane: str) -> Response:
    path = Path(current_app.static_folder or "") / "addin" / f"{pane}.html"
    if not path.exists():
        return page(
            "De invoegtoepassing is nog niet gebouwd",
            "<p>Bouw de webbestanden eerst: <code>make web</code> (of <code>cd web &amp;&amp; npm run build</code>).</p>",
            503,
        )
    config = json.dumps(pane_config(), ensure_ascii=False).replace("</", "<\\/")
    doc = path.read_text(encoding="utf-8").replace(
        CONFIG_MARK, f'<script id="matrixsync-addin-config" type="application/json">{config}</script>'
    )
    response = Response(doc, mimetype="text/html")
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/addin/help")
def help_page() -> Response:
    return page(
        "matrixsync in Excel en PowerPoint",
        "<p>Open de invoegtoepassing via <b>Start &gt; Invoegtoepassingen</b> (of <b>Invoegen &gt; Mijn "
        "invoegtoepassingen</b>). Meld u aan met de inloglink of het toegangsbewijs van de regisseur van uw "
        "gemeente en kies uw werkruimte.</p><p>In Excel ziet u de activiteiten als tabel: wat u typt of plakt "
        "gaat direct naar de gedeelde matrix, en wijzigingen van anderen verschijnen binnen een seconde. In "
        "PowerPoint voegt u de presentatie voor het bestuurlijk overleg in, en met <b>Vernieuwen</b> vervangt u "
        "de eerder ingevoegde dia's door de nieuwste stand.</p>",
    )


# --- icons: a small matrix (3 by 3 cells) drawn as a PNG, no binary files in the repository ---------------


def _png(size: int) -> bytes:
    blue, light, white = (0x1F, 0x4E, 0x79), (0x9D, 0xC3, 0xE6), (0xFF, 0xFF, 0xFF)
    cell, gap = size / 3, max(1, size // 16)
    rows = []
    for y in range(size):
        row = bytearray([0])
        for x in range(size):
            cx, cy = int(x // cell), int(y // cell)
            inside = (x - cx * cell) >= gap and (y - cy * cell) >= gap
            color = (light if (cx + cy) % 2 else white) if inside else blue
            row += bytes(color)
        rows.append(bytes(row))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"".join(rows)))
        + chunk(b"IEND", b"")
    )


_ICONS = {size: _png(size) for size in ICON_SIZES}


@bp.get("/addin/icon-<int:size>.png")
def icon(size: int) -> Response:
    if size not in _ICONS:
        raise ApiError(404, "not_found", "Dit pictogram bestaat niet.")
    response = Response(_ICONS[size], mimetype="image/png")
    response.headers["Cache-Control"] = "public, max-age=86400"
    return response


# --- who is signed in: the workspaces the pane may open ------------------------------------------------------


def _entry(slug: str, member_id: str) -> dict[str, Any] | None:
    try:
        state = sync_core().state(slug)
    except UnknownWorkspace:
        return None
    member = state.get(member_id)
    if member is None or member.type != "member" or member.deleted:
        return None
    partner = state.get(member.fields["partner"])
    return {
        "slug": slug,
        "name": state.name,
        "member": member_id,
        "member_name": member.fields["name"],
        "role": member.fields["role"],
        "partner": member.fields["partner"],
        "partner_name": partner.fields.get("name", "") if partner is not None else "",
    }


@bp.get("/addin/werkruimtes")
def workspaces() -> Any:
    """The workspaces of whoever calls: a bearer token's one, or the browser session's (and, for a session
    signed in with Microsoft, every workspace that person is a member of)."""
    found: list[dict[str, Any]] = []
    try:
        who = request_principal(sync_core(), None, "rest")
        entry = _entry(who.workspace, who.member_id)
        if entry is not None:
            found.append(entry)
    except (Refused, AuthError) as exc:
        if token_from(None, request.headers, None) is not None or session_identity() is None:
            status, message = (exc.status, exc.message) if isinstance(exc, Refused) else (401, str(exc))
            raise ApiError(status, "unauthorized", message) from None
    person = session_identity() if token_from(None, request.headers, None) is None else None
    if person is not None:
        from ..auth.identities import memberships

        for slug, member_id in memberships(sync_core(), person):
            entry = _entry(slug, member_id)
            if entry is not None and all(e["slug"] != slug for e in found):
                found.append(entry)
    if not found:
        raise ApiError(401, "unauthorized", "U bent niet aangemeld.")
    current = session.get("workspace") if token_from(None, request.headers, None) is None else found[0]["slug"]
    return {"workspaces": found, "current": current if isinstance(current, str) else found[0]["slug"]}


# every route of this blueprint checks what it needs itself (the panes and the manifest are public pages)
ACCESS_RULES = {
    "addin.manifest": access.Rule(access.PUBLIC),
    "addin.pane": access.Rule(access.PUBLIC),
    "addin.help_page": access.Rule(access.PUBLIC),
    "addin.icon": access.Rule(access.PUBLIC),
    "addin.workspaces": access.Rule(access.PUBLIC),
}


def init_app(app: Flask) -> None:
    for endpoint, rule in ACCESS_RULES.items():
        access.ROUTES.setdefault(endpoint, rule)
    app.register_blueprint(bp)
