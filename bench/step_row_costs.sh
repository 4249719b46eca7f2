#!/usr/bin/env bash
# Each step's CPU time per row of the seed policy at sizes whose columns fit
# the processor's cache (20k, 100k accounts) and at sizes that do not (1M,
# 10M), one thread: whether a step waits on memory (its cost per row grows
# with size) or on evaluation (it does not). bench/README.md, "Fusion:
# measured first". Usage: bench/step_row_costs.sh [ACCTSEG] [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/.."
acctseg=${1:-build/acctseg}
rounds=${2:-3}
# Each step its own stage: a build that fuses row-local steps runs them one
# by one with --no-fuse; an older build has no such flag and always did.
no_fuse=$("$acctseg" run --help | grep -q -- --no-fuse && echo --no-fuse || true)
data=bench/data
mkdir -p "$data"
for rows in 20000 100000 1000000 10000000; do
  [ -f "$data/accounts-$rows.csv" ] || build/gen_accounts --rows "$rows" --seed 1 --out "$data/accounts-$rows.csv"
done
out=$(mktemp)
trap 'rm -f "$out"' EXIT
echo "step @ accounts: ns per row, one value a round"
for round in $(seq "$rounds"); do
  for rows in 20000 100000 1000000 10000000; do
    "$acctseg" run -q --profile $no_fuse -t 1 --no-store --no-cache -p examples/seed-policy/policy.yaml \
      -i "accounts=$data/accounts-$rows.csv" -o "$out" 2>&1 |
      awk -v rows="$rows" '/^(family|classify|compute|lookup|score|tier)/ {
        step = $1 " " $2; sub(/ \(.*/, "", step)
        printf "%s|%s|%.0f\n", step, rows, $(NF - 2) * 1e9 / rows }'
  done
done | awk -F'|' '{ key = $1 " @ " $2; seen[key] = seen[key] " " $3 }
  END { for (k in seen) print k ":" seen[k] }' |
  sort -t@ -k1,1 -k2,2n
