#!/usr/bin/env bash
# Learns from the IBM sales win-loss sample (78,025 won and lost
# opportunities) with one command each: the lift table (text and HTML), a
# propensity model stored in the run store as ibm_ptb, a learned scorecard
# (a score: step), discovered clusters (classify: rules), then scores the
# opportunities with the stored model (score.yaml: predict + tier).
# The data is NOT bundled (IBM published it with no licence stated): it is
# read from $IBM_WIN_LOSS_DATA (the CSV file). Unset, says where to get it
# and exits 0 (nothing to run), so scripts that run every example skip it;
# set to something that is not a file, says so and exits 66, so a mistyped
# path is not taken for a skip.
# Usage: examples/ibm-win-loss/run.sh [OUTPUT_DIR]   (default: out/ibm-win-loss)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
source "$here/../lib/acctseg_binary.sh"
find_acctseg "$root"
data=${IBM_WIN_LOSS_DATA:-}
out=${1:-$root/out/ibm-win-loss}
if [ -z "$data" ]; then
  echo "skipped: no IBM win-loss data. Download WA_Fn-UseC_-Sales-Win-Loss.csv" \
       "(IBM Watson Analytics sample \"Sales Win Loss\", e.g. from" \
       "https://github.com/vkrit/data-science-class/raw/master/WA_Fn-UseC_-Sales-Win-Loss.csv)" \
       "and set IBM_WIN_LOSS_DATA to the file." >&2
  exit 0
fi
if [ ! -f "$data" ]; then
  if [ ! -e "$data" ]; then why="does not exist"
  elif [ -d "$data" ]; then why="is a folder"
  else why="is not a regular file"; fi
  echo "IBM_WIN_LOSS_DATA=$data $why; it must be the file WA_Fn-UseC_-Sales-Win-Loss.csv itself." >&2
  exit 66
fi
mkdir -p "$out"
# XGBoost's worker threads otherwise spin while they wait.
export OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-passive}
store=${ACCTSEG_STORE:-$out/models.sqlite}
learn=(-p "$here/policy.yaml" -i "$data" --outcome won)
set -x
"$acctseg" learn lift "${learn[@]}" --amount "Opportunity Amount USD" \
  --cycle "Total Days Identified Through Closing" -o "$out/lift.txt"
"$acctseg" learn lift "${learn[@]}" --amount "Opportunity Amount USD" -f html -o "$out/lift.html"
"$acctseg" learn propensity "${learn[@]}" --store "$store" --name ibm_ptb -o "$out/propensity.txt"
"$acctseg" learn scorecard "${learn[@]}" -o "$out/fit-score.yaml" > "$out/scorecard.txt"
"$acctseg" learn clusters "${learn[@]}" --k 3..6 -o "$out/clusters.yaml" > "$out/clusters.txt"
"$acctseg" models list --store "$store"
"$acctseg" run -p "$here/score.yaml" -i "$data" --store "$store" -o "$out/scored.csv"
