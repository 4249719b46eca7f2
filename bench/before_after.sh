#!/usr/bin/env bash
# Two builds of acctseg side by side on the seed policy: BEFORE and AFTER
# run alternately (output file removed and the input read once before each
# run, so both start alike), 3 runs each at 1M and 10M accounts (SIZES),
# then one --profile run of each at the largest size.
#
#   bench/before_after.sh BEFORE_BINARY [AFTER_BINARY (default build/acctseg)]
#
# To get a BEFORE binary: git worktree add /tmp/base COMMIT, then build its
# acctseg target there. Universes: bench/data/accounts-N.csv (bench/compare
# or run_bench.sh make them).
set -euo pipefail
cd "$(dirname "$0")/.."
BEFORE="$1"
AFTER="${2:-build/acctseg}"
POLICY=examples/seed-policy/policy.yaml
OUT=$(mktemp -d)/out.csv
# Both start alike: no output file to replace, the input in the page cache.
prepare() {
  rm -f "$OUT"
  cat "$1" > /dev/null
}
SIZES="${SIZES:-1000000 10000000}"
LARGEST=bench/data/accounts-${SIZES##* }.csv
for size in $SIZES; do
  input=bench/data/accounts-$size.csv
  for rep in 1 2 3; do
    for binary in "$BEFORE" "$AFTER"; do
      prepare "$input"
      /usr/bin/time -f "$size $binary %e s %M KB" "$binary" run --policy "$POLICY" \
        --input "accounts=$input" --output "$OUT" --no-store --quiet 2>&1 | tail -1
    done
  done
done
for binary in "$BEFORE" "$AFTER"; do
  echo "== profile $binary"
  prepare "$LARGEST"
  "$binary" run --policy "$POLICY" --input "accounts=$LARGEST" \
    --output "$OUT" --no-store --quiet --profile 2>&1 | tail -16
done
rm -rf "$(dirname "$OUT")"
