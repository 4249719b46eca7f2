#!/usr/bin/env bash
# End-to-end benchmark of `acctseg run` with the seed policy on generated
# account universes (1M and 10M accounts by default). `make bench` runs it.
#
# For each size: times the whole command (compile, read, steps, write) with
# GNU time at 1 thread and at all threads, REPS times each, and prints wall
# seconds (min, median), accounts/s (from the min) and peak RSS; prints the
# floor (`cat FILE > /dev/null` on a warm cache); then prints the per-stage
# profile (--profile) of one run of the largest size at all threads.
#
# Universes are made by build/gen_accounts, or tests/data/gen_accounts.py
# without it (--seed 1; the same bytes), and cached in
# bench/data/ (git-ignored); 10M takes several minutes the first time.
#
# Environment:
#   ACCTSEG  the binary to time (default build/acctseg)
#   ROWS     sizes to run, space-separated (default "1000000 10000000")
#   REPS     repetitions per size and thread count (default 3)
#   THREADS  the "all threads" count (default: nproc)
set -euo pipefail

cd "$(dirname "$0")/.."

ACCTSEG="${ACCTSEG:-build/acctseg}"
ROWS="${ROWS:-1000000 10000000}"
REPS="${REPS:-3}"
THREADS="${THREADS:-$(nproc)}"
POLICY=examples/seed-policy/policy.yaml
DATA_DIR=bench/data
OUTPUT="$DATA_DIR/out.csv"
GNU_TIME=/usr/bin/time

die() {
  echo "run_bench.sh: $*" >&2
  exit 1
}

if [[ ! -x "$ACCTSEG" ]]; then
  die "$ACCTSEG not found or not executable; build it first with \`make build\` (or set ACCTSEG=path/to/acctseg)"
fi
for n in $ROWS; do
  [[ "$n" =~ ^[1-9][0-9]*$ ]] || die "ROWS must be positive integers, got \"$n\""
done
[[ "$REPS" =~ ^[1-9][0-9]*$ ]] || die "REPS must be a positive integer, got \"$REPS\""
[[ "$THREADS" =~ ^[1-9][0-9]*$ ]] || die "THREADS must be a positive integer, got \"$THREADS\""

# GNU time gives the peak RSS; bash's `time` keyword does not.
if [[ ! -x "$GNU_TIME" ]]; then
  echo "run_bench.sh: $GNU_TIME missing; installing GNU time (apt package \`time\`)" >&2
  sudo_cmd=()
  [[ "$(id -u)" -eq 0 ]] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get install -y -qq time >/dev/null || die "cannot install GNU time; apt-get install time"
fi

mkdir -p "$DATA_DIR"

# Prints the cached universe of $1 accounts, generating it first if needed.
universe() {
  local rows="$1"
  local file="$DATA_DIR/accounts-$rows.csv"
  if [[ ! -s "$file" ]]; then
    echo "generating $file (cached for next time)..." >&2
    local partial="$file.tmp.$$"
    # build/gen_accounts writes the same bytes as gen_accounts.py (ctest
    # e2e.generator_matches_python), 25x faster.
    local generator=(python3 tests/data/gen_accounts.py)
    [[ -x build/gen_accounts ]] && generator=(build/gen_accounts)
    if ! "${generator[@]}" --rows "$rows" --seed 1 --out "$partial"; then
      rm -f "$partial"
      die "${generator[*]} failed for $rows rows"
    fi
    mv "$partial" "$file"
  fi
  echo "$file"
}

# Runs "$@" under GNU time; prints "wall_seconds peak_rss_kb".
timed() {
  local report
  report="$(mktemp)"
  if ! "$GNU_TIME" -f '%e %M' -o "$report" "$@"; then
    rm -f "$report"
    die "failed: $*"
  fi
  tail -n 1 "$report"
  rm -f "$report"
}

# Reads "wall rss_kb" lines; prints "min median max_rss_mb".
summarize() {
  sort -n -k1,1 | awk '
    { wall[NR] = $1; if ($2 > rss) rss = $2 }
    END {
      median = (NR % 2) ? wall[(NR + 1) / 2] : (wall[NR / 2] + wall[NR / 2 + 1]) / 2
      printf "%s %s %.1f\n", wall[1], median, rss / 1024
    }'
}

thread_counts=(1)
[[ "$THREADS" -eq 1 ]] || thread_counts+=("$THREADS")

# Make every universe before timing anything, so the generator's CPU and
# page-cache churn stay out of the measurements.
files=()
for n in $ROWS; do files+=("$(universe "$n")"); done

echo "acctseg end-to-end benchmark: $ACCTSEG, policy $POLICY"
echo "machine: $(nproc) cores, $(uname -sr); $(date -u +%Y-%m-%dT%H:%M:%SZ)"
echo "load before timing:$(uptime | sed 's/.*load average://')"
echo "each row: $REPS runs of"
echo "  $GNU_TIME -f '%e %M' $ACCTSEG run --policy $POLICY --input accounts=FILE --output $OUTPUT --threads T --quiet --no-cache"
echo

table="$(mktemp)"
trap 'rm -f "$table"' EXIT
printf '%-10s %-8s %10s %10s %12s %12s\n' rows threads "min s" "median s" accounts/s "peak RSS MB" >"$table"

i=0
for n in $ROWS; do
  file="${files[$i]}"
  i=$((i + 1))

  # The floor: reading the file from a warm page cache, nothing else.
  cat "$file" >/dev/null
  floor="$(for _ in $(seq "$REPS"); do timed sh -c "cat '$file' >/dev/null"; done | summarize)"
  size_mb="$(du -m "$file" | cut -f1)"
  echo "floor for $file ($size_mb MB): cat FILE > /dev/null min $(echo "$floor" | cut -d' ' -f1) s (warm cache)"

  for t in "${thread_counts[@]}"; do
    stats="$(for _ in $(seq "$REPS"); do
      timed "$ACCTSEG" run --policy "$POLICY" --input "accounts=$file" --output "$OUTPUT" \
        --threads "$t" --quiet --no-cache
    done | summarize)"
    read -r wall_min wall_median rss_mb <<<"$stats"
    rate="$(awk -v n="$n" -v s="$wall_min" 'BEGIN { printf "%.0f", (s > 0 ? n / s : 0) }')"
    printf '%-10s %-8s %10s %10s %12s %12s\n' "$n" "$t" "$wall_min" "$wall_median" "$rate" "$rss_mb" >>"$table"
    echo "$n accounts, $t threads: min $wall_min s, median $wall_median s, peak RSS $rss_mb MB"
  done
done
echo
cat "$table"

largest="${files[$((${#files[@]} - 1))]}"
echo
echo "per-stage profile: $ACCTSEG run --policy $POLICY --input accounts=$largest --output $OUTPUT --threads $THREADS --quiet --no-cache --profile"
"$ACCTSEG" run --policy "$POLICY" --input "accounts=$largest" --output "$OUTPUT" \
  --threads "$THREADS" --quiet --no-cache --profile 2>&1
rm -f "$OUTPUT"
