// Pure formatting for the coordinator's screens (Deelnemers, Geschiedenis): dates, roles, channels, link
// states and the old -> new values of a history entry, all in Dutch. No DOM here: web/test tests it in node.

import { FIELD_LABELS, ROLE_LABELS, capitalize } from "./schema.js";

const MONTHS = ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"];
const NUMBER = new Intl.NumberFormat("nl-NL", { maximumFractionDigits: 2 });
const MAX_TEXT = 280;

/** The channel a change came through (the server's `channel`), as the coordinator reads it. */
export const CHANNEL_LABELS = {
  socket: "het bord",
  rest: "de API",
  upload: "een Excel-upload",
  cli: "de opdrachtregel",
  addin: "de Office-invoegtoepassing",
  invite: "een uitnodiging",
};

export function channelLabel(channel, serverLabel) {
  return CHANNEL_LABELS[channel] || serverLabel || String(channel || "onbekend");
}

/** Role names with what a role may do, for the invite form. */
export const ROLE_CHOICES = [
  ["partner", "Partner"],
  ["viewer", "Kijker (alleen lezen)"],
  ["coordinator", "Regisseur (beheert alles)"],
];

export const ROLE_HINT =
  "Een partner bewerkt de activiteiten van de eigen organisatie; een kijker ziet alles en wijzigt niets; " +
  "een regisseur beheert de hele werkruimte.";

export function roleLabel(role) {
  return ROLE_LABELS[role] || String(role || "");
}

// --- dates ---------------------------------------------------------------------------------------------

function parts(date, timeZone) {
  const fmt = new Intl.DateTimeFormat("en-GB", {
    timeZone,
    year: "numeric",
    month: "numeric",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  });
  const out = {};
  for (const p of fmt.formatToParts(date)) if (p.type !== "literal") out[p.type] = Number(p.value);
  return out;
}

function toDate(value) {
  const d = value instanceof Date ? value : new Date(value);
  return Number.isNaN(d.getTime()) ? null : d;
}

const pad = (n) => String(n).padStart(2, "0");

/** "23 nov 2026 om 15:36" (in `timeZone`, by default the browser's). */
export function formatDateTime(value, { timeZone } = {}) {
  const d = toDate(value);
  if (!d) return String(value ?? "");
  const p = parts(d, timeZone);
  return `${p.day} ${MONTHS[p.month - 1]} ${p.year} om ${pad(p.hour)}:${pad(p.minute)}`;
}

/** Like formatDateTime, but "vandaag om 15:36" and "gisteren om 09:02" for recent moments. */
export function formatWhen(value, { now = new Date(), timeZone } = {}) {
  const d = toDate(value);
  if (!d) return String(value ?? "");
  const p = parts(d, timeZone);
  const today = parts(toDate(now), timeZone);
  const dayOf = (x) => Date.UTC(x.year, x.month - 1, x.day) / 86_400_000;
  const days = dayOf(today) - dayOf(p);
  const time = `${pad(p.hour)}:${pad(p.minute)}`;
  if (days === 0) return `vandaag om ${time}`;
  if (days === 1) return `gisteren om ${time}`;
  return formatDateTime(d, { timeZone });
}

/** How long a link still works: "nog 7 dagen", "nog 5 uur", "nog 12 minuten", or "verlopen". */
export function remaining(value, { now = new Date() } = {}) {
  const d = toDate(value);
  if (!d) return "";
  const ms = d.getTime() - toDate(now).getTime();
  if (ms <= 0) return "verlopen";
  const minutes = Math.max(1, Math.floor(ms / 60_000));
  if (minutes < 60) return `nog ${minutes} ${minutes === 1 ? "minuut" : "minuten"}`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `nog ${hours} uur`;
  return `nog ${Math.round(ms / 86_400_000)} dagen`;
}

// --- people and links -----------------------------------------------------------------------------------

/** "Ruud Bakker (CJG)" from a name and an optional partner name. */
export function personLabel(name, partnerName) {
  const who = String(name || "").trim() || "Onbekend";
  return partnerName ? `${who} (${partnerName})` : who;
}

/**
 * Who an open link is for. `link` is an entry of GET .../links; `memberOf(id)` and `partnerOf(id)` give the
 * member and partner objects the board knows (or undefined).
 */
export function linkSubject(link, { memberOf = () => undefined, partnerOf = () => undefined } = {}) {
  const member = link.member ? memberOf(link.member) : undefined;
  const partnerId = link.partner || member?.partner;
  const partner = partnerId ? partnerOf(partnerId) : undefined;
  const name = link.name || member?.name || (link.email ? String(link.email).split("@")[0] : "") || "Onbekend";
  return {
    name,
    email: link.email || member?.email || "",
    partnerName: partner?.name || "",
    role: roleLabel(link.role || member?.role),
    kind: link.kind === "login" ? "Inloglink" : "Uitnodiging",
  };
}

/** The open links of a GET .../links answer, the ones expiring first on top. */
export function openLinks(links) {
  return (Array.isArray(links) ? links : [])
    .filter((l) => l && l.status === "open")
    .sort((a, b) => String(a.expires_at).localeCompare(String(b.expires_at)) || a.id - b.id);
}

/** A member's state in the list: "Ingetrokken", or "Actief" with "(u)" for oneself. */
export function memberStatus(member, { self = "", present = new Set() } = {}) {
  if (member.revoked) return "Ingetrokken";
  const bits = ["Actief"];
  if (member.id === self) bits.push("(u)");
  else if (present.has(member.id)) bits.push("· nu op het bord");
  return bits.join(" ");
}

/** Members sorted: active ones first, then by name. */
export function sortMembers(members) {
  return (Array.isArray(members) ? members : [])
    .slice()
    .sort(
      (a, b) =>
        Number(Boolean(a.revoked)) - Number(Boolean(b.revoked)) ||
        String(a.name).localeCompare(String(b.name), "nl"),
    );
}

// --- history values ---------------------------------------------------------------------------------------

// Fields whose values are ids of other objects, and the type they name.
export const REF_FIELDS = {
  partner: "partner",
  co_partners: "partner",
  outcomes: "outcome",
  prevention_level: "axis_value",
  tier: "axis_value",
  po_level: "axis_value",
  erkenning: "axis_value",
  age_bands: "axis_value",
  domains: "axis_value",
  themes: "axis_value",
  protective_factors: "axis_value",
  author: "member",
};

/** The Dutch label of a field: the board's own, else the server's (capitalized), else the name. */
export function fieldLabel(field, serverLabel) {
  return FIELD_LABELS[field] || capitalize(serverLabel || "") || String(field);
}

export const EMPTY = "(leeg)";

function shorten(text) {
  const s = String(text);
  return s.length > MAX_TEXT ? `${s.slice(0, MAX_TEXT - 1).trimEnd()}…` : s;
}

/**
 * One value of a field as text: names for ids (via `lookup(type, id)`, which gives a label or null),
 * euros for the budget, Dutch numbers, "ja"/"nee", "(leeg)" for nothing, long texts shortened.
 */
export function formatValue(field, value, lookup = () => null) {
  if (value === null || value === undefined || value === "") return EMPTY;
  if (Array.isArray(value)) {
    if (!value.length) return EMPTY;
    return shorten(value.map((v) => formatValue(field, v, lookup)).join(", "));
  }
  const ref = REF_FIELDS[field];
  if (ref && typeof value === "string") return lookup(ref, value) || "(verwijderd of onbekend)";
  if (typeof value === "boolean") return value ? "ja" : "nee";
  if (typeof value === "number") {
    if (field === "budget") {
      return `€ ${new Intl.NumberFormat("nl-NL", { maximumFractionDigits: 2, minimumFractionDigits: Number.isInteger(value) ? 0 : 2 }).format(value)}`;
    }
    return NUMBER.format(value);
  }
  if (field === "role") return roleLabel(value);
  if (typeof value === "object") return shorten(JSON.stringify(value));
  return shorten(value);
}

const OP_TITLES = { create: "Aangemaakt", set: "Gewijzigd", delete: "Verwijderd", restore: "Teruggezet" };

/**
 * One entry of GET .../history?object=<id> made readable: who (and for which partner), when, through which
 * channel, what happened, and each change as {field, label, old, new}. A creation lists only the fields it
 * filled in (the empty defaults say nothing).
 */
export function describeEntry(entry, { lookup = () => null, now, timeZone } = {}) {
  const actor = entry.actor || {};
  const changes = (Array.isArray(entry.changes) ? entry.changes : [])
    .map((c) => ({
      field: c.field,
      label: fieldLabel(c.field, c.label),
      old: formatValue(c.field, c.old, lookup),
      new: formatValue(c.field, c.new, lookup),
    }))
    .filter((c) => entry.op !== "create" || c.new !== EMPTY);
  return {
    seq: entry.seq,
    at: entry.at,
    when: formatWhen(entry.at, { now, timeZone }),
    who: personLabel(actor.name, actor.partner_name),
    channel: channelLabel(entry.channel, entry.channel_label),
    title: OP_TITLES[entry.op] || String(entry.op || ""),
    op: entry.op,
    changes,
  };
}

/** The history newest first, each entry described. */
export function describeHistory(data, options = {}) {
  const items = Array.isArray(data?.history) ? data.history : [];
  return items
    .slice()
    .sort((a, b) => b.seq - a.seq)
    .map((e) => describeEntry(e, options));
}

/** "1 wijziging" / "12 wijzigingen". */
export function countLabel(n, one, many) {
  return `${n} ${n === 1 ? one : many}`;
}

/** The Dutch message of an error answer `{error, message}`, else one for the status. */
export function errorText(status, body) {
  if (body && typeof body.message === "string" && body.message.trim()) return body.message.trim();
  if (status === 401) return "U bent niet (meer) aangemeld.";
  if (status === 403) return "U heeft geen toegang tot deze functie.";
  if (status === 404) return "Niet gevonden.";
  if (status >= 500) return "Er ging iets mis op de server; probeer het zo opnieuw.";
  return `De server antwoordde met status ${status}.`;
}

// The server's rule for e-mail addresses (server/transports/auth_http.py), checked before sending.
const EMAIL = /^[^@\s]{1,64}@[^@\s]{1,189}\.[^@\s]{2,63}$/;

/** Problems with the invite form, as {field: message}; empty when it may be sent. */
export function inviteProblems({ email = "", partner = "", role = "", name = "" } = {}) {
  const out = {};
  if (!partner) out.partner = "Kies de partner.";
  if (!["coordinator", "partner", "viewer"].includes(role)) out.role = "Kies een rol.";
  if (!String(email).trim()) out.email = "Vul het e-mailadres in.";
  else if (!EMAIL.test(String(email).trim())) out.email = "Dit is geen geldig e-mailadres.";
  if (String(name).trim().length > 200) out.name = "Een naam heeft hoogstens 200 tekens.";
  return out;
}
