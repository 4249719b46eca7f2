#!/usr/bin/env bash
# The territory solver's quality and speed targets of issue 13; prints the
# figures recorded in bench/territory/README.md.
# usage: bench/territory/run.sh [build-dir]
set -euo pipefail
build=${1:-build}
cmake --build "$build" --target territory_bench -j2 >/dev/null
# 2,000 accounts / 20 reps: the heuristic against the exact MIP optimum.
for kind in random skewed; do
  "$build/territory_bench" --mode quality --accounts 2000 --reps 20 --seeds 1,2,3 \
    --time-limit 60 --perturb-kind "$kind"
done
# 1M accounts / 500 reps: within ±3% of the role mean with owners ignored,
# ARR moved from a balanced plan perturbed by 20%, under 60 s each.
for kind in random skewed; do
  "$build/territory_bench" --mode scale --accounts 1000000 --reps 500 --tolerance 0.03 \
    --perturb-kind "$kind"
done
