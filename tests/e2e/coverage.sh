#!/usr/bin/env bash
# The coverage model on examples/planning: the policy checks; a run gives
# every account the role, channel, motion and hours its first matching rule
# says (recomputed here in Python from the run's segment, tier, road and
# potential and the input's arr); explain names the rule; a motion outside
# the list stops the run naming the account (exit 65); the example runs.
# Usage: coverage.sh ACCTSEG
set -euo pipefail
acctseg=$1
root=$(cd "$(dirname "$0")/../.." && pwd)
. "$(dirname "$0")/lib.sh"
policy=$root/examples/planning/policy.yaml
accounts=$root/examples/data/accounts-10k.csv

"$acctseg" check --policy "$policy" > /dev/null || fail "check rejects the planning policy"
"$acctseg" run --no-store -q --policy "$policy" --input "accounts=$accounts" --output covered.csv

python3 - covered.csv "$accounts" <<'PY' || fail "coverage outputs differ from the rules"
import csv, sys
from decimal import Decimal

def expected(r):
    """The rules of examples/planning/policy.yaml, in order."""
    arr, potential = int(r["arr"]), int(r["potential"])
    land_or_expand = "expand" if arr > 0 else "land"
    seg, tier = r["segment"], r["tier"]
    if seg == "FED":
        return "federal_ae", "direct", land_or_expand, Decimal(60)
    if seg == "Enterprise":
        share = Decimal(1) if r["account_id"] == r["global_id"] else Decimal("0.25")
        return "enterprise_ae", "direct", land_or_expand, (120 if tier == "A" else 60) * share
    if r["road"] == "Retain":
        return "csm", "inside", "retain", Decimal(40)
    if seg == "SLED":
        return "partner_manager", "partner", land_or_expand, Decimal(15)
    if seg == "Commercial" and tier in ("A", "B"):
        return "commercial_ae", "direct", land_or_expand, Decimal(40 if tier == "A" else 20)
    if seg == "Commercial" or tier == "A":
        return "inside_ae", "inside", land_or_expand, Decimal(12 if seg == "Commercial" else 6)
    if potential == 0 and arr == 0:
        return "digital", "self_serve", "walk_away", Decimal(0)
    return "digital", "self_serve", "retain" if arr > 0 else "land", Decimal(0)

rows = list(csv.DictReader(open(sys.argv[1], newline="")))
assert len(rows) == 10000, len(rows)
arr_of = {a["account_id"]: a["arr"] for a in csv.DictReader(open(sys.argv[2], newline=""))}
for r in rows:
    r["arr"] = arr_of[r["account_id"]]
roles = set()
for r in rows:
    got = (r["role"], r["channel"], r["motion"], Decimal(r["workload_hours"]))
    want = expected(r)
    assert got == want, (r["account_id"], got, want)
    roles.add(r["role"])
assert len(roles) == 7, roles
print(f"ok   coverage of {len(rows)} accounts matches the rules ({len(roles)} roles)")
PY

# Explain: the last step is coverage, with the rule and what it read.
account=$(awk -F, 'NR > 1 && $4 == "Enterprise" {print $1; exit}' covered.csv)
"$acctseg" explain --policy "$policy" --input "accounts=$accounts" --account "$account" \
  --format json > explain.json 2> /dev/null
python3 - explain.json "$account" <<'PY' || fail "explain of the coverage step"
import json, sys
step = json.load(open(sys.argv[1]))["steps"][-1]
assert step["kind"] == "coverage", step
assert step["outputs"]["role"] == "enterprise_ae", step
assert step["rule"]["index"] == 2 and step["rule"]["when"] == "segment = 'Enterprise'", step
assert step["rule"]["at"].endswith("policy.yaml:171:7"), step["rule"]["at"]
assert step["rule"]["reads"]["segment"] == "Enterprise", step
assert step["summary"].startswith("role = 'enterprise_ae', channel = 'direct', motion = "), step
print("ok   explain:", step["summary"])
PY

# A motion an expression gives is checked for every row.
cat > bad_motion.yaml <<'YAML'
input:
  key: id
  columns: {id: string, plan: string}
steps: []
output: [id, motion]
coverage:
  rules:
    - else: {role: ae, channel: direct, motion: "COALESCE(plan, 'land')", hours_per_year: 1}
YAML
printf 'id,plan\na1,expand\na2,upsell\n' > accounts.csv
code=0
message=$("$acctseg" run --no-store -q --policy bad_motion.yaml --input accounts=accounts.csv \
  --output out.csv 2>&1) || code=$?
[ "$code" -eq 65 ] || fail "a bad motion exits $code, expected 65: $message"
grep -q 'bad_motion.yaml:8:50: coverage motion: motion "upsell" is not land, expand, retain or walk_away for id "a2" (accounts.csv line 3)' <<< "$message" \
  || fail "bad motion message: $message"
[ ! -e out.csv ] || fail "a failed run wrote its output"
echo "ok   bad motion: $message"

ACCTSEG=$acctseg "$root/examples/planning/run.sh" > example.txt 2>&1 || fail "run.sh: $(cat example.txt)"
grep -q "enterprise_ae    direct" example.txt || fail "run.sh prints no role table: $(cat example.txt)"
echo "ok   examples/planning/run.sh"
