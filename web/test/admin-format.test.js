// The Dutch formatting behind the coordinator's screens (Deelnemers, Geschiedenis): pure functions.
import { test } from "node:test";
import assert from "node:assert/strict";

import {
  EMPTY,
  channelLabel,
  countLabel,
  describeEntry,
  describeHistory,
  errorText,
  fieldLabel,
  formatDateTime,
  formatValue,
  formatWhen,
  inviteProblems,
  linkSubject,
  memberStatus,
  openLinks,
  personLabel,
  remaining,
  roleLabel,
  sortMembers,
} from "../src/board/admin-format.js";

const TZ = "Europe/Amsterdam";

test("dates are Dutch, in the given time zone, with today and yesterday for recent moments", () => {
  assert.equal(formatDateTime("2026-11-23T14:36:12+00:00", { timeZone: TZ }), "23 nov 2026 om 15:36");
  assert.equal(formatDateTime("2026-07-01T06:05:00Z", { timeZone: TZ }), "1 jul 2026 om 08:05"); // summer time
  assert.equal(formatDateTime("2027-03-09T23:30:00Z", { timeZone: TZ }), "10 mrt 2027 om 00:30");
  assert.equal(formatDateTime("niet een datum"), "niet een datum");
  const now = new Date("2026-11-23T20:00:00Z");
  assert.equal(formatWhen("2026-11-23T07:02:00Z", { now, timeZone: TZ }), "vandaag om 08:02");
  assert.equal(formatWhen("2026-11-22T22:59:00Z", { now, timeZone: TZ }), "gisteren om 23:59");
  // just after midnight in Amsterdam is already the next day there, while it is still the 22nd in UTC
  assert.equal(formatWhen("2026-11-22T23:10:00Z", { now, timeZone: TZ }), "vandaag om 00:10");
  assert.equal(formatWhen("2026-11-20T12:00:00Z", { now, timeZone: TZ }), "20 nov 2026 om 13:00");
});

test("how long a link still works", () => {
  const now = new Date("2026-11-23T12:00:00Z");
  assert.equal(remaining("2026-11-30T11:59:58Z", { now }), "nog 7 dagen"); // just made: a week
  assert.equal(remaining("2026-11-25T00:00:00Z", { now }), "nog 36 uur");
  assert.equal(remaining("2026-11-23T12:45:00Z", { now }), "nog 45 minuten");
  assert.equal(remaining("2026-11-23T12:00:30Z", { now }), "nog 1 minuut");
  assert.equal(remaining("2026-11-23T11:00:00Z", { now }), "verlopen");
  assert.equal(remaining("", { now }), "");
});

test("channels, roles, people and counts in Dutch", () => {
  assert.equal(channelLabel("socket"), "het bord");
  assert.equal(channelLabel("upload"), "een Excel-upload");
  assert.equal(channelLabel("invite"), "een uitnodiging");
  assert.equal(channelLabel("cli"), "de opdrachtregel");
  assert.equal(channelLabel("fax", "fax"), "fax"); // a channel of a later version: the server's label
  assert.equal(roleLabel("coordinator"), "regisseur");
  assert.equal(roleLabel("viewer"), "kijker");
  assert.equal(personLabel("Ruud Bakker", "CJG"), "Ruud Bakker (CJG)");
  assert.equal(personLabel("", null), "Onbekend");
  assert.equal(countLabel(1, "lid", "leden"), "1 lid");
  assert.equal(countLabel(0, "lid", "leden"), "0 leden");
});

test("field labels: the board's own, else the server's capitalized", () => {
  assert.equal(fieldLabel("reach", "bereik (aantal per jaar)"), "Bereik (aantal per jaar)");
  assert.equal(fieldLabel("revoked", "ingetrokken"), "Ingetrokken");
  assert.equal(fieldLabel("mystery"), "mystery");
});

const NAMES = {
  partner: { p1: "CJG Voorbeeld", p2: "JGZ" },
  axis_value: { u: "universeel", t1: "van dip tot depressie", t2: "van plagen tot pesten" },
  outcome: { o1: "Minder pesten" },
};
const lookup = (type, id) => NAMES[type]?.[id] ?? null;

test("values: names for ids, euros, Dutch numbers, empty, booleans, long texts", () => {
  assert.equal(formatValue("reach", 1200), "1.200");
  assert.equal(formatValue("reach", null), EMPTY);
  assert.equal(formatValue("budget", 12500), "€ 12.500");
  assert.equal(formatValue("budget", 99.5), "€ 99,50");
  assert.equal(formatValue("partner", "p1", lookup), "CJG Voorbeeld");
  assert.equal(formatValue("co_partners", ["p1", "p2"], lookup), "CJG Voorbeeld, JGZ");
  assert.equal(formatValue("themes", ["t1", "t2"], lookup), "van dip tot depressie, van plagen tot pesten");
  assert.equal(formatValue("prevention_level", "u", lookup), "universeel");
  assert.equal(formatValue("outcomes", ["o1"], lookup), "Minder pesten");
  assert.equal(formatValue("outcomes", ["gone"], lookup), "(verwijderd of onbekend)");
  assert.equal(formatValue("themes", [], lookup), EMPTY);
  assert.equal(formatValue("description", ""), EMPTY);
  assert.equal(formatValue("areas", ["Noord", "Zuid"]), "Noord, Zuid");
  assert.equal(formatValue("revoked", true), "ja");
  assert.equal(formatValue("role", "partner"), "partner");
  assert.equal(formatValue("status", "uitbreiden"), "uitbreiden");
  const long = formatValue("description", "x".repeat(1000));
  assert.equal(long.length, 280);
  assert.ok(long.endsWith("…"));
});

const ENTRY_SET = {
  seq: 41,
  at: "2026-11-23T14:36:12+00:00",
  actor: { id: "m-ruud", name: "Ruud Bakker", partner: "p1", partner_name: "CJG Voorbeeld" },
  channel: "socket",
  channel_label: "bord",
  op: "set",
  changes: [{ field: "reach", label: "bereik (aantal per jaar)", old: 330, new: 321 }],
};

test("a history entry: who, when, channel, and old -> new with the Dutch label", () => {
  const e = describeEntry(ENTRY_SET, { lookup, now: new Date("2026-11-23T18:00:00Z"), timeZone: TZ });
  assert.equal(e.who, "Ruud Bakker (CJG Voorbeeld)");
  assert.equal(e.when, "vandaag om 15:36");
  assert.equal(e.channel, "het bord");
  assert.equal(e.title, "Gewijzigd");
  assert.deepEqual(e.changes, [{ field: "reach", label: "Bereik (aantal per jaar)", old: "330", new: "321" }]);
});

test("a creation lists only the fields it filled in; a deletion has no changes", () => {
  const created = describeEntry(
    {
      ...ENTRY_SET,
      op: "create",
      channel: "upload",
      changes: [
        { field: "name", label: "naam", old: null, new: "Opvoedspreekuur" },
        { field: "description", label: "omschrijving", old: null, new: "" },
        { field: "themes", label: "thema's", old: null, new: ["t1"] },
        { field: "reach", label: "bereik", old: null, new: null },
      ],
    },
    { lookup, timeZone: TZ },
  );
  assert.equal(created.title, "Aangemaakt");
  assert.equal(created.channel, "een Excel-upload");
  assert.deepEqual(
    created.changes.map((c) => [c.label, c.new]),
    [
      ["Naam", "Opvoedspreekuur"],
      ["Thema's", "van dip tot depressie"],
    ],
  );
  const deleted = describeEntry({ ...ENTRY_SET, op: "delete", changes: [] }, { lookup });
  assert.equal(deleted.title, "Verwijderd");
  assert.deepEqual(deleted.changes, []);
  const system = describeEntry({ ...ENTRY_SET, actor: { id: "system", name: "matrixsync (systeem)" }, channel: "cli" });
  assert.equal(system.who, "matrixsync (systeem)");
  assert.equal(system.channel, "de opdrachtregel");
});

test("the history comes newest first", () => {
  const data = { history: [{ ...ENTRY_SET, seq: 3 }, { ...ENTRY_SET, seq: 9 }, { ...ENTRY_SET, seq: 5 }] };
  assert.deepEqual(
    describeHistory(data, { lookup }).map((e) => e.seq),
    [9, 5, 3],
  );
  assert.deepEqual(describeHistory({}), []);
});

test("links: only open ones, soonest expiry first, and who each is for", () => {
  const links = [
    { id: 1, kind: "invite", status: "gebruikt", expires_at: "2026-11-24T00:00:00+00:00" },
    { id: 2, kind: "invite", status: "open", expires_at: "2026-11-30T00:00:00+00:00", email: "sanne@cjg.example", partner: "p1", role: "partner", name: null },
    { id: 3, kind: "login", status: "open", expires_at: "2026-11-25T00:00:00+00:00", member: "m-ruud" },
    { id: 4, kind: "invite", status: "ingetrokken", expires_at: "2026-11-29T00:00:00+00:00" },
  ];
  const open = openLinks(links);
  assert.deepEqual(
    open.map((l) => l.id),
    [3, 2],
  );
  const memberOf = (id) => (id === "m-ruud" ? { name: "Ruud Bakker", partner: "p1", role: "partner", email: "ruud@x.nl" } : undefined);
  const partnerOf = (id) => (id === "p1" ? { name: "CJG Voorbeeld" } : undefined);
  assert.deepEqual(linkSubject(open[0], { memberOf, partnerOf }), {
    name: "Ruud Bakker",
    email: "ruud@x.nl",
    partnerName: "CJG Voorbeeld",
    role: "partner",
    kind: "Inloglink",
  });
  assert.deepEqual(linkSubject(open[1], { memberOf, partnerOf }), {
    name: "sanne",
    email: "sanne@cjg.example",
    partnerName: "CJG Voorbeeld",
    role: "partner",
    kind: "Uitnodiging",
  });
  assert.deepEqual(openLinks(null), []);
});

test("members: active first, by name; status with (u) and who is on the board", () => {
  const list = sortMembers([
    { id: "c", name: "Zoë", revoked: false },
    { id: "a", name: "anna", revoked: true },
    { id: "b", name: "Bram", revoked: false },
  ]);
  assert.deepEqual(
    list.map((m) => m.id),
    ["b", "c", "a"],
  );
  assert.equal(memberStatus({ id: "a", revoked: true }), "Ingetrokken");
  assert.equal(memberStatus({ id: "b", revoked: false }, { self: "b" }), "Actief (u)");
  assert.equal(memberStatus({ id: "c", revoked: false }, { present: new Set(["c"]) }), "Actief · nu op het bord");
  assert.equal(memberStatus({ id: "c", revoked: false }), "Actief");
});

test("the invite form is checked like the server does", () => {
  assert.deepEqual(inviteProblems({ partner: "p1", role: "partner", email: "sanne@cjg.example" }), {});
  assert.deepEqual(inviteProblems({ partner: "", role: "partner", email: "" }), {
    partner: "Kies de partner.",
    email: "Vul het e-mailadres in.",
  });
  assert.deepEqual(inviteProblems({ partner: "p1", role: "baas", email: "geen-adres" }), {
    role: "Kies een rol.",
    email: "Dit is geen geldig e-mailadres.",
  });
  assert.equal(inviteProblems({ partner: "p1", role: "viewer", email: "a@b.nl", name: "x".repeat(201) }).name, "Een naam heeft hoogstens 200 tekens.");
});

test("error answers: the server's Dutch message, else one for the status", () => {
  assert.equal(errorText(403, { error: "forbidden", message: "Alleen de regisseur (gemeente) kan dit." }), "Alleen de regisseur (gemeente) kan dit.");
  assert.equal(errorText(401, null), "U bent niet (meer) aangemeld.");
  assert.equal(errorText(502, {}), "Er ging iets mis op de server; probeer het zo opnieuw.");
  assert.equal(errorText(418, { message: "  " }), "De server antwoordde met status 418.");
});
