#!/usr/bin/env bash
# acctseg and the benchmark peers of the seed policy (bench/peers/: pandas,
# DuckDB, PostgreSQL) give byte-identical output: on generated universes
# (seeds 1 and 2) and on the hand-written edge cases of tests/golden/seed-edge
# (BOM, CRLF, cycles, extra columns, quotes, non-ASCII ids), whose
# expected.csv (checked by hand) must come out too.
# Installs the peers' tools first (scripts/install-peers.sh, idempotent).
# Usage: peers_agree.sh ACCTSEG [ROWS]
set -euo pipefail
acctseg=$1
rows=${2:-5000}
root=$(cd "$(dirname "$0")/../.." && pwd)
peers=$root/bench/peers
regions=$root/examples/seed-policy/regions.csv
"$root/scripts/install-peers.sh"

work=$(mktemp -d)
server=$work/pg
cleanup() { "$root/scripts/pg-test-server.sh" stop "$server" >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT
mkdir -p "$server"
chmod 755 "$work"   # the server may run as another user (pg-test-server.sh)
uri=$(ACCTSEG_PG_FSYNC=off "$root/scripts/pg-test-server.sh" start "$server")

failed=0
check() {  # check NAME ACCOUNTS.csv EXPECTED.csv|""
  local name=$1 input=$2 expected=$3
  "$acctseg" run --no-store -q -p "$root/examples/seed-policy/policy.yaml" -i "$input" -o "$work/acctseg.csv"
  if [ -n "$expected" ] && ! cmp -s "$expected" "$work/acctseg.csv"; then
    echo "FAIL $name: acctseg differs from $expected"
    diff "$expected" "$work/acctseg.csv" | head -10
    failed=1
  fi
  local peer
  for peer in pandas duckdb postgres; do
    local out=$work/$peer.csv
    rm -f "$out"
    case $peer in
      pandas) /usr/bin/python3 "$peers/pandas_seed.py" "$input" "$regions" "$out" ;;
      duckdb) node "$peers/duckdb_seed.mjs" "$input" "$regions" "$out" ;;
      postgres) "$peers/postgres_seed.sh" "$input" "$regions" "$out" "$uri" ;;
    esac || { echo "FAIL $name: $peer exited non-zero"; failed=1; continue; }
    if cmp -s "$work/acctseg.csv" "$out"; then
      echo "ok   $name: $peer"
    else
      echo "FAIL $name: $peer differs from acctseg"
      diff "$work/acctseg.csv" "$out" | head -10
      failed=1
    fi
  done
}

for seed in 1 2; do
  python3 "$root/tests/data/gen_accounts.py" --rows "$rows" --seed "$seed" --out "$work/accounts-$seed.csv"
  check "seed $seed, $rows rows" "$work/accounts-$seed.csv" ""
done
check "seed-edge" "$root/tests/golden/seed-edge/accounts.csv" "$root/tests/golden/seed-edge/expected.csv"
exit $failed
