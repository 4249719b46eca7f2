#!/usr/bin/env bash
# Two builds of `acctseg serve` under the same loads, interleaved (A, B, A,
# B ...) so that a shared machine's noise falls on both alike
# (bench/README.md, "Live server"): for each, a fresh server on ROWS
# accounts, then serve_loadgen in batches (BATCH events per request,
# BATCH_S s) and single events (SINGLE_RATE/s, SINGLE_S s), with the
# server's CPU time (user + system, from /proc/PID/stat) around each load,
# and for single events its voluntary context switches (all its threads,
# /proc/PID/task/*/status) an event: each is a wake-up, which a VM charges for.
#   bench/serve/compare.sh BEFORE_ACCTSEG AFTER_ACCTSEG
# Knobs: ROWS (1000000), BATCH (1000), BATCH_S (20), SINGLE_RATE (5000),
# SINGLE_S (20), CONNECTIONS (4), ROUNDS (1), LOADGEN (build/serve_loadgen),
# ACCOUNTS (bench/data/accounts-ROWS.csv).
set -euo pipefail
cd "$(dirname "$0")/../.."
[ $# -eq 2 ] || { echo "usage: $0 BEFORE_ACCTSEG AFTER_ACCTSEG"; exit 2; }
ROWS=${ROWS:-1000000}
BATCH=${BATCH:-1000}
BATCH_S=${BATCH_S:-20}
SINGLE_RATE=${SINGLE_RATE:-5000}
SINGLE_S=${SINGLE_S:-20}
CONNECTIONS=${CONNECTIONS:-4}
ROUNDS=${ROUNDS:-1}
LOADGEN=${LOADGEN:-build/serve_loadgen}
accounts=${ACCOUNTS:-bench/data/accounts-$ROWS.csv}
[ -s "$accounts" ] || { echo "missing $accounts (bench/serve/run.sh makes it)"; exit 1; }
accounts=$(realpath "$accounts")

. tests/util/serve.sh
work=$(mktemp -d)
trap 'serve_stop; rm -rf "$work"' EXIT
cpu_s() {  # the server's user + system CPU seconds
  awk -v hz="$(getconf CLK_TCK)" '{printf "%.2f", ($14 + $15) / hz}' "/proc/$SERVE_PID/stat"
}
switches() {  # the server's voluntary context switches, all its threads (each a wake-up)
  cat /proc/"$SERVE_PID"/task/*/status 2>/dev/null | awk '/^voluntary_ctxt_switches/ {s += $2} END {print s}'
}

one() {
  local label=$1 acctseg=$2
  rm -rf "$work/data" "$work/tokens.txt"
  local port; port=$(serve_free_port)
  serve_token "$acctseg" bench read,write "$work/tokens.txt" >"$work/token"
  serve_start "$acctseg" "$work/serve.log" 600 -p examples/seed-policy/policy.yaml \
    -i "accounts=$accounts" --listen "127.0.0.1:$port" --data-dir "$work/data" \
    --tokens "$work/tokens.txt"
  local before after
  before=$(cpu_s)
  "$LOADGEN" --url "${SERVE_URL%/}" --token-file "$work/token" --accounts "$accounts" \
    --connections "$CONNECTIONS" --mode batch --batch "$BATCH" --duration "$BATCH_S" \
    --json "$work/batch.json" >/dev/null 2>&1 || true
  after=$(cpu_s)
  echo "$label batch:  $(python3 -c "import json; j = json.load(open('$work/batch.json')); print(f\"{j['events_per_s']:.0f} events/s, p50 {j['latency_ms']['p50']:.0f} ms, p99 {j['latency_ms']['p99']:.0f} ms per request, {j['errors']} errors\")"); server CPU $(python3 -c "print(f'{$after - $before:.1f}')") s"
  before=$after
  local switched; switched=$(switches)
  "$LOADGEN" --url "${SERVE_URL%/}" --token-file "$work/token" --accounts "$accounts" \
    --connections "$CONNECTIONS" --mode single --rate "$SINGLE_RATE" --duration "$SINGLE_S" \
    --json "$work/single.json" >/dev/null 2>&1 || true
  after=$(cpu_s)
  switched=$(( $(switches) - switched ))
  echo "$label single: $(python3 -c "import json; j = json.load(open('$work/single.json')); e = j['events_per_s'] * $SINGLE_S; print(f\"{j['events_per_s']:.0f} events/s of {j['target_rate']:.0f} offered, p50 {j['latency_ms']['p50']:.2f} ms, p99 {j['latency_ms']['p99']:.2f} ms; {($after - $before) / e * 1e6:.0f} us CPU and {$switched / e:.2f} switches an event\")"); server CPU $(python3 -c "print(f'{$after - $before:.1f}')") s, RSS $(awk '/^VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$SERVE_PID/status") MB"
  serve_stop
}

echo "# $(date -u '+%F %H:%M UTC'), $(nproc) cores, $ROWS accounts, $CONNECTIONS connections; A=$1 B=$2"
for ((round = 1; round <= ROUNDS; ++round)); do
  one A "$1"
  one B "$2"
done
