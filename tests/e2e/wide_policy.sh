#!/usr/bin/env bash
# The wide benchmark policy (bench/policies/wide, the second policy of
# bench/compare) keeps working:
#   1. on the hand-written cases of tests/e2e/wide-edge (README there) acctseg
#      writes expected.csv, checked by hand, byte for byte;
#   2. territories.csv is what make_territories.py writes;
#   3. the peers that are installed (DuckDB: bench/peers/node_modules;
#      pandas: /usr/bin/python3 with pandas; PostgreSQL: its server binaries,
#      a throwaway server; all made by scripts/install-peers.sh) write the same bytes as acctseg on the edge
#      cases and on generated universes (seeds 1 and 2); a peer that is not
#      installed is skipped with a message, not failed.
# Usage: wide_policy.sh ACCTSEG [ROWS]
set -euo pipefail
acctseg=$1
rows=${2:-5000}
root=$(cd "$(dirname "$0")/../.." && pwd)
wide=$root/bench/policies/wide
edge=$root/tests/e2e/wide-edge
work=$(mktemp -d)
server=$work/pg
cleanup() { [ ! -d "$server" ] || "$root/scripts/pg-test-server.sh" stop "$server" >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT
failed=0

run_acctseg() {  # run_acctseg ACCOUNTS OUT
  "$acctseg" run --no-store --quiet --policy "$wide/policy.yaml" --input "accounts=$1" --output "$2"
}

run_acctseg "$edge/accounts.csv" "$work/edge.csv"
if cmp -s "$edge/expected.csv" "$work/edge.csv"; then
  echo "ok   wide-edge: acctseg"
else
  echo "FAIL wide-edge: acctseg differs from tests/e2e/wide-edge/expected.csv"
  diff "$edge/expected.csv" "$work/edge.csv" | head -20
  failed=1
fi

if python3 "$wide/make_territories.py" | cmp -s - "$wide/territories.csv"; then
  echo "ok   territories.csv is make_territories.py's output"
else
  echo "FAIL bench/policies/wide/territories.csv differs from make_territories.py's output"
  failed=1
fi

peers=()
if command -v node >/dev/null && [ -d "$root/bench/peers/node_modules/@duckdb/node-api" ]; then
  peers+=(duckdb)
else
  echo "skip DuckDB peer: node or bench/peers/node_modules missing (scripts/install-peers.sh)"
fi
if /usr/bin/python3 -c "import pandas" 2>/dev/null; then
  peers+=(pandas)
else
  echo "skip pandas peer: /usr/bin/python3 has no pandas (scripts/install-peers.sh)"
fi
mkdir -p "$server"
chmod 755 "$work"   # the server may run as another user (pg-test-server.sh)
if uri=$(ACCTSEG_PG_FSYNC=off "$root/scripts/pg-test-server.sh" start "$server" 2>"$work/pg.err"); then
  peers+=(postgres)
else
  echo "skip PostgreSQL peer: $(tail -1 "$work/pg.err")"
  rmdir "$server" 2>/dev/null || true
fi
check_peers() {  # check_peers NAME ACCOUNTS ACCTSEG_OUT
  local peer out=$work/peer.csv
  for peer in "${peers[@]}"; do
    rm -f "$out"
    case $peer in
      duckdb) node "$root/bench/peers/duckdb_wide.mjs" "$2" "$wide/territories.csv" "$out" ;;
      pandas) /usr/bin/python3 "$root/bench/peers/pandas_wide.py" "$2" "$wide/territories.csv" "$out" ;;
      postgres) "$root/bench/peers/postgres_wide.sh" "$2" "$wide/territories.csv" "$out" "$uri" ;;
    esac || { echo "FAIL $1: $peer exited non-zero"; failed=1; continue; }
    if cmp -s "$3" "$out"; then
      echo "ok   $1: $peer"
    else
      echo "FAIL $1: $peer differs from acctseg"
      diff "$3" "$out" | head -10
      failed=1
    fi
  done
}
[ ${#peers[@]} -gt 0 ] || exit $failed
check_peers wide-edge "$edge/accounts.csv" "$work/edge.csv"
for seed in 1 2; do
  python3 "$root/tests/data/gen_accounts.py" --rows "$rows" --seed "$seed" --out "$work/accounts-$seed.csv"
  run_acctseg "$work/accounts-$seed.csv" "$work/acctseg-$seed.csv"
  check_peers "seed $seed, $rows rows" "$work/accounts-$seed.csv" "$work/acctseg-$seed.csv"
done
exit $failed
