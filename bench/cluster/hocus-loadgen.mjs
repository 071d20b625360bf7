// The fan-out load generator of bench/fanout/loadgen.mjs, for Hocuspocus: the same clients, schedule and
// statistics (bench/fanout/schedule.mjs), but each client is a Yjs document synced by @hocuspocus/provider,
// and an edit sets one field of one of the 1,000 rows of the Y.Map "rows" (hocus-server.mjs). Latency is
// from the local change to its arrival (an observeDeep event showing the new value) at every other client.
//
//   node hocus-loadgen.mjs --url ws://127.0.0.1:PORT [--clients 60] [--rate 60] [--duration 30]
//        [--burst 0] [--burst-at S] [--burst-from one|all] [--drain 10] [--json results.json] [--send-single]
//
// Every edit writes a value no other edit writes, so an arrival names its edit. As in Yjs generally, a
// value overwritten by a later concurrent edit of the same field may never be shown to some clients; such
// edits count as missing here (rare with 1,000 rows x 2 fields). Bounded like loadgen.mjs. Exit code 0 only
// when every edit reached every other client.

import { writeFileSync } from "node:fs";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { HocuspocusProvider } from "@hocuspocus/provider";
import WebSocket from "ws";
import * as Y from "yjs";
import {
  fmt,
  LOAD_OPTIONS,
  loadSettings,
  now,
  seededRandom,
  sendEdits,
  sleep,
  summary,
  within,
} from "../fanout/schedule.mjs";

const { values: opt } = parseArgs({
  options: {
    ...LOAD_OPTIONS,
    url: { type: "string" },
    rows: { type: "string", default: "1000" },
    "connect-timeout": { type: "string", default: "60" },
  },
});
const die = (msg, code = 2) => {
  console.error(`hocus-loadgen: ${msg}`);
  process.exit(code);
};
if (!opt.url) die("--url is required");
const load = loadSettings(opt, die);
const { clients: N, rate: RATE, duration: DURATION, burst: BURST, burstFrom: BURST_FROM } = load;
const { drain: DRAIN, connectTimeout: CONNECT_TIMEOUT } = load;
const ROWS = Number.parseInt(opt.rows, 10);
const FIELDS = ["reach", "description"];
const rand = seededRandom(opt.seed);

const edits = []; // index -> {sender, sentAt, received, got, burst}
const latencies = [];
const burstLatencies = [];
const joinLatencies = [];
let sent = 0;
let delivered = 0;
let duplicates = 0;

function editIndexOf(field, value) {
  if (field === "reach" && typeof value === "number" && value >= 1_000_000) return value - 1_000_000;
  if (field === "description" && typeof value === "string" && value.startsWith("Omschrijving ")) {
    return Number.parseInt(value.slice(13), 10);
  }
  return -1;
}

class Client {
  constructor(index) {
    this.index = index;
    this.doc = new Y.Doc();
    this.outbox = []; // changes made in this tick
    this.rows = this.doc.getMap("rows");
    const started = now();
    this.synced = new Promise((resolve) => {
      this.provider = new HocuspocusProvider({
        url: opt.url,
        name: "bench",
        document: this.doc,
        WebSocketPolyfill: WebSocket,
        onSynced: () => {
          joinLatencies.push(now() - started);
          resolve();
        },
      });
    });
    this.rows.observeDeep((events, txn) => {
      if (txn.local) return;
      const t = now();
      for (const ev of events) {
        if (ev.target === this.rows) continue; // whole rows added (the initial sync)
        for (const key of ev.keysChanged) {
          const k = editIndexOf(key, ev.target.get(key));
          const e = k >= 0 ? edits[k] : undefined;
          if (!e || e.sender === this.index) continue;
          if (e.got[this.index]) {
            duplicates += 1;
            continue;
          }
          e.got[this.index] = 1;
          e.received += 1;
          delivered += 1;
          latencies.push(t - e.sentAt);
          if (e.burst) burstLatencies.push(t - e.sentAt);
        }
      }
    });
  }

  edit(burst) {
    const field = FIELDS[Math.floor(rand() * FIELDS.length)];
    const row = this.rows.get(`r${Math.floor(rand() * ROWS)}`);
    const k = sent++;
    const value = field === "reach" ? 1_000_000 + k : `Omschrijving ${k}: ${"x".repeat(Math.floor(rand() * 120))}`;
    edits[k] = { sender: this.index, sentAt: now(), received: 0, got: new Uint8Array(N), burst };
    if (opt["send-single"]) {
      row.set(field, value);
      return;
    }
    // as loadgen.mjs does: what one client changes in one tick goes out together (one transaction, one update)
    this.outbox.push(() => row.set(field, value));
    if (this.outbox.length === 1) queueMicrotask(() => this.flush());
  }

  flush() {
    const changes = this.outbox;
    this.outbox = [];
    this.doc.transact(() => {
      for (const change of changes) change();
    });
  }
}

setTimeout(() => die("hard time limit reached", 1), (CONNECT_TIMEOUT + DURATION + DRAIN + 30) * 1000).unref();

const clients = Array.from({ length: N }, (_, i) => new Client(i));
const t0c = now();
try {
  await within(
    Promise.all(clients.map((c) => c.synced)),
    CONNECT_TIMEOUT,
    `not all clients synced within ${CONNECT_TIMEOUT} s`,
  );
} catch (err) {
  die(err.message);
}
while (clients.some((c) => c.rows.size < ROWS)) await sleep(20);
console.error(`connected and synced: ${N} clients in ${(now() - t0c).toFixed(0)} ms`);
await sleep(1000);

const loopDelay = monitorEventLoopDelay({ resolution: 1 });
loopDelay.enable();
const cpuAtStart = process.cpuUsage();
const t0 = now();
await sendEdits(load, clients, rand);
const lastSentAt = now();
const expected = sent * (N - 1);
while (now() < lastSentAt + DRAIN * 1000 && delivered < expected) await sleep(20);
const cpu = process.cpuUsage(cpuAtStart);
loopDelay.disable();
for (const c of clients) c.provider.destroy();

const lat = summary(latencies);
const result = {
  server: "hocuspocus",
  clients: N,
  rate: RATE,
  duration: DURATION,
  burst: BURST,
  edits_sent: sent,
  deliveries_expected: expected,
  deliveries_received: delivered,
  missing_deliveries: expected - delivered,
  duplicates,
  latency_ms: lat,
  burst_latency_ms: summary(burstLatencies),
  join_latency_ms: summary(joinLatencies),
  generator_cpu_percent: (100 * (cpu.user + cpu.system)) / 1000 / (now() - t0),
  generator_loop_delay_ms: { p99: loopDelay.percentile(99) / 1e6, max: loopDelay.max / 1e6 },
};
console.log(
  [
    `hocuspocus: clients ${N}, ${RATE} edits/s for ${DURATION} s${BURST ? ` + burst of ${BURST} (${BURST_FROM})` : ""}`,
    `edits sent ${sent}; deliveries expected ${expected}, received ${delivered}, missing ${expected - delivered}, duplicates ${duplicates}`,
    `latency change -> arrival at every other client: ${fmt(lat)}`,
    BURST ? `  of which burst edits: ${fmt(result.burst_latency_ms)}` : "",
    `join (connect -> synced): ${fmt(result.join_latency_ms)}`,
  ]
    .filter(Boolean)
    .join("\n"),
);
if (opt.json) writeFileSync(opt.json, JSON.stringify(result, null, 1));
await sleep(100);
process.exit(expected === delivered ? 0 : 1);
