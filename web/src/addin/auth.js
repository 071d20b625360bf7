/**
 * Who the task pane works as. A *token provider* is any object `{kind, label, getToken(), signOut()}`:
 * `getToken()` resolves to a bearer token, or null when the browser's cookie session (same origin) is used.
 *
 * - `sessionProvider()`: the cookie session, made by opening a sign-in link in the pane (`signInWithLink`).
 *   Works in Excel/PowerPoint on the desktop; in Office on the web the pane runs in a frame of another site,
 *   where browsers do not send the session cookie: use a token there.
 * - `tokenProvider(storage)`: a pasted token (`matrixsync token ...`), kept in the pane's local storage.
 * - Microsoft sign-in (MSAL.js nested app authentication) slots in as one more provider whose `getToken()`
 *   asks MSAL for an access token; nothing else in the panes changes.
 */

const TOKEN_KEY = "matrixsync:addin:token";

export function sessionProvider() {
  return {
    kind: "session",
    label: "inloglink",
    getToken: async () => null,
    signOut: async (fetchImpl = globalThis.fetch) => {
      await fetchImpl("/logout", { method: "GET", credentials: "same-origin" }).catch(() => {});
    },
  };
}

export function tokenProvider(storage = globalThis.localStorage, token = null) {
  if (token) storage?.setItem(TOKEN_KEY, token);
  return {
    kind: "token",
    label: "toegangsbewijs",
    getToken: async () => storage?.getItem(TOKEN_KEY) ?? null,
    signOut: async () => storage?.removeItem(TOKEN_KEY),
  };
}

/** A stored token from an earlier visit, if any. */
export function storedTokenProvider(storage = globalThis.localStorage) {
  try {
    return storage?.getItem(TOKEN_KEY) ? tokenProvider(storage) : null;
  } catch {
    return null;
  }
}

/** Headers for a REST call with this provider. */
export async function authHeaders(provider) {
  const token = provider ? await provider.getToken() : null;
  return token ? { Authorization: `Bearer ${token}` } : {};
}

/**
 * What the user pasted: `{kind: "link", url}` for a sign-in link of this server, `{kind: "token", token}`
 * for a token, or `{kind: "error", message}` (Dutch).
 */
export function parseCredential(text, origin) {
  const value = String(text ?? "").trim();
  if (!value) return { kind: "error", message: "Plak de inloglink of het toegangsbewijs dat u van de regisseur kreeg." };
  if (/^https?:\/\//i.test(value)) {
    let url;
    try {
      url = new URL(value);
    } catch {
      return { kind: "error", message: "Dit is geen geldige link." };
    }
    if (!/^\/login\/[^/]+$/.test(url.pathname)) {
      return { kind: "error", message: "Dit is geen inloglink van matrixsync (die eindigt op /login/...)." };
    }
    if (origin && url.origin !== origin) {
      return { kind: "error", message: `Deze inloglink hoort bij een andere server (${url.origin}); deze invoegtoepassing werkt met ${origin}.` };
    }
    return { kind: "link", url: url.href };
  }
  if (/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(value)) return { kind: "token", token: value };
  return { kind: "error", message: "Dit herken ik niet als inloglink of toegangsbewijs." };
}

/** Open a sign-in link in the pane (same origin): the server sets the session cookie. */
export async function signInWithLink(url, fetchImpl = globalThis.fetch) {
  const res = await fetchImpl(url, { credentials: "same-origin", redirect: "follow" });
  if (!res.ok) throw new Error("Deze inloglink werkt niet (meer): een link werkt één keer en verloopt na een week.");
  return sessionProvider();
}

/**
 * The workspaces the provider may open: `{workspaces: [{slug, name, member, member_name, role, partner,
 * partner_name}], current}`. Throws an Error with the server's Dutch message when not signed in.
 */
export async function fetchWorkspaces(provider, fetchImpl = globalThis.fetch) {
  const res = await fetchImpl("/addin/werkruimtes", { headers: await authHeaders(provider), credentials: "same-origin", cache: "no-store" });
  let body = null;
  try {
    body = await res.json();
  } catch {
    /* not JSON */
  }
  if (!res.ok) throw new Error(body?.message || "Aanmelden is niet gelukt.");
  return body;
}
