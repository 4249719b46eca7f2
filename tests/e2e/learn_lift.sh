#!/usr/bin/env bash
# acctseg learn lift on 605 generated deals with a planted effect: Partner
# deals win 60% (exactly 120 of 200), Direct and Web 20% (80 of 400), and
# a won Partner deal is worth twice as much and closes in about half the
# time; 5 Rare deals (3 won) are shown with a note instead of an interval. Checks the JSON
# figures, the text headline, the CSV header and row count, a
# self-contained HTML page, and the usage errors (exit 64, no report).
# Usage: learn_lift.sh ACCTSEG
set -euo pipefail
acctseg=$1
. "$(dirname "$0")/lib.sh"

# The deals: no randomness, so every count below is exact.
python3 - <<'PY'
with open("deals.csv", "w") as out:
    out.write("deal_id,channel,employees,amount,cycle_days,no_amount,result\n")
    for i in range(605):
        channel = "Rare" if i >= 600 else ["Partner", "Direct", "Web"][i % 3]
        won = (i % 2 == 0) if channel == "Rare" else (7 * i) % 10 < (6 if channel == "Partner" else 2)
        employees = "" if i % 50 == 0 else str((i * 37) % 1000)
        partner = channel == "Partner"
        amount = (2000 if partner else 1000) + (i % 10) * 10 if won else 500
        cycle = (10 if partner else 20) + i % 5 if won else 30
        result = "Won" if won else "Lost"
        out.write(f"D{i},{channel},{employees},{amount},{cycle},,{result}\n")
PY
cat > policy.yaml <<'YAML'
policy: lift-e2e
inputs:
  deals:
    key: deal_id
    columns:
      deal_id: string
      channel: string
      employees: integer
      amount: integer
      cycle_days: integer
      no_amount: integer
      result: {type: string, post_outcome: true}   # the outcome itself: never a feature
steps:
  - compute:
      won: "result = 'Won'"
output:
  columns: [deal_id, won]
YAML
lift() { "$acctseg" learn lift -q -p policy.yaml -i deals.csv --outcome won "$@"; }
# Prints the value of a Python expression over the parsed JSON file $1 (as `r`).
field() { python3 -c "import json,sys; r=json.load(open(sys.argv[1])); print($2)" "$1"; }
expect() { [ "$(field "$1" "$2")" = "$3" ] || fail "$2 = $(field "$1" "$2"), want $3"; }

# 1. JSON: the planted effect, the base rate, the intervals and the measures.
lift --by channel,employees --amount amount --cycle cycle_days -f json -o lift.json
expect lift.json "(r['deals'], r['wins'], r['tests'])" "(605, 203, 8)"
expect lift.json "[a['name'] for a in r['attributes']]" "['channel', 'employees']"
channel="[x for x in r['attributes'][0]['rows'] if x['value'] == 'Partner'][0]"
expect lift.json "(($channel)['deals'], ($channel)['wins'], ($channel)['significant'])" "(200, 120, True)"
expect lift.json "round(($channel)['lift'], 4)" "1.7882"
expect lift.json "[round(v, 4) for v in ($channel)['win_rate_ci']]" "[0.5308, 0.6654]"
expect lift.json "(($channel)['amount']['n'], ($channel)['amount']['significant'])" "(120, True)"
expect lift.json "round(($channel)['amount']['mean'], 2)" "2041.67"
expect lift.json "($channel)['cycle']['ratio'] < 0.75" "True"
rare="[x for x in r['attributes'][0]['rows'] if x['value'] == 'Rare'][0]"
expect lift.json "(($rare)['deals'], ($rare)['lift_ci'], ($rare)['note'])" "(5, None, '5 deals, fewer than 30')"
expect lift.json "[x['value'] for x in r['attributes'][1]['rows']][-1]" "(missing)"
expect lift.json "len(r['attributes'][1]['rows'])" 6
expect lift.json "any(x['significant'] for x in r['attributes'][1]['rows'])" False

# 2. Text: the headline in words; the outcome's own column is no feature.
lift --amount amount --cycle cycle_days -o lift.txt
grep -q '1\. channel = Partner: win rate 60\.0% vs 33\.6% overall, lift 1\.79 (1\.58–1\.98), q < 0\.001' lift.txt ||
  fail "text headline: $(head -12 lift.txt)"
grep -q 'channel = Partner: closes 1\.3× faster than overall (11\.7 vs 15\.7 days' lift.txt || fail "cycle headline: $(head -20 lift.txt)"
! grep -q '^result ' lift.txt || fail "the post_outcome column is a feature"
! grep -qi 'nan' lift.txt || fail "NaN printed"

# 3. CSV: the header and one line per row (channel 4 rows, employees 6).
lift --by channel,employees -f csv -o lift.csv
head -1 lift.csv | grep -qx 'attribute,kind,value,deals,wins,win_rate,win_rate_low,win_rate_high,lift,lift_low,lift_high,p,q,significant,note' ||
  fail "CSV header: $(head -1 lift.csv)"
[ "$(wc -l < lift.csv)" -eq 11 ] || fail "CSV lines: $(wc -l < lift.csv)"
grep -q '^channel,value,Partner,200,120,0\.6,' lift.csv || fail "CSV Partner: $(grep Partner lift.csv)"

# 4. HTML: one page with a chart per attribute, no script, no URL.
lift --by channel,employees -f html -o lift.html
[ "$(grep -o '<svg' lift.html | wc -l)" -eq 2 ] || fail "charts in the page"
! grep -qi '<script\|https\?://' lift.html || fail "the page fetches or runs something"

# 5. Bad input: a misspelt attribute, a measure empty everywhere, --bins 1.
status=0
lift --by chanel -o bad.txt 2> err.txt || status=$?
[ "$status" -eq 64 ] || fail "--by chanel exited $status"
grep -q 'did you mean "channel"' err.txt || fail "no suggestion: $(cat err.txt)"
[ ! -e bad.txt ] || fail "a report was written for bad input"
status=0
lift --amount no_amount 2> err.txt > /dev/null || status=$?
[ "$status" -eq 64 ] || fail "--amount no_amount exited $status"
grep -q '"no_amount" has no value on any won deal' err.txt || fail "empty amount: $(cat err.txt)"
status=0
lift --bins 1 2> err.txt > /dev/null || status=$?
[ "$status" -eq 64 ] || fail "--bins 1 exited $status"
# A misspelt --exclude left the column a feature; one in --features too.
refused() {  # refused TEXT ARGS...: exits 64, stderr has TEXT
  local text=$1 status=0
  shift
  "$acctseg" "$@" > /dev/null 2> err.txt || status=$?
  [ "$status" -eq 64 ] || fail "$* exited $status: $(cat err.txt)"
  grep -qF -- "$text" err.txt || fail "$*: no '$text' in $(cat err.txt)"
}
refused '--exclude: "chanel" is no column of the run (did you mean "channel"?)' \
  learn lift -q -p policy.yaml -i deals.csv --outcome won --exclude chanel
refused '"channel" is both in --features and in --exclude' learn propensity -q -p policy.yaml \
  -i deals.csv --outcome won --features channel,employees --exclude channel
# Two documents on standard output, and one output twice.
refused 'two outputs go to standard output (-)' learn scorecard -q -p policy.yaml -i deals.csv --outcome won -o -
refused '"./s.csv" is given as two of the outputs (as s.csv)' learn propensity -q -p policy.yaml \
  -i deals.csv --outcome won --scores-out s.csv --folds-out ./s.csv
# A text outcome whose losses are several values says which it counts.
sed 's/won: "result = .Won."/won: "result"/' policy.yaml > text_outcome.yaml
"$acctseg" learn lift -p text_outcome.yaml -i deals.csv --outcome won --positive Won --by channel \
  2> notes.txt > /dev/null
! grep -q 'counts as a loss' notes.txt || fail "Won/Lost noted as several losses: $(cat notes.txt)"
sed 's/^\(D[0-9]*[13579],.*\),Lost$/\1,Open/' deals.csv > open.csv
"$acctseg" learn lift -p text_outcome.yaml -i open.csv --outcome won --positive Won --by channel \
  2> notes.txt > /dev/null
grep -q 'every value of "won" but "Won" counts as a loss: "Open" 202, "Lost" 200;' notes.txt ||
  fail "no note of the values counted as losses: $(cat notes.txt)"
echo "learn_lift: ok"
