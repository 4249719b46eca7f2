#!/usr/bin/env bash
# Runs examples/maven-crm/policy.yaml over the Maven CRM sample's accounts.csv.
# The data is NOT bundled here (its publisher states no licence); it is read
# from $MAVEN_CRM_DATA (the folder holding accounts.csv). Unset, says where
# to get it and exits 0 (nothing to run); set to a path without that file,
# says so and exits 66, so a mistyped path is not taken for a skip.
# Usage: examples/maven-crm/run.sh [OUTPUT.csv]   (default: stdout)
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
       "holding accounts.csv." >&2
  exit 0
fi
require_data_folder MAVEN_CRM_DATA "$data" accounts.csv
"$acctseg" run --no-store --policy "$here/policy.yaml" --input "accounts=$data/accounts.csv" --output "${1:--}"
