#!/usr/bin/env bash
# Runs examples/maven-crm/policy.yaml over the Maven CRM sample's accounts.csv.
# The data is NOT bundled here (its publisher states no licence); it is read
# from the shared data folder beside the repository, or from $MAVEN_CRM_DATA.
# Usage: examples/maven-crm/run.sh [OUTPUT.csv]   (default: stdout)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
acctseg=${ACCTSEG:-$root/build/acctseg}
data=${MAVEN_CRM_DATA:-$root/../shared/data/maven-crm-sales-opportunities}
[ -x "$acctseg" ] || { echo "no acctseg binary at $acctseg (run 'make build' or set ACCTSEG)" >&2; exit 1; }
[ -f "$data/accounts.csv" ] || { echo "no $data/accounts.csv (set MAVEN_CRM_DATA to the folder holding the Maven CRM accounts.csv)" >&2; exit 1; }
"$acctseg" run --policy "$here/policy.yaml" --input "accounts=$data/accounts.csv" --output "${1:--}"
