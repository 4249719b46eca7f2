#!/usr/bin/env bash
# acctseg learn propensity on a small generated pipeline (600 deals whose
# outcome follows `employees` and `region`): the cross-validated AUC is
# well above chance, the leaking `days_to_close` is flagged and left out
# (kept with --keep-leaky), a constant number (tier) is left out with a note, the time split
# runs with --outcome-date, scores carry three reasons in words, folds and
# frame files have a row per deal, the same seed gives the same bytes, and
# bad input (too few wins for the folds, nothing left to learn from) exits
# 64 without writing a report.
# Usage: learn_propensity.sh ACCTSEG
set -euo pipefail
acctseg=$1
. "$(dirname "$0")/lib.sh"
field() { python3 -c "import json,sys; r=json.load(open(sys.argv[1])); print($2)" "$1"; }
expect() { [ "$(field "$1" "$2")" = "$3" ] || fail "$2 = $(field "$1" "$2"), want $3"; }

python3 - <<'PY'
import datetime, math, random
rng = random.Random(12)
regions = ["East", "North", "South", "West"]
with open("deals.csv", "w") as f:
    f.write("id,region,employees,noise,tier,days_to_close,closed_on,won\n")
    for i in range(600):
        region = rng.choice(regions)
        employees = rng.randint(1, 5000)
        logit = 2.2 * (math.log(employees) - 6) / 2 + (1.2 if region == "West" else -0.4) - 1.5
        won = rng.random() < 1 / (1 + math.exp(-logit))
        days = rng.randint(5, 30) if won else rng.randint(40, 90)
        closed = datetime.date(2024, 1, 1) + datetime.timedelta(days=i // 3)
        empty = "" if i % 25 == 0 else str(employees)  # some employees missing
        f.write(f"d{i + 1},{region},{empty},{rng.random():.4f},1,{days},{closed},"
                f"{'true' if won else 'false'}\n")
with open("policy.yaml", "w") as f:
    f.write("""policy: deals
inputs:
  deals:
    key: id
    columns:
      id: string
      region: string
      employees: integer
      noise: decimal(4)
      tier: integer
      days_to_close: integer
      closed_on: date
      won: boolean
steps: []
output:
  columns: [id, won]
""")
PY

# One thread: XGBoost's OpenMP workers spin while they wait, which crawls on a
# loaded test machine (determinism across 1 and 2 threads is a unit test).
learn() { "$acctseg" learn propensity -p policy.yaml -i deals.csv --outcome won -t 1 --trees 40 "$@"; }

# 1. The report, JSON.
learn -q --outcome-date closed_on --exclude closed_on -f json -o report.json \
  --scores-out scores.csv --folds-out folds.csv --frame-out frame.csv
expect report.json "r['rows']" 600
expect report.json "r['folds']" 5
expect report.json "r['features_used']" "['region', 'employees', 'noise']"
# The constant tier never reaches the model: the frame leaves it out, with a note.
expect report.json "[e.split(':')[0] for e in r['excluded']]" "['days_to_close']"
expect report.json "'post_outcome: true' in r['excluded'][0]" True
expect report.json "r['roc_auc']['mean'] > 0.7" True
expect report.json "len(r['roc_auc']['per_fold'])" 5
expect report.json "r['roc_auc']['interval95'][0] < r['roc_auc']['mean'] < r['roc_auc']['interval95'][1]" True
expect report.json "len(r['calibration'])" 10
expect report.json "r['time_split']['train_rows'] + r['time_split']['test_rows']" 600
expect report.json "r['importance'][0]['feature']" employees

# 2. Scores with reasons in words, folds, frame.
[ "$(head -1 scores.csv)" = "id,probability,reason_1,reason_2,reason_3" ] || fail "scores header: $(head -1 scores.csv)"
[ "$(wc -l < scores.csv)" = 601 ] || fail "scores rows: $(wc -l < scores.csv)"
grep -Eq '^d1,0\.[0-9]{6},(region|employees|noise) = [^,]+: [+-][0-9]+\.[0-9]{2},' scores.csv ||
  fail "scores line: $(sed -n 2p scores.csv)"
[ "$(head -1 folds.csv)" = "id,fold" ] || fail "folds header"
[ "$(cut -d, -f2 folds.csv | tail -n +2 | sort -u | tr '\n' ' ')" = "0 1 2 3 4 " ] || fail "fold numbers"
[ "$(head -1 frame.csv)" = "fold,outcome,c:region,n:employees,n:noise" ] || fail "frame header: $(head -1 frame.csv)"

# 3. Same data, parameters and seed: the same scores; the text report says what leaked.
learn -q --outcome-date closed_on --exclude closed_on --scores-out again.csv -o report.txt
cmp -s scores.csv again.csv || fail "scores differ between two runs"
grep -q 'days_to_close: alone it separates wins from losses with AUC 1.000 (excluded)' report.txt ||
  fail "text report: $(cat report.txt)"
grep -q '^cross-validated (5 folds, stratified): ROC AUC 0\.[0-9]* ± ' report.txt || fail "text AUC line"

# 4. --keep-leaky keeps the flagged column (and says so).
learn -q --keep-leaky --exclude closed_on -f json -o kept.json
expect kept.json "'days_to_close' in r['features_used']" True
expect kept.json "r['roc_auc']['mean'] > 0.99" True

# 5. Bad input: exit 64, a clear message, no report.
set +e
learn -q --folds 700 -o bad.json 2> err.txt
rc=$?
set -e
[ $rc = 64 ] || fail "too many folds: exit $rc"
grep -Eq 'too few (wins|losses) for 700-fold cross-validation' err.txt || fail "message: $(cat err.txt)"
[ ! -e bad.json ] || fail "a report was written after an error"
set +e
learn -q --features tier,days_to_close -o bad.json 2> err.txt
rc=$?
set -e
[ $rc = 64 ] || fail "nothing to learn from: exit $rc"
grep -q 'no feature is left to learn from' err.txt || fail "message: $(cat err.txt)"
learn --folds 2 -f json -o /dev/null 2> notes.txt
grep -q '"tier" is not a feature: it has one value only' notes.txt || fail "notes: $(cat notes.txt)"
[ ! -e acctseg-runs.sqlite ] || fail "learn recorded a run"
echo "learn_propensity: ok"
