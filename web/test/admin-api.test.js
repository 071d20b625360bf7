// The board's REST helper: the CSRF token on requests that change something, the server's Dutch message on
// errors, and a 401 reported as signed out. fetch is replaced by a recorder.
import { test, beforeEach, afterEach } from "node:test";
import assert from "node:assert/strict";

import { createApi, ApiError } from "../src/board/api.js";

let calls;
let answer;
const realFetch = globalThis.fetch;

beforeEach(() => {
  calls = [];
  answer = () => new Response(JSON.stringify({ ok: true }), { status: 200 });
  globalThis.fetch = async (url, init) => {
    calls.push({ url, ...init });
    return answer();
  };
});

afterEach(() => {
  globalThis.fetch = realFetch;
});

function app(extra = {}) {
  return { config: { workspace: "gemeente x", csrf: "tok-123" }, ...extra };
}

test("GET goes without the CSRF token, POST and DELETE with it, with the session cookie", async () => {
  const api = createApi(app());
  assert.deepEqual(await api.get("/members"), { ok: true });
  await api.post("/invites", { email: "a@b.nl" });
  await api.del("/links/7");
  assert.deepEqual(
    calls.map((c) => [c.method, c.url, c.headers["X-CSRF-Token"], c.credentials]),
    [
      ["GET", "/api/workspaces/gemeente%20x/members", undefined, "same-origin"],
      ["POST", "/api/workspaces/gemeente%20x/invites", "tok-123", "same-origin"],
      ["DELETE", "/api/workspaces/gemeente%20x/links/7", "tok-123", "same-origin"],
    ],
  );
  assert.equal(calls[1].body, JSON.stringify({ email: "a@b.nl" }));
  assert.equal(calls[1].headers["Content-Type"], "application/json");
});

test("a refusal carries the server's Dutch message; 403 asks the board to check access", async () => {
  let checked = 0;
  const api = createApi(app({ checkAccess: () => checked++ }));
  answer = () =>
    new Response(JSON.stringify({ error: "forbidden", message: "Alleen de regisseur (gemeente) kan dit." }), { status: 403 });
  await assert.rejects(api.post("/invites", {}), (err) => {
    assert.ok(err instanceof ApiError);
    assert.equal(err.status, 403);
    assert.equal(err.code, "forbidden");
    assert.equal(err.message, "Alleen de regisseur (gemeente) kan dit.");
    return true;
  });
  assert.equal(checked, 1);
});

test("401 signs the board out with the server's message; no connection is a Dutch error too", async () => {
  const out = [];
  const api = createApi(app({ signedOut: (m) => out.push(m) }));
  answer = () => new Response(JSON.stringify({ error: "unauthorized", message: "U heeft (niet langer) toegang." }), { status: 401 });
  await assert.rejects(api.get("/members"), /niet langer/);
  assert.deepEqual(out, ["U heeft (niet langer) toegang."]);

  answer = () => new Response("<html>proxy error</html>", { status: 502 });
  await assert.rejects(api.get("/members"), /Er ging iets mis op de server/);
  answer = () => {
    throw new TypeError("fetch failed");
  };
  await assert.rejects(api.get("/members"), (err) => err.status === 0 && err.message === "Geen verbinding met de server.");
  assert.equal(out.length, 1);
});
