#!/usr/bin/env bash
# Plans the Maven CRM sample end to end (README.md beside this file):
#   1. reps.csv from sales_teams.csv (reps.yaml): the 35 agents;
#   2. the segmented accounts (policy.yaml), whose account_id and rep_id
#      columns are the current owners (the agent of each account's largest
#      won deal);
#   3. balanced territories with the moves, a balance table and an HTML report;
#   4. the capacity needed by region (acctseg plan capacity).
# The data is NOT bundled (its publisher states no licence); it is read from
# $MAVEN_CRM_DATA (the folder holding accounts.csv, sales_pipeline.csv and
# sales_teams.csv). Unset, says where to get it and exits 0; set to a path
# without those files, says so and exits 66, so a mistyped path is not taken
# for a skip.
# Usage: examples/maven-crm-planning/run.sh [OUT_DIR]   (default: maven-crm-planning-out)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../lib/data_folder.sh"
root=$(cd "$here/../.." && pwd)
source "$here/../lib/acctseg_binary.sh"
find_acctseg "$root"
data=${MAVEN_CRM_DATA:-}
if [ -z "$data" ]; then
  echo "skipped: no Maven CRM data. Download \"CRM + Sales + Opportunities\" from" \
       "https://mavenanalytics.io/data-playground and set MAVEN_CRM_DATA to the folder" \
       "holding accounts.csv, sales_pipeline.csv and sales_teams.csv." >&2
  exit 0
fi
require_data_folder MAVEN_CRM_DATA "$data" accounts.csv sales_pipeline.csv sales_teams.csv
out=${1:-maven-crm-planning-out}
mkdir -p "$out"
inputs=(-i "accounts=$data/accounts.csv" -i "opportunities=$data/sales_pipeline.csv")

"$acctseg" run --no-store -q -p "$here/reps.yaml" -i "$data/sales_teams.csv" -o "$out/reps.csv"
"$acctseg" run --no-store -q -p "$here/policy.yaml" "${inputs[@]}" -o "$out/segmented.csv"
"$acctseg" plan territories -p "$here/policy.yaml" "${inputs[@]}" \
  --reps "$out/reps.csv" --current "$out/segmented.csv" \
  -o "$out/assignments.csv" --balance-out "$out/balance.csv" --moves-out "$out/moves.csv" \
  --report "$out/territories.html" --tolerance 0.2 --time-limit 10
if "$acctseg" plan --help 2>/dev/null | grep -q '^ *capacity'; then
  "$acctseg" plan capacity -p "$here/policy.yaml" "${inputs[@]}" -o "$out/capacity.txt"
  cat "$out/capacity.txt"
fi
echo "wrote $out: reps.csv segmented.csv assignments.csv balance.csv moves.csv territories.html" >&2
