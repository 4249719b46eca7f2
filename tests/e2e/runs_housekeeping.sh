#!/usr/bin/env bash
# Keeping the run store on SQLite: `runs export` writes a stored run as the
# run wrote it (CSV and JSON Lines, kept columns, chosen columns, trace
# columns, a run recorded before the output's width was kept); `runs
# delete` and `runs prune` remove runs and only the data no kept run
# shares; a dry run, an unknown run or a bad rule delete nothing; --vacuum
# gives the space back. (store_postgres.sh does the same on PostgreSQL.)
# Usage: runs_housekeeping.sh ACCTSEG
set -euo pipefail
acctseg=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
export ACCTSEG_STORE=$work/runs.sqlite
input=$root/examples/data/accounts-10k.csv
policy=$root/examples/seed-policy/policy.yaml
cp "$root/examples/seed-policy/regions.csv" .
sed 's/employees >= 4001/employees >= 5001/' "$policy" > policy-5001.yaml

fail() { echo "FAIL $*"; exit 1; }
runs() { "$acctseg" runs list -n 0 | tail -n +2 | wc -l; }

"$acctseg" run -q -p "$policy" -i "$input" -o seed.csv
"$acctseg" run -q -p policy-5001.yaml -i "$input" -o variant.jsonl --trace
"$acctseg" run -q -p "$policy" -i "$input" -o kept.csv --keep-columns

# Export: the same bytes as the run's own output.
"$acctseg" runs export latest~2 -o seed-again.csv 2> export.err
cmp -s seed.csv seed-again.csv || fail "runs export of the seed run differs from its output"
grep -q 'accounts, 12 columns -> seed-again.csv' export.err || fail "export summary: $(cat export.err)"
"$acctseg" runs export latest~1 -o variant-again.jsonl 2> /dev/null
cmp -s variant.jsonl variant-again.jsonl || fail "runs export as JSON Lines differs"
"$acctseg" runs export latest > kept-again.csv
cmp -s kept.csv kept-again.csv || fail "runs export of a --keep-columns run differs"
echo "ok   runs export writes what each run wrote (csv, jsonl, kept columns, standard output)"

"$acctseg" runs export latest~2 --columns account_id,tier,segment -o some.csv 2> /dev/null
[ "$(head -1 some.csv)" = "account_id,tier,segment" ] || fail "--columns header: $(head -1 some.csv)"
[ "$(wc -l < some.csv)" -eq 10001 ] || fail "--columns rows"
set +e
"$acctseg" runs export latest --columns account_id,segmnt -o bad.csv 2> bad.err; rc=$?
set -e
[ $rc -eq 64 ] && grep -q 'has no column "segmnt" (did you mean "segment"?)' bad.err && [ ! -e bad.csv ] ||
  fail "unknown export column: rc $rc, $(cat bad.err)"
"$acctseg" runs export latest~1 --all-columns -o all.csv 2> /dev/null
head -1 all.csv | grep -q ',trace\.' || fail "--all-columns leaves out the trace: $(head -1 all.csv)"
echo "ok   runs export --columns, --all-columns, an unknown column named with a suggestion"

# A run written for a spreadsheet in ';' and decimal commas is exported so
# again; asked for other ones, or as JSON Lines, it is written as asked.
ACCTSEG_STORE=$work/eu.sqlite "$acctseg" run -q -p "$policy" -i "$input" -o eu.csv \
  --delimiter ';' --decimal-mark ','
head -1 eu.csv | grep -q '^account_id;global_id;' || fail "--delimiter: $(head -1 eu.csv)"
ACCTSEG_STORE=$work/eu.sqlite "$acctseg" runs export latest -o eu-again.csv 2> /dev/null
cmp -s eu.csv eu-again.csv || fail "runs export of a ';' run differs from its output"
ACCTSEG_STORE=$work/eu.sqlite "$acctseg" runs export latest -o eu-plain.csv --delimiter , \
  --decimal-mark . 2> /dev/null
cmp -s seed.csv eu-plain.csv || fail "runs export --delimiter , differs from the seed run"
ACCTSEG_STORE=$work/eu.sqlite "$acctseg" runs export latest -o eu.jsonl 2> /dev/null
grep -q '"score": [0-9]*\.[0-9]' eu.jsonl || fail "JSON Lines export of a ';' run: $(head -c 300 eu.jsonl)"
echo "ok   runs export keeps a run's --delimiter and --decimal-mark, or writes the ones asked for"

# The store is never an export's output.
cp runs.sqlite runs.before
set +e
"$acctseg" runs export latest -o runs.sqlite 2> self.err; rc=$?
set -e
[ $rc -eq 64 ] && cmp -s runs.sqlite runs.before || fail "export over the store: rc $rc, $(cat self.err)"

# A run recorded before the store kept the output's width: every stored
# column but the trace, so the summary's measure `arr` comes along.
python3 - "$ACCTSEG_STORE" <<'PY'
import json, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
for run_id, options in db.execute("SELECT id, options_json FROM runs").fetchall():
    o = json.loads(options); o.pop("output_columns", None)
    db.execute("UPDATE runs SET options_json = ? WHERE id = ?", (json.dumps(o), run_id))
db.commit()
PY
"$acctseg" runs export latest~2 -o old.csv 2> /dev/null
[ "$(head -1 old.csv)" = "$(head -1 seed.csv),arr" ] || fail "older run's columns: $(head -1 old.csv)"
echo "ok   never over the store; a run recorded before the output's width kept exports every stored column"

# Each run keeps the acctseg that made it and where its output went; a diff
# across versions says so.
"$acctseg" runs show latest --format json > latest.json
python3 - "$ACCTSEG_STORE" "$work/kept.csv" <<'PY'
import json, sqlite3, sys
o = json.load(open("latest.json"))["options"]
assert o["code_version"] and o["output"] == sys.argv[2], o
db = sqlite3.connect(sys.argv[1])
run_id, options = db.execute("SELECT id, options_json FROM runs ORDER BY started_at_ms, id LIMIT 1").fetchone()
o = json.loads(options); o["code_version"] = "0.0.1"
db.execute("UPDATE runs SET options_json = ? WHERE id = ?", (json.dumps(o), run_id)); db.commit()
PY
"$acctseg" diff latest~2 latest -q -o /dev/null 2> versions.err
grep -q 'was made by acctseg 0.0.1, run .* by .*: some moves may be the program.s' versions.err ||
  fail "diff across versions: $(cat versions.err)"
echo "ok   a run records its acctseg version and its output's absolute path; diff across versions notes it"

# Delete: an unknown reference or a dry run deletes nothing.
set +e
"$acctseg" runs delete latest nope > /dev/null 2> nope.err; rc=$?
set -e
[ $rc -eq 69 ] && [ "$(runs)" -eq 3 ] || fail "delete with an unknown run: rc $rc, $(runs) runs, $(cat nope.err)"
"$acctseg" runs prune --keep 1 --dry-run > dry.txt
[ "$(runs)" -eq 3 ] && grep -q '^2 runs would go, 1 run would stay' dry.txt || fail "dry run: $(cat dry.txt)"
# Two policies: the newest of each stays.
"$acctseg" runs prune --keep 1 --per-policy --dry-run > per.txt
grep -q '^1 run would go, 2 runs would stay' per.txt && grep -c '^would delete' per.txt | grep -qx 1 ||
  fail "--per-policy: $(cat per.txt)"
set +e
"$acctseg" runs prune 2> rule.err; rc=$?
set -e
[ $rc -eq 64 ] && grep -q 'needs a rule' rule.err && [ "$(runs)" -eq 3 ] || fail "prune without a rule: rc $rc"
"$acctseg" runs prune --older-than 1d > young.txt
grep -q '^no run to delete; 3 runs in' young.txt || fail "prune of young runs: $(cat young.txt)"
echo "ok   an unknown run, a dry run, a prune without a rule or with nothing old enough delete nothing"

# The kept run's columns stay readable after its neighbours go.
variant_id=$("$acctseg" runs list | sed -n 3p | cut -d' ' -f1)
"$acctseg" runs delete latest latest~2 > deleted.txt
grep -q '^2 runs deleted, 1 kept' deleted.txt || fail "delete: $(cat deleted.txt)"
"$acctseg" runs export "$variant_id" --columns account_id,segment,tier -o v.csv 2> /dev/null
python3 - variant.jsonl v.csv <<'PY'
import csv, json, sys
rows = [json.loads(line) for line in open(sys.argv[1])]
again = list(csv.DictReader(open(sys.argv[2])))
assert len(rows) == len(again) == 10000
assert all(r["account_id"] == a["account_id"] and r["segment"] == a["segment"] and r["tier"] == a["tier"]
           for r, a in zip(rows, again))
PY
before=$(stat -c %s runs.sqlite)
"$acctseg" runs prune --keep 0 --vacuum > vacuum.txt
grep -q '^1 run deleted, 0 kept in .*stored columns no kept run shares freed (.*); the file compacted$' vacuum.txt ||
  fail "prune --vacuum: $(cat vacuum.txt)"
[ "$(runs)" -eq 0 ] && [ "$(stat -c %s runs.sqlite)" -lt "$before" ] || fail "the store did not shrink"
echo "ok   runs delete and prune keep the other runs whole; --vacuum shrinks the file"

# A run whose save waits for another process's lock says why it is quiet,
# even with -q, and then saves.
"$acctseg" run -q -p "$policy" -i "$input" -o /dev/null --store wait.sqlite
python3 - "$work/wait.sqlite" <<'PY' &
import sqlite3, sys, time
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("BEGIN IMMEDIATE")
open(sys.argv[1] + ".held", "w").close()
time.sleep(4); db.execute("ROLLBACK")
PY
holder=$!
while [ ! -e "$work/wait.sqlite.held" ]; do sleep 0.1; done
code=0
"$acctseg" run -q -p "$policy" -i "$input" -o /dev/null --store wait.sqlite 2> wait.err || code=$?
wait "$holder"
[ "$code" -eq 0 ] && [ "$("$acctseg" runs list --store wait.sqlite | tail -n +2 | wc -l)" -eq 2 ] ||
  fail "the run that waited: exit $code, $(cat wait.err)"
grep -q '^acctseg: waiting for the run store .*wait.sqlite: another process is saving a run there' wait.err ||
  fail "no word while waiting for the store's lock: $(cat wait.err)"
echo "ok   a save waiting for another process's lock says so"

# A store this user cannot write says so and what to do (SQLite said only
# "attempt to write a readonly database"). Needs root to run as another user.
# (Skipped where that user cannot reach the binary or the data: a clone in
# /root.)
if [ "$(id -u)" -eq 0 ] && command -v su > /dev/null &&
   su nobody -s /bin/sh -c "test -x '$acctseg' && test -r '$policy' && test -r '$input'" 2> /dev/null; then
  "$acctseg" run -q -p "$policy" -i "$input" -o /dev/null --store ro.sqlite
  chmod 755 "$work" && chmod 444 ro.sqlite
  code=0
  su nobody -s /bin/sh -c "cd '$work' && '$acctseg' run -q -p '$policy' -i '$input' -o /dev/null --store ro.sqlite" \
    2> ro.err || code=$?
  [ "$code" -eq 75 ] && grep -q 'ro.sqlite cannot be written (.*): the file, its directory or its file system is read-only for this user' ro.err ||
    fail "a read-only store: exit $code, $(cat ro.err)"
  echo "ok   a store this user cannot write: exit 75 and what to do"
fi
