#!/usr/bin/env bash
# The live server under load (bench/README.md, "Live server"; issue 14's
# targets): `acctseg serve` with the seed policy on ROWS generated accounts,
# then build/serve_loadgen (loadgen.cc) over keep-alive loopback connections:
#   1. batches: BATCH events per request as JSON Lines, as fast as the
#      server answers (target >= 50,000 events/s);
#   2. single events at SINGLE_RATE/s, open loop, with the dashboard open in
#      headless Chromium polling the server (target p99 < 2 ms);
#   3. a soak: single events at SOAK_RATE/s for SOAK_S seconds, the
#      dashboard still open, the server's RSS read from /proc every 10 s
#      (target: flat).
# Prints everything and writes bench/serve/results-DATE.txt.
#   bench/serve/run.sh                      # the whole run, ~13 min
#   SOAK_S=120 bench/serve/run.sh           # a shorter soak
# Knobs: ROWS (1000000), BATCH (1000), BATCH_S (30), SINGLE_RATE (5000),
# SINGLE_S (60), SOAK_RATE (5000), SOAK_S (600), CONNECTIONS (4),
# ACCTSEG (build/acctseg), LOADGEN (build/serve_loadgen), SERVE_ARGS (extra
# flags for acctseg serve).
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
ROWS=${ROWS:-1000000}
BATCH=${BATCH:-1000}
BATCH_S=${BATCH_S:-30}
SINGLE_RATE=${SINGLE_RATE:-5000}
SINGLE_S=${SINGLE_S:-60}
SOAK_RATE=${SOAK_RATE:-5000}
SOAK_S=${SOAK_S:-600}
CONNECTIONS=${CONNECTIONS:-4}
ACCTSEG=${ACCTSEG:-build/acctseg}
LOADGEN=${LOADGEN:-build/serve_loadgen}
results=bench/serve/results-$(date -u +%F).txt

. tests/util/serve.sh
work=$(mktemp -d)
browser_pid=
sampler_pid=
cleanup() {
  [ -n "$browser_pid" ] && kill "$browser_pid" 2>/dev/null && wait "$browser_pid" 2>/dev/null
  [ -n "$sampler_pid" ] && kill "$sampler_pid" 2>/dev/null && wait "$sampler_pid" 2>/dev/null
  serve_stop
  rm -rf "$work"
}
trap cleanup EXIT
exec > >(tee "$results") 2>&1

for binary in "$ACCTSEG" "$LOADGEN"; do
  [ -x "$binary" ] || { echo "missing $binary: cmake --build build --target acctseg serve_loadgen"; exit 1; }
done
accounts=bench/data/accounts-$ROWS.csv
if [ ! -s "$accounts" ]; then
  mkdir -p bench/data
  generator=(python3 tests/data/gen_accounts.py)
  [ -x build/gen_accounts ] && generator=(build/gen_accounts)
  "${generator[@]}" --rows "$ROWS" --seed 1 --out "$accounts.tmp.$$"
  mv "$accounts.tmp.$$" "$accounts"
fi

echo "# acctseg serve under load, $(date -u '+%F %H:%M UTC'), $(nproc) cores, $(git rev-parse --short HEAD)"
echo "# $ROWS accounts ($accounts), seed policy; loadgen: $CONNECTIONS connections"
port=$(serve_free_port)
serve_token "$ACCTSEG" bench read,write "$work/tokens.txt" >"$work/token"
started=$SECONDS
# shellcheck disable=SC2086  # SERVE_ARGS is a list of flags
serve_start "$ACCTSEG" "$work/serve.log" 600 \
  -p examples/seed-policy/policy.yaml -i "accounts=$root/$accounts" \
  --listen "127.0.0.1:$port" --data-dir "$work/data" --tokens "$work/tokens.txt" ${SERVE_ARGS:-}
echo "server answering after $((SECONDS - started)) s: $(curl -fsS "${SERVE_URL}healthz")"
rss_mb() { awk '/^VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$SERVE_PID/status"; }
echo "server RSS after load: $(rss_mb) MB"

loadgen() {
  "$LOADGEN" --url "${SERVE_URL%/}" --token-file "$work/token" --accounts "$accounts" \
    --connections "$CONNECTIONS" "$@" || echo "(loadgen exited with $?)"
}

echo
echo "## 1. batches of $BATCH events, max rate, ${BATCH_S} s (target >= 50,000 events/s)"
loadgen --mode batch --batch "$BATCH" --duration "$BATCH_S" --json "$work/batch.json"

echo
echo "## 2. single events at $SINGLE_RATE/s, ${SINGLE_S} s, dashboard open (target p99 < 2 ms)"
if command -v node >/dev/null && [ -x /usr/bin/chromium ] && [ -d web/node_modules/playwright-core ]; then
  node bench/serve/dashboard_open.mjs --url "$SERVE_URL" --token-file "$work/token" \
    --web-dir web >"$work/browser.log" 2>&1 &
  browser_pid=$!
  deadline=$((SECONDS + 120))
  until grep -q 'dashboard open' "$work/browser.log"; do
    if ! kill -0 "$browser_pid" 2>/dev/null || [ $SECONDS -ge $deadline ]; then
      echo "the dashboard did not open:"; cat "$work/browser.log"; exit 1
    fi
    sleep 0.5
  done
else
  echo "(no node, Chromium or playwright-core: measured WITHOUT the dashboard open)"
fi
loadgen --mode single --rate "$SINGLE_RATE" --duration "$SINGLE_S" --json "$work/single.json"

echo
echo "## 3. soak: single events at $SOAK_RATE/s for ${SOAK_S} s, dashboard open, server RSS every 10 s"
soak_start=$SECONDS
(
  while kill -0 "$SERVE_PID" 2>/dev/null; do
    echo "  t=$((SECONDS - soak_start))s rss=$(rss_mb) MB"
    sleep 10
  done
) &
sampler_pid=$!
loadgen --mode single --rate "$SOAK_RATE" --duration "$SOAK_S" --json "$work/soak.json"
kill "$sampler_pid"; wait "$sampler_pid" 2>/dev/null || true; sampler_pid=
echo "server RSS after the soak: $(rss_mb) MB"
if [ -n "$browser_pid" ]; then  # open through phases 2 and 3
  kill "$browser_pid"; wait "$browser_pid" || true; browser_pid=
  cat "$work/browser.log"
fi
echo "server stats: $(curl -fsS -H "Authorization: Bearer $(cat "$work/token")" "${SERVE_URL}v1/stats")"

echo
echo "## JSON"
for f in batch single soak; do echo "$f: $(tr -d ' \n' <"$work/$f.json")"; done
echo "written to $results"
