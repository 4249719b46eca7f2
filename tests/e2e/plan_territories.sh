#!/usr/bin/env bash
# acctseg plan territories on tests/golden/territories (README.md there has
# the hand-checked answer): two East AEs, five families, all owned by R1,
# A5 locked to R1. The optimum keeps F1 (A1, A2) and A5 with R1 and moves
# A3 and A4 (the least ARR) to R2; A7 (role digital, no rep) is left out.
# Checks the three CSVs, the HTML page, the stored plans (list, show, diff),
# and the located errors of bad reps and owners files.
# Usage: plan_territories.sh ACCTSEG
set -euo pipefail
acctseg=$(realpath "$1")
case_dir=$(cd "$(dirname "$0")/../golden/territories" && pwd)
. "$(dirname "$0")/lib.sh"
cp "$case_dir"/*.csv "$case_dir"/policy.yaml .

territories() {
  "$acctseg" plan territories -p policy.yaml -i accounts.csv --store runs.sqlite "$@"
}

# 1. The hand-checked plan.
territories --reps reps.csv --current owners.csv --method exact -o assignments.csv --balance-out balance.csv \
  --moves-out moves.csv --report report.html --name golden 2> summary.txt
diff -u "$case_dir/expected_assignments.csv" assignments.csv || fail "assignments differ"
diff -u "$case_dir/expected_balance.csv" balance.csv || fail "balance differs"
diff -u "$case_dir/expected_moves.csv" moves.csv || fail "moves differ"
grep -q "1 account of role digital, which no rep has, is left out" summary.txt ||
  fail "no note for the digital account: $(cat summary.txt)"
grep -q "2 accounts change rep" summary.txt || fail "summary: $(cat summary.txt)"
grep -q "gap 0.00%" summary.txt || fail "exact solve should close the gap: $(cat summary.txt)"

# 2. A self-contained page: no script, nothing fetched.
grep -q "<svg" report.html || fail "no chart in the report"
grep -q "A3" report.html || fail "the moves are not in the report"
! grep -Eq "<script|https?://" report.html || fail "the report is not self-contained"

# 3. No owners: every account is new, and the balance still holds.
territories --reps reps.csv -q -o fresh.csv
[ "$(grep -c ',new$' fresh.csv)" = 6 ] || fail "without --current every account is new"

# The input cache, as run uses it (the flags were refused, exit 64).
territories --reps reps.csv --current owners.csv -q --cache-dir cache -o cached.csv
[ -n "$(ls -A cache)" ] || fail "--cache-dir: nothing cached"
territories --reps reps.csv --current owners.csv -q --no-cache -o uncached.csv
cmp -s cached.csv uncached.csv || fail "the cached read gave another plan"

# 4. The plan store: two versions, list, show, diff.
territories --reps reps.csv -q --current owners.csv --balance potential -o /dev/null --name golden
"$acctseg" plan list --store runs.sqlite > list.txt
grep -q "^golden@1 *territories" list.txt || fail "plan list: $(cat list.txt)"
grep -q "^golden@2 *territories" list.txt || fail "plan list: $(cat list.txt)"
"$acctseg" plan show golden@1 --store runs.sqlite -f json > show.json
python3 -c "
import json,sys
p=json.load(open('show.json'))
assert p['plan']=='golden@1' and p['kind']=='territories', p
units={(u['family'],u['role']):u['rep'] for u in p['plan_json']['units']}
assert units[('A3','ae')]=='R2' and units[('A1','ae')]=='R1', units
" || fail "plan show json"
"$acctseg" plan diff golden@1 golden@1 --store runs.sqlite > same.txt
grep -q "0 units change rep" same.txt || fail "a plan against itself: $(cat same.txt)"
"$acctseg" plan show nothere --store runs.sqlite 2> err.txt && fail "an unknown plan must fail"
grep -q 'no plan named "nothere".*its plans: golden' err.txt || fail "$(cat err.txt)"

# An unusable store fails before the solve (it failed after it, a whole
# --time-limit later): with a reps file that cannot be read, the store's
# error comes first.
set +e
"$acctseg" plan territories -p policy.yaml -i accounts.csv --reps missing.csv --name golden \
  --store nodir/runs.sqlite -o bad.csv 2> err.txt
rc=$?
set -e
[ "$rc" = 75 ] && grep -q 'cannot make the run store nodir/runs.sqlite: its directory nodir does not exist' err.txt ||
  fail "a store that cannot be opened: exit $rc: $(cat err.txt)"
# An output in a missing directory is refused before the solve too (it
# was after it: the whole --time-limit for a mistyped path).
set +e
"$acctseg" plan territories -p policy.yaml -i accounts.csv --reps reps.csv --moves-out nodir/m.csv \
  -o out.csv 2> err.txt
rc=$?
set -e
[ "$rc" = 74 ] && grep -qF 'cannot write "nodir/m.csv": its directory nodir does not exist' err.txt &&
  [ ! -e out.csv ] || fail "an output in a missing directory: exit $rc: $(cat err.txt)"

# 5. Bad input: located, with what was expected; nothing written.
expect_input_error() {  # MESSAGE-REGEX, then the flags that make it
  local message=$1; shift
  set +e
  territories "$@" -o bad.csv 2> err.txt
  local rc=$?
  set -e
  [ "$rc" = 65 ] || fail "exit $rc, want 65: $(cat err.txt)"
  grep -Eq "$message" err.txt || fail "message: $(cat err.txt), want $message"
  [ ! -e bad.csv ] || fail "an output was written despite the error"
}
sed 's/^R2,Ben Okafor,ae,/R2,Ben Okafor,aee,/' reps.csv > bad_role.csv
expect_input_error 'bad_role.csv:3: rep R2: unknown role "aee" \(did you mean "ae"\?\)' --reps bad_role.csv
sed 's/East;West/East;Wset/' reps.csv > bad_region.csv
expect_input_error 'bad_region.csv:3: rep R2: unknown region "Wset" \(did you mean "West"\?\); the regions of this plan are: East, West' \
  --reps bad_region.csv
sed 's/^A4,R1,/A4,R9,/' owners.csv > bad_owner.csv
expect_input_error 'bad_owner.csv:5: account A4: unknown rep "R9"' --reps reps.csv --current bad_owner.csv
printf 'A1,R1,false\n' >> owners.csv
expect_input_error 'owners.csv:8: account A1: given twice \(first at line 2\)' --reps reps.csv \
  --current owners.csv
# A reps or owners file has no encoding: to declare: told to convert itself
# (it was told to declare it with encoding:, which it cannot).
printf 'account_id,rep_id\nA1,R\xe91\n' > latin1_owners.csv
expect_input_error 'latin1_owners.csv:2:5: invalid UTF-8 \(byte 0xE9\); this file must be UTF-8 .*convert it' \
  --reps reps.csv --current latin1_owners.csv
printf 'rep_id,role\nR\xe91,ae\n' > latin1_reps.csv
expect_input_error 'latin1_reps.csv:2:2: invalid UTF-8 \(byte 0xE9\); this file must be UTF-8 .*convert it' \
  --reps latin1_reps.csv
! grep -q 'declare it with' err.txt || fail "a reps file cannot declare an encoding: $(cat err.txt)"

# 6. A policy without a family step needs --family.
# A usage error (exit 64) from `plan territories ARGS...`, its words in err.txt.
expect_usage_error() {
  set +e
  "$acctseg" plan territories "$@" -o x.csv 2> err.txt
  local rc=$?
  set -e
  [ "$rc" = 64 ] || fail "exit $rc, want 64: $(cat err.txt)"
}
grep -v -e '- family:' -e 'id: account_id' -e 'parent: parent_id' policy.yaml > nofamily.yaml
expect_usage_error -p nofamily.yaml -i accounts.csv --reps reps.csv
grep -q "pass --family COLUMN" err.txt || fail "$(cat err.txt)"
"$acctseg" plan territories -q -p nofamily.yaml -i accounts.csv --reps reps.csv --family account_id \
  -o families.csv

# A policy without coverage: and without a role column: the missing section
# is named (it said the run has no column "role", pointing at a flag).
sed -e 's/^    role: string/    job: string/' -e 's/account_id, role,/account_id, job,/' policy.yaml > nocoverage.yaml
sed '1s/,role,/,job,/' accounts.csv > job_accounts.csv
expect_usage_error -p nocoverage.yaml -i job_accounts.csv --reps reps.csv
grep -q "the policy nocoverage.yaml declares no coverage: section" err.txt || fail "$(cat err.txt)"
grep -q -- "--role-column" err.txt || fail "no way out named: $(cat err.txt)"

# 7. Usage errors (exit 64, nothing written): a text column read as numbers
# (it crashed), and numbers CLI11 would take (NaN passed its range check:
# "proven optimal" with every rep out of tolerance).
expect_usage_error() {  # MESSAGE-REGEX, then the flags that make it
  local message=$1; shift
  set +e
  territories --reps reps.csv "$@" -o bad.csv 2> err.txt
  local rc=$?
  set -e
  [ "$rc" = 64 ] || fail "exit $rc, want 64: $(cat err.txt)"
  grep -Eq -e "$message" err.txt || fail "message: $(cat err.txt), want $message"
  [ ! -e bad.csv ] || fail "an output was written despite the error"
}
expect_usage_error 'the column "region" \(--potential-column\) is string, a number was expected' \
  --potential-column region
expect_usage_error 'expected a finite number >= 0 and <= 10, not nan' --tolerance nan
expect_usage_error 'expected a finite number > 0, not -1' --time-limit -1
expect_usage_error 'expected a finite number >= 0, not inf' --geo region --geo-weight inf
# A weight without the column it weighs was ignored without a word.
expect_usage_error '--geo-weight requires --geo' --geo-weight 5
echo "ok"
