#!/usr/bin/env bash
# What wins deals in the Maven CRM sample (sales_pipeline.csv): the lift
# table by product, agent and timing with won amount and days to close, and
# a propensity model (which finds almost nothing: README.md).
# The data is NOT bundled (its publisher states no licence): it is read
# from $MAVEN_CRM_DATA (the folder holding sales_pipeline.csv). Unset, says
# where to get it and exits 0; set to a path without that file, says so and
# exits 66, so a mistyped path is not taken for a skip.
# Usage: examples/maven-crm-learning/run.sh [OUTPUT_DIR]   (default: out/maven-crm-learning)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../lib/data_folder.sh"
root=$(cd "$here/../.." && pwd)
source "$here/../lib/acctseg_binary.sh"
find_acctseg "$root"
data=${MAVEN_CRM_DATA:-}
out=${1:-$root/out/maven-crm-learning}
if [ -z "$data" ]; then
  echo "skipped: no Maven CRM data. Download \"CRM + Sales + Opportunities\" from" \
       "https://mavenanalytics.io/data-playground and set MAVEN_CRM_DATA to the folder" \
       "holding sales_pipeline.csv." >&2
  exit 0
fi
require_data_folder MAVEN_CRM_DATA "$data" sales_pipeline.csv
mkdir -p "$out"
export OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-passive}
# `product` as written is the same as the cleaned product_name.
learn=(-p "$here/policy.yaml" -i "$data/sales_pipeline.csv" --outcome won --exclude product)
set -x
"$acctseg" learn lift "${learn[@]}" --amount close_value --cycle days_to_close -o "$out/lift.txt"
"$acctseg" learn propensity "${learn[@]}" -o "$out/propensity.txt"
