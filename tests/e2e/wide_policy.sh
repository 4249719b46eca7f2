#!/usr/bin/env bash
# The wide benchmark policy (bench/policies/wide, the second policy of
# bench/compare) keeps working:
#   1. on the hand-written cases of tests/e2e/wide-edge (README there) acctseg
#      writes expected.csv, checked by hand, byte for byte;
#   2. territories.csv is what make_territories.py writes;
#   3. when the DuckDB peer is installed (bench/peers/node_modules, made by
#      scripts/install-peers.sh), it writes the same bytes as acctseg on the
#      edge cases and on generated universes (seeds 1 and 2); without it this
#      part is skipped with a message, not failed.
# Usage: wide_policy.sh ACCTSEG [ROWS]
set -euo pipefail
acctseg=$1
rows=${2:-5000}
root=$(cd "$(dirname "$0")/../.." && pwd)
wide=$root/bench/policies/wide
edge=$root/tests/e2e/wide-edge
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
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

if ! command -v node >/dev/null || [ ! -d "$root/bench/peers/node_modules/@duckdb/node-api" ]; then
  echo "skip DuckDB peer: node or bench/peers/node_modules missing (scripts/install-peers.sh)"
  exit $failed
fi
check_duckdb() {  # check_duckdb NAME ACCOUNTS ACCTSEG_OUT
  rm -f "$work/duckdb.csv"
  if ! node "$root/bench/peers/duckdb_wide.mjs" "$2" "$wide/territories.csv" "$work/duckdb.csv"; then
    echo "FAIL $1: DuckDB exited non-zero"
    failed=1
  elif cmp -s "$3" "$work/duckdb.csv"; then
    echo "ok   $1: DuckDB"
  else
    echo "FAIL $1: DuckDB differs from acctseg"
    diff "$3" "$work/duckdb.csv" | head -10
    failed=1
  fi
}
check_duckdb wide-edge "$edge/accounts.csv" "$work/edge.csv"
for seed in 1 2; do
  python3 "$root/tests/data/gen_accounts.py" --rows "$rows" --seed "$seed" --out "$work/accounts-$seed.csv"
  run_acctseg "$work/accounts-$seed.csv" "$work/acctseg-$seed.csv"
  check_duckdb "seed $seed, $rows rows" "$work/accounts-$seed.csv" "$work/acctseg-$seed.csv"
done
exit $failed
