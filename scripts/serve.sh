#!/usr/bin/env bash
# `make serve`: the live demo. Serves examples/live (the seed policy plus
# routing) over the bundled 10,000-account sample on 127.0.0.1:8080
# (PORT=... to change), with its log and snapshots in out/live/. The first
# time it makes an admin token (out/live/token.txt) and prints it; curl
# examples: README.md, "Live"; the API: docs/serve.md. Ctrl-C stops it.
set -euo pipefail
build=${1:-build}
shift || true
cd "$(dirname "$0")/.."
mkdir -p out/live
if [ ! -s out/live/token.txt ]; then
  # The demo keeps its token in plain text for the next start: readable by
  # its owner alone, as the tokens file (which holds only its hash) is.
  (umask 077 && "$build/acctseg" serve token --name demo --scopes read,write,admin \
    --append out/live/tokens.txt 2> /dev/null | head -1 > out/live/token.txt)
fi
token=$(cat out/live/token.txt)
port=${PORT:-8080}
cat <<TEXT
Token (read, write, admin; kept in out/live/token.txt): $token
Dashboard: http://127.0.0.1:$port/   (enter the token once)
Try:
  curl -H "Authorization: Bearer $token" \\
       -d '{"account_id":"A000022388","set":{"employees":5200},"touchpoint":{"type":"inbound_call"}}' \\
       http://127.0.0.1:$port/v1/events
TEXT
exec "$build/acctseg" serve -p examples/live/policy.yaml \
  -i accounts=examples/data/accounts-10k.csv --data-dir out/live/data \
  --tokens out/live/tokens.txt --store out/runs.sqlite --listen "127.0.0.1:$port" "$@"
