// The PowerPoint task pane's logic and the panes' sign-in under node --test, with office-addin-mock for
// the Office objects.
import { test } from "node:test";
import assert from "node:assert/strict";
import officeAddinMock from "office-addin-mock";

import { authHeaders, parseCredential, tokenProvider } from "../src/addin/auth.js";
import { TAG, countDeckSlides, fetchDeck, insertDeck, toBase64 } from "../src/addin/powerpoint-pane.js";

const { OfficeMockObject } = officeAddinMock;

/**
 * A mock PowerPoint (office-addin-mock) over a list of slides `{id, title, tags: Map}`. The deck to insert
 * is "base64" of a JSON list of titles, so the test can count what went in. Slide proxies are plain
 * objects: office-addin-mock has no collections.
 */
function mockPowerPoint(slides, selected = []) {
  let next = 900;
  const inserted = [];
  const proxy = (s) => ({
    id: s.id,
    tags: {
      add(key, value) {
        s.tags.set(key.toUpperCase(), value);
      },
      getItemOrNullObject(key) {
        return { load() {}, isNullObject: !s.tags.has(key), value: s.tags.get(key) ?? null };
      },
    },
  });
  const collection = (list) => ({
    load() {
      this.items = list().map(proxy);
    },
  });
  const ppt = new OfficeMockObject({
    context: {
      presentation: {
        insertSlidesFromBase64(base64, options) {
          const titles = JSON.parse(Buffer.from(base64, "base64").toString());
          const at = options.targetSlideId ? slides.findIndex((s) => s.id === options.targetSlideId) + 1 : 0;
          assert.ok(at >= 0, "the target slide exists");
          slides.splice(at, 0, ...titles.map((title) => ({ id: `${next++}#`, title, tags: new Map() })));
          inserted.push({ base64, options });
        },
        getSelectedSlides() {
          return collection(() => slides.filter((s) => selected.includes(s.id)));
        },
      },
    },
    run: async function (fn) {
      return fn(this.context);
    },
  });
  // the slide collection lives outside the mock's own properties: its items change with every sync
  ppt.context.presentation.slides = {
    ...collection(() => slides),
    getItem(id) {
      return { delete: () => slides.splice(slides.findIndex((s) => s.id === id), 1) };
    },
  };
  return { ppt, inserted };
}

const deck = (titles) => Buffer.from(JSON.stringify(titles)).toString("base64");
const own = (id, title) => ({ id, title, tags: new Map() });

test("the deck goes in after the selected slide, every inserted slide tagged", async () => {
  const slides = [own("1#", "Eigen 1"), own("2#", "Eigen 2")];
  const { ppt, inserted } = mockPowerPoint(slides, ["1#"]);
  const result = await insertDeck({ slug: "demo", base64: deck(["Titel", "Kerncijfers", "Matrix"]), PowerPoint: ppt });
  assert.equal(result.inserted, 3);
  assert.equal(result.replaced, 0);
  assert.deepEqual(slides.map((s) => s.title), ["Eigen 1", "Titel", "Kerncijfers", "Matrix", "Eigen 2"]);
  assert.deepEqual(inserted[0].options, { formatting: "KeepSourceFormatting", targetSlideId: "1#" });
  assert.ok(slides.slice(1, 4).every((s) => s.tags.get(TAG) === "demo"));
  assert.ok(!slides[0].tags.has(TAG) && !slides[4].tags.has(TAG), "the user's slides are not tagged");
  assert.equal(await countDeckSlides({ slug: "demo", PowerPoint: ppt }), 3);
});

test("refresh replaces only the slides inserted before, where they were", async () => {
  const slides = [own("1#", "Eigen 1"), own("2#", "Eigen 2")];
  const { ppt, inserted } = mockPowerPoint(slides, ["1#"]);
  await insertDeck({ slug: "demo", base64: deck(["Oud A", "Oud B", "Oud C"]), PowerPoint: ppt });
  const lastOld = slides[3].id;
  const result = await insertDeck({ slug: "demo", base64: deck(["Nieuw A", "Nieuw B"]), PowerPoint: ppt });
  assert.deepEqual(result, { inserted: 2, replaced: 3, ids: [slides[1].id, slides[2].id] });
  assert.equal(inserted[1].options.targetSlideId, lastOld, "the new deck goes right after the old one");
  assert.deepEqual(slides.map((s) => s.title), ["Eigen 1", "Nieuw A", "Nieuw B", "Eigen 2"]);
  // another workspace's deck (inserted after the selected slide) is left alone
  await insertDeck({ slug: "andere", base64: deck(["Ander"]), PowerPoint: ppt });
  await insertDeck({ slug: "demo", base64: deck(["Nieuwer"]), PowerPoint: ppt });
  assert.deepEqual(slides.map((s) => s.title), ["Eigen 1", "Ander", "Nieuwer", "Eigen 2"]);
});

test("an empty presentation gets the deck at the start", async () => {
  const slides = [];
  const { ppt, inserted } = mockPowerPoint(slides);
  await insertDeck({ slug: "demo", base64: deck(["Titel"]), PowerPoint: ppt });
  assert.equal(inserted[0].options.targetSlideId, undefined);
  assert.equal(slides.length, 1);
});

test("the deck is fetched as base64, refusals in Dutch", async () => {
  const bytes = new Uint8Array(70000).map((_, i) => i % 251);
  const calls = [];
  const ok = async (url, init) => {
    calls.push({ url, init });
    return { ok: true, status: 200, arrayBuffer: async () => bytes.buffer };
  };
  const b64 = await fetchDeck("demo", { headers: { Authorization: "Bearer t" }, fetchImpl: ok });
  assert.equal(b64, Buffer.from(bytes).toString("base64"));
  assert.equal(toBase64(new Uint8Array([1, 2, 3])), "AQID");
  assert.equal(calls[0].url, "/api/workspaces/demo/deck.pptx");
  assert.equal(calls[0].init.headers.Authorization, "Bearer t");
  const refused = async () => ({ ok: false, status: 403, json: async () => ({ message: "Als kijker kunt u niets wijzigen." }) });
  await assert.rejects(fetchDeck("demo", { fetchImpl: refused }), /Als kijker/);
  const missing = async () => ({ ok: false, status: 404, json: async () => { throw new Error("geen JSON"); } });
  await assert.rejects(fetchDeck("demo", { fetchImpl: missing }), /geen presentatie maken/);
});

test("a pasted sign-in link or token is recognised; a token provider gives the bearer header", async () => {
  const origin = "https://matrix.gemeente.nl";
  assert.deepEqual(parseCredential(` ${origin}/login/abc123 `, origin), { kind: "link", url: `${origin}/login/abc123` });
  assert.equal(parseCredential("https://elders.nl/login/abc", origin).kind, "error");
  assert.match(parseCredential("https://elders.nl/login/abc", origin).message, /andere server/);
  assert.equal(parseCredential(`${origin}/w/demo`, origin).kind, "error");
  assert.deepEqual(parseCredential("aaa.bbb.ccc", origin), { kind: "token", token: "aaa.bbb.ccc" });
  assert.match(parseCredential("", origin).message, /Plak de inloglink/);
  const store = new Map();
  const storage = { getItem: (k) => store.get(k) ?? null, setItem: (k, v) => store.set(k, v), removeItem: (k) => store.delete(k) };
  const provider = tokenProvider(storage, "aaa.bbb.ccc");
  assert.deepEqual(await authHeaders(provider), { Authorization: "Bearer aaa.bbb.ccc" });
  await provider.signOut();
  assert.deepEqual(await authHeaders(provider), {});
  // a provider for Microsoft sign-in (MSAL nested app authentication) only has to give tokens
  const msal = { kind: "msal", label: "Microsoft", getToken: async () => "ms.access.token", signOut: async () => {} };
  assert.deepEqual(await authHeaders(msal), { Authorization: "Bearer ms.access.token" });
});
