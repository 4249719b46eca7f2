#!/usr/bin/env bash
# The C++ account generator (tools/gen_accounts) writes exactly the bytes of
# tests/data/gen_accounts.py, so benchmark universes too big for Python can
# stand in for its output. Sizes cover sample()'s two branches (a pool below
# about 22 rows and around 25k, a set otherwise), the faults added from 1000
# rows on, and seeds zero, negative and wider than 64 bits.
# Usage: generator_matches_python.sh GEN_ACCOUNTS
set -euo pipefail
gen_accounts=$1
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

failed=0
check() {  # check ROWS SEED
  local rows=$1 seed=$2
  python3 "$root/tests/data/gen_accounts.py" --rows "$rows" --seed "$seed" --out "$work/python.csv"
  "$gen_accounts" --rows "$rows" --seed "$seed" --out "$work/cpp.csv"
  if cmp -s "$work/python.csv" "$work/cpp.csv"; then
    echo "ok   $rows rows, seed $seed"
  else
    echo "FAIL $rows rows, seed $seed: gen_accounts differs from gen_accounts.py"
    cmp "$work/python.csv" "$work/cpp.csv" || true
    diff "$work/python.csv" "$work/cpp.csv" | head -6 || true
    failed=1
  fi
}

for rows in 0 1 2 10 22 999 1000 1001; do check "$rows" 1; done
for seed in 0 -7 123456789012345678901234567890; do check 500 "$seed"; done
for seed in 1 2 3; do check 20000 "$seed"; done
check 25000 4
# Standard output, as the script writes it with no --out.
if ! cmp -s <(python3 "$root/tests/data/gen_accounts.py" --rows 300 --seed 5) \
  <("$gen_accounts" --rows 300 --seed 5); then
  echo "FAIL 300 rows, seed 5, to standard output"
  failed=1
fi
exit $failed
