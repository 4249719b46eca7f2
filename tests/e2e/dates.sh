#!/usr/bin/env bash
# Dates, timestamps and AS_OF through the real binary (the golden case
# tests/golden/dates-window checks the values with --as-of given):
#   - without --as-of the policy's as_of is used, and --as-of overrides it;
#   - a stored run records the as_of it used; diff reads the stored date
#     columns back and re-runs each policy with its own as_of;
#   - a bad --as-of is a usage error (64); bad dates and timestamps in the
#     input stop the run (65) with file, line and column.
# Usage: dates.sh ACCTSEG
set -euo pipefail
acctseg=$1
root=$(cd "$(dirname "$0")/../.." && pwd)
case_dir=$root/tests/golden/dates-window
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failed=0
fail() { echo "FAIL $*"; failed=1; }
ok() { echo "ok   $*"; }
run() { "$acctseg" run --quiet --policy "$case_dir/policy.yaml" "$@"; }

# The policy's as_of (2025-01-15): A1's order on 2026-11-30 is in the future.
run --no-store --input "$case_dir/accounts.csv" --output "$work/policy_as_of.csv"
grep -q '^A1,2026-11-30,.*,-684,.*,future,newest$' "$work/policy_as_of.csv" &&
  ok "the policy's as_of applies without --as-of" ||
  fail "policy as_of: $(sed -n 2p "$work/policy_as_of.csv")"

# Neither as_of nor --as-of: AS_OF is today in UTC, and the run records it.
sed '/^as_of:/d' "$case_dir/policy.yaml" > "$work/no_as_of.yaml"
today=$(date -u +%F)
"$acctseg" run --quiet --policy "$work/no_as_of.yaml" --input "$case_dir/accounts.csv" \
  --output "$work/today.csv" --store "$work/today.sqlite"
days=$(python3 -c "import datetime as d; print((d.date.fromisoformat('$today') - d.date(2026, 11, 30)).days)")
grep -q "^A1,2026-11-30,.*,$days,.*" "$work/today.csv" &&
  "$acctseg" runs show latest --store "$work/today.sqlite" --format json |
  grep -q "\"as_of\": \"$today\"" && ok "without as_of, AS_OF is today ($today) and is recorded" ||
  fail "AS_OF today: $(sed -n 2p "$work/today.csv")"

# Two stored runs a month apart; the store keeps each one's as_of.
store=$work/runs.sqlite
run --store "$store" --input "$case_dir/accounts.csv" --output "$work/nov.csv" --as-of 2026-11-30
run --store "$store" --input "$case_dir/accounts.csv" --output "$work/dec.csv" --as-of 2026-12-31
cmp -s "$work/nov.csv" "$case_dir/expected.csv" && ok "--as-of overrides the policy's as_of" ||
  fail "--as-of 2026-11-30 output differs from the golden case"
"$acctseg" runs show latest --store "$store" --format json | grep -q '"as_of": "2026-12-31"' &&
  ok "the stored run records its as_of" || fail "no as_of in the stored run's options"
"$acctseg" diff latest~1 latest --store "$store" --format json > "$work/diff.json"
python3 - "$work/diff.json" <<'PY' && ok "diff reads stored dates and re-runs with each run's as_of" || failed=1
import json, sys
report = json.load(open(sys.argv[1]))
text = json.dumps(report)
moved = {m["key"]: m for m in report["moved"]}
assert set(moved) == {"A2", "A4"}, sorted(moved)
# The explanations re-ran each stored policy with its own AS_OF: A2 is 90
# days old before, 121 after.
assert "days_since_order = 90" in text and "days_since_order = 121" in text, "re-run as_of"
PY

# Usage and input errors.
code=0
message=$(run --no-store --input "$case_dir/accounts.csv" --as-of 30/11/2026 2>&1) || code=$?
[ "$code" -eq 64 ] && grep -q -- '--as-of "30/11/2026" is not a date' <<< "$message" &&
  ok "a bad --as-of is a usage error" || fail "bad --as-of: exit $code: $message"
expect_input_error() {  # CSV text, expected message (grep -F)
  printf '%s' "$1" > "$work/bad.csv"
  local code=0 message
  message=$(run --no-store --input "$work/bad.csv" --as-of 2026-11-30 2>&1) || code=$?
  if [ "$code" -eq 65 ] && grep -qF -- "$2" <<< "$message"; then
    ok "input error: $2"
  else
    fail "expected exit 65 and \"$2\", got $code: $message"
  fi
}
expect_input_error $'account_id,last_order,signed_at\nA1,2024-02-30,\n' \
  'bad.csv:2:4: invalid date "2024-02-30" in column "last_order" (expected YYYY-MM-DD'
expect_input_error $'account_id,last_order,signed_at\nA1,31/02/2024,\n' \
  'bad.csv:2:4: invalid date "31/02/2024"'
expect_input_error $'account_id,last_order,signed_at\nA1,,2024-02-29T25:00Z\n' \
  'bad.csv:2:5: invalid timestamp "2024-02-29T25:00Z" in column "signed_at"'
exit $failed
