#!/usr/bin/env bash
# Run history end to end on SQLite: two runs (the seed policy and a variant
# with Enterprise at 5001+ employees) are recorded; runs list/show read
# them; diff and whatif agree on what moved and explain it; bad run ids,
# corrupt stores give clear errors and leave nothing half-done.
# Usage: history.sh ACCTSEG
set -euo pipefail
acctseg=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
export ACCTSEG_STORE=$work/runs.sqlite
input=$root/examples/data/accounts-10k.csv
cp "$root/examples/seed-policy/regions.csv" .
sed 's/employees >= 4001/employees >= 5001/' "$root/examples/seed-policy/policy.yaml" > policy-5001.yaml
grep -q 'employees >= 5001' policy-5001.yaml

fail() { echo "FAIL $*"; exit 1; }

"$acctseg" run -q -p "$root/examples/seed-policy/policy.yaml" -i "$input" -o seed.csv
"$acctseg" run -q -p policy-5001.yaml -i "$input" -o variant.csv --trace
"$acctseg" run -q -p policy-5001.yaml -i "$input" -o none.csv --no-store
[ "$("$acctseg" runs list | tail -n +2 | wc -l)" -eq 2 ] || fail "runs list should show exactly 2 runs"
"$acctseg" runs list | sed -n 2p | grep 'policy-5001.yaml' > /dev/null || fail "newest run should be listed first"
# A list cut by --limit says so (on standard error, the table stays a table).
"$acctseg" runs list -n 1 > one.txt 2> one.err
[ "$(tail -n +2 one.txt | wc -l)" -eq 1 ] && grep -q 'the newest 1 run; there are more' one.err ||
  fail "runs list -n 1: $(cat one.txt one.err)"
"$acctseg" runs list -n 2 > /dev/null 2> two.err
[ ! -s two.err ] || fail "runs list -n 2 of 2 says more: $(cat two.err)"
# Two policies of one file name in different folders are told apart by
# their folder (every example's policy is policy.yaml).
mkdir -p variant && cp policy-5001.yaml variant/policy.yaml && cp regions.csv variant/
"$acctseg" run -q -p variant/policy.yaml -i "$input" -o /dev/null --store names.sqlite
"$acctseg" run -q -p "$root/examples/seed-policy/policy.yaml" -i "$input" -o /dev/null --store names.sqlite
"$acctseg" runs list --store names.sqlite > names.txt
grep -q ' seed-policy/policy.yaml ' names.txt && grep -q ' variant/policy.yaml ' names.txt ||
  fail "runs list: policies of one name not told apart: $(cat names.txt)"
"$acctseg" runs show latest | grep 'accounts-10k.csv' > /dev/null || fail "runs show names the input"
"$acctseg" runs show latest --format json > show.json
python3 -c "import json; r = json.load(open('show.json')); assert r['row_count'] == 10000; assert r['summary']['dimensions']['segment']['Enterprise']['count'] > 0"
# The id is the run's start, to the second (it was the time it was saved).
python3 -c "
import datetime, json
r = json.load(open('show.json'))
start = datetime.datetime.fromtimestamp(r['started_at_ms'] // 1000, datetime.timezone.utc)
assert r['id'].startswith(start.strftime('%Y%m%d-%H%M%S-')), (r['id'], start)"
echo "ok   two runs recorded and listed newest first"

# What moved, by a direct count of the two outputs.
moved=$(python3 - <<'PY'
import csv
a = {r["account_id"]: r for r in csv.DictReader(open("seed.csv"))}
b = {r["account_id"]: r for r in csv.DictReader(open("variant.csv"))}
print(sum(1 for k in a if any(a[k][c] != b[k][c] for c in ("segment", "tier", "region", "road"))))
PY
)
[ "$moved" -gt 0 ] || fail "the variant should move accounts"
"$acctseg" diff latest~1 latest --format json -o diff.json -q
"$acctseg" whatif -p "$root/examples/seed-policy/policy.yaml" -p policy-5001.yaml -i "$input" --format json -o whatif.json -q
for report in diff.json whatif.json; do
  python3 - "$report" "$moved" <<'PY'
import json, sys
report, moved = json.load(open(sys.argv[1])), int(sys.argv[2])
assert report["changed"] == moved, (report["changed"], moved)
seg = next(m for m in report["migrations"] if m["dimension"] == "segment")
cells = {(c["from"], c["to"]): c["count"] for c in seg["cells"]}
assert cells.get(("Enterprise", "Commercial"), 0) > 0, cells
assert not any(f == "Commercial" and t == "Enterprise" for f, t in cells), "nothing becomes Enterprise"
first = report["moved"][0]
assert first["changed_step"].startswith("compute") or first["changed_step"].startswith("classify"), first["changed_step"]
assert first["explanation_before"]["steps"] and first["explanation_after"]["steps"]
PY
done
echo "ok   diff and whatif agree: $moved accounts moved, explained"
# The dimensions in the policy's order (they were listed by name), and
# runs over different inputs are said to be (a leader took every move for
# the policy's): one account fewer and one edited, its count on both lines.
"$acctseg" diff latest~1 latest -q | grep -o '^[a-z_]*: [0-9]* moved' | cut -d: -f1 | tr '\n' ' ' > order.txt
[ "$(cat order.txt)" = "segment tier region road " ] || fail "diff's dimensions: $(cat order.txt)"
python3 - "$input" edited.csv <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline="")))
rows.pop(5)
rows[9][rows[0].index("employees")] = "99999"
csv.writer(open(sys.argv[2], "w", newline=""), lineterminator="\n").writerows(rows)
PY
"$acctseg" run -q -p policy-5001.yaml -i edited.csv -o edited.out.csv
"$acctseg" diff latest~1 latest -o edited-diff.txt 2> edited.err
grep -q 'note: the runs read different accounts (.*accounts-10k.csv, 10000 rows; .*edited.csv, 9999 rows): some moves may be the data.s' edited.err ||
  fail "diff of runs over different inputs: $(cat edited.err)"
changed=$(grep -o 'changed: [0-9]* of [0-9]*' edited-diff.txt | sed 's/changed: //')
grep -q "acctseg: $changed accounts moved" edited.err ||
  fail "diff's two counts: '$changed' in the report, $(grep moved edited.err)"
echo "ok   diff: dimensions in the policy's order; runs over other inputs noted; one count"
"$acctseg" diff latest~1 latest --format html -o diff.html -q
grep -q '<svg' diff.html || fail "html report has no chart"
if grep -Eq 'src="https?:|href="https?:' diff.html; then fail "html report loads from the network"; fi
"$acctseg" diff latest~1 latest --format csv -q | grep '^# migration segment' > /dev/null || fail "csv sections"
"$acctseg" diff latest~1 latest | grep 'segment' > /dev/null || fail "text report"
echo "ok   text, csv and self-contained html reports"

expect_exit() {
  local want=$1 pattern=$2; shift 2
  local code=0
  "$@" > out.txt 2>&1 || code=$?
  [ "$code" -eq "$want" ] || fail "$*: exit $code, expected $want: $(cat out.txt)"
  grep -Eq -- "$pattern" out.txt || fail "$*: message does not match /$pattern/: $(cat out.txt)"
  echo "ok   exit $want: $(head -1 out.txt)"
}
expect_exit 69 'no run "nope"' "$acctseg" runs show nope
expect_exit 64 'expected 0 or more, not -1' "$acctseg" diff latest~1 latest --max-listed -1
mkdir report_dir  # refused before the runs are re-run, not after
expect_exit 74 'cannot write "report_dir": Is a directory' "$acctseg" diff latest~1 latest -o report_dir
expect_exit 69 'no account with account_id "NOPE"' "$acctseg" explain -p "$root/examples/seed-policy/policy.yaml" -i "$input" -a NOPE
head -c 4096 /dev/urandom > corrupt.sqlite
expect_exit 75 'corrupt.sqlite' "$acctseg" runs list --store corrupt.sqlite
expect_exit 75 'corrupt.sqlite' "$acctseg" run -p "$root/examples/seed-policy/policy.yaml" -i "$input" -o x.csv --store corrupt.sqlite
[ ! -e x.csv ] || fail "a run whose store cannot open must not write its output"

# A table edited between two runs: diff cannot re-run the first run as it
# was, and says so, rather than explaining its moves with the new rows.
mkdir tables && cp "$root/examples/seed-policy/policy.yaml" tables/
cp regions.csv tables/regions.csv
"$acctseg" run -q -p tables/policy.yaml -i "$input" -o /dev/null --store tables.sqlite
sed -i 's/^US,CA,AMER-W$/US,CA,AMER-Pacific/' tables/regions.csv
grep -q 'AMER-Pacific' tables/regions.csv || fail "the regions table changed no row"
"$acctseg" run -q -p tables/policy.yaml -i "$input" -o /dev/null --store tables.sqlite
"$acctseg" diff latest~1 latest --store tables.sqlite > tables.txt 2>&1
grep -q "table $work/tables/regions.csv changed since run .*: explanations left out" tables.txt ||
  fail "an edited table: $(grep -i -m3 'table\|explanation' tables.txt)"
echo "ok   a table edited since a run: its moves are not explained with the new rows"

# Runs that read standard input: diff never reads its own (it waited on it
# forever), and says the input cannot be read again.
"$acctseg" run -q -p "$root/examples/seed-policy/policy.yaml" -i - -o /dev/null --store stdin.sqlite < "$input"
"$acctseg" run -q -p policy-5001.yaml -i - -o /dev/null --store stdin.sqlite < "$input"
mkfifo never && exec 3<>never  # a standard input that never ends
code=0
timeout 60 "$acctseg" diff latest~1 latest --store stdin.sqlite <&3 > stdin.txt 2>&1 || code=$?
exec 3>&-
[ "$code" -eq 0 ] || fail "diff of runs on standard input exited $code: $(cat stdin.txt)"
grep -q 'input /dev/stdin of run .* was not a file that can be read again: explanations left out' \
  stdin.txt || fail "no note for standard input: $(grep -i -m3 'input' stdin.txt)"
# One run of a file, the other of standard input: the file is not read
# (and not kept in the input cache) for explanations that cannot be made.
"$acctseg" run -q -p "$root/examples/seed-policy/policy.yaml" -i "$input" -o /dev/null --store mixed.sqlite
"$acctseg" run -q -p policy-5001.yaml -i - -o /dev/null --store mixed.sqlite < "$input"
"$acctseg" diff latest~1 latest --store mixed.sqlite --cache-dir mixed-cache > mixed.txt 2>&1 ||
  fail "diff of a file's run and standard input's: $(cat mixed.txt)"
grep -q 'was not a file that can be read again: explanations left out' mixed.txt ||
  fail "no note for standard input: $(grep -i -m3 'input' mixed.txt)"
[ -z "$(ls -A mixed-cache 2> /dev/null)" ] || fail "diff read the other run's input for nothing"
echo "ok   runs on standard input: diff does not read its own"

# Runs keyed on different columns: a usage error that says so (it was
# "no column account_id (the key)", exit 65, as if the data were bad).
cat > by_name.yaml <<'YAML'
policy: by-name
input:
  name: accounts
  key: name
  columns: {name: string, industry: string}
steps: []
output:
  columns: [name, industry]
YAML
"$acctseg" run -q -p "$root/examples/seed-policy/policy.yaml" -i "$input" -o /dev/null --store keys.sqlite
"$acctseg" run -q -p by_name.yaml -i "$input" -o /dev/null --store keys.sqlite
expect_exit 64 'the runs key their accounts on different columns \(account_id in run .* name in run ' \
  "$acctseg" diff latest~1 latest --store keys.sqlite

# Policies that summarize differently (the planning policy adds role,
# channel, motion and workload_hours): the common dimensions are compared
# and the others named, both ways (seed -> planning stopped with "no column
# channel", exit 65; planning -> seed dropped them without a word).
"$acctseg" run -q -p "$root/examples/seed-policy/policy.yaml" -i "$input" -o /dev/null --store dims.sqlite
"$acctseg" run -q -p "$root/examples/planning/policy.yaml" -i "$input" -o /dev/null --store dims.sqlite
"$acctseg" diff latest~1 latest --store dims.sqlite > dims.txt ||
  fail "diff seed -> planning: $(cat dims.txt)"
grep -q '^  not compared, in one policy.s summary only: channel, motion, role, workload_hours (after)$' dims.txt ||
  fail "diff seed -> planning names no dimension of one side: $(head -8 dims.txt)"
grep -q '^segment: ' dims.txt || fail "diff seed -> planning compares no segment"
# Two policies of one file name are told apart by their folders.
grep -q '^  after:  run .* (planning/policy.yaml)$' dims.txt || fail "labels: $(head -4 dims.txt)"
"$acctseg" diff latest latest~1 --store dims.sqlite -f json > dims.json
python3 -c "
import json; d = json.load(open('dims.json'))
assert d['not_compared'] == {'before': ['channel', 'motion', 'role', 'workload_hours'], 'after': []}, d['not_compared']"
"$acctseg" whatif -p "$root/examples/seed-policy/policy.yaml" -p "$root/examples/planning/policy.yaml" \
  -i "$input" > whatif-dims.txt 2> /dev/null || fail "whatif seed -> planning: $(cat whatif-dims.txt)"
grep -q 'not compared, in one policy.s summary only: channel, motion, role, workload_hours (after)' \
  whatif-dims.txt || fail "whatif names no dimension of one side"
echo "ok   policies that summarize differently: the common dimensions compared, the others named"

# Interrupts and kills at exact moments: tests/e2e/interrupts.sh.
