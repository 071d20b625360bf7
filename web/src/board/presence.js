// Who is here: avatars (initials on the partner colour) and, in a disclosure, who has which card open.

import { h, clear, initials } from "./dom.js";
import { partnerColor, textOn } from "./colors.js";

// Presence entries of other people (one per connection), newest state only.
export function othersPresent(app) {
  const out = [];
  for (const entry of app.client.presence?.values?.() || []) {
    if (!entry || entry.left) continue;
    if (app.isOwnSid(entry.sid)) continue;
    out.push(entry);
  }
  return out;
}

export function avatar(app, entry, { small = false } = {}) {
  const partner = app.client.get("partner", entry.partner);
  const bg = partnerColor(partner);
  return h(
    "span",
    {
      class: small ? "avatar avatar-small" : "avatar",
      style: { background: bg, color: textOn(bg) },
      "aria-hidden": "true",
      title: entry.name,
    },
    initials(entry.name),
  );
}

export function createPresence(app) {
  const faces = h("span", { class: "faces", "aria-hidden": "true" });
  const count = h("span", { class: "who-count" });
  const list = h("ul", { class: "who-list" });
  const el = h(
    "details",
    { class: "who menu" },
    h("summary", { class: "who-summary" }, faces, count),
    h("div", { class: "menu-panel" }, h("h2", { class: "menu-title" }, "Wie is er?"), list),
  );

  function describe(entry) {
    const partner = app.client.get("partner", entry.partner);
    const bits = [entry.name];
    if (partner) bits.push(`(${partner.name})`);
    if (entry.card) {
      const act = app.client.get("activity", entry.card);
      const field = entry.field ? `, bewerkt ${app.fieldLabel(entry.field).toLowerCase()}` : "";
      bits.push(`heeft '${act?.name || "een kaart"}' open${field}`);
    }
    return bits.join(" ");
  }

  function update() {
    // one face per member; the member's most specific entry (with an open card) wins
    const byMember = new Map();
    for (const entry of othersPresent(app)) {
      if (entry.member === app.config.member) continue; // my other tabs: I am listed once, as "(u)"
      const seen = byMember.get(entry.member);
      if (!seen || (!seen.card && entry.card)) byMember.set(entry.member, entry);
    }
    const me = { sid: "me", member: app.config.member, name: app.config.name, partner: app.config.partner };
    const everyone = [me, ...[...byMember.values()].sort((a, b) => String(a.name).localeCompare(String(b.name), "nl"))];
    clear(faces);
    const max = 8;
    for (const entry of everyone.slice(0, max)) faces.append(avatar(app, entry));
    if (everyone.length > max) faces.append(h("span", { class: "avatar avatar-more" }, `+${everyone.length - max}`));
    count.textContent = `${everyone.length} aanwezig`;
    clear(list);
    for (const entry of everyone) {
      list.append(
        h(
          "li",
          {},
          avatar(app, entry, { small: true }),
          h("span", {}, entry === me ? `${entry.name} (u)` : describe(entry)),
        ),
      );
    }
  }
  return { el, update };
}
