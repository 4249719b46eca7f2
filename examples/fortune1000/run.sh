#!/usr/bin/env bash
# Runs examples/fortune1000/policy.yaml over the Fortune 1000 (2021) CSV.
# The data is NOT bundled here (no data licence is stated for it); it is read
# from the shared data folder beside the repository, or from $FORTUNE1000_DATA.
# Usage: examples/fortune1000/run.sh [OUTPUT.csv]   (default: stdout)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
acctseg=${ACCTSEG:-$root/build/acctseg}
data=${FORTUNE1000_DATA:-$root/../shared/data/fortune1000-2021}
[ -x "$acctseg" ] || { echo "no acctseg binary at $acctseg (run 'make build' or set ACCTSEG)" >&2; exit 1; }
[ -f "$data/Fortune_1000.csv" ] || { echo "no $data/Fortune_1000.csv (set FORTUNE1000_DATA to the folder holding Fortune_1000.csv)" >&2; exit 1; }
"$acctseg" run --policy "$here/policy.yaml" --input "accounts=$data/Fortune_1000.csv" --output "${1:--}"
