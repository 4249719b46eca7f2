#!/usr/bin/env bash
# Quick self-check of the seed-policy oracle (tests/oracle/seed_reference.py).
#
#   tests/oracle/test_oracle_self.sh [path/to/gen_accounts.py [path/to/regions.csv]]
#
# The generator defaults to the vendored tests/data/gen_accounts.py and the
# regions to examples/seed-policy/regions.csv (both in this repository).
# For seeds 1 and 2 it generates 2000 accounts, runs the oracle and checks
# invariants of the output; then it re-checks the hand-verified golden case
# tests/golden/seed-edge and the error locations of tests/golden/seed-bad.
# Exits non-zero on the first failure.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$repo_root"
gen="${1:-tests/data/gen_accounts.py}"
regions="${2:-examples/seed-policy/regions.csv}"
python=/usr/bin/python3
[[ -x "$python" ]] || python=python3
oracle="tests/oracle/seed_reference.py"
[[ -f "$gen" ]] || { echo "FAIL: generator not found: $gen" >&2; exit 2; }
[[ -f "$regions" ]] || { echo "FAIL: regions.csv not found: $regions" >&2; exit 2; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

for seed in 1 2; do
  "$python" "$gen" --rows 2000 --seed "$seed" --out "$work/accounts$seed.csv"
  "$python" "$oracle" --accounts "$work/accounts$seed.csv" --regions "$regions" \
    --out "$work/expected$seed.csv"
  "$python" - "$work/accounts$seed.csv" "$work/expected$seed.csv" "$seed" <<'EOF'
import csv, sys
accounts_path, expected_path, seed = sys.argv[1:4]
failures = []
def check(ok, what):
    if not ok:
        failures.append(what)

with open(accounts_path, newline="", encoding="utf-8-sig") as f:
    accounts = list(csv.DictReader(f))
with open(expected_path, newline="", encoding="utf-8") as f:
    reader = csv.reader(f)
    header = next(reader)
    rows = [dict(zip(header, r)) for r in reader]
check(header == ["account_id", "global_id", "own_segment", "segment", "region", "score",
                 "tier", "potential", "whitespace", "road", "missing_products", "issues"],
      f"header {header}")
check(len(rows) == len(accounts), f"row count {len(rows)} != {len(accounts)}")
trim = lambda s: s.strip(" \t")
check([r["account_id"] for r in rows] == [trim(a["account_id"]) for a in accounts],
      "output is not in input order")
by_id = {r["account_id"]: r for r in rows}
parent_of = {trim(a["account_id"]): trim(a["parent_id"]) for a in accounts}
arr_of = {trim(a["account_id"]): a["arr"] for a in accounts}
family_segment = {}
for r in rows:
    g = r["global_id"]
    check(g in by_id, f"{r['account_id']}: global_id {g} is not an account")
    if g not in by_id:
        continue
    check(by_id[g]["global_id"] == g, f"{g} is a global id but not its own global")
    issues = set(filter(None, r["issues"].split(";")))
    p = parent_of[r["account_id"]]
    if r["account_id"] == g:
        check(p == "" or issues & {"parent_missing", "parent_cycle"},
              f"{g}: top-level with parent {p} but no parent issue")
    else:
        check(p in by_id and by_id[p]["global_id"] == g,
              f"{r['account_id']}: parent {p} is in another family")
    check(family_segment.setdefault(g, r["segment"]) == r["segment"],
          f"family {g} has more than one segment")
    check(("parent_missing" in issues) == (p != "" and p not in by_id),
          f"{r['account_id']}: parent_missing wrong")
    check(r["tier"] in ("A", "B", "C"), f"{r['account_id']}: tier {r['tier']}")
    score = r["score"]
    check(len(score.split(".")[-1]) == 2 and 0 <= float(score) <= 100,
          f"{r['account_id']}: score {score}")
    arr = int(trim(arr_of[r["account_id"]]) or "0")
    check(int(r["whitespace"]) == max(int(r["potential"]) - arr, 0),
          f"{r['account_id']}: whitespace")
    check(int(r["potential"]) % 600 == 0, f"{r['account_id']}: potential not whole seats")
# tier fractions per segment, and tiers monotone in (score desc, id asc)
groups = {}
for r in rows:
    groups.setdefault(r["segment"], []).append(r)
for segment, members in groups.items():
    n = len(members)
    counts = {t: sum(1 for m in members if m["tier"] == t) for t in "ABC"}
    a_cut, b_cut = (2 * n + 9) // 10, (n + 1) // 2
    check(counts["A"] == a_cut and counts["A"] + counts["B"] == b_cut,
          f"segment {segment}: n={n} tiers {counts}, want A={a_cut} A+B={b_cut}")
    members.sort(key=lambda m: (-round(float(m["score"]) * 100), m["account_id"].encode()))
    tiers = [m["tier"] for m in members]
    check(tiers == sorted(tiers), f"segment {segment}: tiers not ordered by rank")
check(sum(1 for r in rows if "parent_cycle" in r["issues"]) >= 1, "no parent_cycle in generated data")
if failures:
    print(f"seed {seed}: {len(failures)} failures", file=sys.stderr)
    for f in failures[:20]:
        print("  " + f, file=sys.stderr)
    sys.exit(1)
print(f"seed {seed}: {len(rows)} rows, {len(groups)} segments, {len(set(r['global_id'] for r in rows))} families: ok")
EOF
done

# The hand-checked golden case must still come out byte for byte.
"$python" "$oracle" --accounts tests/golden/seed-edge/accounts.csv --regions "$regions" \
  --out "$work/edge.csv"
cmp "$work/edge.csv" tests/golden/seed-edge/expected.csv ||
  { echo "FAIL: tests/golden/seed-edge/expected.csv differs from the oracle" >&2; exit 1; }
echo "seed-edge: ok"

# Bad inputs: exit 65 and the documented FILE:LINE:COLUMN (see seed-bad/README.md).
expect_error() {  # file line column
  local file="tests/golden/seed-bad/$1" rc=0
  "$python" "$oracle" --accounts "$file" --regions "$regions" --out "$work/bad.csv" \
    2>"$work/err.txt" || rc=$?
  if [[ $rc -ne 65 ]] || ! grep -q "^$file:$2:$3: " "$work/err.txt"; then
    echo "FAIL: $1: rc=$rc, want 65 and $file:$2:$3:; got: $(cat "$work/err.txt")" >&2
    exit 1
  fi
}
expect_error unterminated_quote.csv 3 2
expect_error ragged_row.csv 4 16
expect_error invalid_utf8.csv 3 2
expect_error non_integer.csv 5 4
expect_error duplicate_id.csv 5 1
expect_error missing_column.csv 1 1
expect_error empty.csv 1 1
"$python" "$oracle" --accounts tests/golden/seed-bad/header_only.csv --regions "$regions" \
  --out "$work/header_only.csv"
[[ "$(cat "$work/header_only.csv")" == \
   "account_id,global_id,own_segment,segment,region,score,tier,potential,whitespace,road,missing_products,issues" ]] ||
  { echo "FAIL: header_only.csv output" >&2; exit 1; }
echo "seed-bad: ok"
echo "oracle self-check: all ok"
