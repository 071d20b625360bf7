/**
 * The matrixsync sync client: speaks the wire protocol of docs/protocol.md over the Socket.IO namespace
 * `/sync`. Shared by the live board and (later) the Excel and PowerPoint task panes.
 *
 * Two layers: the *confirmed* state (the server's snapshot plus every `ops` event, in seq order) and the
 * *pending* queue of our own mutations the server has not confirmed yet. What the UI shows, the *view*, is
 * the confirmed state with the pending mutations applied on top, in order. A local edit changes the view at
 * once (optimistic); the server's `ops` event for it (or its `ack`) confirms it; a `reject` drops it, so the
 * view falls back to the server's values. The queue is kept in `storage`, so a reload keeps offline edits;
 * after every (re)join it is resent with the original ids (safe: the server acknowledges a replay again).
 * Mutations leave in order, one frame at a time; what piles up while a frame awaits its answer goes together
 * in the next (`mutate_batch`), which the server applies in one transaction.
 *
 * Objects from get()/list() are frozen: never change them, call set()/mutate(). An object changed by a
 * pending mutation carries `_pending: true`; `_seq` is the seq of its last confirmed change.
 */
import { io as defaultIo } from "socket.io-client";

const PRESENCE_INTERVAL = 200; // ms between presence messages: at most 5 a second
const BACKOFF = { base: 500, cap: 15000 }; // ms, exponential with full jitter
const MAX_CATCH_UP = 5; // rejoins in a row that may fail to bring us up to date
const MAX_BATCH = 200; // mutations in one mutate_batch frame (the server's limit and its rate limit's burst)
const MAX_BATCH_OPS = 2000; // and operations in all of them together (the server's limit)
const OP_KINDS = new Set(["create", "set", "delete", "restore"]);

const isObj = (v) => v !== null && typeof v === "object" && !Array.isArray(v);
const isSeq = (v) => Number.isInteger(v) && v >= 0;
const isId = (v) => typeof v === "string" && v.length > 0;
const validOp = (op) =>
  isObj(op) && OP_KINDS.has(op.op) && isId(op.type) && isId(op.id) &&
  (op.op !== "set" || isId(op.field)) && (op.op !== "create" || isObj(op.fields));
const wire = ({ client_id, mutation_id, ops }) => ({ client_id, mutation_id, ops });
/** Mutations in order, cut into mutate_batch frames within the server's limits. */
function chunks(list) {
  const out = [];
  let ops = Infinity;
  for (const m of list) {
    if (out.length === 0 || out.at(-1).length >= MAX_BATCH || ops + m.ops.length > MAX_BATCH_OPS) {
      out.push([]);
      ops = 0;
    }
    out.at(-1).push(m);
    ops += m.ops.length;
  }
  return out;
}

/** A random v4 UUID. `crypto.randomUUID` exists only in secure contexts (https, localhost), so fall back. */
export function uuid() {
  const c = globalThis.crypto;
  if (typeof c?.randomUUID === "function") return c.randomUUID();
  const b = c.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

function freeze(obj) {
  for (const v of Object.values(obj)) if (Array.isArray(v)) Object.freeze(v);
  return Object.freeze(obj);
}

/** The object after `op` (a new object; `obj` is never changed), or `obj` itself when the op has no effect. */
function applyOp(obj, op) {
  if (op.op === "create") return { ...op.fields, id: op.id };
  if (op.op === "set") return obj && !obj._deleted ? { ...obj, [op.field]: op.value } : obj;
  if (op.op === "delete") return obj && !obj._deleted ? { ...obj, _deleted: true } : obj;
  if (!obj && !isObj(op.fields)) return obj; // restore of an object we never saw: wait for the server
  const { _deleted, ...rest } = obj ?? {};
  return { ...rest, ...(isObj(op.fields) ? op.fields : {}), id: op.id };
}

const tableOf = (maps, type) => maps.get(type) ?? maps.set(type, new Map()).get(type);

function browserStorage() {
  try { return globalThis.localStorage ?? null; } catch { return null; } // throws where storage is blocked
}

function memoryStorage() {
  const m = new Map();
  return { getItem: (k) => (m.has(k) ? m.get(k) : null), setItem: (k, v) => void m.set(k, String(v)) };
}

/**
 * A connection to one workspace. Events (CustomEvent, payload in `event.detail`):
 * - `change` `{seq, ops, local, kind, event?}`: the view changed. `kind`: "snapshot" | "remote" (someone
 *   else's ops; `event` is the server's ops event) | "local" (our optimistic edit) | "confirm" (the server
 *   confirmed ours) | "rollback" (a reject undid ours); `local` is true for the last three.
 * - `reject` `{reason, issues, current, mutation}`: the server refused one of our mutations; the view is
 *   already rolled back.
 * - `status` `{status, pendingCount}`: either one changed.
 * - `presence` `{entries}`: the entries that changed; the whole picture is in `client.presence`.
 * - `error` `{code, message}`: the server's `error` event, or code "connect_error" when connecting failed
 *   or was refused (bad token); connecting is retried.
 * - `progress` `{task, percent, member?, message?, ...}`: the server's `progress` event, passed on as it
 *   came (e.g. `{task: "deck", member, percent, message}` while a deck is built for `member`); it goes to
 *   the whole workspace room, so check `member`. Ignored unless `task` is a non-empty string and `percent`
 *   a number from 0 to 100.
 */
export class SyncClient extends EventTarget {
  /**
   * @param {object} options
   * @param {string} [options.url] server origin ("" = this page's origin)
   * @param {string} options.workspace the workspace slug (the one the token or session names)
   * @param {string|null} [options.token] bearer token; without one the browser's cookie session is used
   * @param {string} [options.member] member id: keeps client id and queue apart per member in one browser
   * @param {Storage|null} [options.storage] keeps client id, mutation counter and pending queue
   * @param {Function} [options.io] socket.io-client's `io` (injectable for tests)
   * @param {string} [options.clientIdPrefix] prefix of the generated client id
   * @param {number} [options.presenceInterval] minimum ms between two presence messages
   * @param {{base: number, cap: number}} [options.backoff] reconnect back-off in ms
   */
  constructor({
    url = "", workspace, token = null, member = "", storage = browserStorage(), io = defaultIo,
    clientIdPrefix = "board", presenceInterval = PRESENCE_INTERVAL, backoff = BACKOFF,
  } = {}) {
    super();
    if (!isId(workspace)) throw new TypeError("SyncClient: workspace ontbreekt");
    Object.assign(this, { url: url.replace(/\/+$/, ""), workspace, token, member });
    this._io = io;
    this._storage = storage ?? memoryStorage();
    this._presenceInterval = presenceInterval;
    this._backoff = backoff;
    const scope = `${workspace}:${member}`;
    this._keys = { client: `matrixsync:client:${scope}`, next: `matrixsync:next:${scope}`, pending: `matrixsync:pending:${scope}` };
    /** This browser's client id for the workspace (kept in storage). */
    this.clientId = this._read(this._keys.client);
    if (!/^[A-Za-z0-9_.:-]{1,100}$/.test(this.clientId ?? "")) {
      this.clientId = `${clientIdPrefix}-${uuid()}`;
      this._write(this._keys.client, this.clientId);
    }
    this._pending = this._loadPending(); // [{client_id, mutation_id, ops, acked?: seq}]
    // Other tabs of this browser share the client id, the counter and the stored queue. Never reuse a
    // mutation id: each one is above the stored counter (read again for every mutation), every queued id
    // and, should a write of the counter ever have failed, the clock at page load
    this._owned = new Set(this._pending.map((m) => m.mutation_id)); // queued ids this tab looks after
    this._next = Math.max(...this._pending.map((m) => m.mutation_id + 1), Date.now());
    /** Workspace name, from the snapshot. */
    this.name = "";
    /** @type {Map<string, object>} sid -> presence entry `{sid, member, name, partner, card, field}` */
    this.presence = new Map();
    this._confirmed = new Map(); // type -> Map(id -> object), tombstones included
    this._overlay = new Map(); // type -> Map(id -> object): the objects as the pending mutations leave them
    this._waiters = new Map(); // mutation_id -> resolve of mutate()'s promise
    this._timers = { reconnect: null, retry: null, presence: null };
    this._presenceWant = this._presenceSent = { card: null, field: null };
    // _gen counts connections (answers meant for an older one are ignored); _behind: a gap was seen
    // while a join was under way; _attempt/_retries drive the back-off of reconnects/resends
    Object.assign(this, { _seq: 0, _hasState: false, _status: "offline", _announced: "", _socket: null, _gen: 0 });
    Object.assign(this, { _joined: false, _joining: false, _behind: false, _catchUps: 0, _attempt: 0, _retries: 0, _presenceAt: 0 });
    // sending (_pump): the mutations sent on this connection (held weakly: settled ones may go), whether a
    // frame awaits its answer, and whether the server refused a batch (then one mutation per frame)
    Object.assign(this, { _sent: new WeakSet(), _busy: false, _oneByOne: false });
    this._online = () => this._guard(() => this._reconnectNow());
    this._rebuild();
  }

  /** Last server seq applied to the confirmed state. */
  get seq() { return this._seq; }
  /** "connecting" | "online" (joined) | "offline" */
  get status() { return this._status; }
  /** Mutations sent or queued but not acknowledged yet. */
  get pendingCount() { return this._pending.filter((m) => !m.acked).length; }
  /** This connection's Socket.IO id (the `sid` of our own presence entry), while connected. */
  get sid() { return this._socket?.id; }

  /** Open the socket, join the workspace, and keep reconnecting until close(). */
  connect() {
    if (this._socket) return this;
    const opts = { transports: ["websocket"], reconnection: false, forceNew: true };
    if (this.token) opts.auth = { token: this.token };
    const s = (this._socket = this._io(`${this.url}/sync`, opts));
    const handlers = {
      connect: this._onConnect, disconnect: this._onDisconnect, connect_error: this._onConnectError,
      snapshot: this._onSnapshot, ops: this._onOps, ops_batch: this._onOpsBatch, ack: this._onAck, reject: this._onReject,
      presence: this._onPresence, error: this._onServerError, progress: this._onProgress,
    };
    for (const [name, fn] of Object.entries(handlers)) s.on(name, (...args) => this._guard(() => fn.apply(this, args)));
    globalThis.addEventListener?.("online", this._online);
    this._setStatus("connecting");
    return this;
  }

  /** Close the connection for good (the pending queue stays stored). */
  close() {
    for (const name of Object.keys(this._timers)) clearTimeout(this._timers[name]);
    this._timers = { reconnect: null, retry: null, presence: null };
    globalThis.removeEventListener?.("online", this._online);
    const s = this._socket;
    this._socket = null;
    this._gen++;
    this._joined = this._joining = false;
    s?.off?.(); // no handlers left, so nothing reconnects
    s?.disconnect();
    this.presence.clear();
    this._setStatus("offline");
  }

  /** The view's object, or undefined (also for a deleted one, unless `{deleted: true}`). */
  get(type, id, { deleted = false } = {}) {
    const layer = this._overlay.get(type);
    const obj = layer?.has(id) ? layer.get(id) : this._confirmed.get(type)?.get(id);
    return obj && (deleted || !obj._deleted) ? obj : undefined;
  }

  /** The view's objects of a type (not deleted ones, unless `{deleted: true}`). @returns {object[]} */
  list(type, { deleted = false } = {}) {
    const layer = this._overlay.get(type);
    const confirmed = this._confirmed.get(type) ?? new Map();
    const out = [];
    const keep = (obj) => obj && (deleted || !obj._deleted) && out.push(obj);
    for (const [id, obj] of confirmed) keep(layer?.has(id) ? layer.get(id) : obj);
    for (const [id, obj] of layer ?? []) if (!confirmed.has(id)) keep(obj);
    return out;
  }

  /** Create an object; returns its id at once (the server fills in missing fields with defaults). */
  create(type, fields = {}, id = uuid()) {
    this.mutate([{ op: "create", type, id, fields }]);
    return id;
  }

  /** Set one field (with stale-write protection, see mutate()). Returns mutate()'s promise. */
  set(type, id, field, value) { return this.mutate([{ op: "set", type, id, field, value }]); }

  /** Set several fields of one object as one mutation (all or nothing), e.g. a card dragged to a cell. */
  update(type, id, fields) {
    return this.mutate(Object.entries(fields).map(([field, value]) => ({ op: "set", type, id, field, value })));
  }

  /** Delete (a tombstone; restore() undoes it). */
  delete(type, id) { return this.mutate([{ op: "delete", type, id }]); }

  /** Undo a delete. */
  restore(type, id) { return this.mutate([{ op: "restore", type, id }]); }

  /**
   * Send ops as one mutation (all or nothing); the view shows them at once. A `set` op without `base_seq`
   * gets the confirmed object's `_seq` (so the server refuses it when someone changed the field since),
   * unless an earlier pending op of ours writes that field or creates the object; `base_seq: null` sends
   * none. Resolves with `{ack}` or `{reject}` however long it takes (offline edits wait); never rejects.
   * Throws a TypeError on malformed ops.
   * @param {object[]} ops
   * @returns {Promise<{ack: object}|{reject: object}>}
   */
  mutate(ops) {
    if (!Array.isArray(ops) || ops.length === 0) throw new TypeError("mutate: een niet-lege lijst bewerkingen verwacht");
    ops = JSON.parse(JSON.stringify(ops)); // our own copy, exactly as it is stored and sent
    const bad = ops.find((op) => !validOp(op));
    if (bad) throw new TypeError(`mutate: ongeldige bewerking ${JSON.stringify(bad)}`);
    const earlier = this._pending.flatMap((m) => m.ops);
    for (const op of ops) {
      if (op.op === "set" && op.base_seq === null) delete op.base_seq;
      else if (op.op === "set" && op.base_seq === undefined) {
        const writes = (o) => o.type === op.type && o.id === op.id && (o.op === "create" || (o.op === "set" && o.field === op.field));
        const confirmed = this._confirmed.get(op.type)?.get(op.id);
        if (!earlier.some(writes) && isSeq(confirmed?._seq)) op.base_seq = confirmed._seq;
      }
      earlier.push(op);
    }
    const mutationId = Math.max(this._next, Number(this._read(this._keys.next)) || 0);
    const m = { client_id: this.clientId, mutation_id: mutationId, ops };
    this._next = mutationId + 1;
    this._write(this._keys.next, String(this._next));
    this._owned.add(m.mutation_id);
    this._pending.push(m);
    this._persist();
    const done = new Promise((resolve) => this._waiters.set(m.mutation_id, resolve));
    this._changed({ ops, local: true, kind: "local" });
    this._pump();
    return done;
  }

  /**
   * Say which card (object id) and field we have open. Sent only when it changed, at most once per
   * `presenceInterval` ms; the last state always goes out (again after a reconnect, too).
   */
  setPresence({ card = null, field = null } = {}) {
    this._presenceWant = { card: card ?? null, field: field ?? null };
    this._flushPresence();
  }

  // --- connection --------------------------------------------------------------------------------------

  _onConnect() {
    this._gen++;
    this._setStatus("connecting");
    this._join(true);
  }

  /** Join (again): a snapshot the first time, else the ops since our seq; after a connect, resend the queue. */
  _join(afterConnect) {
    const gen = this._gen;
    this._joining = true;
    this._behind = false;
    const since = this._hasState ? this._seq : null;
    // batch: room events come as `ops_batch` (several in one frame when many come at once)
    this._socket.emit("join", { workspace: this.workspace, since, batch: true }, (res) => this._guard(() => {
      if (gen !== this._gen) return;
      this._joining = false;
      if (!isObj(res) || !isSeq(res.seq)) return; // refused: the server's `error` event says why
      this._joined = true;
      this._attempt = 0;
      this._setStatus("online");
      if (afterConnect) {
        // a new connection: everything unacknowledged goes again, in order, from the oldest
        clearTimeout(this._timers.retry);
        Object.assign(this, { _sent: new WeakSet(), _busy: false });
        this._timers.retry = null;
        this._pump();
        this._presenceSent = { card: null, field: null }; // the server starts our entry afresh
        this._flushPresence();
      }
      const behind = this._behind || !this._hasState || this._seq < res.seq;
      this._catchUps = behind ? this._catchUps + 1 : 0;
      if (behind && this._catchUps <= MAX_CATCH_UP) this._join(false);
    }));
  }

  _onDisconnect(reason) {
    this._gen++;
    this._joined = this._joining = false;
    if (this.presence.size) {
      this.presence.clear(); // the others' entries come again with the next join
      this._emit("presence", { entries: [] });
    }
    this._setStatus("offline");
    if (reason !== "io client disconnect") this._scheduleReconnect();
  }

  _onConnectError(err) {
    this._emit("error", { code: "connect_error", message: String(err?.message ?? err ?? "") });
    this._setStatus("offline");
    this._scheduleReconnect();
  }

  /** Full jitter: a random wait between 0 and min(cap, base * 2^attempt). */
  _delay(attempt) {
    return Math.random() * Math.min(this._backoff.cap, this._backoff.base * 2 ** attempt);
  }

  _scheduleReconnect() {
    if (!this._socket || this._timers.reconnect) return;
    this._timers.reconnect = setTimeout(() => {
      this._timers.reconnect = null;
      if (this._socket && !this._socket.connected) this._socket.connect();
    }, this._delay(this._attempt++));
  }

  _reconnectNow() {
    if (!this._socket || this._socket.connected) return;
    clearTimeout(this._timers.reconnect);
    this._timers.reconnect = null;
    this._attempt = 0;
    this._socket.connect();
  }

  /**
   * Send our mutations in order, one frame at a time: the next frame leaves when the previous one was
   * answered, with everything that piled up meanwhile (`mutate_batch`, within the server's limits; the
   * server applies a frame in one transaction). After an error (rate_limited, server_error) nothing more is
   * sent until the resend, which starts with the oldest unanswered mutation: a later mutation never reaches
   * the server before an earlier one it may depend on.
   */
  _pump() {
    if (this._busy || this._timers.retry || !this._joined || !this._socket?.connected) return;
    const waiting = this._pending.filter((m) => !m.acked && !this._sent.has(m));
    if (waiting.length === 0) return;
    const chunk = this._oneByOne ? [waiting[0]] : chunks(waiting)[0];
    for (const m of chunk) this._sent.add(m);
    this._busy = true;
    const gen = this._gen;
    const answered = (results, refusal) => this._guard(() => {
      if (gen !== this._gen) return; // a new connection sends everything again
      this._busy = false;
      let failed = false;
      chunk.forEach((m, k) => {
        const res = results[k];
        if (isObj(res) && isObj(res.ack)) this._onAck(res.ack);
        else if (isObj(res) && isObj(res.reject)) this._onReject(res.reject);
        else {
          failed = true; // not stored: sent again
          this._sent.delete(m);
        }
      });
      if (refusal?.code === "bad_request" && chunk.length > 1) this._oneByOne = true; // our limits are not the server's
      if (failed) this._retryLater();
      else this._pump();
    });
    if (chunk.length === 1) {
      this._socket.emit("mutate", wire(chunk[0]), (res) => answered([res]));
      return;
    }
    this._socket.emit("mutate_batch", { mutations: chunk.map(wire) }, (res) => {
      const results = isObj(res) && Array.isArray(res.results) ? res.results : [];
      answered(results, isObj(res) && isObj(res.error) ? res.error : null);
    });
  }

  _retryLater() {
    if (this._timers.retry) return;
    this._timers.retry = setTimeout(() => {
      this._timers.retry = null;
      this._pump();
    }, this._delay(this._retries++));
  }

  // --- server events -----------------------------------------------------------------------------------

  _onSnapshot(data) {
    if (!isObj(data) || !isSeq(data.seq) || !isObj(data.objects)) return;
    if (data.workspace !== undefined && data.workspace !== this.workspace) return;
    const confirmed = new Map();
    for (const [type, objects] of Object.entries(data.objects)) {
      if (!Array.isArray(objects)) continue;
      const table = tableOf(confirmed, type);
      for (const obj of objects) if (isObj(obj) && isId(obj.id)) table.set(obj.id, freeze({ ...obj }));
    }
    Object.assign(this, { _confirmed: confirmed, _seq: data.seq, _hasState: true });
    if (typeof data.name === "string") this.name = data.name;
    this._dropAcked();
    this._changed({ ops: [], local: false, kind: "snapshot" });
  }

  _onOpsBatch(batch) {
    if (!isObj(batch) || !Array.isArray(batch.events)) return;
    for (const event of batch.events) this._onOps(event);
  }

  _onOps(event) {
    if (!isObj(event) || !isSeq(event.seq) || !Array.isArray(event.ops) || !this._hasState) return;
    if (event.seq > this._seq + 1) {
      // a gap: we missed something; ask for everything after our seq (the replay brings this one too)
      if (this._joining) this._behind = true;
      else if (this._joined) this._join(false);
      return;
    }
    const applied = event.seq === this._seq + 1;
    if (applied) {
      for (const op of event.ops.filter(validOp)) {
        const table = tableOf(this._confirmed, op.type);
        const before = table.get(op.id);
        const after = applyOp(before, op);
        if (after !== before) table.set(op.id, freeze({ ...after, _seq: event.seq }));
      }
      this._seq = event.seq;
    }
    // our own mutation is confirmed (also when we had it already, e.g. from a snapshot)
    const mine = this._find(event);
    if (mine) this._settle(mine, { ack: { client_id: mine.client_id, mutation_id: mine.mutation_id, seq: event.seq } });
    const dropped = this._dropAcked();
    if (applied || mine || dropped) {
      this._changed({ ops: applied ? event.ops : [], local: !!mine, kind: mine ? "confirm" : "remote", event });
    }
  }

  _onAck(ack) {
    const m = isObj(ack) && isSeq(ack.seq) ? this._find(ack) : undefined;
    if (!m || m.acked) return;
    this._retries = 0;
    m.acked = ack.seq; // durable; it stays in the view until the confirmed state holds its ops
    this._resolve(m, { ack });
    this._persist();
    if (this._dropAcked()) this._changed({ ops: [], local: true, kind: "confirm" });
    else this._announce();
  }

  _onReject(reject) {
    const m = isObj(reject) ? this._find(reject) : undefined;
    if (!m) return;
    this._settle(m, { reject });
    // take the server's current values where they are newer (`current` has no types: use the ops')
    const current = isObj(reject.current) ? reject.current : {};
    const types = new Map(m.ops.map((op) => [op.id, op.type]));
    for (const [id, obj] of Object.entries(current)) {
      if (!types.has(id) || !isObj(obj) || !isSeq(obj._seq)) continue;
      const table = tableOf(this._confirmed, types.get(id));
      if (!(table.get(id)?._seq >= obj._seq)) table.set(id, freeze({ ...obj, id }));
    }
    this._changed({ ops: m.ops, local: true, kind: "rollback" });
    const reason = typeof reject.reason === "string" ? reject.reason : "";
    const issues = Array.isArray(reject.issues) ? reject.issues : [];
    this._emit("reject", { reason, issues, current, mutation: wire(m) });
  }

  _onPresence(data) {
    if (!isObj(data) || !Array.isArray(data.entries)) return;
    const entries = data.entries.filter((e) => isObj(e) && isId(e.sid)).map((e) => Object.freeze({ ...e }));
    for (const e of entries) {
      if (e.left) this.presence.delete(e.sid);
      else this.presence.set(e.sid, e);
    }
    if (entries.length) this._emit("presence", { entries });
  }

  _onServerError(data) {
    if (isObj(data)) this._emit("error", { code: String(data.code ?? "error"), message: String(data.message ?? "") });
  }

  _onProgress(data) {
    const ok = isObj(data) && isId(data.task) && typeof data.percent === "number" && data.percent >= 0 && data.percent <= 100;
    if (ok) this._emit("progress", { ...data });
  }

  _flushPresence() {
    if (this._timers.presence || !this._joined || !this._socket?.connected) return;
    const { card, field } = this._presenceWant;
    if (card === this._presenceSent.card && field === this._presenceSent.field) return;
    const wait = this._presenceAt + this._presenceInterval - Date.now();
    if (wait > 0) {
      this._timers.presence = setTimeout(() => {
        this._timers.presence = null;
        this._guard(() => this._flushPresence());
      }, wait);
      return;
    }
    this._presenceSent = this._presenceWant;
    this._presenceAt = Date.now();
    this._socket.emit("presence", { card, field });
  }

  // --- state -------------------------------------------------------------------------------------------

  /** Our pending mutation that an ops event, ack or reject is about. */
  _find({ client_id, mutation_id }) {
    return this._pending.find((m) => m.client_id === client_id && m.mutation_id === mutation_id);
  }

  /** Remove `m` from the queue and resolve its promise. */
  _settle(m, result) {
    this._pending = this._pending.filter((p) => p !== m);
    this._persist();
    this._resolve(m, result);
  }

  _resolve(m, result) {
    this._waiters.get(m.mutation_id)?.(result);
    this._waiters.delete(m.mutation_id);
  }

  /** Drop acknowledged mutations whose ops the confirmed state already holds; true when any went. */
  _dropAcked() {
    const before = this._pending.length;
    this._pending = this._pending.filter((m) => !(m.acked && m.acked <= this._seq));
    return this._pending.length !== before;
  }

  /** The view = confirmed + pending: recompute the objects the pending mutations touch. */
  _rebuild() {
    this._overlay = new Map();
    for (const op of this._pending.flatMap((m) => m.ops)) {
      const layer = tableOf(this._overlay, op.type);
      const before = layer.has(op.id) ? layer.get(op.id) : this._confirmed.get(op.type)?.get(op.id);
      const after = applyOp(before, op);
      if (after !== before) layer.set(op.id, freeze({ ...after, _pending: true }));
    }
  }

  _changed(detail) {
    this._rebuild();
    this._emit("change", { seq: this._seq, ...detail });
    this._announce();
  }

  _setStatus(status) {
    this._status = status;
    this._announce();
  }

  /** A `status` event when the status or the pending count changed since the last one. */
  _announce() {
    const { status, pendingCount } = this;
    if (`${status}/${pendingCount}` === this._announced) return;
    this._announced = `${status}/${pendingCount}`;
    this._emit("status", { status, pendingCount });
  }

  _loadPending() {
    try {
      const list = JSON.parse(this._read(this._keys.pending) ?? "[]");
      const ok = (m) => isObj(m) && isId(m.client_id) && isSeq(m.mutation_id) && Array.isArray(m.ops) && m.ops.length > 0 && m.ops.every(validOp);
      return Array.isArray(list) ? list.filter(ok).map(wire) : [];
    } catch {
      return [];
    }
  }

  /** Store our queue, keeping what other tabs queued meanwhile. */
  _persist() {
    const others = this._loadPending().filter((m) => !this._owned.has(m.mutation_id));
    const queue = [...others, ...this._pending.filter((m) => !m.acked).map(wire)];
    this._write(this._keys.pending, JSON.stringify(queue.sort((a, b) => a.mutation_id - b.mutation_id)));
  }

  _read(key) {
    try { return this._storage.getItem(key); } catch { return null; }
  }

  /** Storage full or blocked: the queue lives on in memory for this page. */
  _write(key, value) {
    try { this._storage.setItem(key, value); } catch { /* see above */ }
  }

  _emit(name, detail) {
    this.dispatchEvent(new CustomEvent(name, { detail }));
  }

  /** Run a handler for a server message: a malformed one must never break the client. */
  _guard(fn) {
    try { fn(); } catch (err) { console.warn("matrixsync: bericht van de server genegeerd", err); }
  }
}
