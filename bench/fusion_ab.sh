#!/usr/bin/env bash
# Fused row-local steps against the same binary run step by step
# (--no-fuse), alternated, on the seed and the wide policy: wall, CPU and
# peak memory of whole runs (`run --no-store --no-cache`, as bench/compare
# runs acctseg), then one --profile run of each at the largest size for the
# stages. Outputs are compared byte for byte.
#
#   bench/fusion_ab.sh [BINARY (default build/acctseg)]
#
# Universes: bench/data/accounts-N.csv (bench/compare or run_bench.sh make
# them); SIZES (default "1000000 10000000"), ROUNDS (default 3), THREADS
# (default 2).
set -euo pipefail
cd "$(dirname "$0")/.."
BINARY="${1:-build/acctseg}"
SIZES="${SIZES:-1000000 10000000}"
ROUNDS="${ROUNDS:-3}"
THREADS="${THREADS:-2}"
DIR=$(mktemp -d)
trap 'rm -rf "$DIR"' EXIT
POLICIES="seed=examples/seed-policy/policy.yaml wide=bench/policies/wide/policy.yaml"
run() {  # NAME POLICY INPUT MODE LABEL [EXTRA...]; LABEL "": no timing
  local name="$1" policy="$2" input="$3" mode="$4" label="$5"
  shift 5
  local flag="" timer=()
  [ "$mode" = stepwise ] && flag=--no-fuse
  [ -n "$label" ] && timer=(/usr/bin/time -f "$label: %e s wall, %U s user, %S s sys, %M KB")
  rm -f "$DIR/$name-$mode.csv"
  cat "$input" > /dev/null  # both start alike: the input in the page cache
  "${timer[@]}" "$BINARY" run --policy "$policy" --input "accounts=$input" \
    --output "$DIR/$name-$mode.csv" --no-store --no-cache --quiet --threads "$THREADS" $flag "$@"
}
for size in $SIZES; do
  input=bench/data/accounts-$size.csv
  for entry in $POLICIES; do
    name=${entry%%=*} policy=${entry#*=}
    for round in $(seq "$ROUNDS"); do
      for mode in fused stepwise; do
        run "$name" "$policy" "$input" "$mode" "$size $name $mode round $round"
      done
    done
    cmp "$DIR/$name-fused.csv" "$DIR/$name-stepwise.csv" && echo "$size $name: outputs identical"
  done
done
largest=bench/data/accounts-${SIZES##* }.csv
for entry in $POLICIES; do
  name=${entry%%=*} policy=${entry#*=}
  for mode in fused stepwise; do
    echo "== $name $mode, --profile, ${SIZES##* } accounts"
    run "$name" "$policy" "$largest" "$mode" "" --profile 2>&1 | tail -16
  done
done
