#!/usr/bin/env bash
# The dashboard in a real browser (issue 14, docs/dashboard.md): starts
# `acctseg serve` on the bundled sample (examples/live: the seed policy with
# routing; 10k accounts) on a free port with a fresh data directory and
# token, then dashboard_test.mjs drives headless Chromium through the page:
# the heat map drawn, an event with a touchpoint posted, the account in the
# changed list, its route listed and the counts moved, its explanation found
# by the search, and a screenshot kept at ARTIFACTS/dashboard.png.
# Exit 77 (ctest: skipped) when node, Chromium or playwright-core is missing.
# Usage: dashboard_test.sh ACCTSEG ARTIFACTS
set -euo pipefail
acctseg=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
artifacts=$2
root=$(cd "$(dirname "$0")/../.." && pwd)
chromium=${CHROMIUM:-/usr/bin/chromium}

skip() {
  echo "SKIP: $* (scripts/install-deps.sh installs it)"
  exit 77
}
command -v node >/dev/null || skip "node is not installed"
[ -x "$chromium" ] || skip "no Chromium at $chromium (Debian package chromium; CHROMIUM=PATH for another)"
[ -d "$root/web/node_modules/playwright-core" ] || skip "web/node_modules/playwright-core is missing (npm ci --prefix web)"

. "$root/tests/util/serve.sh"
work=$(mktemp -d)
trap 'serve_stop; rm -rf "$work"' EXIT

port=$(serve_free_port)
token=$(serve_token "$acctseg" browser-test read,write "$work/tokens.txt")
serve_start "$acctseg" "$work/serve.log" 60 \
  -p "$root/examples/live/policy.yaml" -i "accounts=$root/examples/data/accounts-10k.csv" \
  --listen "127.0.0.1:$port" --data-dir "$work/data" --tokens "$work/tokens.txt"

# A000022388: no parent, no children, 273 employees (SMB); 5200 makes it Enterprise.
if ! node "$root/tests/browser/dashboard_test.mjs" --url "$SERVE_URL" --token "$token" \
       --account A000022388 --screenshot "$artifacts/dashboard.png" --web-dir "$root/web"; then
  echo "the server's log:"
  cat "$work/serve.log"
  exit 1
fi
