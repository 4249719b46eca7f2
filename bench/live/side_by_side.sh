#!/usr/bin/env bash
# Two builds of build/live_bench timing a family's move to another segment
# (--family-flips), run at the same time, one on each core, round after
# round: the machine's speed drifts by a third within minutes, and two runs
# side by side meet the same drift, where two in turn do not
# (bench/README.md, "A family's move to another segment").
#   bench/live/side_by_side.sh ROUNDS BEFORE_LIVE_BENCH AFTER_LIVE_BENCH
# Prints each round's mean flip (µs) for both, then the geometric mean of
# after / before. Run it with the same build twice to see the noise.
# With TURNS=1 the two run in turn instead (before, after, before, ...),
# each with the machine to itself: two runs at once also share the memory
# bus, which a change of cache misses feels.
# Knobs: FLIPS (600), ACCOUNTS (bench/data/accounts-1000000.csv),
# POLICY (examples/seed-policy/policy.yaml), PRELOAD (jemalloc, as
# `acctseg serve` runs; empty for glibc's malloc).
set -euo pipefail
cd "$(dirname "$0")/../.."
[ $# -eq 3 ] || { echo "usage: $0 ROUNDS BEFORE_LIVE_BENCH AFTER_LIVE_BENCH"; exit 2; }
rounds=$1 before=$2 after=$3
FLIPS=${FLIPS:-600}
ACCOUNTS=${ACCOUNTS:-bench/data/accounts-1000000.csv}
POLICY=${POLICY:-examples/seed-policy/policy.yaml}
PRELOAD=${PRELOAD-/usr/lib/x86_64-linux-gnu/libjemalloc.so.2}
[ -s "$ACCOUNTS" ] || { echo "missing $ACCOUNTS (bench/serve/run.sh makes it)"; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

TURNS=${TURNS:-0}

# The mean flip in µs, into file $2.
flips() {
  LD_PRELOAD=$PRELOAD "$1" --policy "$POLICY" --accounts "$ACCOUNTS" --events 0 --threads 1 \
    --creates 0 --removes 0 --family-flips "$FLIPS" > "$2.out" 2>&1 || { cat "$2.out"; return 1; }
  sed -n 's/^family flip.* mean *\([0-9.]*\) us.*/\1/p' "$2.out" > "$2"
}

echo "# before $before, after $after; $FLIPS flips a run; mean flip in us"
for round in $(seq "$rounds"); do
  if [ "$TURNS" = 1 ]; then
    flips "$before" "$work/before"
    flips "$after" "$work/after"
  else
    flips "$before" "$work/before" & pid=$!
    flips "$after" "$work/after"
    wait "$pid"
  fi
  echo "$(cat "$work/before") $(cat "$work/after")"
done | awk '{ print "before " $1 "  after " $2; s += log($2 / $1); n++ }
  END { if (n) printf "after / before, geometric mean over %d rounds: %.3f\n", n, exp(s / n) }'
