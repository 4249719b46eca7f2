#!/usr/bin/env bash
# Runs on a lent many-core machine (the `device` tool), from the repository
# root, with out/device/ made by bench/device_bundle.sh carried along:
#   1. generates the 10M universe (seed 1) and checks it is the one used here
#      (its md5 is passed as EXPECT_10M_MD5);
#   2. thread scaling at 10M (bench/thread_scaling.sh, 1 to 16 threads);
#   3. generates the 100M universe and runs it once at all threads with
#      --profile (per-stage time and memory, peak RSS).
# Results go to $OUT (the device tool brings that folder back).
set -euo pipefail
cd "$(dirname "$0")/.."
OUT="${OUT:-out/device-results}"
BUNDLE=out/device
DATA="${DATA:-/tmp/acctseg-data}"
mkdir -p "$OUT" "$DATA"
{
  nproc
  free -g
  lscpu 2>/dev/null | grep -E 'Model name|^CPU\(s\)|Thread|MHz' || true
  cat /sys/kernel/mm/transparent_hugepage/enabled 2>/dev/null || true
} > "$OUT/machine.txt"

step() { echo "== $(date +%T) $*" | tee -a "$OUT/log.txt"; }

step "generate 10M"
"$BUNDLE/gen_accounts" --rows 10000000 --seed 1 --out "$DATA/accounts-10000000.csv"
md5=$(md5sum "$DATA/accounts-10000000.csv" | cut -d' ' -f1)
echo "10M md5 $md5 (expected ${EXPECT_10M_MD5:-unset})" | tee -a "$OUT/log.txt"

step "thread scaling at 10M"
ACCTSEG="$BUNDLE/acctseg" REPS="${REPS:-2}" OUT_DIR="$OUT" \
  bench/thread_scaling.sh "$DATA/accounts-10000000.csv" ${THREADS:-1 2 4 8 16} |
  tee "$OUT/scaling-10m.txt"
rm -f "$DATA/accounts-10000000.csv"

step "generate 100M"
"$BUNDLE/gen_accounts" --rows 100000000 --seed 1 --out "$DATA/accounts-100000000.csv"

step "run 100M at $(nproc) threads"
start=$(date +%s.%N)
"$BUNDLE/acctseg" run --policy examples/seed-policy/policy.yaml \
  --input "accounts=$DATA/accounts-100000000.csv" --output "$DATA/out-100m.csv" \
  --no-store --quiet --profile 2> "$OUT/run-100m.txt"
end=$(date +%s.%N)
awk -v a="$start" -v b="$end" 'BEGIN { printf "wall %.2f s\n", b - a }' | tee -a "$OUT/run-100m.txt"
md5sum "$DATA/out-100m.csv" | tee "$OUT/out-100m.md5"
step "done"
