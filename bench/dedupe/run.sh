#!/usr/bin/env bash
# The dedupe benchmark: `acctseg run` of bench/dedupe/policy.yaml over
# generated accounts with near-duplicates, REPS times per size, then once
# with --profile for the time of each stage (the dedupe step on its own).
# Universes are cached in bench/data/dedupe-ROWS.csv.
#   ROWS="1000000 10000000" THREADS=2 REPS=3 bench/dedupe/run.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
acctseg=${ACCTSEG:-$root/build/acctseg}
rows_list=${ROWS:-"1000000 10000000"}
threads=${THREADS:-2}
reps=${REPS:-3}
mkdir -p "$root/bench/data"
for rows in $rows_list; do
  data=$root/bench/data/dedupe-$rows.csv
  if [ ! -f "$data" ]; then
    echo "generating $data"
    python3 "$root/bench/dedupe/gen_dedupe_accounts.py" --rows "$rows" --seed 1 > "$data.tmp"
    mv "$data.tmp" "$data"
  fi
  out=$root/bench/data/dedupe-out.csv
  echo "== $rows accounts, $threads threads (load: $(cut -d' ' -f1-3 /proc/loadavg))"
  for _ in $(seq "$reps"); do
    /usr/bin/time -f "wall %e s, peak RSS %M KB" "$acctseg" run --quiet --threads "$threads" \
      --policy "$root/bench/dedupe/policy.yaml" --input "accounts=$data" --output "$out"
  done
  "$acctseg" run --quiet --profile --threads "$threads" \
    --policy "$root/bench/dedupe/policy.yaml" --input "accounts=$data" --output "$out"
  echo "clusters: $(cut -d, -f2 "$out" | tail -n +2 | grep -v '^$' | sort -u | wc -l)," \
       "rows in a cluster: $(grep -c possible_duplicate "$out")"
done
