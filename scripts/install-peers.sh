#!/usr/bin/env bash
# Installs what the peer implementations of the seed policy need
# (bench/peers/: pandas, DuckDB through Node.js, PostgreSQL).
# Idempotent: whatever is already present is left alone, without touching apt
# or npm.
#   - Debian python3-pandas for /usr/bin/python3 (pandas_seed.py)
#   - PostgreSQL server binaries and psql (postgres_seed.sh)
#   - node >= 18 and npm must be present (not installed here: Debian's nodejs
#     is older than @duckdb/node-api wants); `npm ci` in bench/peers
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
peers=$root/bench/peers

SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
apt_install() {
  echo "install-peers: installing $*"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get install -y -qq --no-install-recommends "$@" >/dev/null 2>&1 || {
    $SUDO apt-get update -qq
    $SUDO apt-get install -y -qq --no-install-recommends "$@"
  }
}

missing=()
/usr/bin/python3 -c 'import pandas, numpy' 2>/dev/null || missing+=(python3-pandas)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
command -v psql >/dev/null 2>&1 || missing+=(postgresql-client)
[ ${#missing[@]} -eq 0 ] || apt_install "${missing[@]}"

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "install-peers: node and npm are needed (Node.js 18 or newer)" >&2
  exit 69
fi
node_major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$node_major" -lt 18 ]; then
  echo "install-peers: node $(node --version) is too old (need 18 or newer)" >&2
  exit 69
fi

# npm ci only when node_modules is missing or older than the lock file
stamp=$peers/node_modules/.package-lock.json
if [ ! -f "$stamp" ] || [ "$peers/package-lock.json" -nt "$stamp" ] \
   || ! (cd "$peers" && node -e 'require.resolve("@duckdb/node-api")') >/dev/null 2>&1; then
  echo "install-peers: npm ci in bench/peers"
  (cd "$peers" && npm ci --no-audit --no-fund --loglevel=error)
fi
echo "install-peers: pandas $(/usr/bin/python3 -c 'import pandas; print(pandas.__version__)'), $(psql --version | head -1), node $(node --version), @duckdb/node-api $(cd "$peers" && node -p 'require("@duckdb/node-api/package.json").version')"
