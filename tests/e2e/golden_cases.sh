#!/usr/bin/env bash
# Data-driven golden cases: every folder tests/golden/NAME/ holding an
# accounts.csv and an expected.csv is run with its policy.yaml (or, without
# one, the seed policy) and must reproduce expected.csv byte for byte. Each
# file inputs/NAME.EXT beside them is given as --input NAME=inputs/NAME.EXT
# (a policy's related inputs).
# Adding a case needs no C++: a folder with those files.
# Usage: golden_cases.sh ACCTSEG
set -euo pipefail
acctseg=$1
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failed=0
count=0
for dir in "$root"/tests/golden/*/; do
  [ -f "$dir/accounts.csv" ] && [ -f "$dir/expected.csv" ] || continue
  name=$(basename "$dir")
  policy="$dir/policy.yaml"
  [ -f "$policy" ] || policy="$root/examples/seed-policy/policy.yaml"
  extra=()
  [ -f "$dir/args" ] && read -r -a extra < "$dir/args"
  for related in "$dir"/inputs/*; do
    [ -f "$related" ] || continue
    file=$(basename "$related")
    extra+=(--input "${file%.*}=$related")
  done
  count=$((count + 1))
  if ! "$acctseg" run --quiet --no-store --policy "$policy" --input "$dir/accounts.csv" \
       --output "$work/$name.out" "${extra[@]}"; then
    echo "FAIL $name: acctseg exited non-zero"
    failed=1
    continue
  fi
  if cmp -s "$dir/expected.csv" "$work/$name.out"; then
    echo "ok   $name"
  else
    echo "FAIL $name: output differs from expected.csv"
    diff "$dir/expected.csv" "$work/$name.out" | head -20
    failed=1
  fi
done
[ "$count" -gt 0 ] || { echo "no golden cases found"; exit 1; }
exit $failed
