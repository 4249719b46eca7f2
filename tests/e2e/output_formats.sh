#!/usr/bin/env bash
# JSON Lines output carries the same values as CSV output, typed; and
# --keep-columns passes the input's other columns through untouched.
# Usage: output_formats.sh ACCTSEG
set -euo pipefail
acctseg=$1
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
policy=$root/examples/seed-policy/policy.yaml
input=$root/tests/golden/seed-edge/accounts.csv

"$acctseg" run -q -p "$policy" -i "$input" -o "$work/out.csv"
"$acctseg" run -q -p "$policy" -i "$input" -o "$work/out.jsonl"
"$acctseg" run -q -p "$policy" -i "$input" -o "$work/out.txt" --format jsonl
"$acctseg" run -q -p "$policy" -i "$input" -o "$work/kept.csv" --keep-columns
"$acctseg" run -q -p "$policy" -i "$input" -o - > "$work/stdout.csv"

python3 - "$work" "$input" <<'PY'
import csv, json, sys
work, source = sys.argv[1], sys.argv[2]
rows = list(csv.DictReader(open(f"{work}/out.csv", newline="", encoding="utf-8")))
lines = open(f"{work}/out.jsonl", encoding="utf-8").read().splitlines()
assert len(lines) == len(rows) > 0, (len(lines), len(rows))
assert open(f"{work}/out.txt", encoding="utf-8").read().splitlines() == lines, "--format jsonl differs"
assert open(f"{work}/stdout.csv", encoding="utf-8").read() == open(f"{work}/out.csv", encoding="utf-8").read()
for row, line in zip(rows, lines):
    obj = json.loads(line)
    assert list(obj) == list(row), (list(obj), list(row))
    assert isinstance(obj["potential"], int), obj
    assert isinstance(obj["score"], float) and f'{obj["score"]:.2f}' == row["score"], (obj, row)
    assert '"score": ' + row["score"] in line, "decimals keep their exact digits"
    for key in ("account_id", "segment", "tier", "issues"):
        assert obj[key] == row[key], (key, obj[key], row[key])
# --keep-columns: policy columns, then every unread input column, untrimmed.
src = list(csv.reader(open(source, newline="", encoding="utf-8-sig")))
header, data = src[0], src[1:]
kept = list(csv.reader(open(f"{work}/kept.csv", newline="", encoding="utf-8")))
policy_cols = list(rows[0])
read_by_policy = {"account_id", "parent_id", "employees", "industry", "country", "state", "sector",
                  "arr", "products", "web_visits_90d", "active_users", "intent_score", "competitor"}
others = [h for h in header if h not in read_by_policy]
assert kept[0] == policy_cols + others, kept[0]
for out_row, in_row in zip(kept[1:], data):
    for name in others:
        assert out_row[kept[0].index(name)] == in_row[header.index(name)], name
print(f"ok   {len(rows)} rows: JSON Lines matches CSV; --keep-columns passes {others} through")
PY
