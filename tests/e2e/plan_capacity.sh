#!/usr/bin/env bash
# acctseg plan capacity on the eight accounts worked by hand in
# docs/planning/capacity.md (role and workload hours given as input columns,
# so the capacity plan is checked apart from the coverage step): the JSON
# figures, the text headline, the what-if and its uncovered CSV, a
# self-contained HTML page, and the usage errors (exit 64, no report). Then,
# when examples/planning/ is there, the plan on the bundled seed workload.
# Usage: plan_capacity.sh ACCTSEG
set -euo pipefail
acctseg=$1
examples=$(cd "$(dirname "$0")/../../examples" && pwd)
. "$(dirname "$0")/lib.sh"

cat > accounts.csv <<'CSV'
account_id,role,region,tier,workload_hours,potential,whitespace,arr
a1,ae,EMEA,A,500.0,1000000,800000,200000
a2,ae,EMEA,B,600.0,2000000,2000000,0
a3,ae,AMER,A,700.0,500000,400000,100000
a4,csm,AMER,C,800.0,100000,0,150000
a5,csm,AMER,C,1600.0,50000,10000,40000
a6,digital,EMEA,,0.0,10000,10000,0
a7,,AMER,A,100.0,1000,0,0
a8,csm,AMER,C,100.0,10000,0,5000
CSV
cat > policy.yaml <<'YAML'
policy: capacity-e2e
input:
  name: accounts
  key: account_id
  columns:
    account_id: string
    role: {type: string, empty_is_null: true}
    region: string
    tier: {type: string, empty_is_null: true}
    workload_hours: decimal(1)
    potential: integer
    whitespace: integer
    arr: integer
steps: []
output:
  columns: [account_id, role, region, tier, workload_hours, potential, whitespace, arr]
capacity:
  attrition: 0.15
  roles:
    ae: {hours_per_year: 1400, quota: 1200000, cost: 260000, ramp_months: 6, headcount: 1}
    csm: {hours_per_year: 1600, quota: 0, cost: 120000, ramp_months: 3, attrition: 0}
    digital: {hours_per_year: 0}
YAML
plan() { "$acctseg" plan capacity -q -p policy.yaml -i accounts.csv "$@"; }
# Prints the value of a Python expression over the parsed JSON file $1 (as `r`).
field() { python3 -c "import json,sys; r=json.load(open(sys.argv[1])); print(($2))" "$1"; }
expect() { [ "$(field "$1" "$2")" = "$3" ] || fail "$2 = $(field "$1" "$2"), want $3"; }

# 1. JSON: the hand-computed figures (docs/planning/capacity.md).
plan -f json -o plan.json
expect plan.json "r['kind']" capacity
expect plan.json "[(x['role'], x['region'], x['accounts']) for x in r['rows']]" \
  "[('ae', 'AMER', 1), ('ae', 'EMEA', 2), ('csm', 'AMER', 3), ('digital', 'EMEA', 1)]"
emea="r['rows'][1]"
expect plan.json "($emea)['headcount_needed'], ($emea)['reps'], ($emea)['coverage_ratio']" "(0.8163, 1, 3.1818)"
expect plan.json "($emea)['headcount_cost'], ($emea)['potential_per_rep']" "(212244.898, 3675000.0)"
expect plan.json "r['roles'][0]['productivity'], r['roles'][0]['reps'], r['roles'][0]['headcount_gap']" "(0.9625, 2, -0.3358)"
expect plan.json "r['rows'][2]['headcount_needed'], r['rows'][2]['coverage_ratio']" "(1.5625, None)"
expect plan.json "r['rows'][3]['staffed'], r['rows'][3]['headcount_needed']" "(False, None)"
expect plan.json "r['total']['accounts'], r['total']['reps']" "(7, 4)"
expect plan.json "r['notes']" "['1 account without a role (no coverage rule matched) left out of the plan']"
expect plan.json "[(x['role'], x['uncovered'], x['uncovered_potential']) for x in r['whatif']['roles']]" \
  "[('ae', 1, 2000000.0)]"

# 2. Text, with --headcount adding a csm what-if: a8 stays uncovered behind a5.
plan --headcount csm=1 --uncovered-out uncovered.csv -o plan.txt
grep -q '^Headcount needed: 2.9 FTE (4 reps), cost 534,810 a year$' plan.txt || fail "headline: $(head -3 plan.txt)"
grep -q 'csm: 1.0 reps give 1,600 h for 2,500 h of workload (1.6 FTE needed): 2 of 3 accounts uncovered, potential 60,000' plan.txt ||
  fail "csm what-if: $(grep csm: plan.txt)"
! grep -qi 'nan' plan.txt || fail "NaN printed"
[ "$(cat uncovered.csv)" = "account,role,region,tier,rank,workload_hours,potential,whitespace,arr
a2,ae,EMEA,B,3,600,2000000,2000000,0
a5,csm,AMER,C,2,1600,50000,10000,40000
a8,csm,AMER,C,3,100,10000,0,5000" ] || fail "uncovered CSV: $(cat uncovered.csv)"

# 3. --attrition over every role: 0 makes ae's 1,800 h 1.2857 FTE.
plan --attrition 0 -f json -o zero.json
expect zero.json "r['roles'][0]['headcount_needed'], r['roles'][1]['attrition']" "(1.2857, 0.0)"

# The input cache, as run uses it (the flags were refused, exit 64).
plan --cache-dir cache -o cached.txt
[ -n "$(ls -A cache)" ] || fail "--cache-dir: nothing cached"
plan --no-cache -o uncached.txt
cmp -s cached.txt uncached.txt || fail "the cached read gave another plan"

# 4. HTML: one page with charts, no script, no URL.
plan -f html -o plan.html
grep -q '<svg' plan.html || fail "no chart in the page"
! grep -qi '<script\|https\?://' plan.html || fail "the page fetches or runs something"

# 5. Usage errors: exit 64, no report.
status=0
plan --headcount cms=3 -o bad.txt 2> err.txt || status=$?
[ "$status" -eq 64 ] || fail "--headcount cms=3 exited $status"
grep -q 'did you mean "csm"' err.txt || fail "no suggestion: $(cat err.txt)"
[ ! -e bad.txt ] || fail "a report was written for bad input"
status=0
plan --headcount ae=many -o bad.txt 2> err.txt || status=$?
[ "$status" -eq 64 ] || fail "--headcount ae=many exited $status"
grep -q 'expected a whole number of reps' err.txt || fail "bad number: $(cat err.txt)"
# As the policy's headcount: whole reps, not 2.5 or 1e30 of them.
for count in 2.5 1e30; do
  status=0
  plan --headcount ae=$count -o bad.txt 2> err.txt || status=$?
  [ "$status" -eq 64 ] && grep -q 'expected a whole number of reps, 0 to 1,000,000,000' err.txt ||
    fail "--headcount ae=$count: exit $status: $(cat err.txt)"
done
# digital has no hours: its headcount was shown and changed nothing.
status=0
plan --headcount digital=3 -o bad.txt 2> err.txt || status=$?
[ "$status" -eq 64 ] || fail "--headcount digital=3 exited $status"
grep -q 'the role "digital" has hours_per_year 0 (a pooled, unstaffed motion)' err.txt ||
  fail "an unstaffed role's headcount: $(cat err.txt)"
[ ! -e bad.txt ] || fail "a report was written for an unstaffed role's headcount"
status=0
plan --headcount csm=3,csm=1 -o bad.txt 2> err.txt || status=$?  # took the last
[ "$status" -eq 64 ] || fail "--headcount csm=3,csm=1 exited $status"
grep -q 'gives the role "csm" twice' err.txt || fail "a role given twice: $(cat err.txt)"
for attrition in nan 1; do  # NaN took the policy's; 1 dropped a role from the plan
  status=0
  plan --attrition $attrition -o bad.txt 2> err.txt || status=$?
  [ "$status" -eq 64 ] || fail "--attrition $attrition exited $status"
  grep -q "expected a finite number >= 0 and < 1, not $attrition" err.txt || fail "$(cat err.txt)"
  [ ! -e bad.txt ] || fail "a report was written for --attrition $attrition"
done
status=0
plan --uncovered-out accounts.csv -o bad.txt 2> err.txt || status=$?
[ "$status" -eq 64 ] || fail "--uncovered-out over the input exited $status"
head -1 accounts.csv | grep -q '^account_id,role' || fail "the input was overwritten"
sed '/^capacity:/,$d' policy.yaml > no_capacity.yaml
status=0
"$acctseg" plan capacity -q -p no_capacity.yaml -i accounts.csv -o bad.txt 2> err.txt || status=$?
[ "$status" -eq 64 ] || fail "a policy without capacity exited $status"
grep -q 'declares no capacity: section' err.txt || fail "no capacity: $(cat err.txt)"
[ ! -e bad.txt ] || fail "a report was written without capacity"

# 6. Stored plans: --name saves each as the next version, plan diff compares two.
stored() { "$acctseg" plan capacity -p policy.yaml -i accounts.csv --store plans.db --name cap "$@"; }
stored -o stored1.txt 2> stored.err
grep -q 'stored as cap@1' stored.err || fail "first save: $(cat stored.err)"
stored --attrition 0.5 -o stored2.txt 2> stored.err
grep -q 'stored as cap@2' stored.err || fail "second save: $(cat stored.err)"
"$acctseg" plan list --store plans.db > list.txt
grep -q '^cap@2 .*capacity' list.txt || fail "plan list: $(cat list.txt)"
"$acctseg" plan diff cap@1 cap@2 --store plans.db > diff.txt
grep -q 'attrition .* -> 0.50' diff.txt || fail "plan diff: $(cat diff.txt)"
[ -s stored1.txt ] || fail "no report beside the stored plan"
# Stored summaries are rounded to 4 decimals as the payload is, and every
# number in plan list reads with two decimals, ".00" dropped: 0.996 FTE
# read "1.00" where a whole one read "1".
"$acctseg" plan list --store plans.db -f json > list.json
expect list.json "r[0]['info']['headcount_needed']" 2.8983
echo "b1,csm,AMER,C,1593.6,0,0,0" | cat <(head -1 accounts.csv) - > one_csm.csv
"$acctseg" plan capacity -q -p policy.yaml -i one_csm.csv --store plans.db --name one -o /dev/null
"$acctseg" plan list --store plans.db > list.txt
grep -q '^one@1 .* headcount_needed=1 reps=1 roles=3$' list.txt || fail "plan list: $(cat list.txt)"
# A row only in one plan lists every field, zeros too (arr 0 was left out).
{ cat accounts.csv; echo "a9,ae,APAC,A,10.0,100,100,0"; } > apac.csv
"$acctseg" plan capacity -q -p policy.yaml -i apac.csv --store plans.db --name cap -o /dev/null
"$acctseg" plan diff cap@1 cap@3 --store plans.db > added.txt
grep -q '^  ae / APAC (added): .*; arr - -> 0 (+0);' added.txt || fail "an added row: $(cat added.txt)"
# An unusable store fails before the input is read (it failed after the
# whole run): with an input that cannot be read, the store's error comes first.
cut -d, -f1-7 accounts.csv > no_arr.csv
status=0
"$acctseg" plan capacity -q -p policy.yaml -i no_arr.csv --store nodir/plans.db --name cap \
  -o bad.txt 2> err.txt || status=$?
[ "$status" -eq 75 ] && grep -q 'cannot make the run store nodir/plans.db: its directory nodir does not exist' err.txt ||
  fail "a store that cannot be opened: exit $status: $(cat err.txt)"
[ ! -e bad.txt ] || fail "a report was written though the store could not be opened"

# 7. The bundled example: the seed workload with coverage and capacity.
if [ -f "$examples/planning/policy.yaml" ]; then
  "$acctseg" plan capacity -q -p "$examples/planning/policy.yaml" \
    -i "$examples/data/accounts-10k.csv" -f json -o example.json
  expect example.json "r['total']['accounts'] > 0 and len(r['roles']) > 1" True
fi
echo "plan_capacity: ok"
