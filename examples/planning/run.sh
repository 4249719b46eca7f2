#!/usr/bin/env bash
# Runs examples/planning/policy.yaml (the seed segmentation plus a coverage
# model and a capacity plan) over the bundled 10,000 seed accounts, prints
# the accounts and workload hours per role and channel, explains one
# account's coverage, then plans capacity (headcount per role and region)
# and territories (each family to one of reps.csv's 81 reps, balanced).
# Usage: examples/planning/run.sh [OUTPUT.csv] [PLAN_DIR]
#   (defaults: a temporary directory, removed on exit; PLAN_DIR gets
#   capacity.txt, capacity.html, assignments.csv, balance.csv, moves.csv and
#   territories.html)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
source "$here/../lib/acctseg_binary.sh"
find_acctseg "$root"
accounts=$root/examples/data/accounts-10k.csv
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
out=${1:-$scratch/covered.csv}
plans=${2:-$scratch/plans}
mkdir -p "$plans"

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

echo
echo "capacity: headcount per role (docs/planning/capacity.md):"
"$acctseg" plan capacity -q --policy "$here/policy.yaml" --input "accounts=$accounts" \
  --output "$plans/capacity.txt"
sed -n '1,/^$/p; /^Roles/,/^$/p' "$plans/capacity.txt"
"$acctseg" plan capacity -q --policy "$here/policy.yaml" --input "accounts=$accounts" \
  --format html --output "$plans/capacity.html"

echo
echo "territories: every family of a staffed role to one rep (docs/planning/territories.md):"
"$acctseg" plan territories --policy "$here/policy.yaml" --input "accounts=$accounts" \
  --reps "$here/reps.csv" --time-limit 10 --output "$plans/assignments.csv" \
  --balance-out "$plans/balance.csv" --moves-out "$plans/moves.csv" \
  --report "$plans/territories.html"
[ $# -ge 2 ] && echo "plans written to $plans"
exit 0
