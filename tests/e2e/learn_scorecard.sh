#!/usr/bin/env bash
# acctseg learn scorecard on a small generated pipeline: the card is written
# as a score: step; pasted into the policy it passes `check`, and `run`
# gives every deal the card's own points (the AUC of the run's scores equals
# the card's AUC on its own rows); the JSON report carries the CV AUC in a
# models-compared list; bad input exits 64 and leaves no card behind.
# Usage: learn_scorecard.sh ACCTSEG
set -euo pipefail
acctseg=$1
. "$(dirname "$0")/lib.sh"

# 600 deals without randomness: bigger accounts with a CRM and software
# industry win more often; the stage column is the outcome's source and is
# declared post_outcome, so it is never a feature.
python3 - <<'PY'
import math
industries = ["Software", "Retail", "Health", "O'Brien & Co", "Rare"]
effect = {"Software": 0.8, "Retail": -0.5, "Health": 0.1, "O'Brien & Co": 0.3, "Rare": 0.0}
with open("deals.csv", "w") as out:
    out.write("deal_id,employees,industry,has_crm,stage\n")
    for i in range(600):
        employees = None if i % 23 == 0 else (i * 37) % 101 * 10
        industry = "Rare" if i % 40 == 0 else industries[(i * 7) % 4]
        has_crm = (i * 11) % 3 == 0
        z = -0.6 + (0.2 if employees is None else 0.004 * (employees - 500)) + effect[industry] \
            + (0.9 if has_crm else 0)
        u = ((i * 7919) % 1000 + 0.5) / 1000
        won = u < 1 / (1 + math.exp(-z))
        out.write("d%d,%s,%s,%s,%s\n" % (i, "" if employees is None else employees, industry,
                                         "true" if has_crm else "false", "Won" if won else "Lost"))
PY
cat > base.yaml <<'YAML'
policy: scorecard-e2e
input:
  name: deals
  key: deal_id
  columns:
    deal_id: string
    employees: integer
    industry: string
    has_crm: boolean
    stage: {type: string, post_outcome: true}
output:
  columns: [deal_id, won]
steps:
  - compute:
      won: stage = 'Won'
YAML

# 1. Learn the card; the JSON report has the CV AUC and the features.
"$acctseg" learn scorecard -q -p base.yaml -i deals.csv --outcome won --folds 4 --seed 7 \
  -o fit-score.yaml --report json > report.json
field() { python3 -c "import json,sys; r=json.load(open(sys.argv[1])); print($2)" "$1"; }
[ "$(field report.json "r['rows'], r['wins'] > 100, r['folds']")" = "600 True 4" ] ||
  fail "report: $(cat report.json)"
# The card and, on the same folds, the boosted trees it is compared with.
[ "$(field report.json "[m['model'][:9] for m in r['models']]")" = "['scorecard', 'boosted t']" ] ||
  fail "models compared: $(field report.json "r['models']")"
[ "$(field report.json "len(r['models'][0]['cv_auc']['folds'])")" = 4 ] || fail "not 4 folds"
[ "$(field report.json "r['models'][0]['cv_auc']['mean'] > 0.6")" = True ] ||
  fail "CV AUC too low: $(field report.json "r['models'][0]['cv_auc']")"
[ "$(field report.json "sorted(f['name'] for f in r['features'])")" = \
  "['employees', 'has_crm', 'industry']" ] || fail "features: $(field report.json "r['features']")"
grep -q "# employees: IV " fit-score.yaml || fail "no IV comment: $(cat fit-score.yaml)"
grep -q "CV AUC" fit-score.yaml || fail "no AUC comment"
grep -q "'O''Brien & Co'" fit-score.yaml || fail "quote in a category not doubled"

# 2. Pasted under steps: the policy checks and runs, with the card's points.
sed 's/\[deal_id, won\]/[deal_id, won, fit_score]/' base.yaml > policy.yaml
cat fit-score.yaml >> policy.yaml
"$acctseg" check -q -p policy.yaml || fail "the pasted card does not check"
"$acctseg" run -q --no-store -p policy.yaml -i deals.csv -o scored.csv
python3 - "$(field report.json "r['models'][0]['training_auc']")" <<'PY' || fail "run's scores"
import csv, sys
rows = list(csv.DictReader(open("scored.csv")))
assert len(rows) == 600, len(rows)
wins = [float(r["fit_score"]) for r in rows if r["won"] == "true"]
losses = [float(r["fit_score"]) for r in rows if r["won"] == "false"]
auc = sum((w > l) + 0.5 * (w == l) for w in wins for l in losses) / (len(wins) * len(losses))
assert abs(auc - float(sys.argv[1])) < 1e-9, (auc, sys.argv[1])
assert all(float(r["fit_score"]).is_integer() for r in rows)
PY

# 3. Text report: the models-compared table with the scorecard's row.
"$acctseg" learn scorecard -q -p base.yaml -i deals.csv --outcome won -o card2.yaml > report.txt
grep -Eq '^  scorecard \(3 features\) +0\.[0-9]{4} \+/- 0\.[0-9]{4} +5$' report.txt ||
  fail "text report: $(cat report.txt)"

# 4. Bad input: exit 64, a message naming the problem, no card written.
code=0
"$acctseg" learn scorecard -q -p base.yaml -i deals.csv --outcome won --min-iv 100 \
  -o none.yaml > /dev/null 2> err || code=$?
[ "$code" -eq 64 ] || fail "no features left: exit $code, want 64"
grep -q 'no features left for the scorecard' err || fail "no features left: $(cat err)"
[ ! -e none.yaml ] || fail "a failed card left a file"
code=0
"$acctseg" learn scorecard -q -p base.yaml -i deals.csv --outcome won --bins 1 \
  -o none.yaml > /dev/null 2> err || code=$?
[ "$code" -eq 64 ] || fail "--bins 1: exit $code, want 64"
grep -q -- '--bins' err || fail "--bins 1: $(cat err)"
echo "ok   learn scorecard: the pasted card runs with the card's own points"
