#!/usr/bin/env bash
# Learns from the bundled CrunchBase 2013 export (CC-BY, data/LICENSE.txt)
# which funded companies exited (acquired or IPO) rather than closed, with
# one command each: the lift table (text and HTML), a propensity model kept
# in a run store of the output folder as exits@1, 2, ..., a learned
# scorecard (a score: step), discovered clusters (classify: rules), and the
# store's models.
# Usage: examples/crunchbase-2013/learn.sh [OUTPUT_DIR]   (default: out/crunchbase-learn)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
source "$here/../lib/acctseg_binary.sh"
find_acctseg "$root"
out=${1:-$root/out/crunchbase-learn}
mkdir -p "$out"
# XGBoost's worker threads otherwise spin while they wait.
export OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-passive}
store=$out/models.sqlite
learn=(-p "$here/learn.yaml" -i "companies=$here/data/crunchbase-companies.csv" --outcome exited)
set -x
"$acctseg" learn lift "${learn[@]}" -o "$out/lift.txt"
"$acctseg" learn lift "${learn[@]}" -f html -o "$out/lift.html"
"$acctseg" learn propensity "${learn[@]}" --store "$store" --name exits -o "$out/propensity.txt"
"$acctseg" learn scorecard "${learn[@]}" -o "$out/exit-score.yaml" > "$out/scorecard.txt"
"$acctseg" learn clusters "${learn[@]}" --k 3..6 -o "$out/clusters.yaml" > "$out/clusters.txt"
"$acctseg" models list --store "$store"
