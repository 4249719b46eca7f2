#!/usr/bin/env bash
# Runs examples/planning/policy.yaml (the seed segmentation plus a coverage
# model and a capacity plan) over the bundled 10,000 seed accounts, prints
# the accounts and workload hours per role and channel, and explains one
# account's coverage.
# Usage: examples/planning/run.sh [OUTPUT.csv]   (default: a temporary file)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
acctseg=${ACCTSEG:-$root/build/acctseg}
[ -x "$acctseg" ] || { echo "no acctseg binary at $acctseg (run 'make build' or set ACCTSEG)" >&2; exit 1; }
accounts=$root/examples/data/accounts-10k.csv
out=${1:-$(mktemp --suffix=.csv)}
[ $# -ge 1 ] || trap 'rm -f "$out"' EXIT

"$acctseg" run --no-store --policy "$here/policy.yaml" --input "accounts=$accounts" --output "$out"

echo "accounts and workload hours a year by role and channel:"
python3 - "$out" <<'PY'
import csv, sys
from collections import defaultdict
totals = defaultdict(lambda: [0, 0.0])
for row in csv.DictReader(open(sys.argv[1], newline="")):
    key = (row["role"], row["channel"])
    totals[key][0] += 1
    totals[key][1] += float(row["workload_hours"] or 0)
print(f"  {'role':16} {'channel':11} {'accounts':>8} {'hours':>9}")
for (role, channel), (accounts, hours) in sorted(totals.items(), key=lambda kv: -kv[1][1]):
    print(f"  {role:16} {channel:11} {accounts:8d} {hours:9.0f}")
PY

# The first Enterprise account of the run, explained.
account=$(awk -F, 'NR > 1 && $4 == "Enterprise" {print $1; exit}' "$out")
echo
"$acctseg" explain --policy "$here/policy.yaml" --input "accounts=$accounts" --account "$account"
