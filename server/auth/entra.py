"""Microsoft Entra ID: the browser sign-in (msal, authorization code flow with PKCE) and the keys that
check Entra tokens (the tenant's published JWKS, fetched and cached).

msal does the protocol: ``initiate_auth_code_flow`` makes the state, the nonce and the PKCE verifier, and
``acquire_token_by_auth_code_flow`` checks the state and the nonce and redeems the code. msal no longer
validates the ID token itself (msal 1.38), so we do, with the same :func:`validate_token` that checks the
add-ins' bearer tokens and the local tokens: signature against the tenant's keys, issuer, audience,
expiry and the tenant allow-list.

Every HTTP call to Microsoft, msal's and ours, goes through one requests-compatible ``http`` object, so
the tests route it to a local identity provider and msal runs its real code.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import Any

import jwt
import msal

from .tokens import AuthError, Expected, validate_token

DEFAULT_AUTHORITY_HOST = "https://login.microsoftonline.com"
# v1.0 access tokens (an API registration whose manifest leaves requestedAccessTokenVersion unset)
V1_ISSUER = "https://sts.windows.net/{tenantid}/"
DISCOVERY_TTL = 24 * 3600.0
JWKS_TTL = 24 * 3600.0
# a token signed with a key we do not know makes us fetch the keys again, but not more often than this
JWKS_MIN_REFRESH = 300.0
HTTP_TIMEOUT = 10
# Microsoft's clocks and ours may differ a little
LEEWAY = 60


@dataclass(frozen=True)
class EntraConfig:
    tenant: str  # a tenant id, or "organizations" for several tenants (then ``allowed_tenants`` is required)
    client_id: str
    client_secret: str
    allowed_tenants: frozenset[str]
    authority_host: str = DEFAULT_AUTHORITY_HOST
    api_scope: str = "access_as_user"
    extra_audiences: tuple[str, ...] = ()
    v1_issuer: str = V1_ISSUER

    @property
    def authority(self) -> str:
        return f"{self.authority_host.rstrip('/')}/{self.tenant}"

    @property
    def discovery_url(self) -> str:
        return f"{self.authority}/v2.0/.well-known/openid-configuration"

    @classmethod
    def from_settings(cls, config: Any) -> EntraConfig | None:
        """The Microsoft settings of the app, or None when it runs in local mode."""
        tenant, client = config.get("MS_TENANT_ID"), config.get("MS_CLIENT_ID")
        if not tenant and not client:
            return None
        secret = config.get("MS_CLIENT_SECRET")
        if not tenant or not client or not secret:
            raise ValueError(
                "Microsoft-aanmelding: zet MATRIXSYNC_MS_TENANT_ID, _CLIENT_ID en _CLIENT_SECRET alle drie."
            )
        allowed = frozenset(t.strip() for t in (config.get("MS_ALLOWED_TENANTS") or "").split(",") if t.strip())
        if not allowed:
            if tenant in ("organizations", "common", "consumers"):
                raise ValueError("Microsoft-aanmelding met meerdere tenants: zet MATRIXSYNC_MS_ALLOWED_TENANTS.")
            allowed = frozenset({tenant})
        extra = tuple(a.strip() for a in (config.get("MS_API_AUDIENCE") or "").split(",") if a.strip())
        return cls(
            tenant=tenant,
            client_id=client,
            client_secret=secret,
            allowed_tenants=allowed,
            authority_host=config.get("MS_AUTHORITY") or DEFAULT_AUTHORITY_HOST,
            api_scope=config.get("MS_API_SCOPE") or "access_as_user",
            extra_audiences=extra,
        )


def default_http() -> Any:
    import requests

    return requests.Session()


@dataclass
class _Cached:
    value: Any = None
    fetched: float = field(default=-1e18)


class Entra:
    """One per app: the configuration, the HTTP client, and the cached discovery document and keys."""

    def __init__(self, config: EntraConfig, http: Any = None):
        self.config = config
        self.http = http if http is not None else default_http()
        self._lock = threading.Lock()
        self._discovery = _Cached()
        self._jwks = _Cached()
        self._msal: Any = None

    # --- keys (the KeySource of Entra tokens) -------------------------------------------------------

    algorithms = ("RS256",)

    def _get_json(self, url: str) -> Any:
        try:
            response = self.http.get(url, timeout=HTTP_TIMEOUT)
        except Exception:  # the network: whatever the HTTP client raises
            raise AuthError("Microsoft is niet bereikbaar; probeer het later opnieuw.") from None
        if response.status_code != 200:
            raise AuthError("De sleutels van Microsoft konden niet worden opgehaald; probeer het later opnieuw.")
        return response.json()

    def discovery(self) -> dict[str, Any]:
        with self._lock:
            if time.monotonic() - self._discovery.fetched > DISCOVERY_TTL:
                fetched = self._get_json(self.config.discovery_url)
                if not isinstance(fetched, dict) or not isinstance(fetched.get("jwks_uri"), str):
                    raise AuthError("De configuratie van Microsoft is onbruikbaar; probeer het later opnieuw.")
                self._discovery = _Cached(fetched, time.monotonic())
            doc: dict[str, Any] = self._discovery.value
            return doc

    def key_for(self, kid: str | None) -> Any:
        jwks_uri = self.discovery()["jwks_uri"]
        with self._lock:
            age = time.monotonic() - self._jwks.fetched
            keys: dict[str, Any] = self._jwks.value or {}
            if age > JWKS_TTL or (kid not in keys and age > JWKS_MIN_REFRESH):
                keys = self._fetch_keys(jwks_uri)
                self._jwks = _Cached(keys, time.monotonic())
        if kid is None or kid not in keys:
            raise AuthError("Ongeldig toegangsbewijs (token): onbekende sleutel.")
        return keys[kid]

    def _fetch_keys(self, jwks_uri: str) -> dict[str, Any]:
        try:
            jwk_set = jwt.PyJWKSet.from_dict(self._get_json(jwks_uri))
        except jwt.PyJWTError:
            raise AuthError("De sleutels van Microsoft zijn onbruikbaar; probeer het later opnieuw.") from None
        return {k.key_id: k.key for k in jwk_set.keys if k.key_id and k.public_key_use in (None, "sig")}

    # --- what valid tokens say -------------------------------------------------------------------------

    def _issuers(self) -> tuple[str, ...]:
        return (str(self.discovery().get("issuer", "")), self.config.v1_issuer)

    def id_token_expected(self) -> Expected:
        """An ID token from the browser sign-in: for this app."""
        return Expected(
            issuers=self._issuers(),
            audiences=(self.config.client_id,),
            required=("exp", "iat", "iss", "aud", "tid", "oid"),
            tenants=self.config.allowed_tenants,
            leeway=LEEWAY,
        )

    def access_token_expected(self) -> Expected:
        """An access token of an add-in (nested app authentication): for this app's API, with its scope."""
        c = self.config
        return Expected(
            issuers=self._issuers(),
            audiences=(c.client_id, f"api://{c.client_id}", *c.extra_audiences),
            required=("exp", "iat", "iss", "aud", "tid", "oid"),
            tenants=c.allowed_tenants,
            scope=c.api_scope,
            leeway=LEEWAY,
        )

    def validate_access_token(self, token: str) -> dict[str, Any]:
        return validate_token(token, self, self.access_token_expected())

    def validate_id_token(self, token: str) -> dict[str, Any]:
        return validate_token(token, self, self.id_token_expected())

    # --- the browser sign-in --------------------------------------------------------------------------

    def msal_app(self) -> Any:
        """One msal application per app, made on first use (making one fetches the discovery document);
        it keeps no tokens, so sharing it between requests shares nothing of anyone's."""
        with self._lock:
            if self._msal is None:
                self._msal = self._make_msal_app()
            return self._msal

    def _make_msal_app(self) -> Any:
        return msal.ConfidentialClientApplication(
            self.config.client_id,
            client_credential=self.config.client_secret,
            authority=self.config.authority,
            http_client=self.http,
            # our authority host may be a test identity provider: no lookup at login.microsoftonline.com
            instance_discovery=False,
            token_cache=_NoTokenCache(),
        )

    def start(self, redirect_uri: str, login_hint: str | None = None) -> dict[str, Any]:
        """A new auth code flow (state, nonce, PKCE verifier and the URL to send the browser to)."""
        flow: dict[str, Any] = self.msal_app().initiate_auth_code_flow(
            scopes=[],
            redirect_uri=redirect_uri,
            login_hint=login_hint,
            prompt="select_account",
            # the code comes back in a POST body, not in a URL (history, logs, Referer): RFC 9700 4.3.1
            response_mode="form_post",
        )
        return flow

    def finish(self, flow: dict[str, Any], auth_response: dict[str, str]) -> dict[str, Any]:
        """The ID token's claims, checked; AuthError (Dutch) for anything wrong."""
        try:
            result = self.msal_app().acquire_token_by_auth_code_flow(flow, auth_response)
        except ValueError:  # msal: state mismatch and the like
            raise AuthError("De aanmelding klopt niet (verlopen of al gebruikt); begin opnieuw.") from None
        except RuntimeError:  # msal: the nonce in the ID token does not match
            raise AuthError("De aanmelding klopt niet (nonce); begin opnieuw.") from None
        if "error" in result:
            raise AuthError("Microsoft weigerde de aanmelding; begin opnieuw of vraag uw beheerder om hulp.")
        id_token = result.get("id_token")
        if not isinstance(id_token, str):
            raise AuthError("Microsoft stuurde geen identiteit mee; begin opnieuw.")
        return self.validate_id_token(id_token)


class _NoTokenCache(msal.TokenCache):
    """The server needs the ID token once and keeps no Microsoft tokens (msal would gather every user's)."""

    def add(self, event: Any, **kwargs: Any) -> None:
        return None


@dataclass(frozen=True)
class Identity:
    """A person as Entra says: tenant and object id (stable), e-mail addresses to match members by the
    first time, and a display name."""

    tid: str
    oid: str
    emails: tuple[str, ...]
    name: str


def identity_of(claims: dict[str, Any]) -> Identity:
    """The person in checked claims. E-mail candidates are the sign-in name (``preferred_username``, or
    ``upn`` in v1 tokens), which the tenant controls, and ``email`` only when Entra marks its domain as
    verified by the tenant (``xms_edov``): an unverified ``email`` claim could name someone else."""
    tid, oid = claims.get("tid"), claims.get("oid")
    if not isinstance(tid, str) or not isinstance(oid, str):
        raise AuthError("Ongeldig toegangsbewijs (token).")
    emails: list[str] = []
    for key in ("preferred_username", "upn"):
        value = claims.get(key)
        if isinstance(value, str) and "@" in value:
            emails.append(value.strip().lower())
    email = claims.get("email")
    if isinstance(email, str) and "@" in email and claims.get("xms_edov") in (True, "1", 1, "true"):
        emails.append(email.strip().lower())
    name = claims.get("name")
    return Identity(tid, oid, tuple(dict.fromkeys(emails)), name if isinstance(name, str) else "")
