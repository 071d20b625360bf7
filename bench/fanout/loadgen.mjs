// Fan-out load generator for the matrixsync /sync namespace.
//
//   node loadgen.mjs --url http://127.0.0.1:PORT[,http://127.0.0.1:PORT2] --clients-file clients.json \
//        [--clients 60] [--rate 60] [--duration 30] [--burst 0] [--burst-at S] [--burst-from one|all]
//        [--drain 10] [--json results.json] [--single] [--send-single]
//
// All clients live in this one process, so one clock (performance.now()) times every edit from the
// sender's emit to the arrival of the matching `ops` event at every OTHER client; an edit is identified
// by (client_id, mutation_id). Edits are single-field `set`s of a random activity's `reach` or
// `description`, spread evenly over the clients (round robin) and over time (`--rate` per second in
// total). `--burst N` additionally sends N edits in one tick at `--burst-at` seconds (default: half way),
// from one client (`--burst-from one`, a paste) or round robin over all clients (`--burst-from all`).
// `--url` may name several servers of one cluster (comma-separated; client i connects to server i mod n),
// so the clients of one workspace sit on different processes and every edit also crosses between them
// (bench/cluster/compare.py). The load options, schedule and statistics are schedule.mjs's, shared with
// the Hocuspocus generator. Clients join with `batch: true`, as the board does, and take room events as
// `ops_batch` frames (several events to a frame under load); `--single` makes them take one `ops` event per
// frame instead (the protocol's original form). Edits one client makes in one tick (a burst from one client)
// go out together as `mutate_batch` frames, as the board's sync client sends its queue after a reconnect;
// `--send-single` sends every edit in its own `mutate` frame instead.
//
// Bounded: connecting and joining must finish within 30 s, the generator stops sending after
// `--duration` seconds, waits at most `--drain` seconds for stragglers, disconnects and exits. Exit code
// 0 only when every edit was acknowledged and delivered to every other client, with no rejects, errors,
// disconnects or ordering faults; 1 otherwise; 2 when the clients could not even connect and join.

import { readFileSync, writeFileSync } from "node:fs";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { io } from "socket.io-client";
import { fmt, LOAD_OPTIONS, loadSettings, now, seededRandom, sendEdits, sleep, summary, within } from "./schedule.mjs";

const { values: opt } = parseArgs({
  options: {
    ...LOAD_OPTIONS,
    url: { type: "string" },
    "clients-file": { type: "string" },
    "connect-timeout": { type: "string", default: "30" },
    "server-pid": { type: "string" },
    "clk-tck": { type: "string", default: "100" },
    quiet: { type: "boolean", default: false },
    single: { type: "boolean", default: false },
  },
});

function die(msg, code = 2) {
  console.error(`loadgen: ${msg}`);
  process.exit(code);
}

if (!opt.url || !opt["clients-file"]) die("--url and --clients-file are required");
const load = loadSettings(opt, die);
const { clients: N, rate: RATE, duration: DURATION, burst: BURST, burstAt: BURST_AT, burstFrom: BURST_FROM } = load;
const { drain: DRAIN, connectTimeout: CONNECT_TIMEOUT } = load;
const URLS = opt.url.split(",").filter(Boolean);
const MAX_BATCH = 200; // mutations in one mutate_batch frame (the server's limit)

const world = JSON.parse(readFileSync(opt["clients-file"], "utf8"));
if (world.clients.length < N) die(`${opt["clients-file"]} has only ${world.clients.length} tokens, not ${N}`);
const ACTIVITIES = world.activities;
const FIELDS = world.fields ?? ["reach", "description"];

const rand = seededRandom(opt.seed);

// the server's CPU time (utime + stime, in ms) from /proc, when run.sh tells us its pid: CPU per edit is a
// number that, unlike latency, does not get worse when something else is running on the machine
const SERVER_PID = opt["server-pid"];
const CLK_TCK = Number.parseInt(opt["clk-tck"], 10);
function serverCpuMs() {
  if (!SERVER_PID) return NaN;
  try {
    const stat = readFileSync(`/proc/${SERVER_PID}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLK_TCK; // utime, stime (fields 14, 15)
  } catch {
    return NaN;
  }
}

const log = (...a) => {
  if (!opt.quiet) console.error(...a);
};
const runId = `${process.pid.toString(36)}${Date.now().toString(36)}`;

// --- bookkeeping -------------------------------------------------------------------------------------

const edits = new Map(); // "client_id:mutation_id" -> edit
const latencies = []; // ms, one per (edit, other client) delivery
const burstLatencies = [];
const ackLatencies = []; // ms, sender's emit -> its ack (the durable round trip)
const joinLatencies = []; // ms, emit join -> snapshot (60 joins at once: a reconnect storm)
const counts = {
  sent: 0,
  acks: 0,
  rejects: 0,
  errors: 0,
  disconnects: 0,
  delivered: 0,
  duplicates: 0,
  echoes: 0,
  frames: 0,
  unknown: 0,
  outOfOrder: 0,
  seqMismatch: 0,
};
const problems = [];
function problem(msg) {
  if (problems.length < 20) problems.push(msg);
}

let phase = "connect"; // connect -> run -> drain -> done

class Client {
  constructor(index, entry) {
    this.index = index;
    this.member = entry.member;
    this.clientId = `lg-${runId}-${index}`;
    this.nextMutation = 1;
    this.outbox = []; // edits made in this tick, sent together at its end
    this.lastSeq = -1;
    this.socket = io(`${URLS[index % URLS.length]}/sync`, {
      transports: ["websocket"],
      auth: { token: entry.token },
      reconnection: false,
      forceNew: true,
      timeout: CONNECT_TIMEOUT * 1000,
    });
    const s = this.socket;
    s.on("ops", (ev) => this.onOps(ev));
    s.on("ops_batch", (batch) => {
      counts.frames += 1;
      for (const ev of batch.events) this.onOps(ev);
    });
    s.on("ack", (ack) => this.onAck(ack));
    s.on("reject", (r) => this.onReject(r));
    s.on("error", (err) => this.onError(err));
    s.on("disconnect", (reason) => {
      if (phase !== "done") {
        counts.disconnects += 1;
        problem(`client ${index}: disconnected during ${phase}: ${reason}`);
      }
    });
  }

  onAck(ack) {
    const e = edits.get(`${ack.client_id}:${ack.mutation_id}`);
    if (!e || e.sender !== this.index) {
      problem(`client ${this.index}: ack for an unknown edit ${ack.client_id}:${ack.mutation_id}`);
      return;
    }
    if (e.ackAt !== undefined) return;
    e.ackAt = now();
    counts.acks += 1;
    ackLatencies.push(e.ackAt - e.sentAt);
    if (e.seq !== undefined && e.seq !== ack.seq) counts.seqMismatch += 1;
    e.seq = ack.seq;
  }

  onReject(r) {
    counts.rejects += 1;
    problem(`client ${this.index}: reject ${r.client_id}:${r.mutation_id}: ${r.reason}`);
  }

  onError(err) {
    counts.errors += 1;
    problem(`client ${this.index}: error ${JSON.stringify(err)}`);
  }

  onOps(ev) {
    const t = now();
    if (typeof ev.seq === "number") {
      if (ev.seq <= this.lastSeq) counts.outOfOrder += 1;
      this.lastSeq = ev.seq;
    }
    const e = edits.get(`${ev.client_id}:${ev.mutation_id}`);
    if (!e) {
      counts.unknown += 1;
      return;
    }
    if (e.seq !== undefined && e.seq !== ev.seq) counts.seqMismatch += 1;
    e.seq = ev.seq;
    if (e.sender === this.index) {
      counts.echoes += 1;
      return;
    }
    if (e.got[this.index]) {
      counts.duplicates += 1;
      return;
    }
    e.got[this.index] = 1;
    if (e.received === 0) e.firstAt = t;
    e.lastAt = t;
    e.received += 1;
    counts.delivered += 1;
    const ms = t - e.sentAt;
    latencies.push(ms);
    if (e.burst) burstLatencies.push(ms);
  }

  connectAndJoin() {
    return new Promise((resolve, reject) => {
      const s = this.socket;
      s.once("connect_error", (err) => reject(new Error(`client ${this.index}: connect_error: ${err.message}`)));
      s.once("connect", () => {
        const joinSent = now();
        s.once("snapshot", (snap) => {
          joinLatencies.push(now() - joinSent);
          const acts = snap?.objects?.activity?.length ?? 0;
          if (acts < ACTIVITIES.length) {
            reject(new Error(`client ${this.index}: snapshot has ${acts} activities, expected ${ACTIVITIES.length}`));
            return;
          }
          this.lastSeq = snap.seq;
          resolve();
        });
        s.emit("join", { workspace: world.workspace, since: null, ...(opt.single ? {} : { batch: true }) });
      });
    });
  }

  edit(burst) {
    const field = FIELDS[Math.floor(rand() * FIELDS.length)];
    const id = ACTIVITIES[Math.floor(rand() * ACTIVITIES.length)];
    const value =
      field === "reach" ? Math.floor(rand() * 100000) : `Omschrijving ${counts.sent}: ${"x".repeat(Math.floor(rand() * 120))}`;
    const mutationId = this.nextMutation++;
    const key = `${this.clientId}:${mutationId}`;
    const e = { sender: this.index, sentAt: now(), received: 0, got: new Uint8Array(N), burst };
    edits.set(key, e);
    counts.sent += 1;
    const mutation = { client_id: this.clientId, mutation_id: mutationId, ops: [{ op: "set", type: "activity", id, field, value }] };
    if (opt["send-single"]) {
      this.socket.emit("mutate", mutation);
      return;
    }
    // as the board's sync client sends a queue: what piles up in one tick goes out together
    this.outbox.push(mutation);
    if (this.outbox.length === 1) queueMicrotask(() => this.flush());
  }

  flush() {
    const list = this.outbox;
    this.outbox = [];
    if (list.length === 1) {
      this.socket.emit("mutate", list[0]);
      return;
    }
    for (let i = 0; i < list.length; i += MAX_BATCH) {
      const chunk = list.slice(i, i + MAX_BATCH);
      this.socket.emit("mutate_batch", { mutations: chunk }, (res) => {
        const results = Array.isArray(res?.results) ? res.results : [];
        if (results.length !== chunk.length) this.onError(res?.error ?? res);
        for (const r of results) {
          if (r?.ack) this.onAck(r.ack);
          else if (r?.reject) this.onReject(r.reject);
          else this.onError(r?.error ?? r);
        }
      });
    }
  }
}

// --- the run -----------------------------------------------------------------------------------------

const hardStop = setTimeout(
  () => {
    console.error("loadgen: hard time limit reached, giving up");
    process.exit(1);
  },
  (CONNECT_TIMEOUT + DURATION + DRAIN + 30) * 1000,
);
hardStop.unref();

const clients = world.clients.slice(0, N).map((entry, i) => new Client(i, entry));
const connectStarted = now();
try {
  await within(
    Promise.all(clients.map((c) => c.connectAndJoin())),
    CONNECT_TIMEOUT,
    `not all clients connected and joined within ${CONNECT_TIMEOUT} s`,
  );
} catch (err) {
  console.error(`loadgen: ${err.message}`);
  for (const c of clients) c.socket.disconnect();
  process.exit(2);
}
log(`connected and joined: ${N} clients in ${(now() - connectStarted).toFixed(0)} ms`);
await sleep(1000); // let the join-time presence traffic settle before timing anything

phase = "run";
const loopDelay = monitorEventLoopDelay({ resolution: 1 });
loopDelay.enable();
const cpuAtStart = process.cpuUsage();
const serverCpuAtStart = serverCpuMs();
const slips = []; // how late the generator sent each scheduled edit (its own health)
const t0 = now();
log(
  `sending ${Math.round(RATE * DURATION)} edits at ${RATE}/s for ${DURATION} s${BURST ? `, a burst of ${BURST} at ${BURST_AT} s` : ""}`,
);
await sendEdits(load, clients, rand, (ms) => slips.push(ms));
const lastSentAt = now();
const sendSeconds = (lastSentAt - t0) / 1000;

phase = "drain";
const expected = counts.sent * (N - 1);
const drainDeadline = lastSentAt + DRAIN * 1000;
while (now() < drainDeadline && (counts.delivered < expected || counts.acks + counts.rejects < counts.sent)) {
  await sleep(20);
}
const drained = (now() - lastSentAt) / 1000;
// send + drain: work the server deferred while it was behind is counted too
const serverCpuDuringEdits = serverCpuMs() - serverCpuAtStart;
const editWindowMs = now() - t0;
const cpu = process.cpuUsage(cpuAtStart);
const cpuPercent = (100 * (cpu.user + cpu.system)) / 1000 / (now() - t0);
loopDelay.disable();
const loop = {
  p50: loopDelay.percentile(50) / 1e6,
  p99: loopDelay.percentile(99) / 1e6,
  max: loopDelay.max / 1e6,
};
phase = "done";
for (const c of clients) c.socket.disconnect();

// --- report ------------------------------------------------------------------------------------------

const missing = expected - counts.delivered;
let incomplete = 0;
for (const e of edits.values()) if (e.received < N - 1) incomplete += 1;
const lat = summary(latencies);
const ack = summary(ackLatencies);
const burst = summary(burstLatencies);
const slip = summary(slips);
const firsts = [];
const spreads = [];
for (const e of edits.values()) {
  if (e.received > 0) firsts.push(e.firstAt - e.sentAt);
  if (e.received === N - 1) spreads.push(e.lastAt - e.firstAt);
}
const first = summary(firsts);
const spread = summary(spreads);
const join = summary(joinLatencies);
const result = {
  clients: N,
  rate: RATE,
  duration: DURATION,
  burst: BURST,
  burst_from: BURST ? BURST_FROM : null,
  send_seconds: sendSeconds,
  drain_seconds: drained,
  edits_sent: counts.sent,
  acks: counts.acks,
  rejects: counts.rejects,
  errors: counts.errors,
  disconnects: counts.disconnects,
  deliveries_expected: expected,
  deliveries_received: counts.delivered,
  missing_deliveries: missing,
  edits_not_delivered_everywhere: incomplete,
  duplicates: counts.duplicates,
  sender_echoes: counts.echoes,
  batch_frames: counts.frames,
  unknown_events: counts.unknown,
  out_of_order: counts.outOfOrder,
  seq_mismatch: counts.seqMismatch,
  latency_ms: lat,
  burst_latency_ms: burst,
  ack_latency_ms: ack,
  first_delivery_latency_ms: first,
  fanout_spread_ms: spread,
  generator_slip_ms: slip,
  join_latency_ms: join,
  generator_cpu_percent: cpuPercent,
  server_cpu_ms_per_edit: serverCpuDuringEdits / counts.sent,
  server_cpu_percent_during_edits: (100 * serverCpuDuringEdits) / editWindowMs,
  generator_loop_delay_ms: loop,
  problems,
};

const lines = [
  `clients ${N}, ${RATE} edits/s for ${DURATION} s${BURST ? ` + burst of ${BURST} (${BURST_FROM})` : ""}: sent in ${sendSeconds.toFixed(1)} s, drained in ${drained.toFixed(2)} s`,
  `edits sent           ${counts.sent}`,
  `acks received        ${counts.acks}   (rejects ${counts.rejects}, errors ${counts.errors}, disconnects ${counts.disconnects})`,
  `deliveries expected  ${expected}`,
  `deliveries received  ${counts.delivered}   (sender echoes ${counts.echoes}, duplicates ${counts.duplicates}, out of order ${counts.outOfOrder}, seq mismatch ${counts.seqMismatch})`,
  `missing deliveries   ${missing}   (edits not seen by every other client: ${incomplete})`,
  opt.single
    ? "frames               one ops event per frame (--single)"
    : `frames               ${counts.frames} ops_batch frames for ${counts.delivered + counts.echoes} events (${((counts.delivered + counts.echoes) / Math.max(1, counts.frames)).toFixed(2)} per frame)`,
  `latency emit -> ops at every other client: ${fmt(lat)}`,
];
if (BURST) lines.push(`  of which burst edits:                    ${fmt(burst)}`);
lines.push(`ack latency (emit -> own ack, durable):   ${fmt(ack)}`);
lines.push(`first delivery (emit -> first other client): ${fmt(first)}`);
lines.push(`fan-out spread (first -> last other client):  ${fmt(spread)}`);
lines.push(`join latency (join -> snapshot, all at once): ${fmt(join)}`);
lines.push(
  `generator health: send slip ${fmt(slip)}; event-loop delay p50 ${loop.p50.toFixed(2)} p99 ${loop.p99.toFixed(2)} max ${loop.max.toFixed(2)} ms; CPU ${cpuPercent.toFixed(0)}% of one core`,
);
if (SERVER_PID) {
  lines.push(
    `server CPU while editing (send + drain): ${((100 * serverCpuDuringEdits) / editWindowMs).toFixed(0)}% of one core, ${(serverCpuDuringEdits / counts.sent).toFixed(2)} ms per edit (receive, apply, fan-out)`,
  );
}
for (const p of problems) lines.push(`problem: ${p}`);
console.log(lines.join("\n"));
if (opt.json) writeFileSync(opt.json, JSON.stringify(result, null, 1));

const ok =
  missing === 0 &&
  counts.acks === counts.sent &&
  counts.rejects === 0 &&
  counts.errors === 0 &&
  counts.disconnects === 0 &&
  counts.duplicates === 0 &&
  counts.outOfOrder === 0 &&
  counts.seqMismatch === 0;
if (!ok) console.log("FAIL: not every edit was acknowledged and delivered exactly once, in order, to every other client");
await sleep(100); // let the disconnect frames go out
process.exit(ok ? 0 : 1);
