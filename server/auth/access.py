"""Who may call what: one table for every REST route and every socket event of ``/sync``.

Each Flask endpoint and each socket event names a requirement here; ``transports/auth_http.py`` checks it
before any view or handler runs, and refuses a route or event that is missing from the table (and
``tests/test_access.py`` fails on it). What a mutation may change is decided elsewhere, operation by
operation, by ``domain/rules.authorize``: the routes and events that carry mutations only require a member.

- ``PUBLIC``: anyone (health, the sign-in pages; they check what they need themselves);
- ``MEMBER``: a member of the workspace named in the URL (the connection's workspace for socket events);
- ``EDITOR``: a coordinator or a partner member (not a viewer);
- ``COORDINATOR``: a coordinator (the municipality).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..domain.mutation import Principal

PUBLIC = "public"
MEMBER = "member"
EDITOR = "editor"
COORDINATOR = "coordinator"

ROLES = {
    MEMBER: frozenset({"coordinator", "partner", "viewer"}),
    EDITOR: frozenset({"coordinator", "partner"}),
    COORDINATOR: frozenset({"coordinator"}),
}

SIGNIN = "signin"  # the rate limit of sign-in and invite use, per client address


@dataclass(frozen=True)
class Rule:
    need: str
    # the status when the role falls short: 403, or 422 where the protocol treats it as a refused change
    status: int = 403
    # refusals as a Dutch page (what a browser opens) rather than JSON
    page: bool = False
    # check the member again against the workspace before each event (revoked: refused at once)
    fresh: bool = False
    # a rate limit (name) per client address
    limit: str | None = None
    # a state-changing request with the session cookie needs the CSRF token; False only where something
    # else does that job (the Microsoft callback: its single-use state)
    csrf: bool = True


ROUTES: dict[str, Rule] = {
    "static": Rule(PUBLIC),
    "api.index": Rule(PUBLIC),
    "api.healthz": Rule(PUBLIC),
    "api.snapshot": Rule(MEMBER),
    "api.objects_of_type": Rule(MEMBER),
    "api.mutation_log": Rule(MEMBER),
    "api.post_mutation": Rule(MEMBER),  # rules.authorize decides per operation (a viewer's: 422)
    "office.partner_template": Rule(EDITOR),
    "office.upload": Rule(EDITOR, status=422),  # refused like a mutation, as the protocol says
    "office.conflicts": Rule(MEMBER),
    "office.resolve": Rule(COORDINATOR),
    "reports.completed_workbook": Rule(MEMBER),
    "reports.analysis": Rule(MEMBER),
    "reports.deck": Rule(MEMBER),
    "web.login": Rule(PUBLIC, limit=SIGNIN),
    "web.logout": Rule(PUBLIC),
    "web.board": Rule(MEMBER, page=True),
    "auth.login": Rule(PUBLIC, limit=SIGNIN),
    "auth.callback": Rule(PUBLIC, limit=SIGNIN, csrf=False),
    "auth.finish": Rule(PUBLIC, limit=SIGNIN),
    "auth.choose": Rule(PUBLIC),
    "auth.invite": Rule(COORDINATOR),
    "auth.links": Rule(COORDINATOR),
    "auth.revoke_link": Rule(COORDINATOR),
    "auth.members": Rule(COORDINATOR),
    "auth.revoke_member": Rule(COORDINATOR),
    "auth.member_link": Rule(COORDINATOR),
    "auth.restore_member": Rule(COORDINATOR),
    "auth.history": Rule(COORDINATOR),
}

EVENTS: dict[str, Rule] = {
    "join": Rule(MEMBER, fresh=True),
    # the sync core checks the member again inside its write transaction (revoked: refused and dropped) and
    # rules.authorize decides per operation (a viewer's: reject); a fresh check here would read the database
    # once more per edit
    "mutate": Rule(MEMBER),
    "mutate_batch": Rule(MEMBER),
    "presence": Rule(MEMBER),
}


def refusal(rule: Rule, who: Principal) -> str | None:
    """Why ``who`` may not, in Dutch; None when allowed."""
    if rule.need == PUBLIC or who.role in ROLES[rule.need]:
        return None
    if rule.need == EDITOR:
        return "Als kijker kunt u niets wijzigen."
    return "Alleen de regisseur (gemeente) kan dit."
