"""Sign-in with Microsoft, invites and members, the audit history; and the one check every route and
every socket event passes (the table in ``auth/access.py``)."""

from __future__ import annotations

import hashlib
import html
import logging
import re
import secrets
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from flask import Blueprint, Flask, Response, current_app, g, jsonify, redirect, request, session, url_for

from ..auth import access, audit, sessions
from ..auth.entra import Entra, EntraConfig, Identity, identity_of
from ..auth.identities import linked_members, memberships
from ..auth.links import LINK_TTL, create_invite, create_link, list_links, revoke_links_of
from ..auth.links import revoke_link as revoke_open_link
from ..auth.ratelimit import TokenBucket, parse_rate
from ..auth.sessions import end_sessions_of
from ..auth.tokens import AuthError, principal_for
from ..domain.mutation import Principal
from ..domain.schema import ROLES
from ..storage.tables import auth_flows
from .http import ApiError, caller, sync_core
from .identity import Refused, csrf_ok, entra, request_principal, session_identity
from .web import page, start_session

log = logging.getLogger(__name__)
bp = Blueprint("auth", __name__)

FLOW_TTL = timedelta(minutes=15)
EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]{1,189}\.[^@\s]{2,63}$")
MAX_HISTORY_PAGE = 500


# --- the central check ---------------------------------------------------------------------------------


def client_address() -> str:
    """The caller's address; behind ``TRUSTED_PROXIES`` reverse proxies, the one the nearest of them saw
    (the others' X-Forwarded-For entries could be made up by the caller)."""
    proxies = int(current_app.config.get("TRUSTED_PROXIES") or 0)
    if proxies > 0:
        forwarded = [a.strip() for a in request.headers.get("X-Forwarded-For", "").split(",") if a.strip()]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.remote_addr or "?"


def _limited(name: str) -> bool:
    bucket: TokenBucket = current_app.extensions["matrixsync.limits"][name]
    return not bucket.allow(client_address())


def enforce() -> Any:
    """Before every request: the route's declared requirement (auth/access.py), the CSRF token of cookie
    requests, and the sign-in rate limit."""
    endpoint = request.endpoint
    automatic = request.method == "OPTIONS" and getattr(request.url_rule, "provide_automatic_options", False)
    if endpoint is None or automatic:
        return None  # no route (Flask answers 404 or 405), or Flask's own answer naming the methods
    rule = access.ROUTES.get(endpoint)
    if rule is None:
        log.error("route %s has no access rule in server/auth/access.py: refused", endpoint)
        raise ApiError(403, "forbidden", "Deze functie is niet vrijgegeven.")
    if rule.limit is not None and _limited(rule.limit):
        message = "Te veel pogingen vanaf dit adres; wacht een minuut en probeer het opnieuw."
        if rule.page or request.blueprint in ("web", "auth"):
            return page("Even geduld", f"<p>{message}</p>", 429)
        raise ApiError(429, "too_many_requests", message)
    if rule.csrf and not csrf_ok():
        raise Refused(403, "csrf", "Verzoek geweigerd: ververs de pagina en probeer het opnieuw.")
    if rule.need == access.PUBLIC:
        return None
    slug = (request.view_args or {}).get("slug")
    who = request_principal(sync_core(), slug, "rest")
    reason = access.refusal(rule, who)
    if reason is not None:
        raise Refused(rule.status, "forbidden", reason)
    g.principal = who
    return None


def _refused(exc: Refused) -> Any:
    rule = access.ROUTES.get(request.endpoint or "")
    if rule is not None and rule.page:
        body = f"<p>{html.escape(exc.message)}</p>"
        if exc.status == 401:
            body += (
                "<p>Open het bord via de inloglink die u van de regisseur van uw gemeente heeft gekregen"
                + (f', of <a href="{url_for("auth.login")}">log in met Microsoft</a>' if entra() else "")
                + ".</p>"
            )
        return page("Inloggen nodig" if exc.status == 401 else "Geen toegang", body, exc.status)
    response = jsonify({"error": exc.code, "message": exc.message})
    response.status_code = exc.status
    return response


def guard_events(namespace: Any) -> None:
    """Put every event a client sends to the socket namespace behind its declared requirement. The
    namespace's dispatcher is wrapped (not its handlers), so only what clients send passes here; an event
    missing from the table is refused."""
    dispatch = namespace.trigger_event

    def trigger_event(event: str, *args: Any) -> Any:
        if event in ("connect", "disconnect"):
            return dispatch(event, *args)
        sid = args[0] if args else None
        refused = _event_refusal(namespace, event, sid)
        if refused is not None:
            code, message, drop = refused
            payload = {"code": code, "message": message}
            namespace.socketio.emit("error", payload, to=sid, namespace=namespace.namespace)
            if drop:
                namespace.socketio.server.disconnect(sid, namespace=namespace.namespace)
            return {"error": payload}
        return dispatch(event, *args)

    namespace.trigger_event = trigger_event


def _event_refusal(namespace: Any, event: str, sid: Any) -> tuple[str, str, bool] | None:
    """(code, Dutch message, disconnect?) when the event is refused; None when it may pass."""
    rule = access.EVENTS.get(event)
    if rule is None:
        log.error("socket event %r has no access rule in server/auth/access.py: refused", str(event)[:60])
        return "forbidden", "Deze functie is niet vrijgegeven.", False
    who: Principal | None = namespace.who.get(sid)
    if who is None:
        return "unauthorized", "Niet aangemeld.", False
    if rule.fresh:
        try:
            principal_for(namespace.core.state(who.workspace), who.member_id, who.channel)
        except AuthError as exc:
            return "unauthorized", str(exc), True
    reason = access.refusal(rule, who)
    return ("forbidden", reason, False) if reason is not None else None


# --- Microsoft sign-in ---------------------------------------------------------------------------------


def _public_url(endpoint: str, **values: Any) -> str:
    base = current_app.config.get("PUBLIC_URL")
    if base:
        return str(base).rstrip("/") + url_for(endpoint, **values)
    return url_for(endpoint, _external=True, **values)


def _key_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def _no_microsoft() -> Response:
    return page(
        "Aanmelden met Microsoft staat uit",
        "<p>Deze server is niet gekoppeld aan Microsoft. Gebruik de inloglink die u van de regisseur van uw "
        "gemeente heeft gekregen.</p>",
        404,
    )


@bp.get("/auth/login")
def login() -> Any:
    ms = entra()
    if ms is None:
        return _no_microsoft()
    hint = request.args.get("login_hint")
    try:
        flow = ms.start(_public_url("auth.callback"), hint[:254] if hint else None)
    except (AuthError, ValueError, OSError):
        log.exception("starting the Microsoft sign-in failed")
        return page("Microsoft is niet bereikbaar", "<p>Probeer het over een paar minuten opnieuw.</p>", 503)
    _put(flow["state"], flow)
    # the state also goes into this browser's session: a callback from another browser is refused
    session["auth_state"] = flow["state"]
    return redirect(flow["auth_uri"])


def _put(key: str, value: dict[str, Any]) -> None:
    now = datetime.now(UTC)
    with sync_core().store.engine.begin() as conn:
        conn.execute(auth_flows.delete().where(auth_flows.c.expires_at < now))
        conn.execute(
            auth_flows.insert().values(key_hash=_key_hash(key), flow=value, created_at=now, expires_at=now + FLOW_TTL)
        )


def _take(key: str) -> dict[str, Any] | None:
    """What was put under ``key``, removed so that it can be taken only once; None if gone or expired."""
    if not key or len(key) > 200:
        return None
    with sync_core().store.engine.begin() as conn:
        row = conn.execute(sa.select(auth_flows).where(auth_flows.c.key_hash == _key_hash(key))).first()
        if row is None:
            return None
        done = conn.execute(auth_flows.delete().where(auth_flows.c.key_hash == row.key_hash))
        expires = row.expires_at if row.expires_at.tzinfo else row.expires_at.replace(tzinfo=UTC)
        if done.rowcount != 1 or expires < datetime.now(UTC):
            return None
        return dict(row.flow)


def _signin_failed(message: str, status: int = 400) -> Response:
    return page(
        "Aanmelden is niet gelukt",
        f'<p>{html.escape(message)}</p><p><a href="{url_for("auth.login")}">Opnieuw aanmelden met Microsoft</a></p>',
        status,
    )


GONE = "Deze aanmelding is verlopen of al gebruikt; begin opnieuw."


@bp.post("/auth/callback")
def callback() -> Any:
    """Microsoft posts the code here (response_mode form_post). A cross-site POST carries no SameSite=Lax
    cookie, so this step redeems the code (its flow is taken once: a replayed state finds nothing) and hands
    over to :func:`finish` by a redirect, where the session shows whether this browser started the sign-in."""
    ms = entra()
    if ms is None:
        return _no_microsoft()
    state = request.form.get("state", "")
    flow = _take(state)
    if flow is None:
        return _signin_failed(GONE)
    if request.form.get("error"):
        return _signin_failed("Microsoft heeft de aanmelding afgebroken.")
    try:
        claims = ms.finish(flow, request.form.to_dict())
    except AuthError as exc:
        return _signin_failed(str(exc), 403)
    person = identity_of(claims)
    handle = secrets.token_urlsafe(32)
    _put(
        handle,
        {"state": state, "tid": person.tid, "oid": person.oid, "emails": list(person.emails), "name": person.name},
    )
    return redirect(url_for("auth.finish", h=handle), 303)


@bp.get("/auth/klaar")
def finish() -> Any:
    done = _take(request.args.get("h", ""))
    expected = session.pop("auth_state", None)
    if done is None or not isinstance(expected, str) or expected != done["state"]:
        # also a sign-in started in another browser and passed on to this one (login CSRF)
        return _signin_failed(GONE)
    person = Identity(done["tid"], done["oid"], tuple(done["emails"]), done["name"])
    found = memberships(sync_core(), person)
    if not found:
        shown = person.emails[0] if person.emails else person.name or "uw account"
        return page(
            "Geen toegang",
            f"<p>U bent aangemeld als <strong>{html.escape(shown)}</strong>, maar dit account is bij geen enkele "
            "werkruimte bekend.</p><p>Vraag de regisseur van uw gemeente om u toe te voegen met dit "
            "e-mailadres, of om een uitnodiging.</p>",
            403,
        )
    slug, member_id = found[0]
    start_session(member_id if len(found) == 1 else None, slug if len(found) == 1 else None)
    session.update(tid=person.tid, oid=person.oid, emails=list(person.emails), name=person.name)
    if len(found) == 1:
        return redirect(url_for("web.board", slug=slug))
    return redirect(url_for("auth.choose"))


@bp.get("/auth/kies")
def choose() -> Any:
    """A person in several workspaces picks one."""
    person = session_identity()
    if person is None:
        return page("Inloggen nodig", f'<p><a href="{url_for("auth.login")}">Aanmelden met Microsoft</a></p>', 401)
    names = {w["slug"]: w["name"] for w in sync_core().store.list_workspaces()}
    items = "".join(
        f'<li><a href="{url_for("web.board", slug=slug)}">{html.escape(names.get(slug, slug))}</a></li>'
        for slug, _member in memberships(sync_core(), person)
    )
    return page("Kies een werkruimte", f"<p>U bent lid van meer dan één werkruimte.</p><ul>{items}</ul>")


# --- invites, members and links (coordinators) -----------------------------------------------------------


def _body() -> dict[str, Any]:
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise ApiError(400, "bad_request", "Verwacht een JSON-object.")
    return body


def _partner_id(slug: str, value: Any) -> str:
    state = sync_core().state(slug)
    for partner in state.live("partner"):
        if value in (partner.id, partner.fields["slug"]):
            return partner.id
    raise ApiError(422, "bad_request", f"Partner '{str(value)[:60]}' bestaat niet in deze werkruimte.")


def _link_url(token: str) -> str:
    return _public_url("web.login", token=token)


@bp.post("/api/workspaces/<slug>/invites")
def invite(slug: str) -> Any:
    """Invite a person of a partner by e-mail address; answers the link to pass on (no mail is sent)."""
    who = caller(slug)
    body = _body()
    email = body.get("email")
    if not isinstance(email, str) or not EMAIL.match(email.strip()):
        raise ApiError(422, "bad_request", "Geef een geldig e-mailadres op.")
    email = email.strip()
    role = body.get("role", "partner")
    if role not in ROLES:
        raise ApiError(422, "bad_request", "Rol moet coordinator, partner of viewer zijn.")
    name = body.get("name")
    if name is not None and (not isinstance(name, str) or not 0 < len(name.strip()) <= 200):
        raise ApiError(422, "bad_request", "Naam moet 1 tot 200 tekens hebben.")
    partner_id = _partner_id(slug, body.get("partner"))
    state = sync_core().state(slug)
    for member in state.live("member"):
        if member.fields["email"].strip().lower() == email.lower():
            what = (
                "herstel de toegang van dat lid onder Leden"
                if member.fields["revoked"]
                else "maak een nieuwe inloglink voor dat lid"
            )
            state_word = "een ingetrokken lid" if member.fields["revoked"] else "al een lid"
            raise ApiError(409, "exists", f"Er is {state_word} met dit e-mailadres ({member.fields['name']}); {what}.")
    link_id, token = create_invite(
        sync_core().store, state.workspace_id, email, partner_id, role, name.strip() if name else None, who.member_id
    )
    expires = datetime.now(UTC) + LINK_TTL
    return {"id": link_id, "url": _link_url(token), "expires_at": expires.isoformat(timespec="seconds")}, 201


@bp.get("/api/workspaces/<slug>/links")
def links(slug: str) -> Any:
    caller(slug)
    state = sync_core().state(slug)
    return {"workspace": slug, "links": list_links(sync_core().store, state.workspace_id)}


@bp.delete("/api/workspaces/<slug>/links/<int:link_id>")
def revoke_link(slug: str, link_id: int) -> Any:
    caller(slug)
    state = sync_core().state(slug)
    if not revoke_open_link(sync_core().store, state.workspace_id, link_id):
        raise ApiError(404, "not_found", "Er is geen open link met dit nummer.")
    return {"revoked": link_id}


@bp.get("/api/workspaces/<slug>/members")
def members(slug: str) -> Any:
    caller(slug)
    state = sync_core().state(slug)
    linked = linked_members(sync_core(), state.workspace_id)
    items = []
    for member in sorted(state.live("member"), key=lambda m: m.fields["name"].lower()):
        f = member.fields
        partner = state.get(f["partner"])
        items.append(
            {
                "id": member.id,
                "name": f["name"],
                "partner": f["partner"],
                "partner_name": partner.fields["name"] if partner is not None else None,
                "role": f["role"],
                "email": f["email"],
                "revoked": f["revoked"],
                "microsoft": member.id in linked,
            }
        )
    return {"workspace": slug, "members": items}


def _member(slug: str, member_id: str) -> Any:
    member = sync_core().state(slug).get(member_id)
    if member is None or member.type != "member" or member.deleted:
        raise ApiError(404, "not_found", "Dit lid bestaat niet.")
    return member


@bp.post("/api/workspaces/<slug>/members/<member_id>/revoke")
def revoke_member(slug: str, member_id: str) -> Any:
    """Revoke a member: a mutation (so it is in the log), their sessions and open links end, their
    sockets on this server are closed; other servers refuse their next join or change."""
    who = caller(slug)
    _member(slug, member_id)
    if member_id == who.member_id:
        raise ApiError(422, "bad_request", "U kunt uzelf niet intrekken.")
    core = sync_core()
    ack = _set_revoked(who, member_id, True)
    ended = end_sessions_of(core.store, member_id)
    revoke_links_of(core.store, core.state(slug).workspace_id, member_id)
    namespace = current_app.extensions.get("matrixsync.sync_namespace")
    if namespace is not None:
        for sid, p in list(namespace.who.items()):
            if p.member_id == member_id and p.workspace == slug:
                namespace.socketio.server.disconnect(sid, namespace=namespace.namespace)
    return {"ack": ack, "sessions_ended": ended}


@bp.post("/api/workspaces/<slug>/members/<member_id>/restore")
def restore_member(slug: str, member_id: str) -> Any:
    """Give a revoked member access again (a mistake, or they are back): a mutation, so the log shows who did it,
    and a new single-use sign-in link to pass on; sessions and links ended at the revoke stay ended."""
    who = caller(slug)
    member = _member(slug, member_id)
    if not member.fields["revoked"]:
        raise ApiError(422, "bad_request", "Dit lid heeft al toegang.")
    ack = _set_revoked(who, member_id, False)
    return {"ack": ack, **_new_link(who, slug, member_id)}, 201


@bp.post("/api/workspaces/<slug>/members/<member_id>/link")
def member_link(slug: str, member_id: str) -> Any:
    """A new sign-in link for an existing member (who lost theirs, or whose session ended)."""
    who = caller(slug)
    member = _member(slug, member_id)
    if member.fields["revoked"]:
        raise ApiError(422, "bad_request", "Dit lid is ingetrokken.")
    return _new_link(who, slug, member_id), 201


def _set_revoked(who: Principal, member_id: str, revoked: bool) -> dict[str, Any]:
    """Revoke or restore a member through the sync core (so the log says who did it); the ack."""
    ops = [{"op": "set", "type": "member", "id": member_id, "field": "revoked", "value": revoked}]
    kind = "revoke" if revoked else "restore"
    result = sync_core().apply(who, {"client_id": f"{kind}-{uuid.uuid4().hex}", "mutation_id": 1, "ops": ops})
    if result.reject is not None:
        raise ApiError(422, "rejected", result.reject["reason"], reject=result.reject, issues=result.issues)
    assert result.ack is not None  # applied: no reject means an ack
    return result.ack


def _new_link(who: Principal, slug: str, member_id: str) -> dict[str, str]:
    """A new single-use sign-in link for a member: its URL and when it expires."""
    core = sync_core()
    token = create_link(core.store, core.state(slug).workspace_id, member_id, by=who.member_id)
    expires = datetime.now(UTC) + LINK_TTL
    return {"url": _link_url(token), "expires_at": expires.isoformat(timespec="seconds")}


# --- audit ------------------------------------------------------------------------------------------------


def _int_arg(name: str, default: int | None, low: int, high: int) -> int | None:
    raw = request.args.get(name)
    if raw is None or raw == "":
        return default
    if not raw.isdigit() or not low <= int(raw) <= high:
        raise ApiError(400, "bad_request", f"Parameter '{name}' moet een geheel getal tussen {low} en {high} zijn.")
    return int(raw)


@bp.get("/api/workspaces/<slug>/history")
def history(slug: str) -> Any:
    """``?object=<id>``: that object's changes, with old and new values; otherwise the workspace's log,
    newest first, ``limit`` per page, ``before=<seq>`` for the next page."""
    caller(slug)
    core = sync_core()
    state = core.state(slug)
    obj_id = request.args.get("object")
    if obj_id:
        if state.get(obj_id) is None:
            raise ApiError(404, "not_found", "Dit object bestaat niet in de werkruimte.")
        return audit.object_history(core.store, state, obj_id)
    limit = _int_arg("limit", 100, 1, MAX_HISTORY_PAGE) or 100
    before = _int_arg("before", None, 1, 2**62)
    return audit.workspace_history(core.store, state, before, limit)


# --- wiring -----------------------------------------------------------------------------------------------


def sync_core_of(app: Flask) -> Any:
    return app.extensions["matrixsync"]


def init_app(app: Flask) -> None:
    """Register the routes and the central check; call after the socket namespace exists."""
    config = EntraConfig.from_settings(app.config)
    app.extensions["matrixsync.entra"] = Entra(config, app.config.get("MS_HTTP_CLIENT")) if config else None
    rate, per = parse_rate(app.config["SIGNIN_RATE_LIMIT"])
    app.extensions["matrixsync.limits"] = {access.SIGNIN: TokenBucket(rate, per)}
    sessions.init_app(app, sync_core_of(app).store)
    app.register_blueprint(bp)
    app.before_request(enforce)
    app.register_error_handler(Refused, _refused)
    namespace = app.extensions.get("matrixsync.sync_namespace")
    if namespace is not None:
        guard_events(namespace)
