// What the fan-out load generators share, so that matrixsync (loadgen.mjs) and Hocuspocus
// (../cluster/hocus-loadgen.mjs) are driven alike: the same load options, the same seeded random edits at
// the same moments, and the same statistics. No dependencies: imported by relative path from both folders.

import { performance } from "node:perf_hooks";

export const now = () => performance.now();
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// the options of the load itself, for node:util parseArgs
export const LOAD_OPTIONS = {
  clients: { type: "string", default: "60" },
  rate: { type: "string", default: "60" },
  duration: { type: "string", default: "30" },
  burst: { type: "string", default: "0" },
  "burst-at": { type: "string" },
  "burst-from": { type: "string", default: "one" },
  drain: { type: "string", default: "10" },
  seed: { type: "string", default: "1" },
  json: { type: "string" },
  // every edit in its own message; by default the edits one client makes in one tick (a burst) go together:
  // one mutate_batch frame for matrixsync, one Yjs transaction (one update) for Hocuspocus
  "send-single": { type: "boolean", default: false },
};

// The load options as numbers, checked; `die(message)` is called on the first bad one.
export function loadSettings(opt, die) {
  const duration = Number.parseFloat(opt.duration);
  const load = {
    clients: Number.parseInt(opt.clients, 10),
    rate: Number.parseFloat(opt.rate),
    duration,
    burst: Number.parseInt(opt.burst, 10),
    burstAt: opt["burst-at"] !== undefined ? Number.parseFloat(opt["burst-at"]) : duration / 2,
    burstFrom: opt["burst-from"],
    drain: Number.parseFloat(opt.drain),
    connectTimeout: Number.parseFloat(opt["connect-timeout"]),
  };
  if (!(load.clients >= 2)) die("--clients must be at least 2 (latency is measured at the other clients)");
  if (!(load.rate >= 0) || !(load.duration > 0) || !(load.burst >= 0) || !(load.drain >= 0)) {
    die("bad --rate/--duration/--burst/--drain");
  }
  if (load.burst > 0 && !(load.burstAt >= 0 && load.burstAt <= load.duration)) {
    die("--burst-at must lie within the run");
  }
  if (!["one", "all"].includes(load.burstFrom)) die("--burst-from is one or all");
  return load;
}

// a small seeded PRNG (mulberry32), so two runs edit the same things
export function seededRandom(seedOption) {
  let seed = Number.parseInt(seedOption, 10) >>> 0;
  return () => {
    seed = (seed + 0x6d2b79f5) >>> 0;
    let t = seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Resolves when `promise` does, or rejects with `message` after `seconds`.
export function within(promise, seconds, message) {
  return Promise.race([
    promise,
    sleep(seconds * 1000).then(() => {
      throw new Error(message);
    }),
  ]);
}

// Sends `rate` edits a second for `duration` seconds, round robin over `clients` (each has `edit(burst)`),
// plus `burst` edits in one tick at `burstAt` seconds from one client or from all in turn. `onSlip(ms)`
// hears how late each scheduled edit went out. Resolves when the last edit is sent.
export async function sendEdits(load, clients, rand, onSlip = () => {}) {
  const { rate, duration, burst, burstAt, burstFrom } = load;
  const n = clients.length;
  const total = Math.round(rate * duration);
  const interval = rate > 0 ? 1000 / rate : Infinity;
  let burstSent = burst === 0;
  let next = 0;
  const t0 = now();
  while (next < total || !burstSent) {
    const t = now() - t0;
    if (!burstSent && t >= burstAt * 1000) {
      burstSent = true;
      const from = Math.floor(rand() * n);
      for (let k = 0; k < burst; k++) clients[burstFrom === "one" ? from : (from + k) % n].edit(true);
    }
    while (next < total && next * interval <= t) {
      onSlip(t - next * interval);
      clients[next % n].edit(false);
      next += 1;
    }
    const due = Math.min(next < total ? next * interval : Infinity, burstSent ? Infinity : burstAt * 1000);
    if (due === Infinity) break;
    await sleep(Math.max(0, due - (now() - t0)));
  }
}

export function summary(values) {
  if (values.length === 0) return { n: 0, p50: NaN, p95: NaN, p99: NaN, max: NaN, mean: NaN };
  const v = Float64Array.from(values).sort();
  // nearest rank
  const q = (p) => v[Math.min(v.length - 1, Math.max(0, Math.ceil((p / 100) * v.length) - 1))];
  let sum = 0;
  for (const x of v) sum += x;
  return { n: v.length, p50: q(50), p95: q(95), p99: q(99), max: v[v.length - 1], mean: sum / v.length };
}

export const fmt = (s) =>
  s.n === 0
    ? "n/a"
    : `p50 ${s.p50.toFixed(2)}  p95 ${s.p95.toFixed(2)}  p99 ${s.p99.toFixed(2)}  max ${s.max.toFixed(2)}  mean ${s.mean.toFixed(2)} ms  (n=${s.n})`;
