#!/usr/bin/env bash
# Which of Olist's 8,000 marketing-qualified leads became sellers: the lift
# table by origin and contact date, and a propensity model whose leakage
# guard catches the deal fields that exist only for converted leads.
# The data is NOT bundled (no licence stated in its source repositories):
# it is read from $OLIST_FUNNEL_DATA (the folder holding
# olist_marketing_qualified_leads_dataset.csv and olist_closed_deals_dataset.csv).
# Unset, says where to get it and exits 0; set to a path without those files,
# says so and exits 66, so a mistyped path is not taken for a skip.
# Usage: examples/olist-funnel/run.sh [OUTPUT_DIR]   (default: out/olist-funnel)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../lib/data_folder.sh"
root=$(cd "$here/../.." && pwd)
source "$here/../lib/acctseg_binary.sh"
find_acctseg "$root"
data=${OLIST_FUNNEL_DATA:-}
out=${1:-$root/out/olist-funnel}
leads=$data/olist_marketing_qualified_leads_dataset.csv deals=$data/olist_closed_deals_dataset.csv
if [ -z "$data" ]; then
  echo "skipped: no Olist marketing funnel data. Download \"Marketing Funnel by" \
       "Olist\" (https://www.kaggle.com/datasets/olistbr/marketing-funnel-olist) and set" \
       "OLIST_FUNNEL_DATA to the folder holding its two CSV files." >&2
  exit 0
fi
require_data_folder OLIST_FUNNEL_DATA "$data" "${leads##*/}" "${deals##*/}"
mkdir -p "$out"
export OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-passive}
learn=(-p "$here/policy.yaml" -i "leads=$leads" -i "deals=$deals" --outcome converted)
set -x
"$acctseg" learn lift "${learn[@]}" --exclude deal_segment -o "$out/lift.txt"
# deal_segment is left in on purpose: the leakage guard flags and drops it.
"$acctseg" learn propensity "${learn[@]}" -o "$out/propensity.txt"
