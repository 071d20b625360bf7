#!/usr/bin/env bash
# Fan-out benchmark: a real `matrixsync serve` (pinned to CPU 1) and 60 Socket.IO clients in one Node
# process (pinned to CPU 0) on loopback. See bench/README.md.
#
#   bash bench/fanout/run.sh                                  # 60 clients, 60 edits/s, 30 s, fresh SQLite
#   bash bench/fanout/run.sh --clients 60 --rate 60 --duration 30
#   bash bench/fanout/run.sh --burst 180 [--burst-at 10] [--burst-from one|all]   # a paste burst on top
#   bash bench/fanout/run.sh --db postgresql://...            # a fresh workspace in that database
#   bash bench/fanout/run.sh --py-spy /tmp/server.txt         # also sample the server with py-spy (raw
#                                                             # stacks), from 5 s in (--py-spy-delay S)
#   bash bench/fanout/run.sh --keep                           # keep the work dir (db, log, results)
#   bash bench/fanout/run.sh --nice -10                       # on a shared machine: run server and
#                                                             # generator at a higher priority (root)
#
# Every other option goes to loadgen.mjs. Exits with the load generator's code: 0 only when every edit
# was acknowledged and delivered to every other client.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
PY="${PYTHON:-$ROOT/.venv/bin/python}"
MATRIXSYNC="${MATRIXSYNC:-$ROOT/.venv/bin/matrixsync}"

DB_URL=""
KEEP=0
PYSPY_OUT=""
PYSPY_DELAY=5
CLIENTS=60
NICE=0
PASS=()
while [ $# -gt 0 ]; do
  case "$1" in
    --db) DB_URL="$2"; shift 2 ;;
    --db=*) DB_URL="${1#*=}"; shift ;;
    --keep) KEEP=1; shift ;;
    --nice) NICE="$2"; shift 2 ;;
    --nice=*) NICE="${1#*=}"; shift ;;
    --py-spy) PYSPY_OUT="$2"; shift 2 ;;
    --py-spy=*) PYSPY_OUT="${1#*=}"; shift ;;
    --py-spy-delay) PYSPY_DELAY="$2"; shift 2 ;;
    --clients) CLIENTS="$2"; PASS+=("$1" "$2"); shift 2 ;;
    --clients=*) CLIENTS="${1#*=}"; PASS+=("$1"); shift ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) PASS+=("$1"); shift ;;
  esac
done

for tool in node npm taskset; do
  command -v "$tool" >/dev/null || { echo "run.sh: $tool is needed" >&2; exit 2; }
done
[ -x "$PY" ] || { echo "run.sh: no Python at $PY (make install)" >&2; exit 2; }

if [ ! -d "$HERE/node_modules" ]; then
  echo "== installing the load generator's dependencies (npm)" >&2
  if [ -f "$HERE/package-lock.json" ]; then
    (cd "$HERE" && npm ci --no-audit --no-fund --loglevel=error)
  else
    (cd "$HERE" && npm install --no-audit --no-fund --loglevel=error)
  fi
fi

WORK="$(mktemp -d "${TMPDIR:-/tmp}/matrixsync-fanout.XXXXXX")"
SERVER_PID=""
SAMPLER_PID=""
PYSPY_PID=""
LOADGEN_PID=""
cleanup() {
  local rc=$?
  for pid in "$LOADGEN_PID" "$PYSPY_PID" "$SAMPLER_PID"; do
    [ -n "$pid" ] && kill "$pid" 2>/dev/null || true
  done
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$SERVER_PID" 2>/dev/null || true
  fi
  wait 2>/dev/null || true
  if [ "$KEEP" = 1 ]; then echo "work dir kept: $WORK" >&2; else rm -rf "$WORK"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

export MATRIXSYNC_HOME="$WORK"
MATRIXSYNC_SECRET_KEY="$("$PY" -c 'import secrets; print(secrets.token_urlsafe(48))')"
export MATRIXSYNC_SECRET_KEY

echo "== building the database" >&2
SETUP_ARGS=(--out "$WORK/clients.json" --clients "$CLIENTS")
[ -n "$DB_URL" ] && SETUP_ARGS+=(--db "$DB_URL")
(cd "$ROOT" && "$PY" -m bench.fanout.setup "${SETUP_ARGS[@]}")
[ -n "$DB_URL" ] || DB_URL="sqlite:///$WORK/bench.db"

PORT="$("$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
URL="http://127.0.0.1:$PORT"
echo "== starting matrixsync serve on $URL (CPU 1)" >&2
nice -n "$NICE" taskset -c 1 "$MATRIXSYNC" serve --host 127.0.0.1 --port "$PORT" --db "$DB_URL" >"$WORK/server.log" 2>&1 &
SERVER_PID=$!

healthy() { "$PY" -c "import sys, urllib.request; sys.exit(0 if urllib.request.urlopen('$URL/healthz', timeout=1).status == 200 else 1)" 2>/dev/null; }
for _ in $(seq 300); do
  kill -0 "$SERVER_PID" 2>/dev/null || { echo "run.sh: the server exited:" >&2; tail -20 "$WORK/server.log" >&2; exit 2; }
  healthy && break
  sleep 0.1
done
healthy || { echo "run.sh: no /healthz from $URL within 30 s" >&2; tail -20 "$WORK/server.log" >&2; exit 2; }

rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$SERVER_PID/status" 2>/dev/null || echo 0; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$SERVER_PID/stat" 2>/dev/null || echo 0; }
# busy ticks of the whole machine (user nice system irq softirq steal), and steal alone
busy_ticks() { awk '/^cpu / {print $2 + $3 + $4 + $7 + $8 + $9, $9}' /proc/stat; }
mb() { awk -v kb="$1" 'BEGIN {printf "%.1f MB", kb / 1024}'; }
RSS_IDLE="$(rss_kb)"

# VmRSS every 0.5 s while the load runs
(
  while kill -0 "$SERVER_PID" 2>/dev/null; do
    rss_kb >>"$WORK/rss.txt"
    sleep 0.5
  done
) &
SAMPLER_PID=$!

if [ -n "$PYSPY_OUT" ]; then
  PYSPY="$ROOT/.venv/bin/py-spy"
  [ -x "$PYSPY" ] || { echo "run.sh: --py-spy needs $PYSPY (.venv/bin/pip install py-spy)" >&2; exit 2; }
  # started after the clients have connected and joined, so the profile shows the edits, not the joins
  (sleep "$PYSPY_DELAY" && exec "$PYSPY" record -p "$SERVER_PID" --nonblocking -r 250 -f raw -o "$PYSPY_OUT") \
    >"$WORK/py-spy.log" 2>&1 &
  PYSPY_PID=$!
fi

echo "== load generator (CPU 0)" >&2
CPU0="$(cpu_ticks)"
BUSY0="$(busy_ticks)"
T0="$(date +%s.%N)"
nice -n "$NICE" taskset -c 0 node "$HERE/loadgen.mjs" --url "$URL" --clients-file "$WORK/clients.json" --json "$WORK/result.json" \
  --server-pid "$SERVER_PID" --clk-tck "$(getconf CLK_TCK)" "${PASS[@]}" &
LOADGEN_PID=$!
(
  while kill -0 "$LOADGEN_PID" 2>/dev/null; do
    awk '{print $14 + $15}' "/proc/$LOADGEN_PID/stat" >"$WORK/loadgen.ticks" 2>/dev/null
    sleep 0.2
  done
) &
LGSAMPLER_PID=$!
set +e
wait "$LOADGEN_PID"
RC=$?
set -e
LOADGEN_PID=""
T1="$(date +%s.%N)"
CPU1="$(cpu_ticks)"
BUSY1="$(busy_ticks)"
wait "$LGSAMPLER_PID" 2>/dev/null || true
LG_TICKS="$(cat "$WORK/loadgen.ticks" 2>/dev/null || echo 0)"

kill "$SAMPLER_PID" 2>/dev/null || true
wait "$SAMPLER_PID" 2>/dev/null || true
SAMPLER_PID=""
if [ -n "$PYSPY_PID" ]; then
  kill -INT "$PYSPY_PID" 2>/dev/null || true
  wait "$PYSPY_PID" 2>/dev/null || true
  PYSPY_PID=""
  echo "py-spy samples of the server: $PYSPY_OUT" >&2
fi
RSS_PEAK="$(sort -n "$WORK/rss.txt" 2>/dev/null | tail -1)"
RSS_LAST="$(tail -1 "$WORK/rss.txt" 2>/dev/null)"
sleep 2 # the server notices the disconnects and drops their state
RSS_AFTER="$(rss_kb)"
HZ="$(getconf CLK_TCK)"
CPU_PCT="$(awk -v a="$CPU0" -v b="$CPU1" -v t0="$T0" -v t1="$T1" -v hz="$HZ" 'BEGIN {printf "%.0f%%", 100 * (b - a) / hz / (t1 - t0)}')"
# what the rest of the machine did meanwhile: anything else busy makes the numbers worse than they are
read -r B0 S0 <<<"$BUSY0"
read -r B1 S1 <<<"$BUSY1"
OTHER_PCT="$(awk -v b0="$B0" -v b1="$B1" -v srv="$((CPU1 - CPU0))" -v lg="$LG_TICKS" -v t0="$T0" -v t1="$T1" -v hz="$HZ" \
  'BEGIN {o = 100 * (b1 - b0 - srv - lg) / hz / (t1 - t0); if (o < 0) o = 0; printf "%.0f", o}')"
STEAL_PCT="$(awk -v s0="$S0" -v s1="$S1" -v t0="$T0" -v t1="$T1" -v hz="$HZ" 'BEGIN {printf "%.0f", 100 * (s1 - s0) / hz / (t1 - t0)}')"

echo "server RSS           idle $(mb "${RSS_IDLE:-0}"), peak during run $(mb "${RSS_PEAK:-0}"), at end of run $(mb "${RSS_LAST:-0}"), 2 s after clients left $(mb "${RSS_AFTER:-0}")"
echo "server CPU           $CPU_PCT of one core over the generator's lifetime (connect + run + drain)"
echo "rest of the machine  ${OTHER_PCT}% of one core busy with other processes, ${STEAL_PCT}% stolen by the hypervisor"
if [ "$OTHER_PCT" -gt 10 ] || [ "$STEAL_PCT" -gt 5 ]; then
  echo "WARNING: the machine was not quiet during the run; the latencies above are inflated. Run again when it is."
fi
if grep -q "Traceback" "$WORK/server.log"; then
  echo "server log: $(grep -c Traceback "$WORK/server.log") tracebacks (run with --keep to read $WORK/server.log); distinct errors:"
  # the last frame in our code and the exception line of each traceback, counted
  awk '/^Traceback/ {where = ""} /File "[^"]*\/server\// {where = $0} /^[A-Za-z_.]+(Error|Exception)/ {print where " -> " $0}' \
    "$WORK/server.log" | sed 's/^ *//' | sort | uniq -c | sort -rn | head -5
fi
exit "$RC"
