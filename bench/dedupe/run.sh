#!/usr/bin/env bash
# The dedupe benchmark: `acctseg run` of bench/dedupe/policy.yaml over
# generated accounts with near-duplicates (gen_dedupe_accounts.py), REPS
# times per size, and as often the baseline policy (the same read and a
# similar write, no step): the difference is the dedupe step's own cost.
# Then one run with --profile for the time of each stage. Universes are
# cached in bench/data/dedupe-ROWS.csv (git-ignored).
#   ROWS="1000000 10000000" THREADS=2 REPS=3 bench/dedupe/run.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
acctseg=${ACCTSEG:-$root/build/acctseg}
rows_list=${ROWS:-"1000000 10000000"}
threads=${THREADS:-2}
reps=${REPS:-3}
mkdir -p "$root/bench/data"
out=$root/bench/data/dedupe-out.csv
for rows in $rows_list; do
  data=$root/bench/data/dedupe-$rows.csv
  if [ ! -f "$data" ]; then
    echo "generating $data"
    python3 "$root/bench/dedupe/gen_dedupe_accounts.py" --rows "$rows" --seed 1 > "$data.tmp"
    mv "$data.tmp" "$data"
  fi
  echo "== $rows accounts, $threads threads (load average: $(cut -d' ' -f1-3 /proc/loadavg))"
  for _ in $(seq "$reps"); do
    for policy in policy baseline-policy; do
      /usr/bin/time -f "$policy: wall %e s, user %U s, sys %S s, peak RSS %M KB" \
        "$acctseg" run --quiet --no-store --no-cache --threads "$threads" \
        --policy "$root/bench/dedupe/$policy.yaml" --input "accounts=$data" --output "$out"
    done
  done
  "$acctseg" run --quiet --no-store --no-cache --profile --threads "$threads" \
    --policy "$root/bench/dedupe/policy.yaml" --input "accounts=$data" --output "$out"
  echo "rows in a cluster: $(cut -d, -f2 "$out" | tail -n +2 | grep -cv '^$' || true)," \
       "clusters: $(cut -d, -f2 "$out" | tail -n +2 | grep -v '^$' | sort -u | wc -l)"
done
