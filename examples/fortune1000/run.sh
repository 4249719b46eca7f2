#!/usr/bin/env bash
# Runs examples/fortune1000/policy.yaml over the Fortune 1000 (2021) CSV.
# The data is NOT bundled here (no data licence is stated for it); it is read
# from $FORTUNE1000_DATA (the folder holding Fortune_1000.csv). Unset, says
# where to get it and exits 0 (nothing to run); set to a path without that
# file, says so and exits 66, so a mistyped path is not taken for a skip.
# Usage: examples/fortune1000/run.sh [OUTPUT.csv]   (default: stdout)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../lib/data_folder.sh"
root=$(cd "$here/../.." && pwd)
source "$here/../lib/acctseg_binary.sh"
find_acctseg "$root"
data=${FORTUNE1000_DATA:-}
if [ -z "$data" ]; then
  echo "skipped: no Fortune 1000 data. Download Fortune_1000.csv (the 2021" \
       "Fortune 1000, Kaggle dataset \"winston56/fortune-500-data-2021\", also at" \
       "https://github.com/BrandonHardatt/fortune-1000) and set FORTUNE1000_DATA to the" \
       "folder holding it." >&2
  exit 0
fi
require_data_folder FORTUNE1000_DATA "$data" Fortune_1000.csv
"$acctseg" run --no-store --policy "$here/policy.yaml" --input "accounts=$data/Fortune_1000.csv" --output "${1:--}"
