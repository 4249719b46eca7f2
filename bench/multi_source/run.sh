#!/usr/bin/env bash
# acctseg, DuckDB and pandas on the many-sources workload, side by side:
# rounds interleave the three tools so load changes hit all alike; each run's
# wall time and peak RSS come from /usr/bin/time; outputs must be
# byte-identical to acctseg's.
#   bench/multi_source/run.sh ACCOUNTS [ROUNDS=3] [THREADS=all]
# Data goes to bench/data/multi-ACCOUNTS/ (generated once, git-ignored).
# PEERS="duckdb" leaves pandas out (at 10M accounts it needs more than the
# 24 GB machine has); the default runs both.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
rows=$1 rounds=${2:-3} threads=${3:-$(nproc)}
peers=${PEERS:-duckdb pandas}
data=$root/bench/data/multi-$rows
acctseg=${ACCTSEG:-$root/build/acctseg}
if [ ! -f "$data/contacts.csv" ]; then
  mkdir -p "$data"
  /usr/bin/python3 "$here/gen.py" "$data" "$rows"
fi
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
echo "rows: accounts $(($(wc -l < "$data/accounts.csv") - 1)), opportunities" \
     "$(($(wc -l < "$data/opportunities.csv") - 1)), contacts $(($(wc -l < "$data/contacts.csv") - 1)); $threads threads"
measure() {  # NAME COMMAND...: prints "NAME seconds peak_MB"
  local name=$1; shift
  /usr/bin/time -f "%e %M" -o "$scratch/time" "$@" > /dev/null 2> "$scratch/err" ||
    { cat "$scratch/err" >&2; exit 1; }
  read -r seconds kb < "$scratch/time"
  printf '%-8s %8.2f s %8.0f MB\n' "$name" "$seconds" "$((kb / 1024))"
}
for round in $(seq 1 "$rounds"); do
  echo "round $round"
  measure acctseg "$acctseg" run --no-store --no-cache --quiet -t "$threads" -p "$here/policy.yaml" \
    -i "$data/accounts.csv" -i "opportunities=$data/opportunities.csv" \
    -i "contacts=$data/contacts.csv" -o "$scratch/acctseg.csv"
  for peer in $peers; do
    case $peer in
      duckdb) measure duckdb node "$here/duckdb.mjs" "$data" "$scratch/duckdb.csv" ;;
      pandas) measure pandas /usr/bin/python3 "$here/pandas_peer.py" "$data" "$scratch/pandas.csv" ;;
      *) echo "unknown peer $peer (expected duckdb, pandas)" >&2; exit 2 ;;
    esac
    cmp -s "$scratch/acctseg.csv" "$scratch/$peer.csv" || { echo "$peer's output differs" >&2; exit 1; }
  done
done
echo "outputs identical"
