#!/usr/bin/env bash
# Runs examples/crunchbase-2013/policy.yaml over the bundled CrunchBase
# October 2013 export (CC-BY, data/LICENSE.txt): companies and acquisitions.
# Usage: examples/crunchbase-2013/run.sh [OUTPUT.csv]   (default: stdout)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
source "$here/../lib/acctseg_binary.sh"
find_acctseg "$root"
"$acctseg" run --no-store --policy "$here/policy.yaml" \
  --input "companies=$here/data/crunchbase-companies.csv" \
  --input "acquisitions=$here/data/crunchbase-acquisitions.csv" --output "${1:--}"
