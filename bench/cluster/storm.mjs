// Reconnection storm: many real sync clients (web/src/sync-client.js, with its jittered exponential
// back-off) connected to matrixsync; something drops them all at once (the caller kills and restarts the
// server); each client, once it sees it is offline, makes one edit (a comment) that waits in its queue; then
// every client must reconnect, resync (join since its seq) and resend, until all have the same seq, nothing
// pending, and every comment is on every board.
//
//   node storm.mjs --urls http://127.0.0.1:P1[,http://127.0.0.1:P2] --tokens-file tokens.json
//                  [--clients 200] [--workspace w] [--target a-cjg] [--timeout 120]
//
// Prints JSON lines on stdout: {"phase":"ready",...} once all are online (then drop them), and at the end
// {"phase":"done",...} with the reconnect times. Bounded: exits 1 after --timeout seconds in all.
// Uses web/node_modules (socket.io-client), installed by `make` / `cd web && npm ci`.

import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { SyncClient } from "../../web/src/sync-client.js";

const { values: opt } = parseArgs({
  options: {
    urls: { type: "string" },
    "tokens-file": { type: "string" },
    clients: { type: "string", default: "200" },
    workspace: { type: "string", default: "w" },
    target: { type: "string", default: "a-cjg" },
    timeout: { type: "string", default: "120" },
    "backoff-base": { type: "string", default: "500" },
    "backoff-cap": { type: "string", default: "15000" },
  },
});
const urls = (opt.urls ?? "").split(",").filter(Boolean);
const tokens = JSON.parse(readFileSync(opt["tokens-file"], "utf8"));
const N = Number.parseInt(opt.clients, 10);
const TIMEOUT = Number.parseFloat(opt.timeout) * 1000;
const backoff = { base: Number(opt["backoff-base"]), cap: Number(opt["backoff-cap"]) };
const out = (o) => process.stdout.write(`${JSON.stringify(o)}\n`);
const now = () => performance.now();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

setTimeout(() => {
  out({ phase: "timeout", online: clients.filter((c) => c.status === "online").length, ...state() });
  process.exit(1);
}, TIMEOUT).unref();

const clients = [];
const info = [];
for (let i = 0; i < N; i++) {
  const c = new SyncClient({
    url: urls[i % urls.length],
    workspace: opt.workspace,
    token: tokens[i % tokens.length],
    member: `storm-${i}`,
    storage: null,
    clientIdPrefix: `storm${i}`,
    backoff,
  });
  const me = { i, wentOffline: null, backOnline: null, connectErrors: 0, edited: false };
  info.push(me);
  c.addEventListener("status", () => {
    if (c.status === "offline" && phase === "storm" && me.wentOffline === null) {
      me.wentOffline = now();
      // an edit made while offline: it waits in the queue and is sent after the rejoin
      c.create("comment", { target: opt.target, text: `Tijdens de storing geschreven door client ${i}` });
      me.edited = true;
    }
    if (c.status === "online" && me.wentOffline !== null && me.backOnline === null) me.backOnline = now();
  });
  c.addEventListener("error", (ev) => {
    if (ev.detail.code === "connect_error") me.connectErrors += 1;
  });
  clients.push(c);
}

function state() {
  const seqs = new Set(clients.map((c) => c.seq));
  return {
    seqs: [...seqs].slice(0, 5),
    pending: clients.reduce((n, c) => n + c.pendingCount, 0),
    offlineSeen: info.filter((m) => m.wentOffline !== null).length,
  };
}

let phase = "connect";
const t0 = now();
for (const c of clients) c.connect();
while (clients.some((c) => c.status !== "online") || new Set(clients.map((c) => c.seq)).size > 1) await sleep(50);
const connectMs = now() - t0;
phase = "storm";
out({ phase: "ready", clients: N, connectMs: Math.round(connectMs), seq: clients[0].seq });

// wait for the drop (every client offline once), then for the recovery
while (info.some((m) => m.wentOffline === null)) await sleep(20);
const dropAt = Math.min(...info.map((m) => m.wentOffline));
const settled = () => {
  if (clients.some((c) => c.status !== "online" || c.pendingCount > 0)) return false;
  const seq = clients[0].seq;
  if (clients.some((c) => c.seq !== seq)) return false;
  // every client's comment is on every board
  const texts = new Set(clients[0].list("comment").map((x) => x.text));
  return info.every((m) => texts.has(`Tijdens de storing geschreven door client ${m.i}`));
};
while (!settled()) await sleep(50);
const doneAt = now();
const recon = info.map((m) => m.backOnline - m.wentOffline).sort((a, b) => a - b);
const q = (p) => recon[Math.min(recon.length - 1, Math.ceil((p / 100) * recon.length) - 1)];
const boards = new Set(
  clients.map((c) => JSON.stringify(c.list("comment").map((x) => [x.id, x.text]).sort())),
);
out({
  phase: "done",
  clients: N,
  seq: clients[0].seq,
  identicalCommentLists: boards.size === 1,
  comments: clients[0].list("comment").length,
  reconnectMs: { p50: Math.round(q(50)), p95: Math.round(q(95)), max: Math.round(recon[recon.length - 1]) },
  allResyncedMs: Math.round(doneAt - dropAt),
  connectErrors: info.reduce((n, m) => n + m.connectErrors, 0),
  clientIds: clients.map((c) => c.clientId),
});
for (const c of clients) c.close();
await sleep(200);
process.exit(0);
