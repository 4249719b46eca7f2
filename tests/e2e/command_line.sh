#!/usr/bin/env bash
# Mistakes on the command line are reported like every other error
# (apps/acctseg/command_line.h): "acctseg: error:", exit 64, the unknown
# command or option named with a did-you-mean; negative counts refused;
# a report's format follows its file's extension; a text report lists
# --max-listed accounts (20 unless told).
# Usage: command_line.sh ACCTSEG
set -euo pipefail
acctseg=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
root=$(cd "$(dirname "$0")/../.." && pwd)
source "$root/tests/e2e/lib.sh"
cp "$root/examples/seed-policy/policy.yaml" "$root/examples/seed-policy/regions.csv" .
head -3001 "$root/examples/data/accounts-10k.csv" > accounts.csv
sed 's/{tier: A, top: 0.2}/{tier: A, top: 0.3}/' policy.yaml > edited.yaml

refused() {  # refused CODE TEXT ARGS...: exits CODE, stderr has TEXT
  local code=$1 text=$2 status=0
  shift 2
  "$acctseg" "$@" > /dev/null 2> err.txt || status=$?
  [ "$status" -eq "$code" ] || fail "acctseg $* exited $status, not $code: $(cat err.txt)"
  grep -qF -- "$text" err.txt || fail "acctseg $*: no '$text' in: $(cat err.txt)"
}
refused 64 'acctseg: error: unknown command "runz" (did you mean "run"?)' runz
# A misspelled command under another was "A subcommand is required".
refused 64 'acctseg: error: unknown command "lst" (did you mean "list"?)' runs lst
refused 64 'acctseg: error: unknown command "territory" (did you mean "territories"?)' plan territory -p policy.yaml
# CLI11's own wording, said in ours.
refused 64 'acctseg: error: give a command: list, show' runs
refused 64 'acctseg: error: --policy needs a value' run -p
refused 64 'acctseg: error: --threads: expected a number, not abc' run -p policy.yaml --threads abc
refused 64 'acctseg: error: --policy: expected 2 or more, got 1' whatif -p policy.yaml -i accounts.csv
refused 64 'acctseg: error: --policy is given 3 times; give it at most 2 times' whatif -p policy.yaml -p edited.yaml -p policy.yaml -i accounts.csv
refused 64 'acctseg: error: unexpected argument "extra" (inputs go with -i, options start with --)' check -p policy.yaml extra
refused 64 'acctseg: error: --cache-max-bytes: "q" is not a size unit: give bytes or a number with K, M, G or T (500M, 8G)' run -p policy.yaml -i accounts.csv --cache-max-bytes 10Q
refused 64 'acctseg: error: missing the argument after' diff latest
refused 64 'acctseg: error: --format XML: expected text, json or html' quality -p policy.yaml -i accounts.csv -f XML
# Formats in any case, as the file names' extensions are read.
"$acctseg" run -q -p policy.yaml -i accounts.csv --no-store -f JSONL -o upper.out
head -c 1 upper.out | grep -q '{' || fail "-f JSONL did not write JSON Lines: $(head -c 80 upper.out)"
"$acctseg" quality -q -p policy.yaml -i accounts.csv -f JSON | python3 -c 'import json, sys; json.load(sys.stdin)' ||
  fail "quality -f JSON"
refused 64 'unknown option "--threds" (did you mean "--threads"?)' run -p policy.yaml --threds 2
refused 64 'unknown option "--acount" (did you mean "--account"?)' explain -p policy.yaml -i accounts.csv --acount D5
refused 64 '--threads: expected 0 or more, not -1' quality -p policy.yaml -i accounts.csv -t -1
refused 64 '--limit: expected 0 or more, not -1' runs list -n -1
refused 64 '--cache-max-bytes: expected 0 or more, not -1' run -p policy.yaml -i accounts.csv --cache-max-bytes -1
# Negative counts wrapped to huge ones (--exact-max-units -5 sent every book
# to the exact solver for its whole time limit), and --http-threads 0 was
# refused with a 300-digit range.
refused 64 '--exact-max-units: expected 0 or more, not -5' plan territories -p policy.yaml -i accounts.csv --reps reps.csv --exact-max-units -5
refused 64 '--max-body: expected a finite number >= 1, not -1' serve -p policy.yaml -i accounts.csv --data-dir d --insecure-no-auth --max-body -1
refused 64 '--snapshot-every: expected 0 or more, not -1' serve -p policy.yaml -i accounts.csv --data-dir d --insecure-no-auth --snapshot-every -1
refused 64 '--keep-snapshot-runs: expected 0 or more, not -1' serve -p policy.yaml -i accounts.csv --data-dir d --insecure-no-auth --keep-snapshot-runs -1
refused 64 '--rate-limit: expected a finite number >= 0, not -1' serve -p policy.yaml -i accounts.csv --data-dir d --insecure-no-auth --rate-limit -1
refused 64 '--http-threads: expected a finite number >= 1, not 0' serve -p policy.yaml -i accounts.csv --data-dir d --insecure-no-auth --http-threads 0
# Before the log is made and the universe loaded.
refused 64 '--tls-cert and --tls-key go together' serve -p policy.yaml -i accounts.csv --data-dir tls-data --insecure-no-auth --tls-cert c.pem
[ ! -e tls-data ] || { echo "FAIL: --tls-cert alone made the data directory"; exit 1; }
refused 64 'unknown scope "foo"' serve token --name bob --scopes read,foo
# NaN and infinity are no numbers for the learn flags (--l2 nan never finished).
refused 64 '--l2: expected a finite number >= 0, not nan' learn scorecard -p policy.yaml -i accounts.csv --outcome won --l2 nan -o card.yaml
refused 64 '--pdo: expected a finite number > 0, not inf' learn scorecard -p policy.yaml -i accounts.csv --outcome won --pdo inf -o card.yaml
refused 64 '--min-child-weight: expected a finite number >= 0, not nan' learn propensity -p policy.yaml -i accounts.csv --outcome won --min-child-weight nan
refused 64 '--seed: expected a finite number >= 0 and <= 2147483647, not -1' learn propensity -p policy.yaml -i accounts.csv --outcome won --seed -1
refused 64 '--restarts: expected a finite number >= 1, not 0' learn clusters -p policy.yaml -i accounts.csv --restarts 0 -o clusters.yaml
refused 64 '--as-of: expected a date, YYYY-MM-DD, not an empty value' run -p policy.yaml -i accounts.csv --as-of ""
refused 64 '--output is given 2 times; give it at most once' run -p policy.yaml -i accounts.csv -o a.csv -o b.csv
refused 64 'standard input is already input "accounts"' run -p policy.yaml -i accounts=- -i - < accounts.csv
# A policy path that is not there: why, and where a relative one was looked for.
refused 74 "polcy.yaml: cannot open policy file: No such file or directory (in $PWD)" check -p polcy.yaml
# A file in another format is named as such, not parsed as CSV (a .json
# file was "quote inside an unquoted field", a gzip one "invalid UTF-8").
printf '[{"account_id": "A1"}]\n' > accounts.json
gzip -c accounts.csv > packed.csv
refused 65 'accounts.json: a .json file, not a table acctseg reads' run -p policy.yaml -i accounts.json --no-store -o out.csv
refused 65 'packed.csv: this is a gzip-compressed file, not a table acctseg reads' run -p policy.yaml -i packed.csv --no-store -o out.csv
# A blank key is no key: the account is kept and the run says nothing can
# name it; related rows with a blank key are "without a key", not folded
# onto it (an account keyed "" took them all).
ms=$root/examples/many-sources/data
{ cat "$ms/accounts.csv"; echo ',Blank,5,US,'; } > ms_accounts.csv
{ cat "$ms/contacts.csv"; echo ',CFO,c@blank.com'; } > ms_contacts.csv
"$acctseg" run -p "$root/examples/many-sources/policy.yaml" -i accounts=ms_accounts.csv \
  -i contacts=ms_contacts.csv -i technographics="$ms/technographics.csv" \
  -i opportunities="$ms/opportunities.csv" --no-store -o ms_out.csv 2> err.txt
blank_line=$(wc -l < ms_accounts.csv)
grep -q "1 row of ms_accounts.csv has no account_id (line $blank_line): kept" err.txt ||
  fail "no note of the account without a key: $(cat err.txt)"
grep -q 'aggregate from contacts: .*; 1 contacts row has no account_id' err.txt ||
  fail "a contact with a blank key was not reported: $(cat err.txt)"
grep -q '^,Blank,0,' ms_out.csv || fail "the blank account took rows: $(grep Blank ms_out.csv)"
# ... and `explain -a ""` names no account (it explained the keyless row).
refused 69 'no account with account_id "" in' explain -p "$root/examples/many-sources/policy.yaml" \
  -i accounts=ms_accounts.csv -i contacts=ms_contacts.csv -i technographics="$ms/technographics.csv" \
  -i opportunities="$ms/opportunities.csv" -a ""
# An id pasted with a trailing space names its account (keys are read trimmed).
"$acctseg" explain -q -p policy.yaml -i accounts.csv -a "A000022388 " > trimmed.txt ||
  fail "explain of an id with a trailing space failed"
grep -q '^Account A000022388 ' trimmed.txt || fail "explain -a 'A000022388 ': $(head -2 trimmed.txt)"
# A mistyped id is offered the close one; every unknown id is named at once.
refused 69 'no account with account_id "A00002238" (did you mean "A000022388"?) in' \
  explain -p policy.yaml -i accounts.csv -a A00002238
refused 69 '"a000022388" (did you mean "A000022388"?), "NOPE" in accounts.csv (nothing explained' \
  explain -p policy.yaml -i accounts.csv -a A000022388 -a a000022388 -a NOPE
mkdir adir
refused 74 'adir: is a directory, not a policy file' check -p adir

# What a command prints on standard output is written, or it fails (a full
# disk lost explain's and check's output with exit 0).
for command in "check -p policy.yaml" "explain -q -p policy.yaml -i accounts.csv -a A000084853"; do
  status=0
  $acctseg $command > /dev/full 2> err.txt || status=$?
  [ "$status" -eq 74 ] || fail "$command > /dev/full exited $status, not 74"
  grep -q 'cannot write standard output: No space left on device' err.txt || fail "$command: $(cat err.txt)"
done

# -i - is standard input, as -o - is standard output.
"$acctseg" run -q --no-store -p policy.yaml -i accounts.csv -o expected.csv
"$acctseg" run -q --no-store -p policy.yaml -i - < accounts.csv > from_stdin.csv
cmp -s expected.csv from_stdin.csv || fail "run -i - did not read standard input"

# Formats from the extension; the text report's list.
"$acctseg" whatif -q -p policy.yaml -p edited.yaml -i accounts.csv -o report.json
python3 -c 'import json,sys; r = json.load(open(sys.argv[1])); assert len(r["moved"]) == r["changed"] > 20, r["changed"]' report.json ||
  fail "whatif -o report.json did not write the JSON report"
"$acctseg" whatif -q -p policy.yaml -p edited.yaml -i accounts.csv -o report.HTML
head -c 15 report.HTML | grep -q '<!DOCTYPE html>' || fail "whatif -o report.HTML did not write HTML"
"$acctseg" whatif -q -p policy.yaml -p edited.yaml -i accounts.csv -o report.json -f text
grep -q '^moved accounts (first 20 of ' report.json || fail "--format text did not win over .json"
"$acctseg" whatif -q -p policy.yaml -p edited.yaml -i accounts.csv --max-listed 25 > report.txt
grep -q '^moved accounts (first 25 of ' report.txt || fail "text ignored --max-listed 25: $(grep '^moved' report.txt)"
"$acctseg" quality -q -p policy.yaml -i accounts.csv -o quality.json
python3 -c 'import json,sys; json.load(open(sys.argv[1]))' quality.json || fail "quality -o quality.json is not JSON"
echo "PASS"
