/**
 * The PowerPoint side of the task pane: insert the workspace's deck (`/api/workspaces/<slug>/deck.pptx`)
 * into the open presentation with `insertSlidesFromBase64`, and refresh it later.
 *
 * Every slide the pane inserts gets the slide tag MATRIXSYNC_DECK = <workspace slug>. Refreshing inserts the
 * new deck right after the old one and then deletes the slides that carry the tag from before, so the deck
 * stays where the user put it and the user's own slides (without the tag) are never touched.
 */

export const TAG = "MATRIXSYNC_DECK"; // PowerPoint stores tag keys in capitals
export const TAG_AT = "MATRIXSYNC_INGEVOEGD";

/** Base64 of bytes (an ArrayBuffer or Uint8Array), in chunks so large decks do not overflow the stack. */
export function toBase64(bytes) {
  const u8 = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  let binary = "";
  for (let i = 0; i < u8.length; i += 0x8000) binary += String.fromCharCode(...u8.subarray(i, i + 0x8000));
  return globalThis.btoa(binary);
}

/**
 * Fetch the deck as base64. `headers()` gives the auth headers (bearer token or none for the session).
 * Throws an Error with a Dutch message when the server refuses or has no deck.
 */
export async function fetchDeck(slug, { headers = {}, fetchImpl = globalThis.fetch, origin = "" } = {}) {
  const res = await fetchImpl(`${origin}/api/workspaces/${encodeURIComponent(slug)}/deck.pptx`, {
    headers, credentials: "same-origin", cache: "no-store",
  });
  if (!res.ok) {
    let message = "";
    try {
      message = (await res.json()).message ?? "";
    } catch {
      /* not JSON */
    }
    if (res.status === 404 && !message) message = "Deze server kan (nog) geen presentatie maken.";
    throw new Error(message || `De presentatie kon niet worden opgehaald (status ${res.status}).`);
  }
  return toBase64(await res.arrayBuffer());
}

/** The ids of the slides, in order, and which of them carry our tag for `slug`. */
async function slidesWithTags(ctx, slug) {
  const slides = ctx.presentation.slides;
  slides.load("items/id");
  await ctx.sync();
  const tags = slides.items.map((s) => {
    const tag = s.tags.getItemOrNullObject(TAG);
    tag.load("value");
    return tag;
  });
  await ctx.sync();
  const ids = slides.items.map((s) => s.id);
  const ours = ids.filter((_, i) => !tags[i].isNullObject && tags[i].value === slug);
  return { ids, ours };
}

/**
 * Insert the deck, or replace the slides inserted for `slug` earlier. Returns
 * `{inserted, replaced, ids}` (ids of the new slides).
 * @param {object} options
 * @param {string} options.slug the workspace
 * @param {string} options.base64 the deck (.pptx) as base64
 * @param {object} [options.PowerPoint] the PowerPoint namespace (office.js; injectable for tests)
 * @param {boolean} [options.afterSelection] insert after the selected slide (else at the end) when there is no earlier deck
 */
export async function insertDeck({ slug, base64, PowerPoint = globalThis.PowerPoint, afterSelection = true }) {
  return PowerPoint.run(async (ctx) => {
    const before = await slidesWithTags(ctx, slug);
    let target = before.ours.at(-1) ?? before.ids.at(-1);
    if (!before.ours.length && afterSelection && typeof ctx.presentation.getSelectedSlides === "function") {
      try {
        const selected = ctx.presentation.getSelectedSlides();
        selected.load("items/id");
        await ctx.sync();
        if (selected.items.length) target = selected.items.at(-1).id;
      } catch {
        /* PowerPointApi 1.5 missing: at the end */
      }
    }
    const options = { formatting: "KeepSourceFormatting" };
    if (target) options.targetSlideId = target;
    ctx.presentation.insertSlidesFromBase64(base64, options);
    await ctx.sync();
    const slides = ctx.presentation.slides;
    slides.load("items/id");
    await ctx.sync();
    const old = new Set(before.ids);
    const fresh = slides.items.filter((s) => !old.has(s.id));
    const at = new Date().toISOString();
    for (const s of fresh) {
      s.tags.add(TAG, slug);
      s.tags.add(TAG_AT, at);
    }
    for (const id of before.ours) ctx.presentation.slides.getItem(id).delete();
    await ctx.sync();
    return { inserted: fresh.length, replaced: before.ours.length, ids: fresh.map((s) => s.id) };
  });
}

/** How many slides of the deck for `slug` the presentation holds now. */
export async function countDeckSlides({ slug, PowerPoint = globalThis.PowerPoint }) {
  return PowerPoint.run(async (ctx) => (await slidesWithTags(ctx, slug)).ours.length);
}
