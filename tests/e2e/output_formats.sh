#!/usr/bin/env bash
# JSON Lines output carries the same values as CSV output, typed; and
# --keep-columns passes the input's other columns through untouched; and
# --escape-formulas guards text cells that a spreadsheet would run, and only those.
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
# The same input with spreadsheet formulas in a passed-through text column.
python3 - "$input" "$work/formulas.csv" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline="", encoding="utf-8-sig")))
starts = ["=1+1", "+1", "-", "@SUM(A1)", "\tx", "=HYPERLINK(\"x\",\"y\")", "plain", "a=b"]
for i, row in enumerate(rows[1:]):
    row[rows[0].index("crm_owner")] = starts[i % len(starts)]
csv.writer(open(sys.argv[2], "w", newline="", encoding="utf-8"), lineterminator="\n").writerows(rows)
PY
"$acctseg" run -q -p "$policy" -i "$work/formulas.csv" -o "$work/raw.csv" --keep-columns
"$acctseg" run -q -p "$policy" -i "$work/formulas.csv" -o "$work/guarded.csv" --keep-columns \
  --escape-formulas
"$acctseg" run -q -p "$policy" -i "$work/formulas.csv" -o "$work/raw.jsonl" --keep-columns
"$acctseg" run -q -p "$policy" -i "$work/formulas.csv" -o "$work/guarded.jsonl" --keep-columns \
  --escape-formulas

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
# --escape-formulas: a ' before every text cell starting with = + - @ TAB or CR,
# nothing else changed (numbers such as negative scores stay numbers).
raw = list(csv.reader(open(f"{work}/raw.csv", newline="", encoding="utf-8")))
guarded = list(csv.reader(open(f"{work}/guarded.csv", newline="", encoding="utf-8")))
numeric = {raw[0].index(name) for name in ("potential", "score")}
assert len(raw) == len(guarded) and raw[0] == guarded[0]
changed = 0
for raw_row, guarded_row in zip(raw[1:], guarded[1:]):
    for i, (value, shown) in enumerate(zip(raw_row, guarded_row)):
        expected = "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") and i not in numeric else value
        assert shown == expected, (raw[0][i], value, shown)
        changed += shown != value
assert changed >= len(raw) // 2, changed
assert open(f"{work}/guarded.jsonl").read() == open(f"{work}/raw.jsonl").read(), "JSON Lines is never guarded"
print(f"ok   {len(rows)} rows: JSON Lines matches CSV; --keep-columns passes {others} through; "
      f"--escape-formulas guarded {changed} cells")
PY
