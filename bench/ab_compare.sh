#!/usr/bin/env bash
# Two acctseg binaries on the same input, run alternately (old, new, old,
# new, ...), with each pair's outputs compared byte for byte: the check that
# a refactor changed neither output nor speed. Wall time and peak RSS per
# run come from /usr/bin/time. --no-cache: the read is part of what is
# compared (docs/cache.md).
# Usage: bench/ab_compare.sh OLD_ACCTSEG NEW_ACCTSEG ROWS ROUNDS
# (the input is made once by build/gen_accounts --seed 7 in bench/data/)
set -euo pipefail
old=$1 new=$2 rows=$3 rounds=$4
root=$(cd "$(dirname "$0")/.." && pwd)
policy=$root/examples/seed-policy/policy.yaml
data=$root/bench/data/accounts-$rows.csv
mkdir -p "$root/bench/data"
[ -f "$data" ] || "$root/build/gen_accounts" --rows "$rows" --seed 7 --out "$data"
cat "$data" > /dev/null  # warm the page cache
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
# A binary from before the cache has no --no-cache (and reads every time).
flags() { "$1" run --help 2>&1 | grep -q -- --no-cache && echo --no-cache || true; }
declare -A cache_flag=([old]=$(flags "$old") [new]=$(flags "$new"))
for r in $(seq "$rounds"); do
  for which in old new; do
    /usr/bin/time -f "$which round $r: %e s, %M KB" "${!which}" run -q --no-store ${cache_flag[$which]} -t 2 \
      -p "$policy" -i "$data" -o "$out/$which.csv"
  done
  cmp "$out/old.csv" "$out/new.csv" && echo "round $r: identical"
done
