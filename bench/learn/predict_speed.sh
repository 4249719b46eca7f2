#!/usr/bin/env bash
# What a `predict` step adds to a run: trains a propensity model on ROWS_TRAIN
# generated accounts (outcome: a customer, arr > 0), then runs the seed
# policy over ROWS accounts without a predict step, with one (no reasons),
# and with fast and exact reasons (the predict runs write the probability
# and reasons columns too), ROUNDS times interleaved, printing CPU
# (user+sys) and wall seconds of each run, each predict run's wall time
# over the seed run's of the same round, and at the end the median of
# those ratios per method (issue 12's target: exact at most 1.50 at 10M).
# Every run records into a fresh copy of the store that holds only the
# model, so that no run's commit grows with the runs before it.
# ACCTSEG=path measures another build (an older commit's, for a
# before/after).
#   bench/learn/predict_speed.sh [ROWS=1000000] [ROUNDS=2] [ROWS_TRAIN=200000] [METHODS="none fast exact"]
# ROWS=10000000 is the issue's 10M (a 1 GB CSV in /tmp). TRAIN_ARGS adds
# options to `learn propensity`: the default model for 200k training rows
# is 200 trees of depth 6; TRAIN_ARGS="--trees 60 --learning-rate 0.3"
# gives the size it chooses for a million training rows.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
rows=${1:-1000000} rounds=${2:-2} train_rows=${3:-200000} methods=${4:-none fast exact}
acctseg=${ACCTSEG:-$root/build/acctseg} gen=${GEN_ACCOUNTS:-$root/build/gen_accounts}
work=$(mktemp -d /tmp/acctseg-predict-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
export OMP_WAIT_POLICY=passive
seed=$root/examples/seed-policy
cp "$seed/regions.csv" "$work/"
"$gen" --rows "$train_rows" --seed 7 --out "$work/train.csv"
"$gen" --rows "$rows" --seed 1 --out "$work/accounts.csv"
sed 's/^steps:$/steps:\n  - compute:\n      customer: arr > 0/' "$seed/policy.yaml" >"$work/learn.yaml"
"$acctseg" learn propensity -q -t 2 -p "$work/learn.yaml" -i "accounts=$work/train.csv" \
  --outcome customer --store "$work/store.db" --name ptb -o "$work/learn.txt" \
  --features employees,industry,country,state,sector,web_visits_90d,active_users,intent_score,competitor \
  ${TRAIN_ARGS:-}
grep -E '^model:|^sizes:' "$work/learn.txt"
cp "$seed/policy.yaml" "$work/base.yaml"
# The runs with predict write what it adds (the probability, and the
# reasons when asked for) next to the seed policy's columns.
for m in $methods; do
  if [ "$m" = none ]; then step="  - predict: {model: ptb, output: ptb}" columns="ptb"
  else step="  - predict: {model: ptb, output: ptb, reasons: why, reasons_method: $m}" columns="ptb, why"; fi
  awk -v step="$step" '/^output:$/ { print step; print "" } { print }' "$seed/policy.yaml" |
    sed "s/missing_products, issues\]/missing_products, issues, $columns]/" >"$work/$m.yaml"
  grep -q "issues, $columns]" "$work/$m.yaml" || { echo "the seed policy's output columns changed" >&2; exit 1; }
done
: >"$work/ratios"
for round in $(seq "$rounds"); do
  for p in base $methods; do
    cp "$work/store.db" "$work/run.db"
    /usr/bin/time -o "$work/time" -f "%U+%S s CPU, %e s wall, %M KB" \
      "$acctseg" run -q -t 2 -p "$work/$p.yaml" -i "accounts=$work/accounts.csv" \
      --store "$work/run.db" -o "$work/out.csv"
    rm -f "$work/run.db" "$work/run.db-wal" "$work/run.db-shm"
    wall=$(sed -E 's/.*CPU, ([0-9.]+) s wall.*/\1/' "$work/time")
    if [ "$p" = base ]; then
      base_wall=$wall ratio=""
    else
      ratio=$(awk -v a="$wall" -v b="$base_wall" 'BEGIN { printf "%.2f", a / b }')
      echo "$p $ratio" >>"$work/ratios"
      ratio=", $ratio x the seed run"
    fi
    echo "$rows rows, round $round, predict $p: $(cat "$work/time")$ratio"
  done
done
for m in $methods; do
  awk -v m="$m" '$1 == m { print $2 }' "$work/ratios" | sort -n | awk -v m="$m" '{ r[++n] = $1 } END {
    if (n == 0) exit
    median = n % 2 ? r[(n + 1) / 2] : (r[n / 2] + r[n / 2 + 1]) / 2
    printf "predict %s: wall time %.2f-%.2f x the seed run of its round, median %.2f (%d rounds)\n", m, r[1], r[n], median, n
  }'
done
