#!/usr/bin/env bash
# A JSON Lines input gives byte-for-byte the output of the same data as CSV:
# once with every value a JSON string, once typed (numbers as numbers,
# empty cells as null, keys in another order), at 1 and 2 threads, and the
# .ndjson spelling (any case) is read as JSON Lines too.
# Usage: jsonl_input.sh ACCTSEG
set -euo pipefail
acctseg=$1
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
policy=$root/examples/seed-policy/policy.yaml
input=$root/examples/data/accounts-10k.csv

python3 - "$input" "$work" <<'PY'
import csv, json, re, sys
source, work = sys.argv[1], sys.argv[2]
rows = list(csv.DictReader(open(source, newline="", encoding="utf-8-sig")))
def typed(value):
    if value == "":
        return None
    if re.fullmatch(r"-?(0|[1-9][0-9]*)", value):
        return int(value)
    return value
with open(f"{work}/strings.jsonl", "w", encoding="utf-8") as out:
    for row in rows:
        out.write(json.dumps(row, ensure_ascii=False) + "\n")
with open(f"{work}/typed.NDJSON", "w", encoding="utf-8") as out:
    for i, row in enumerate(rows):
        items = [(k, typed(v)) for k, v in row.items()]
        if i % 2:
            items.reverse()
        out.write(json.dumps(dict(items)) + ("\n\n" if i % 7 == 0 else "\r\n"))
PY

for threads in 1 2; do
  "$acctseg" run -q -p "$policy" -i "$input" -o "$work/csv.csv" -t "$threads" --keep-columns
  "$acctseg" run -q -p "$policy" -i "$work/strings.jsonl" -o "$work/strings.csv" -t "$threads" \
    --keep-columns
  "$acctseg" run -q -p "$policy" -i "$work/typed.NDJSON" -o "$work/typed.csv" -t "$threads"
  "$acctseg" run -q -p "$policy" -i "$input" -o "$work/plain.csv" -t "$threads"
  cmp "$work/csv.csv" "$work/strings.csv"
  cmp "$work/plain.csv" "$work/typed.csv"
done

# Errors name the file, line and column.
head -1 "$work/strings.jsonl" > "$work/dup.jsonl"
printf '{"account_id": "A2", "account_id": "A3"}\n' >> "$work/dup.jsonl"
if "$acctseg" run -q -p "$policy" -i "$work/dup.jsonl" -o "$work/dup.csv" 2> "$work/err"; then
  echo "a duplicate key was accepted" >&2
  exit 1
fi
grep -q 'dup.jsonl:2:22: key "account_id" appears twice' "$work/err" || { cat "$work/err" >&2; exit 1; }
echo "jsonl input: ok"
