#!/usr/bin/env bash
# The territory solver's quality and speed targets of issue 13; prints the
# figures recorded in bench/territory/README.md (about 15 minutes on 2 cores).
# usage: bench/territory/run.sh [build-dir]
set -euo pipefail
build=${1:-build}
cmake --build "$build" --target territory_bench -j2 >/dev/null
bench="$build/territory_bench"
# 2,000 accounts / 20 reps: the heuristic against the exact MIP (60 s each).
for kind in random skewed; do
  "$bench" --mode quality --accounts 2000 --reps 20 --seeds 1,2 --time-limit 60 --perturb-kind "$kind"
done
"$bench" --mode quality --accounts 2000 --reps 20 --seeds 1 --time-limit 60 --perturb-kind skewed --paying 1
# 1M accounts / 500 reps: within ±3% of the role mean with owners ignored,
# then the ARR moved from that balanced plan perturbed by 20%; each solve timed.
for kind in random skewed; do
  "$bench" --mode scale --accounts 1000000 --reps 500 --tolerance 0.03 --perturb-kind "$kind"
done
"$bench" --mode scale --accounts 1000000 --reps 500 --tolerance 0.03 --perturb-kind skewed --paying 1
