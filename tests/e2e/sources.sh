#!/usr/bin/env bash
# Input formats and encodings end to end: the seed data as TSV (input and
# policy table) gives byte for byte the output of the CSV, at 1 and 2
# threads; a Mac Roman file read without its `encoding:` is refused with the
# file, line and column, and a hint to declare it.
# (The declared Mac Roman + CR case is the golden case crunchbase-mac-roman.)
# Usage: sources.sh ACCTSEG
set -euo pipefail
acctseg=$1
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
input=$root/examples/data/accounts-10k.csv
seed=$root/examples/seed-policy

python3 - "$input" "$seed/regions.csv" "$work" <<'PY'
import csv, sys
work = sys.argv[3]
for source, target in ((sys.argv[1], "accounts.tsv"), (sys.argv[2], "regions.tab")):
    rows = list(csv.reader(open(source, newline="", encoding="utf-8-sig")))
    with open(f"{work}/{target}", "w", encoding="utf-8", newline="") as out:
        csv.writer(out, dialect="excel-tab", lineterminator="\n").writerows(rows)
PY
sed 's/regions\.csv/regions.tab/' "$seed/policy.yaml" > "$work/policy.yaml"
grep -q 'regions\.tab' "$work/policy.yaml"
for threads in 1 2; do
  "$acctseg" run -q -p "$seed/policy.yaml" -i "$input" -o "$work/csv.csv" -t "$threads" --keep-columns
  "$acctseg" run -q -p "$work/policy.yaml" -i "accounts=$work/accounts.tsv" -o "$work/tsv.csv" \
    -t "$threads" --keep-columns
  cmp "$work/csv.csv" "$work/tsv.csv"
done
echo "ok   TSV input and TSV table give the CSV's output byte for byte"

# The golden Mac Roman case without its encoding: lines: a clear error.
golden=$root/tests/golden/crunchbase-mac-roman
cp "$golden/accounts.csv" "$golden/categories.csv" "$work/"
grep -v 'encoding: mac_roman' "$golden/policy.yaml" > "$work/undeclared.yaml"
status=0
"$acctseg" run -q -p "$work/undeclared.yaml" -i "$work/accounts.csv" -o "$work/out.csv" \
  2> "$work/err" || status=$?
if [ "$status" -ne 65 ] ||
   ! grep -q "accounts.csv:2:26: invalid UTF-8 (byte 0x8E); .*declare it with encoding:" "$work/err"; then
  echo "FAIL undeclared Mac Roman: exit $status, $(cat "$work/err")"
  exit 1
fi
[ ! -e "$work/out.csv" ] || { echo "FAIL an output was written"; exit 1; }
echo "ok   undeclared Mac Roman: $(cat "$work/err")"

# An unknown encoding name is a policy error at its place.
sed 's/encoding: mac_roman/encoding: ebcdic/' "$golden/policy.yaml" > "$work/unknown.yaml"
status=0
"$acctseg" run -q -p "$work/unknown.yaml" -i "$work/accounts.csv" -o "$work/out.csv" \
  2> "$work/err" || status=$?
if [ "$status" -ne 66 ] || ! grep -q 'unknown.yaml:[0-9]*:[0-9]*: .*unknown encoding "ebcdic"' "$work/err"; then
  echo "FAIL unknown encoding: exit $status, $(cat "$work/err")"
  exit 1
fi
echo "ok   unknown encoding: $(head -1 "$work/err")"
