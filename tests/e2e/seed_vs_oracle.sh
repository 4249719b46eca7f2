#!/usr/bin/env bash
# The seed policy agrees, account by account and byte for byte, with the
# independent Python implementation of reference-workload.md
# (tests/oracle/seed_reference.py) on generated universes of several seeds,
# at one thread and at several.
# Usage: seed_vs_oracle.sh ACCTSEG [ROWS] [SEEDS...]
set -euo pipefail
acctseg=$1
rows=${2:-20000}
shift 2 || true
seeds=("$@")
[ ${#seeds[@]} -eq 0 ] && seeds=(1 2 3)
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

for seed in "${seeds[@]}"; do
  python3 "$root/tests/data/gen_accounts.py" --rows "$rows" --seed "$seed" --out "$work/accounts.csv"
  python3 "$root/tests/oracle/seed_reference.py" --accounts "$work/accounts.csv" \
    --regions "$root/examples/seed-policy/regions.csv" --out "$work/expected.csv"
  for threads in 1 3; do
    "$acctseg" run --quiet --threads "$threads" --policy "$root/examples/seed-policy/policy.yaml" \
      --input accounts="$work/accounts.csv" --output "$work/actual.csv"
    if ! cmp -s "$work/expected.csv" "$work/actual.csv"; then
      echo "seed $seed, $rows rows, $threads threads: acctseg disagrees with the oracle"
      diff "$work/expected.csv" "$work/actual.csv" | head -20
      exit 1
    fi
  done
  echo "seed $seed, $rows rows: identical to the oracle at 1 and 3 threads"
done
