// The sync client against a fake socket (unit tests) and against the real server (integration test).
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { io as realIo } from "socket.io-client";

import { SyncClient } from "../src/sync-client.js";

// --- test doubles: a fake socket.io-client `io` and an in-memory Storage ---------------------------------

/** A socket that records what the client emits and lets a test play the server. */
class FakeSocket {
  constructor(url, opts) {
    this.url = url;
    this.opts = opts;
    this.handlers = new Map();
    this.sent = [];
    this.connected = false;
    this.id = undefined;
    this.connectCalls = 0;
  }

  // --- the socket.io-client surface the SyncClient uses
  on(name, fn) {
    if (!this.handlers.has(name)) this.handlers.set(name, []);
    this.handlers.get(name).push(fn);
    return this;
  }

  off() {
    this.handlers.clear();
    return this;
  }

  emit(name, payload, callback) {
    this.sent.push({ name, payload: structuredClone(payload), callback });
    return this;
  }

  connect() {
    this.connectCalls++;
    return this;
  }

  disconnect() {
    this.connected = false;
    return this;
  }

  // --- the test's side
  /** Deliver a server event (or a reserved one such as "connect_error"). */
  deliver(name, ...args) {
    for (const fn of this.handlers.get(name) ?? []) fn(...args);
  }

  open(id = "sid-self") {
    this.connected = true;
    this.id = id;
    this.deliver("connect");
  }

  drop(reason = "transport close") {
    this.connected = false;
    this.id = undefined;
    this.deliver("disconnect", reason);
  }

  emitted(name) {
    return this.sent.filter((e) => e.name === name);
  }

  last(name) {
    return this.emitted(name).at(-1);
  }

  clear() {
    this.sent = [];
  }
}

function fakeIo() {
  const io = (url, opts) => {
    const socket = new FakeSocket(url, opts);
    io.sockets.push(socket);
    return socket;
  };
  io.sockets = [];
  return io;
}

function memoryStorage() {
  const data = new Map();
  return {
    data,
    getItem: (k) => (data.has(k) ? data.get(k) : null),
    setItem: (k, v) => void data.set(k, String(v)),
    removeItem: (k) => void data.delete(k),
  };
}

// --- unit tests against the fake socket ------------------------------------------------------------------

const SNAPSHOT = {
  workspace: "demo",
  name: "Gemeente Voorbeeld",
  seq: 10,
  objects: {
    partner: [{ id: "p1", name: "CJG", slug: "cjg", _seq: 2 }],
    activity: [
      { id: "a1", name: "Opvoedspreekuur", partner: "p1", reach: 10, status: "bestaand", _seq: 5 },
      { id: "a2", name: "Huiswerkklas", partner: "p1", reach: null, status: "bestaand", _seq: 7 },
    ],
  },
};

/** A client over a fake socket, connected and joined with SNAPSHOT (unless `join: false`). */
function setup({ storage = memoryStorage(), join = true, ...options } = {}) {
  const io = fakeIo();
  const client = new SyncClient({ workspace: "demo", member: "m1", storage, io, backoff: { base: 1, cap: 5 }, ...options });
  const events = { change: [], reject: [], status: [], presence: [], error: [] };
  for (const name of Object.keys(events)) client.addEventListener(name, (e) => events[name].push(e.detail));
  client.connect();
  const socket = io.sockets[0];
  if (join) {
    socket.open();
    answerJoin(socket, structuredClone(SNAPSHOT));
  }
  return { client, socket, io, storage, events };
}

/** Play the server's answer to the last join: a snapshot or ops events, then the callback. */
function answerJoin(socket, snapshot, ops = []) {
  const join = socket.last("join");
  assert.ok(join, "the client joined");
  if (snapshot) socket.deliver("snapshot", snapshot);
  for (const event of ops) socket.deliver("ops", event);
  join.callback({ seq: snapshot ? snapshot.seq : ops.at(-1)?.seq ?? join.payload.since });
}

function opsEvent(seq, ops, extra = {}) {
  return { seq, actor: "m2", actor_partner: "p1", channel: "socket", client_id: "other", mutation_id: seq, at: "", ops, ...extra };
}

/** The ops event the server broadcasts for one of our mutations. */
function echo(seq, mutation) {
  return opsEvent(seq, mutation.ops, { client_id: mutation.client_id, mutation_id: mutation.mutation_id });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

test("connects to /sync over websocket with the token, joins with since null and applies snapshot then ops", () => {
  const { client, socket, events } = setup({ token: "tok", url: "http://example.test/", join: false });
  assert.equal(socket.url, "http://example.test/sync");
  assert.deepEqual(socket.opts.transports, ["websocket"]);
  assert.deepEqual(socket.opts.auth, { token: "tok" });
  assert.equal(client.status, "connecting");
  socket.open();
  assert.deepEqual(socket.last("join").payload, { workspace: "demo", since: null, batch: true });
  answerJoin(socket, structuredClone(SNAPSHOT));
  assert.equal(client.status, "online");
  assert.equal(client.seq, 10);
  assert.equal(client.name, "Gemeente Voorbeeld");
  assert.equal(client.get("activity", "a1").name, "Opvoedspreekuur");
  assert.deepEqual(client.list("activity").map((a) => a.id), ["a1", "a2"]);
  assert.equal(client.get("activity", "nope"), undefined);

  socket.deliver("ops", opsEvent(11, [{ op: "set", type: "activity", id: "a1", field: "reach", value: 50 }]));
  socket.deliver("ops", opsEvent(12, [{ op: "create", type: "outcome", id: "o1", fields: { title: "Minder uitval" } }]));
  socket.deliver("ops", opsEvent(12, [{ op: "set", type: "activity", id: "a1", field: "reach", value: 999 }])); // old: ignored
  socket.deliver("ops", opsEvent(13, [{ op: "delete", type: "activity", id: "a2" }]));
  assert.equal(client.seq, 13);
  assert.equal(client.get("activity", "a1").reach, 50);
  assert.equal(client.get("activity", "a1")._seq, 11);
  assert.equal(client.get("outcome", "o1").title, "Minder uitval");
  assert.equal(client.get("activity", "a2"), undefined);
  assert.equal(client.get("activity", "a2", { deleted: true })._deleted, true);
  assert.deepEqual(client.list("activity").map((a) => a.id), ["a1"]);
  assert.ok(Object.isFrozen(client.get("activity", "a1")));
  const kinds = events.change.map((c) => c.kind);
  assert.deepEqual(kinds, ["snapshot", "remote", "remote", "remote"]);
  assert.deepEqual(events.status.map((s) => s.status), ["connecting", "online"]);
  client.close();
  assert.equal(client.status, "offline");
});

test("without a token the cookie session is used (no auth in the handshake)", () => {
  const { client, socket } = setup({ join: false });
  assert.equal(socket.url, "/sync");
  assert.equal(socket.opts.auth, undefined);
  client.close();
});

test("optimistic create, set, delete and restore show at once and are confirmed by our own ops events", async () => {
  const { client, socket, events } = setup();
  const id = client.create("activity", { name: "Nieuw", partner: "p1" });
  assert.equal(client.get("activity", id).name, "Nieuw");
  assert.equal(client.get("activity", id)._pending, true);
  assert.equal(client.pendingCount, 1);
  const created = socket.last("mutate").payload;
  assert.equal(created.client_id, client.clientId);
  assert.deepEqual(created.ops, [{ op: "create", type: "activity", id, fields: { name: "Nieuw", partner: "p1" } }]);
  assert.equal(events.change.at(-1).kind, "local");
  assert.equal(events.change.at(-1).local, true);

  const setDone = client.set("activity", "a1", "reach", 120);
  client.delete("activity", "a2");
  assert.equal(client.get("activity", "a1").reach, 120);
  assert.equal(client.get("activity", "a2"), undefined);
  client.restore("activity", "a2");
  assert.equal(client.get("activity", "a2").name, "Huiswerkklas");
  assert.equal(client.pendingCount, 4);
  assert.deepEqual(events.status.at(-1), { status: "online", pendingCount: 4 });

  // one frame at a time: what piled up while the first awaited its answer goes together in the next
  assert.equal(socket.emitted("mutate").length, 1);
  socket.last("mutate").callback({ ack: { client_id: created.client_id, mutation_id: created.mutation_id, seq: 11 } });
  const sent = [created, ...socket.last("mutate_batch").payload.mutations];
  assert.deepEqual(sent.map((m) => m.mutation_id), [0, 1, 2, 3].map((n) => created.mutation_id + n));
  // the server confirms: the create normalized with defaults
  socket.deliver("ops", echo(11, { ...sent[0], ops: [{ ...sent[0].ops[0], fields: { name: "Nieuw", partner: "p1", reach: null, status: "bestaand" } }] }));
  assert.equal(client.get("activity", id).status, "bestaand");
  assert.equal(client.get("activity", id)._pending, undefined);
  assert.equal(client.get("activity", id)._seq, 11);
  assert.equal(events.change.at(-1).kind, "confirm");
  socket.deliver("ops", echo(12, sent[1]));
  assert.deepEqual(await setDone, { ack: { client_id: client.clientId, mutation_id: sent[1].mutation_id, seq: 12 } });
  socket.deliver("ops", echo(13, sent[2]));
  socket.deliver("ops", echo(14, { ...sent[3], ops: [{ ...sent[3].ops[0], fields: { name: "Huiswerkklas", partner: "p1" } }] }));
  assert.equal(client.pendingCount, 0);
  assert.equal(client.get("activity", "a2")._seq, 14);
  assert.deepEqual(client.list("activity").map((a) => a.id).sort(), ["a1", "a2", id].sort());
  // the acks that follow change nothing
  for (const [n, m] of sent.entries()) socket.deliver("ack", { client_id: m.client_id, mutation_id: m.mutation_id, seq: 11 + n });
  assert.equal(client.pendingCount, 0);
  assert.deepEqual(JSON.parse(client._storage.getItem("matrixsync:pending:demo:m1")), []);
  client.close();
});

test("an ack before the ops event keeps the change in the view until the ops event arrives", async () => {
  const { client, socket } = setup();
  const done = client.set("activity", "a1", "reach", 77);
  const m = socket.last("mutate").payload;
  socket.last("mutate").callback({ ack: { client_id: m.client_id, mutation_id: m.mutation_id, seq: 11 } });
  assert.deepEqual(await done, { ack: { client_id: m.client_id, mutation_id: m.mutation_id, seq: 11 } });
  assert.equal(client.pendingCount, 0);
  assert.equal(client.get("activity", "a1").reach, 77, "no flicker back to the old value");
  socket.deliver("ops", echo(11, m));
  assert.equal(client.get("activity", "a1").reach, 77);
  assert.equal(client.get("activity", "a1")._pending, undefined);
  client.close();
});

test("a reject rolls the view back to the server's current values and emits reject with the reason", async () => {
  const { client, socket, events } = setup();
  const done = client.set("activity", "a1", "reach", "12");
  assert.equal(client.get("activity", "a1").reach, "12");
  const m = socket.last("mutate").payload;
  const reject = {
    client_id: m.client_id,
    mutation_id: m.mutation_id,
    reason: "Activiteit: bereik (aantal per jaar): moet een geheel getal zijn",
    current: { a1: { id: "a1", name: "Opvoedspreekuur", partner: "p1", reach: 15, status: "bestaand", _seq: 10 } },
    issues: [{ field: "reach", value: "12", message: "moet een geheel getal zijn" }],
  };
  socket.deliver("reject", reject);
  socket.last("mutate").callback({ reject: { ...reject, issues: undefined } }); // the callback after it: no-op
  assert.equal(client.get("activity", "a1").reach, 15, "rolled back to the server's value");
  assert.equal(client.pendingCount, 0);
  assert.equal(events.reject.length, 1);
  assert.equal(events.reject[0].reason, reject.reason);
  assert.deepEqual(events.reject[0].issues, reject.issues);
  assert.deepEqual(events.reject[0].mutation.ops, m.ops);
  assert.equal(events.change.at(-1).kind, "rollback");
  assert.equal((await done).reject.mutation_id, m.mutation_id);

  // a rejected create disappears from the view
  const id = client.create("comment", { target: "a1", text: "" });
  assert.ok(client.get("comment", id));
  const c = socket.last("mutate").payload;
  socket.deliver("reject", { client_id: c.client_id, mutation_id: c.mutation_id, reason: "tekst ontbreekt", current: { [id]: null }, issues: [] });
  assert.equal(client.get("comment", id), undefined);
  assert.equal(events.reject.length, 2);
  client.close();
});

test("a concurrent remote op on another field keeps our pending change; ours stays on top for the same field", () => {
  const { client, socket, events } = setup();
  client.set("activity", "a1", "reach", 120);
  socket.deliver("ops", opsEvent(11, [{ op: "set", type: "activity", id: "a1", field: "name", value: "Spreekuur" }]));
  assert.equal(client.get("activity", "a1").name, "Spreekuur");
  assert.equal(client.get("activity", "a1").reach, 120);
  assert.equal(events.change.at(-1).kind, "remote");
  assert.equal(events.change.at(-1).local, false);
  socket.deliver("ops", opsEvent(12, [{ op: "set", type: "activity", id: "a1", field: "reach", value: 3 }]));
  assert.equal(client.get("activity", "a1").reach, 120, "our later write wins once the server orders it");
  assert.equal(client.pendingCount, 1);
  client.close();
});

test("a gap in the seq makes the client join again with its seq", () => {
  const { client, socket } = setup();
  socket.clear();
  socket.deliver("ops", opsEvent(13, [{ op: "set", type: "activity", id: "a1", field: "reach", value: 1 }]));
  assert.equal(client.seq, 10, "the event after the gap is not applied");
  assert.deepEqual(socket.last("join").payload, { workspace: "demo", since: 10, batch: true });
  socket.deliver("ops", opsEvent(14, [])); // while rejoining: noted, not applied
  answerJoin(socket, null, [11, 12, 13].map((n) => opsEvent(n, [{ op: "set", type: "activity", id: "a1", field: "reach", value: n }])));
  assert.equal(client.seq, 13);
  assert.equal(client.get("activity", "a1").reach, 13);
  assert.equal(socket.emitted("join").length, 2, "behind again (14 was seen): one more join");
  assert.deepEqual(socket.last("join").payload, { workspace: "demo", since: 13, batch: true });
  answerJoin(socket, null, [opsEvent(14, [])]);
  assert.equal(client.seq, 14);
  assert.equal(socket.emitted("join").length, 2);
  assert.equal(socket.emitted("mutate").length, 0, "a rejoin on the same connection does not resend");
  client.close();
});

test("after a reconnect: join with since and resend every pending mutation in order with the same ids", async () => {
  const { client, socket, events } = setup();
  client.set("activity", "a1", "reach", 1);
  const first = socket.last("mutate").payload;
  socket.drop();
  assert.equal(client.status, "offline");
  client.set("activity", "a2", "reach", 2);
  const id = client.create("comment", { target: "a1", text: "offline gemaakt" });
  assert.equal(socket.emitted("mutate").length, 1, "nothing is emitted while offline");
  assert.equal(client.pendingCount, 3);
  assert.equal(client.get("comment", id).text, "offline gemaakt");
  assert.deepEqual(events.status.at(-1), { status: "offline", pendingCount: 3 });

  await sleep(20); // the back-off (base 1 ms, cap 5 ms) has run
  assert.ok(socket.connectCalls >= 1, "the client reconnects by itself");
  socket.clear();
  socket.open("sid-2");
  assert.deepEqual(socket.last("join").payload, { workspace: "demo", since: 10, batch: true });
  assert.equal(socket.emitted("mutate").length, 0, "resend waits for the join");
  answerJoin(socket, null, [opsEvent(11, [{ op: "set", type: "activity", id: "a2", field: "name", value: "Klas" }])]);
  assert.equal(client.status, "online");
  assert.equal(socket.emitted("mutate").length, 0, "a queue goes as one batch");
  const resent = socket.last("mutate_batch").payload.mutations;
  assert.equal(resent.length, 3);
  assert.deepEqual(resent[0], first);
  assert.deepEqual(resent.map((m) => m.client_id), Array(3).fill(client.clientId));
  assert.deepEqual(resent.map((m) => m.mutation_id), [first.mutation_id, first.mutation_id + 1, first.mutation_id + 2]);
  assert.equal(resent[2].ops[0].id, id);
  client.close();
});

const acks = (frame, seq) => ({
  results: frame.payload.mutations.map((m, k) => ({ ack: { client_id: m.client_id, mutation_id: m.mutation_id, seq: seq + k } })),
});

test("a resent queue goes in mutate_batch frames, one at a time; each answer settles its own mutation", async () => {
  const { client, socket, events } = setup();
  socket.drop();
  const done = [];
  for (let n = 0; n < 203; n++) done.push(client.set("activity", "a1", "reach", n));
  await sleep(20);
  socket.clear();
  socket.open("sid-2");
  answerJoin(socket, null, []);
  const [first] = socket.emitted("mutate_batch");
  assert.equal(socket.emitted("mutate_batch").length, 1, "the next frame waits for this one's answer");
  assert.equal(first.payload.mutations.length, 200, "at most 200 to a frame");
  const ids = first.payload.mutations.map((m) => m.mutation_id);
  assert.deepEqual(ids, [...ids].sort((a, b) => a - b), "in order");
  // all acked but the second (rejected) and the last (rate limited: nothing after it may overtake it)
  const answers = first.payload.mutations.map((m, k) => {
    if (k === 1) return { reject: { client_id: m.client_id, mutation_id: m.mutation_id, reason: "Bereik: moet een geheel getal zijn", current: {}, issues: [] } };
    if (k === 199) return { error: { code: "rate_limited", message: "U stuurt te veel wijzigingen", retry_after: 0.01 } };
    return { ack: { client_id: m.client_id, mutation_id: m.mutation_id, seq: 10 + k } };
  });
  first.callback({ results: answers });
  assert.deepEqual(await done[0], { ack: answers[0].ack });
  assert.deepEqual(await done[1], { reject: answers[1].reject });
  assert.equal(events.reject.length, 1);
  assert.equal(socket.emitted("mutate_batch").length, 1, "after an error nothing leaves before the resend");
  await sleep(20); // the back-off of resends (base 1 ms)
  const second = socket.last("mutate_batch");
  const again = second.payload.mutations.map((m) => m.mutation_id);
  assert.equal(again[0], ids[199], "the resend starts with the oldest unanswered one");
  assert.equal(again.length, 4);
  second.callback({ error: { code: "server_error", message: "De database is tijdelijk niet bereikbaar" } }); // the whole frame
  assert.equal(client.pendingCount, 4, "the rate-limited one and the three behind it wait");
  await sleep(20);
  const third = socket.last("mutate_batch");
  assert.deepEqual(third.payload.mutations.map((m) => m.mutation_id), again, "sent again, in order");
  third.callback(acks(third, 300));
  assert.deepEqual(await done[202], { ack: { client_id: client.clientId, mutation_id: again[3], seq: 303 } });
  client.close();
});

test("a resent queue is cut so that no frame holds more than 2,000 operations", async () => {
  const { client, socket } = setup();
  socket.drop();
  const sets = (n, value) => Array.from({ length: n }, () => ({ op: "set", type: "activity", id: "a1", field: "reach", value }));
  client.mutate(sets(1500, 1)); // an Excel paste
  client.mutate(sets(400, 2));
  client.mutate(sets(400, 3));
  client.mutate(sets(1, 4));
  await sleep(20);
  socket.clear();
  socket.open("sid-2");
  answerJoin(socket, null, []);
  const first = socket.last("mutate_batch");
  first.callback(acks(first, 11));
  const frames = socket.emitted("mutate_batch");
  assert.deepEqual(frames.map((f) => f.payload.mutations.map((m) => m.ops.length)), [[1500, 400], [400, 1]]);
  frames[1].callback(acks(frames[1], 13));
  client.mutate(sets(1999, 6)); // nothing waits: sent as it is made, one mutation in one frame
  assert.equal(socket.sent.at(-1).name, "mutate");
  client.close();
});

test("a batch the server refuses as a whole (its limits differ) is sent again one mutation per frame", async () => {
  const { client, socket } = setup();
  socket.drop();
  client.set("activity", "a1", "reach", 1);
  client.set("activity", "a1", "reach", 2);
  await sleep(20);
  socket.clear();
  socket.open("sid-2");
  answerJoin(socket, null, []);
  socket.last("mutate_batch").callback({ error: { code: "bad_request", message: "mutate_batch verwacht ..." } });
  await sleep(20);
  assert.equal(socket.emitted("mutate_batch").length, 1);
  const single = socket.last("mutate");
  assert.equal(single.payload.ops[0].value, 1);
  single.callback({ ack: { client_id: single.payload.client_id, mutation_id: single.payload.mutation_id, seq: 11 } });
  assert.equal(socket.last("mutate").payload.ops[0].value, 2);
  client.close();
});

test("connect_error is reported and retried with back-off", async () => {
  const { client, socket, events } = setup({ join: false });
  socket.deliver("connect_error", new Error("Niet aangemeld."));
  assert.equal(client.status, "offline");
  assert.deepEqual(events.error.at(-1), { code: "connect_error", message: "Niet aangemeld." });
  await sleep(20);
  assert.equal(socket.connectCalls, 1);
  client.close();
  socket.deliver("connect_error", new Error("na close")); // handlers are gone
  assert.equal(events.error.length, 1);
});

test("a server_error on mutate keeps the mutation and sends it again later", async () => {
  const { client, socket } = setup();
  client.set("activity", "a1", "reach", 5);
  const sent = socket.last("mutate");
  sent.callback({ error: { code: "server_error", message: "De wijziging kon niet worden opgeslagen" } });
  assert.equal(client.pendingCount, 1);
  await sleep(20);
  assert.equal(socket.emitted("mutate").length, 2);
  assert.deepEqual(socket.last("mutate").payload, sent.payload);
  client.close();
});

test("pending mutations survive a reload: a new client over the same storage shows and resends them", () => {
  const storage = memoryStorage();
  const first = setup({ storage });
  first.socket.drop();
  first.client.set("activity", "a1", "reach", 42);
  const id = first.client.create("activity", { name: "Offline", partner: "p1" });
  const clientId = first.client.clientId;
  first.client.close();

  const second = setup({ storage, join: false });
  assert.equal(second.client.clientId, clientId, "the client id is kept per browser and workspace");
  assert.equal(second.client.pendingCount, 2);
  assert.equal(second.client.get("activity", id).name, "Offline", "queued creates show before the snapshot");
  second.socket.open();
  assert.deepEqual(second.socket.last("join").payload, { workspace: "demo", since: null, batch: true });
  answerJoin(second.socket, structuredClone(SNAPSHOT));
  assert.equal(second.client.get("activity", "a1").reach, 42);
  const frame = second.socket.last("mutate_batch");
  const resent = frame.payload.mutations;
  frame.callback({ results: resent.map((m, k) => ({ ack: { client_id: m.client_id, mutation_id: m.mutation_id, seq: 11 + k } })) });
  assert.deepEqual(resent.map((m) => m.ops[0].op), ["set", "create"]);
  assert.deepEqual(resent.map((m) => m.client_id), [clientId, clientId]);
  assert.equal(resent[1].mutation_id, resent[0].mutation_id + 1);
  // a new mutation never reuses an id
  second.client.set("activity", "a2", "reach", 1);
  assert.ok(second.socket.last("mutate").payload.mutation_id > resent[1].mutation_id);
  second.client.close();

  const otherMember = new SyncClient({ workspace: "demo", member: "m2", storage, io: fakeIo() });
  assert.notEqual(otherMember.clientId, clientId, "another member gets its own client id");
  assert.equal(otherMember.pendingCount, 0);
});

test("two tabs over one storage never share a mutation id and keep each other's queued edits", () => {
  const storage = memoryStorage();
  const tabA = setup({ storage });
  const tabB = setup({ storage });
  assert.equal(tabA.client.clientId, tabB.client.clientId, "one client id per browser");
  for (const s of [tabA.socket, tabB.socket]) s.drop();
  tabA.client.set("activity", "a1", "reach", 1);
  tabB.client.set("activity", "a1", "reach", 2);
  tabA.client.set("activity", "a1", "reach", 3);
  const stored = () => JSON.parse(storage.getItem("matrixsync:pending:demo:m1"));
  const ids = stored().map((m) => m.mutation_id);
  assert.equal(new Set(ids).size, 3, "distinct ids");
  assert.deepEqual(stored().map((m) => m.ops[0].value), [1, 2, 3]);
  // tab A's edits are confirmed; tab B's stays stored
  tabA.socket.open("sid-a");
  answerJoin(tabA.socket, null, []);
  const sentA = tabA.socket.last("mutate_batch").payload.mutations;
  for (const [n, m] of sentA.entries()) tabA.socket.deliver("ops", echo(11 + n, m));
  assert.equal(tabA.client.pendingCount, 0);
  assert.deepEqual(stored().map((m) => m.ops[0].value), [2]);
  tabA.client.close();
  tabB.client.close();
});

test("a corrupt stored queue is ignored", () => {
  const storage = memoryStorage();
  storage.setItem("matrixsync:pending:demo:m1", "{not json");
  storage.setItem("matrixsync:client:demo:m1", "bad id with spaces");
  const client = new SyncClient({ workspace: "demo", member: "m1", storage, io: fakeIo() });
  assert.equal(client.pendingCount, 0);
  assert.match(client.clientId, /^board-[0-9a-f-]{36}$/);
  storage.setItem("matrixsync:pending:demo:m1", JSON.stringify([{ client_id: "x", mutation_id: 1, ops: [{ op: "boom" }] }, 7]));
  assert.equal(new SyncClient({ workspace: "demo", member: "m1", storage, io: fakeIo() }).pendingCount, 0);
});

test("base_seq: the confirmed object's seq, omitted after our own pending write of the field", () => {
  const { client, socket } = setup();
  let seq = 100;
  const sentOps = () => {
    // the frame just sent (one at a time), answered so that the next one may leave
    const frame = socket.last("mutate");
    frame.callback({ ack: { client_id: frame.payload.client_id, mutation_id: frame.payload.mutation_id, seq: seq++ } });
    return frame.payload.ops;
  };
  client.set("activity", "a1", "reach", 1);
  assert.equal(sentOps()[0].base_seq, 5, "the object's _seq");
  client.set("activity", "a1", "reach", 2);
  assert.equal("base_seq" in sentOps()[0], false, "our own earlier write comes first");
  client.set("activity", "a1", "name", "Ander");
  assert.equal(sentOps()[0].base_seq, 5, "another field: protected");
  const id = client.create("activity", { name: "Nieuw", partner: "p1" });
  assert.equal(sentOps()[0].op, "create");
  client.set("activity", id, "reach", 3);
  assert.equal("base_seq" in sentOps()[0], false, "not confirmed yet: nothing to protect");
  client.update("activity", "a2", { reach: 4, name: "Klas" });
  assert.deepEqual(sentOps().map((op) => op.base_seq), [7, 7]);
  client.mutate([{ op: "set", type: "activity", id: "a2", field: "status", value: "gepland", base_seq: null }]);
  assert.equal("base_seq" in sentOps()[0], false, "base_seq: null sends none");
  client.mutate([
    { op: "set", type: "partner", id: "p1", field: "name", value: "x" },
    { op: "set", type: "partner", id: "p1", field: "name", value: "y" },
  ]);
  assert.equal(sentOps()[0].base_seq, 2);
  assert.equal("base_seq" in sentOps()[1], false, "an earlier op of the same mutation counts too");
  // after the server confirmed a newer version, the newer seq is used
  socket.deliver("ops", opsEvent(11, [{ op: "set", type: "outcome", id: "o9", field: "title", value: "t" }]));
  socket.deliver("ops", opsEvent(12, [{ op: "create", type: "outcome", id: "o2", fields: { title: "A" } }]));
  client.set("outcome", "o2", "title", "B");
  assert.equal(sentOps()[0].base_seq, 12);
  client.close();
});

test("presence: only changes are sent, at most one per interval, and the last state always goes out", async () => {
  const { client, socket, events } = setup({ presenceInterval: 40 });
  socket.clear();
  client.setPresence({ card: "a1" });
  assert.deepEqual(socket.emitted("presence").map((e) => e.payload), [{ card: "a1", field: null }]);
  client.setPresence({ card: "a1", field: "name" });
  client.setPresence({ card: "a1", field: "reach" });
  client.setPresence({ card: "a2", field: "reach" });
  assert.equal(socket.emitted("presence").length, 1, "throttled");
  await sleep(80);
  assert.deepEqual(socket.emitted("presence").map((e) => e.payload), [{ card: "a1", field: null }, { card: "a2", field: "reach" }]);
  client.setPresence({ card: "a2", field: "reach" });
  await sleep(60);
  assert.equal(socket.emitted("presence").length, 2, "unchanged: not sent");
  // back to a state already sent while a send is waiting: nothing extra goes out
  client.setPresence({ card: "a3" }); // the interval has passed: sent at once
  client.setPresence({ card: null }); // waits for the interval...
  client.setPresence({ card: "a3" }); // ...and is taken back: the waiting send has nothing to do
  await sleep(60);
  assert.deepEqual(socket.emitted("presence").map((e) => e.payload.card), ["a1", "a2", "a3"]);

  // the map follows the server's events
  socket.deliver("presence", { entries: [
    { sid: "s1", member: "m1", name: "Ann", partner: "p1", card: "a1", field: null },
    { sid: "s2", member: "m2", name: "Bob", partner: "p1", card: null, field: null },
  ] });
  socket.deliver("presence", { entries: [{ sid: "s2", member: "m2", name: "Bob", partner: "p1", card: null, field: null, left: true }] });
  assert.deepEqual([...client.presence.keys()], ["s1"]);
  assert.equal(events.presence.length, 2);

  // after a reconnect the server starts afresh: our state is sent again
  socket.drop();
  assert.equal(client.presence.size, 0);
  await sleep(20);
  socket.clear();
  socket.open("sid-2");
  answerJoin(socket, null, []);
  await sleep(60);
  assert.deepEqual(socket.emitted("presence").map((e) => e.payload), [{ card: "a3", field: null }]);
  client.close();
});

test("an ops_batch applies its events in order, like ops one by one; a gap inside it asks for a rejoin", () => {
  const { client, socket, events } = setup();
  const before = events.change.length;
  socket.deliver("ops_batch", {
    events: [
      opsEvent(11, [{ op: "set", type: "activity", id: "a1", field: "reach", value: 50 }]),
      opsEvent(11, [{ op: "set", type: "activity", id: "a1", field: "reach", value: 999 }]), // already had: ignored
      opsEvent(12, [{ op: "set", type: "activity", id: "a1", field: "name", value: "Spreekuur" }]),
      null,
    ],
  });
  assert.equal(client.seq, 12);
  assert.equal(client.get("activity", "a1").reach, 50);
  assert.equal(client.get("activity", "a1").name, "Spreekuur");
  assert.equal(events.change.length, before + 2);
  const joins = socket.emitted("join").length;
  socket.deliver("ops_batch", { events: [opsEvent(14, [])] });
  assert.equal(client.seq, 12);
  assert.equal(socket.emitted("join").length, joins + 1);
  assert.deepEqual(socket.last("join").payload, { workspace: "demo", since: 12, batch: true });
  client.close();
});

test("malformed server messages are ignored and never throw", () => {
  const { client, socket, events } = setup();
  const before = events.change.length;
  const junk = [null, undefined, 42, "x", [], {}, { seq: "11" }, { seq: -1, ops: [] }, { seq: 11, ops: "nope" }, { seq: 1.5, ops: [] }];
  for (const name of ["snapshot", "ops", "ops_batch", "ack", "reject", "presence", "error"]) {
    for (const payload of junk) assert.doesNotThrow(() => socket.deliver(name, payload));
  }
  socket.deliver("snapshot", { ...SNAPSHOT, workspace: "other" });
  socket.deliver("snapshot", { seq: 3, objects: [] });
  socket.deliver("presence", { entries: [null, 5, { sid: 3 }, { name: "no sid" }] });
  socket.deliver("ack", { client_id: client.clientId, mutation_id: 999999, seq: 11 });
  socket.deliver("reject", { client_id: client.clientId, mutation_id: 999999, reason: "?" });
  assert.equal(client.seq, 10);
  assert.equal(client.get("activity", "a1").reach, 10);
  assert.equal(client.presence.size, 0);
  assert.equal(events.change.length, before);
  assert.equal(events.reject.length, 0);
  // a well-formed event with some bad ops: the good ones apply, the seq advances
  socket.deliver("ops", opsEvent(11, [null, { op: "set", type: "activity" }, { op: "set", type: "activity", id: "a1", field: "reach", value: 11 }]));
  assert.equal(client.seq, 11);
  assert.equal(client.get("activity", "a1").reach, 11);
  // a join answer that is no answer leaves the client connecting, not broken
  socket.drop();
  socket.open("sid-3");
  assert.doesNotThrow(() => socket.last("join").callback({ error: { code: "forbidden" } }));
  assert.equal(client.status, "connecting");
  assert.throws(() => client.mutate([]), TypeError);
  assert.throws(() => client.mutate([{ op: "explode" }]), TypeError);
  client.close();
});

test("server progress events are passed on as a progress event; malformed ones are ignored", () => {
  const { client, socket } = setup();
  const seen = [];
  client.addEventListener("progress", (e) => seen.push(e.detail));
  const event = { task: "deck", member: "m1", percent: 40, message: "Preventie" };
  socket.deliver("progress", event);
  socket.deliver("progress", { task: "deck", percent: 100 });
  for (const junk of [null, 7, "x", [], {}, { task: "deck" }, { task: "", percent: 5 }, { task: 3, percent: 5 },
    { task: "deck", percent: "50" }, { task: "deck", percent: -1 }, { task: "deck", percent: 101 }, { task: "deck", percent: NaN }]) {
    assert.doesNotThrow(() => socket.deliver("progress", junk));
  }
  assert.deepEqual(seen, [event, { task: "deck", percent: 100 }]);
  assert.notEqual(seen[0], event, "the detail is a copy");
  client.close();
});

// --- the real server ------------------------------------------------------------------------------------

const ROOT = new URL("../../", import.meta.url).pathname;
const PYTHON = join(ROOT, ".venv/bin/python");

/** Resolve with `check()` once it is truthy (polled every 25 ms); reject after `ms`. */
function until(check, ms = 10000, what = "condition") {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const tick = () => {
      let value;
      try {
        value = check();
      } catch {
        value = undefined;
      }
      if (value) return resolve(value);
      if (Date.now() - started > ms) return reject(new Error(`timed out waiting for ${typeof what === "function" ? what() : what}`));
      setTimeout(tick, 25);
    };
    tick();
  });
}

/** `promise`, or a rejection after `ms`. */
function within(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

test("integration: two clients against the real server see each other's edits", { timeout: 90000 }, async (t) => {
  const home = mkdtempSync(join(tmpdir(), "matrixsync-web-"));
  let server = null;
  const clients = [];
  const stop = () => {
    for (const c of clients) c.close();
    if (server && server.exitCode === null && server.signalCode === null) server.kill("SIGKILL");
  };
  process.once("exit", stop); // even if the runner is torn down
  t.after(() => {
    stop();
    process.removeListener("exit", stop);
    rmSync(home, { recursive: true, force: true });
  });

  const env = { ...process.env, MATRIXSYNC_HOME: home };
  for (const name of ["MATRIXSYNC_DATABASE_URL", "MATRIXSYNC_REDIS_URL", "MATRIXSYNC_SECRET_KEY"]) delete env[name];
  const cli = (...args) => execFileSync(PYTHON, ["-m", "server.cli", ...args], { cwd: ROOT, env, timeout: 60000, encoding: "utf8" });
  cli("demo");
  const token = cli("token", "--workspace", "demo", "--partner", "cjg", "--role", "partner").trim();
  // port 0: the server picks a free port and prints it
  server = spawn(PYTHON, ["-m", "server.cli", "serve", "--port", "0"], { cwd: ROOT, env, stdio: ["ignore", "ignore", "pipe"] });

  let stderr = "";
  server.stderr.on("data", (chunk) => (stderr += chunk));
  const port = await until(() => stderr.match(/http:\/\/127\.0\.0\.1:(\d+)/)?.[1], 30000, () => `the server to start: ${stderr}`);
  const url = `http://127.0.0.1:${port}`;

  const make = (storage = memoryStorage()) => {
    const c = new SyncClient({ url, workspace: "demo", token, member: "cjg", storage, io: realIo });
    clients.push(c);
    return c.connect();
  };
  const alice = make();
  const bob = make();
  await until(() => alice.status === "online" && bob.status === "online", 15000, "both online");
  assert.notEqual(alice.clientId, bob.clientId);
  const cjg = alice.list("partner").find((p) => p.slug === "cjg");
  assert.ok(cjg, "the demo has partner cjg");

  const id = alice.create("activity", { name: "Integratietest", partner: cjg.id });
  await until(() => bob.get("activity", id), 10000, "bob sees the new activity");
  assert.equal(bob.get("activity", id).name, "Integratietest");
  assert.equal(bob.get("activity", id).status, "bestaand", "the server filled in the defaults");

  const ack = await alice.set("activity", id, "reach", 120);
  assert.ok(ack.ack && ack.ack.seq > 0);
  await until(() => bob.get("activity", id)?.reach === 120, 10000, "bob sees the reach");
  assert.equal(alice.pendingCount, 0);

  bob.create("comment", { target: id, text: "Mooi initiatief" });
  await until(() => alice.list("comment").find((c) => c.target === id && c.author), 10000, "alice sees the comment");

  // a refused write is rolled back, with the reason
  const rejected = new Promise((resolve) => alice.addEventListener("reject", (e) => resolve(e.detail), { once: true }));
  alice.set("activity", id, "reach", "12");
  const detail = await within(rejected, 10000, "the reject");
  assert.match(detail.reason, /geheel getal/);
  assert.equal(alice.get("activity", id).reach, 120);

  // a stale write (based on an older seq) is refused, not silently overwritten
  const stale = await alice.mutate([{ op: "set", type: "activity", id, field: "reach", value: 7, base_seq: 1 }]);
  assert.ok(stale.reject, "stale base_seq is refused");
  assert.equal(alice.get("activity", id).reach, 120);

  // presence reaches the other client
  alice.setPresence({ card: id, field: "reach" });
  await until(() => [...bob.presence.values()].find((p) => p.sid === alice.sid && p.card === id), 10000, "bob sees alice's presence");

  // the connection drops: bob reconnects by himself and catches up
  bob._socket.io.engine.close();
  assert.equal(bob.status, "offline");
  await until(() => bob.status === "online", 15000, "bob back online");
  await alice.set("activity", id, "description", "na het herverbinden");
  await until(() => bob.get("activity", id)?.description === "na het herverbinden", 10000, "bob catches up");

  // bob is offline and edits; alice writes the same field meanwhile: bob's stale write is refused
  // visibly, his other field goes through, and both end up identical
  const bobStorage = bob._storage;
  bob.close();
  bob.set("activity", id, "reach", 200);
  bob.set("activity", id, "contribution", "We doen dit, zodat dat");
  assert.equal(bob.pendingCount, 2);
  assert.ok((await alice.set("activity", id, "reach", 300)).ack);
  const bobRejects = [];
  bob.addEventListener("reject", (e) => bobRejects.push(e.detail));
  bob.connect();
  await until(() => bob.status === "online" && bob.pendingCount === 0, 15000, "bob's queue sent");
  await until(() => alice.get("activity", id)?.contribution === "We doen dit, zodat dat", 10000, "alice gets bob's field");
  assert.equal(bobRejects.length, 1);
  assert.match(bobRejects[0].reason, /intussen gewijzigd/);
  assert.equal(bob.get("activity", id).reach, 300);
  assert.equal(alice.get("activity", id).reach, 300);

  // bob edits offline and reloads the page: the new page sends the stored edit
  bob.close();
  bob.set("activity", id, "indicator_goals", "na herladen");
  const bob2 = make(bobStorage);
  assert.equal(bob2.clientId, bob.clientId);
  assert.equal(bob2.pendingCount, 1);
  await until(() => alice.get("activity", id)?.indicator_goals === "na herladen" && bob2.pendingCount === 0, 10000, "the reloaded edit arrives");
  await until(() => alice.seq === bob2.seq, 10000, "same seq");
  const strip = ({ _pending, ...rest }) => rest;
  assert.deepEqual(bob2.list("activity").map(strip), alice.list("activity").map(strip), "both views identical");
});
