#!/usr/bin/env bash
# Thread scaling of `acctseg run` with the seed policy: accounts/s at each
# thread count, and a check that every thread count writes the same bytes.
#
#   bench/thread_scaling.sh FILE [THREADS...]     # default threads: 1 2 4 ... nproc
#
# Environment: ACCTSEG (binary, default build/acctseg), REPS (default 2),
# OUT_DIR (where outputs and the JSON go, default bench/results/tmp).
# Prints one line per thread count (min and median wall seconds, accounts/s
# from the min, peak RSS) and writes OUT_DIR/thread-scaling.json.
set -euo pipefail
cd "$(dirname "$0")/.."

FILE="$1"
shift
ACCTSEG="${ACCTSEG:-build/acctseg}"
REPS="${REPS:-2}"
OUT_DIR="${OUT_DIR:-bench/results/tmp}"
POLICY=examples/seed-policy/policy.yaml
if [[ $# -gt 0 ]]; then
  THREAD_COUNTS=("$@")
else
  THREAD_COUNTS=()
  for ((t = 1; t < $(nproc); t *= 2)); do THREAD_COUNTS+=("$t"); done
  THREAD_COUNTS+=("$(nproc)")
fi
mkdir -p "$OUT_DIR"
ROWS=$(($(wc -l < "$FILE") - 1))

# Wall seconds and peak RSS (KB) of a command. GNU time may be missing on
# a bare machine: then wall time only (RSS 0).
timed() {
  if [[ -x /usr/bin/time ]]; then
    /usr/bin/time -f '%e %M' "$@" 2>&1 >/dev/null | tail -1
  else
    local start end
    start=$(date +%s.%N)
    "$@" > /dev/null
    end=$(date +%s.%N)
    awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f 0\n", b - a }'
  fi
}

printf '%-8s %10s %10s %14s %12s\n' threads "min s" "median s" "accounts/s" "peak RSS MB"
json="{\"file\": \"$FILE\", \"rows\": $ROWS, \"nproc\": $(nproc), \"runs\": ["
first=1
reference=""
for t in "${THREAD_COUNTS[@]}"; do
  walls=()
  peak=0
  out="$OUT_DIR/scaling-out-$t.csv"
  for ((r = 0; r < REPS; ++r)); do
    read -r wall rss < <(timed "$ACCTSEG" run --policy "$POLICY" --input "accounts=$FILE" \
      --output "$out" --no-store --no-cache --quiet --threads "$t")
    walls+=("$wall")
    ((rss > peak)) && peak=$rss
    json+="$([[ $first == 1 ]] || echo ,){\"threads\": $t, \"rep\": $r, \"wall_s\": $wall, \"max_rss_kb\": $rss}"
    first=0
  done
  if [[ -z "$reference" ]]; then
    reference="$out"
  elif ! cmp -s "$reference" "$out"; then
    echo "output at $t threads differs from $reference" >&2
    exit 1
  else
    rm -f "$out"
  fi
  read -r min median < <(printf '%s\n' "${walls[@]}" | sort -g | awk '
    { v[NR] = $1 }
    END { m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; print v[1], m }')
  awk -v t="$t" -v min="$min" -v median="$median" -v rows="$ROWS" -v peak="$peak" \
    'BEGIN { printf "%-8s %10s %10s %14.0f %12.0f\n", t, min, median, rows / min, peak / 1024 }'
done
rm -f "$reference"
echo "$json]}" > "$OUT_DIR/thread-scaling.json"
echo "all thread counts wrote identical output; JSON: $OUT_DIR/thread-scaling.json"
