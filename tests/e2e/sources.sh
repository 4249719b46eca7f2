#!/usr/bin/env bash
# Input formats and encodings end to end: the seed data as TSV (input and
# policy table) gives byte for byte the output of the CSV, at 1 and 2
# threads; the same as ';'-separated with decimal commas, declared, too; a
# Mac Roman file read without its `encoding:` is refused with the file,
# line and column, and a hint to declare it.
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

# Excel's "CSV" where ',' is the decimal mark: ';' between fields and
# decimal commas, declared on the input and the table, read as the CSV.
# (The sample's arr, in cents, becomes a decimal(2) of dollars in both.)
python3 - "$input" "$seed/regions.csv" "$work" <<'PY'
import csv, sys
work = sys.argv[3]
rows = list(csv.reader(open(sys.argv[1], newline="", encoding="utf-8-sig")))
arr = rows[0].index("arr")
for row in rows[1:]:
    cents = int(row[arr])
    row[arr] = ("-" if cents < 0 else "") + f"{abs(cents) // 100}.{abs(cents) % 100:02d}"
with open(f"{work}/accounts-point.csv", "w", encoding="utf-8", newline="") as out:
    csv.writer(out, lineterminator="\n").writerows(rows)
for row in rows[1:]:
    row[arr] = row[arr].replace(".", ",")
with open(f"{work}/accounts-eu.csv", "w", encoding="utf-8", newline="") as out:
    csv.writer(out, delimiter=";", lineterminator="\r\n").writerows(rows)
regions = list(csv.reader(open(sys.argv[2], newline="", encoding="utf-8-sig")))
with open(f"{work}/regions-eu.csv", "w", encoding="utf-8", newline="") as out:
    csv.writer(out, delimiter=";", lineterminator="\r\n").writerows(regions)
PY
grep -q ';[0-9]*,[0-9][0-9];' "$work/accounts-eu.csv" || { echo "FAIL no decimal comma written"; exit 1; }
python3 - "$seed/policy.yaml" "$work" <<'PY'
import sys
text = open(sys.argv[1]).read()
old = "arr: {type: integer, not_null: true}"
assert old in text
text = text.replace(old, "arr: {type: decimal(2), not_null: true}")
text = text.replace("regions.csv", sys.argv[1].rsplit("/", 1)[0] + "/regions.csv")
open(sys.argv[2] + "/point.yaml", "w").write(text)
text = text.replace("  key: account_id", '  key: account_id\n  delimiter: ";"\n  decimal_mark: ","', 1)
text = text.replace(sys.argv[1].rsplit("/", 1)[0] + "/regions.csv", "regions-eu.csv")
text = text.replace("    path: regions-eu.csv", '    path: regions-eu.csv\n    delimiter: ";"', 1)
open(sys.argv[2] + "/eu.yaml", "w").write(text)
PY
grep -q 'delimiter: ";"' "$work/eu.yaml"
"$acctseg" run -q -p "$work/point.yaml" -i "accounts=$work/accounts-point.csv" \
  -o "$work/point.out.csv" -t 2 --no-store
"$acctseg" run -q -p "$work/eu.yaml" -i "accounts=$work/accounts-eu.csv" -o "$work/eu.out.csv" \
  -t 2 --no-store
cmp "$work/point.out.csv" "$work/eu.out.csv"
grep -q ',[0-9]*\.[0-9][0-9],' "$work/eu.out.csv" || { echo "FAIL no decimal in the output"; exit 1; }
# And written back in the same dialect for such a spreadsheet: the same
# table, ';' between fields and decimal commas.
"$acctseg" run -q -p "$work/eu.yaml" -i "accounts=$work/accounts-eu.csv" -o "$work/eu.eu.csv" \
  -t 2 --no-store --delimiter ';' --decimal-mark ','
python3 - "$work/eu.eu.csv" "$work/eu.back.csv" <<'PY'
import csv, re, sys
rows = list(csv.reader(open(sys.argv[1], newline="", encoding="utf-8"), delimiter=";"))
decimal = re.compile(r"^-?[0-9]+,[0-9]+$")
score = rows[0].index("score")
assert all(decimal.match(row[score]) for row in rows[1:])
rows = [[v.replace(",", ".") if decimal.match(v) else v for v in row] for row in rows]
with open(sys.argv[2], "w", encoding="utf-8", newline="") as out:
    csv.writer(out, lineterminator="\n").writerows(rows)
PY
cmp "$work/point.out.csv" "$work/eu.back.csv"
echo "ok   ';' and decimal commas, declared, give the CSV's output byte for byte"

# Undeclared, the header is one column and the message says what to declare.
status=0
"$acctseg" run -q -p "$seed/policy.yaml" -i "$work/accounts-eu.csv" -o "$work/out.csv" \
  2> "$work/err" || status=$?
if [ "$status" -ne 65 ] || ! grep -q 'declare delimiter: ";" on the policy' "$work/err"; then
  echo "FAIL undeclared ';': exit $status, $(cat "$work/err")"
  exit 1
fi
echo "ok   undeclared ';' says what to declare"

# A delimiter the reader does not split on is a policy error at its place;
# declared for JSON Lines, where it would be ignored, it is refused.
sed 's/  delimiter: ";"/  delimiter: "#"/' "$work/eu.yaml" > "$work/hash.yaml"
status=0
"$acctseg" check -p "$work/hash.yaml" 2> "$work/err" || status=$?
if [ "$status" -ne 66 ] || ! grep -q 'hash.yaml:[0-9]*:[0-9]*: .*unknown delimiter "#"' "$work/err"; then
  echo "FAIL unknown delimiter: exit $status, $(cat "$work/err")"
  exit 1
fi
printf '{"account_id":"A1"}\n' > "$work/accounts.jsonl"
status=0
"$acctseg" run -q -p "$work/eu.yaml" -i "accounts=$work/accounts.jsonl" -o "$work/out.csv" \
  2> "$work/err" || status=$?
if [ "$status" -eq 0 ] || ! grep -q 'delimiter: ";" and decimal_mark: "," applies to CSV files, not to JSON Lines' "$work/err"; then
  echo "FAIL delimiter on JSON Lines: exit $status, $(cat "$work/err")"
  exit 1
fi
echo "ok   unknown delimiter, and one declared for JSON Lines, are refused"

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
