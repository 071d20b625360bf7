"""A local identity provider that speaks Microsoft Entra ID's OpenID Connect wire format, offline.

It serves what msal and the server fetch from Microsoft: the discovery document
(``/<tenant>/v2.0/.well-known/openid-configuration``), the signing keys (JWKS), the authorize endpoint (the
person "signs in" and is redirected back with a code) and the token endpoint (code + PKCE verifier +
client secret for an ID token). It is a WSGI app reached through a real ``requests.Session`` whose
transport adapter hands every https request to it in-process: msal runs its own code, only the network is
replaced, and nothing leaves the process.

Tokens are RS256-signed with a key generated per test session, with the claims Entra puts in them
(``tid``, ``oid``, ``preferred_username``, ``name``, ``nonce``; ``scp`` in access tokens), and each can be
bent for a test (another audience, tenant or key, expired).
"""

from __future__ import annotations

import base64
import functools
import hashlib
import html
import json
import re
import secrets
import time
import uuid
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
import requests
from cryptography.hazmat.primitives.asymmetric import rsa
from requests.adapters import BaseAdapter
from requests.structures import CaseInsensitiveDict
from werkzeug.test import Client
from werkzeug.wrappers import Request, Response

HOST = "https://login.idp.test"
TENANT = "11111111-1111-4111-8111-111111111111"
OTHER_TENANT = "22222222-2222-4222-8222-222222222222"
CLIENT_ID = "33333333-3333-4333-8333-333333333333"
CLIENT_SECRET = "idp-test-secret"


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


@dataclass
class User:
    login: str  # preferred_username
    name: str
    tid: str = TENANT
    oid: str = field(default_factory=lambda: str(uuid.uuid4()))
    email: str | None = None
    email_verified_domain: bool = False


class SigningKey:
    def __init__(self, kid: str):
        self.kid = kid
        self.private = _rsa_key(kid)

    def jwk(self) -> dict[str, Any]:
        numbers = self.private.public_key().public_numbers()

        def as_b64(n: int) -> str:
            return b64url(n.to_bytes((n.bit_length() + 7) // 8, "big"))

        return {"kty": "RSA", "use": "sig", "kid": self.kid, "n": as_b64(numbers.n), "e": as_b64(numbers.e)}


class FakeEntra:
    """The identity provider. ``users`` by login; ``published`` are the keys in the JWKS."""

    def __init__(self, tenants: tuple[str, ...] = (TENANT, OTHER_TENANT)):
        self.tenants = tenants
        self.key = SigningKey("key-1")
        self.published = [self.key]
        self.users: dict[str, User] = {}
        self.codes: dict[str, dict[str, Any]] = {}
        self.requests: list[str] = []  # "METHOD path" of every request served
        self.id_token_changes: dict[str, Any] = {}  # claims to change in the next ID tokens (a test's bend)

    def add_user(self, login: str, name: str, **kwargs: Any) -> User:
        user = User(login, name, **kwargs)
        self.users[login] = user
        return user

    # --- tokens ----------------------------------------------------------------------------------------

    def issuer(self, tid: str) -> str:
        return f"{HOST}/{tid}/v2.0"

    def sign(self, claims: dict[str, Any], key: SigningKey | None = None) -> str:
        key = key or self.key
        return jwt.encode(claims, key.private, algorithm="RS256", headers={"kid": key.kid})

    def base_claims(self, user: User, aud: str, ttl: int = 3600) -> dict[str, Any]:
        now = int(time.time())
        claims: dict[str, Any] = {
            "iss": self.issuer(user.tid),
            "aud": aud,
            "iat": now,
            "nbf": now,
            "exp": now + ttl,
            "tid": user.tid,
            "oid": user.oid,
            "sub": hashlib.sha256(f"{user.oid}{aud}".encode()).hexdigest()[:43],
            "preferred_username": user.login,
            "name": user.name,
            "ver": "2.0",
        }
        if user.email:
            claims["email"] = user.email
            if user.email_verified_domain:
                claims["xms_edov"] = True
        return claims

    def access_token(
        self, user: User, aud: str = f"api://{CLIENT_ID}", scp: str = "access_as_user", **changes: Any
    ) -> str:
        """What MSAL.js nested app authentication hands an add-in for our API."""
        key = changes.pop("key", None)
        claims = {**self.base_claims(user, aud), "scp": scp, "azp": CLIENT_ID, **changes}
        return self.sign({k: v for k, v in claims.items() if v is not None}, key)

    # --- the wire ----------------------------------------------------------------------------------------

    def discovery(self, tenant: str) -> dict[str, Any]:
        base = f"{HOST}/{tenant}"
        issuer_tid = "{tenantid}" if tenant in ("organizations", "common") else tenant
        return {
            "issuer": f"{HOST}/{issuer_tid}/v2.0",
            "authorization_endpoint": f"{base}/oauth2/v2.0/authorize",
            "token_endpoint": f"{base}/oauth2/v2.0/token",
            "jwks_uri": f"{base}/discovery/v2.0/keys",
            "response_types_supported": ["code", "id_token", "code id_token", "id_token token"],
            "response_modes_supported": ["query", "fragment", "form_post"],
            "subject_types_supported": ["pairwise"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "scopes_supported": ["openid", "profile", "email", "offline_access"],
            "token_endpoint_auth_methods_supported": ["client_secret_post", "private_key_jwt", "client_secret_basic"],
            "claims_supported": [
                "sub",
                "iss",
                "aud",
                "exp",
                "iat",
                "nonce",
                "name",
                "tid",
                "oid",
                "preferred_username",
            ],
            "tenant_region_scope": "EU",
            "code_challenge_methods_supported": ["plain", "S256"],
        }

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        request = Request(environ)
        self.requests.append(f"{request.method} {request.path}")
        response = self.route(request)
        return response(environ, start_response)

    def route(self, request: Request) -> Response:
        parts = request.path.strip("/").split("/")
        tenant, rest = parts[0], "/".join(parts[1:])
        if tenant not in (*self.tenants, "organizations", "common"):
            return _json({"error": "invalid_tenant"}, 400)
        if rest == "v2.0/.well-known/openid-configuration" and request.method == "GET":
            return _json(self.discovery(tenant))
        if rest == "discovery/v2.0/keys" and request.method == "GET":
            return _json({"keys": [k.jwk() for k in self.published]})
        if rest == "oauth2/v2.0/authorize" and request.method == "GET":
            return self.authorize(request)
        if rest == "oauth2/v2.0/token" and request.method == "POST":
            return self.token(request)
        return _json({"error": "not_found"}, 404)

    def authorize(self, request: Request) -> Response:
        """The person signs in as ``login_hint`` (the browser step, without the pages)."""
        args = request.args
        if args.get("client_id") != CLIENT_ID or args.get("response_type") != "code":
            return _json({"error": "unauthorized_client"}, 400)
        user = self.users.get(args.get("login_hint", ""))
        if user is None:
            return _json({"error": "unknown user"}, 400)
        if args.get("code_challenge_method") != "S256" or not args.get("code_challenge"):
            return _json({"error": "pkce required"}, 400)
        code = secrets.token_urlsafe(24)
        self.codes[code] = {
            "user": user,
            "redirect_uri": args["redirect_uri"],
            "challenge": args["code_challenge"],
            "nonce": args.get("nonce"),
            "scope": args.get("scope", ""),
        }
        answer = {"code": code, "state": args.get("state", "")}
        if args.get("response_mode") == "form_post":
            # what Entra sends the browser: a page whose form posts itself to the app
            inputs = "".join(f'<input type="hidden" name="{k}" value="{html.escape(v)}">' for k, v in answer.items())
            doc = (
                f'<html><body onload="document.forms[0].submit()"><form method="POST" '
                f'action="{html.escape(args["redirect_uri"])}">{inputs}</form></body></html>'
            )
            return Response(doc, mimetype="text/html")
        return Response(status=302, headers={"Location": args["redirect_uri"] + "?" + urlencode(answer)})

    def token(self, request: Request) -> Response:
        form = request.form
        if form.get("grant_type") != "authorization_code":
            return _json({"error": "unsupported_grant_type"}, 400)
        secret = form.get("client_secret")
        if form.get("client_id") != CLIENT_ID or secret != CLIENT_SECRET:
            return _json({"error": "invalid_client", "error_description": "AADSTS7000215"}, 401)
        grant = self.codes.pop(form.get("code", ""), None)  # a code works once
        if grant is None:
            return _json({"error": "invalid_grant", "error_description": "AADSTS54005: code already redeemed"}, 400)
        if form.get("redirect_uri") != grant["redirect_uri"]:
            return _json({"error": "invalid_grant", "error_description": "redirect_uri mismatch"}, 400)
        verifier = form.get("code_verifier", "")
        if b64url(hashlib.sha256(verifier.encode()).digest()) != grant["challenge"]:
            return _json({"error": "invalid_grant", "error_description": "AADSTS501481: PKCE"}, 400)
        user: User = grant["user"]
        changes = dict(self.id_token_changes)
        key = changes.pop("key", None)
        claims = {**self.base_claims(user, CLIENT_ID), "nonce": grant["nonce"], **changes}
        id_token = self.sign({k: v for k, v in claims.items() if v is not None}, key)
        return _json(
            {
                "token_type": "Bearer",
                "scope": grant["scope"],
                "expires_in": 3600,
                "ext_expires_in": 3600,
                "access_token": self.sign(self.base_claims(user, "00000003-0000-0000-c000-000000000000")),
                "id_token": id_token,
                "client_info": b64url(json.dumps({"uid": user.oid, "utid": user.tid}).encode()),
            }
        )

    def session(self) -> requests.Session:
        """A requests session whose every https request is served by this identity provider."""
        http = requests.Session()
        http.mount("https://", WSGIAdapter(self))
        http.mount("http://", WSGIAdapter(self))
        return http


@functools.cache
def _rsa_key(kid: str) -> rsa.RSAPrivateKey:
    """One RSA key per key id for the whole test session (making one takes a while)."""
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _json(body: Any, status: int = 200) -> Response:
    return Response(json.dumps(body), status=status, mimetype="application/json")


class WSGIAdapter(BaseAdapter):  # type: ignore[misc]
    """A requests transport that hands each request to a WSGI app in-process."""

    def __init__(self, app: Any):
        super().__init__()
        self.client = Client(app)

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:
        url = urlsplit(request.url or "")
        served = self.client.open(
            url.path,
            base_url=f"{url.scheme}://{url.netloc}",
            query_string=url.query,
            method=request.method or "GET",
            headers=dict(request.headers),
            data=request.body,
        )
        response = requests.Response()
        response.status_code = served.status_code
        response.headers = CaseInsensitiveDict(dict(served.headers))
        response._content = served.get_data()
        response.url = request.url or ""
        response.request = request
        response.encoding = "utf-8"
        response.reason = served.status.split(" ", 1)[-1]
        return response

    def close(self) -> None:
        pass


def form_post(page: str) -> tuple[str, dict[str, str]]:
    """The action and fields of the self-posting form the authorize endpoint answers with."""
    action = re.search(r'<form method="POST" action="([^"]+)"', page)
    assert action is not None, page
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', page))
    return html.unescape(action.group(1)), {k: html.unescape(v) for k, v in fields.items()}


def query(url: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}
