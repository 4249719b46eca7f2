#!/usr/bin/env bash
# Runs fuzz harnesses built by `make fuzz` for SECONDS each, one after the
# other, each from its seeds plus the corpus grown by earlier runs
# (BUILD/fuzz-corpus/NAME). A crash, leak, hang (> 10 s) or out-of-memory
# (> 2 GiB) stops with the input in BUILD/fuzz-artifacts/NAME/: copy it to
# fuzz/regressions/NAME/ once fixed, so ctest replays it.
# Prints one line per harness: seconds, executions, corpus size.
# Usage: fuzz/run.sh BUILD SECONDS NAME...
set -euo pipefail
build=$1 seconds=$2
shift 2
root=$(cd "$(dirname "$0")/.." && pwd)
declare -A seeds=(
  [policy]="$root/tests/policies $root/examples"
  [expr]="$root/fuzz/seeds/expr"
  [csv]="$root/fuzz/seeds/csv"
  [jsonl]="$root/fuzz/seeds/jsonl"
  [column_codec]="$root/fuzz/seeds/column_codec"
  [normalizers]="$root/fuzz/seeds/normalizers"
  [events]="$root/fuzz/seeds/events"
)
declare -A dicts=([policy]=yaml [expr]=expr [csv]=csv [events]=json)
# Longer inputs only slow these down: an expression or a CSV file shows its
# bugs in a few KB (the limits' own tests use long inputs).
declare -A max_len=([policy]=65536 [expr]=4096 [csv]=8192 [jsonl]=8192 [column_codec]=65536 [normalizers]=1024 [events]=4096)
status=0
for name in "$@"; do
  corpus=$build/fuzz-corpus/$name artifacts=$build/fuzz-artifacts/$name
  mkdir -p "$corpus" "$artifacts"
  # Seed files only (the examples hold CSVs and scripts too).
  for dir in ${seeds[$name]}; do
    find "$dir" -type f \( -name '*.yaml' -o ! -path "$root/examples/*" \) -size -64k \
      -exec cp -n {} "$corpus/" \;
  done
  dict=()
  [ -n "${dicts[$name]:-}" ] && dict=(-dict="$root/fuzz/dict/${dicts[$name]}.dict")
  log=$build/fuzz-$name.log
  code=0
  "$build/fuzz/fuzz_$name" "$corpus" "$root/fuzz/regressions/$name" "${dict[@]}" \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len="${max_len[$name]}" \
    -artifact_prefix="$artifacts/" -print_final_stats=1 >"$log" 2>&1 || code=$?
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
  echo "fuzz $name: ${seconds}s, ${execs:-?} execs, corpus $(ls "$corpus" | wc -l) files, exit $code"
  if [ "$code" -ne 0 ]; then
    tail -40 "$log"
    status=1
  fi
done
exit $status
