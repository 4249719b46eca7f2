#!/usr/bin/env bash
# Interrupts and kills tell the truth. The run signals itself at exact,
# named points of its stages (ACCTSEG_TEST_SIGNAL_AT, docs/testing.md), so
# every moment is tested every time, not by chance. For each point:
#   SIGINT/SIGTERM before the run is committed: exit 130, the previous output
#     untouched, nothing recorded, no temporary file;
#   SIGINT after the commit: exit 0, the complete output and the record, and
#     a note that the interrupt came too late;
#   SIGKILL anywhere: the previous output is either untouched or replaced by
#     the complete new one (never partial), the record exists only from
#     "recorded" on, and the next run on the same output removes the
#     killed run's temporary file and succeeds.
# Usage: interrupts.sh ACCTSEG
set -euo pipefail
acctseg=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
export ACCTSEG_STORE=$work/runs.sqlite
policy=$root/examples/seed-policy/policy.yaml
# 40,000 accounts: three write tasks of 16,384 rows, a few stored columns.
python3 "$root/tests/data/gen_accounts.py" --rows 40000 --seed 11 --out in.csv
"$acctseg" run -q -p "$policy" -i in.csv -o expected.csv --no-store
steps=$("$acctseg" check -p "$policy" | sed -n 's/^  steps: //p')

fail() { echo "FAIL $*"; exit 1; }
runs() { "$acctseg" runs list -n 0 2>/dev/null | tail -n +2 | grep -c . || true; }
temporaries() { ls -a | grep -c '^out\.csv\.acctseg-.*\.tmp$' || true; }

# point, and whether the run is committed (recorded) when it is reached
points="compiled:no step#1:no step#$steps:no write#1:no write#3:no written:no
        record#1:no record#4:no record-commit:no recorded:yes published:yes"
"$acctseg" run -q -p "$policy" -i in.csv -o seeded.csv  # the store exists from here on

checked=0
for entry in $points; do
  point=${entry%%:*}
  committed=${entry##*:}
  for signal in INT TERM KILL; do
    [ "$signal" = TERM ] && [ "$point" != step#1 ] && [ "$point" != record-commit ] && continue
    echo "previous output" > out.csv
    before=$(runs)
    code=0
    ACCTSEG_TEST_SIGNAL_AT="$point:$signal" "$acctseg" run -q -p "$policy" -i in.csv -o out.csv \
      2> stderr.txt || code=$?
    after=$(runs)
    what="$signal at $point"
    if [ "$signal" = KILL ]; then
      [ "$code" -eq 137 ] || fail "$what: exit $code, expected 137 (killed)"
      if [ "$point" = published ]; then
        cmp -s out.csv expected.csv || fail "$what: output is not the complete new output"
      else
        [ "$(cat out.csv)" = "previous output" ] || fail "$what: the previous output was changed"
      fi
      if [ "$committed" = yes ]; then
        [ "$after" -eq $((before + 1)) ] || fail "$what: the committed run is not recorded"
      else
        [ "$after" -eq "$before" ] || fail "$what: a killed, uncommitted run was recorded"
      fi
      # The next run on the same output cleans up after the killed one.
      "$acctseg" run -q -p "$policy" -i in.csv -o out.csv --no-store
      cmp -s out.csv expected.csv || fail "$what: the next run's output differs"
      [ "$(temporaries)" -eq 0 ] || fail "$what: the next run left the killed run's temporary file"
    elif [ "$committed" = no ]; then
      [ "$code" -eq 130 ] || fail "$what: exit $code, expected 130: $(cat stderr.txt)"
      grep -q 'interrupted; nothing was written or recorded' stderr.txt ||
        fail "$what: message: $(cat stderr.txt)"
      [ "$(cat out.csv)" = "previous output" ] || fail "$what: the previous output was changed"
      [ "$after" -eq "$before" ] || fail "$what: an interrupted run was recorded"
      [ "$(temporaries)" -eq 0 ] || fail "$what: a temporary file was left"
    else
      [ "$code" -eq 0 ] || fail "$what: exit $code after the commit, expected 0: $(cat stderr.txt)"
      grep -q 'interrupted after the run was committed' stderr.txt ||
        fail "$what: no note that the interrupt came too late: $(cat stderr.txt)"
      cmp -s out.csv expected.csv || fail "$what: output is not the complete new output"
      [ "$after" -eq $((before + 1)) ] || fail "$what: the committed run is not recorded"
      [ "$(temporaries)" -eq 0 ] || fail "$what: a temporary file was left"
    fi
    checked=$((checked + 1))
  done
done
echo "ok   $checked interrupts and kills at exact points: output, store and temporary files as promised"

# whatif stops while it explains the moved accounts: exit 130, no report
# (it went on for seconds and exited 0).
sed 's/employees >= 4001/employees >= 5001/' "$policy" > moved.yaml
sed -i "s#path: regions.csv#path: $(dirname "$policy")/regions.csv#" moved.yaml
code=0
ACCTSEG_TEST_SIGNAL_AT="explain-move#20:INT" "$acctseg" whatif -q -p "$policy" -p moved.yaml \
  -i in.csv -f json -o report.json 2> stderr.txt || code=$?
[ "$code" -eq 130 ] && [ ! -e report.json ] && grep -q 'interrupted' stderr.txt ||
  fail "whatif interrupted while explaining: exit $code, $(ls report.json 2> /dev/null) $(cat stderr.txt)"
echo "ok   whatif interrupted while explaining moves: exit 130, no report"

# Someone else's file that merely looks like a temporary is never removed:
# a live writer's (locked) temporary, and a file of another name shape.
python3 - "$acctseg" "$policy" <<'PY'
import fcntl, os, subprocess, sys
acctseg, policy = sys.argv[1], sys.argv[2]
live = "out.csv.acctseg-AbC123.tmp"
other = "out.csv.acctseg-toolong1.tmp"
for name in (live, other):
    open(name, "w").write("someone's data\n")
held = open(live)
fcntl.flock(held, fcntl.LOCK_EX)
subprocess.run([acctseg, "run", "-q", "-p", policy, "-i", "in.csv", "-o", "out.csv", "--no-store"], check=True)
assert os.path.exists(live), "a locked (live) temporary was removed"
assert os.path.exists(other), "a file of another name shape was removed"
held.close()
subprocess.run([acctseg, "run", "-q", "-p", policy, "-i", "in.csv", "-o", "out.csv", "--no-store"], check=True)
assert not os.path.exists(live), "an unlocked leftover temporary was not removed"
os.remove(other)
PY
echo "ok   cleanup removes only unlocked leftovers of the same output"

# Commands that do not check an interrupt flag (learn, plan) end at once on
# SIGTERM with exit 130 and a word, as cli.md promises; they died by the
# signal (143, nothing said). Nothing is written: outputs come at the end.
sed 's/^steps:$/steps:\n  - compute:\n      customer: arr > 0/' "$policy" > learn.yaml
cp "$(dirname "$policy")/regions.csv" .
"$acctseg" learn propensity -q -p learn.yaml -i in.csv --outcome customer --trees 100000 \
  --features employees,industry -o model.txt 2> learn.err &
learner=$!
sleep 2
kill -TERM "$learner"
code=0
wait "$learner" || code=$?
[ "$code" -eq 130 ] || fail "learn propensity on SIGTERM exited $code: $(cat learn.err)"
grep -q '^acctseg: error: interrupted$' learn.err || fail "no word on SIGTERM: $(cat learn.err)"
[ ! -e model.txt ] || fail "an interrupted learn wrote its output"
echo "ok   learn propensity on SIGTERM: exit 130, nothing written"
# Every other command too (quality and diff died by the signal: 143, nothing
# said): quality here waits on an input that never comes (a FIFO no one
# opens to write).
mkfifo never.csv
"$acctseg" quality -q -p "$policy" -i never.csv -o quality.html 2> quality.err &
reporter=$!
sleep 1
kill -TERM "$reporter"
code=0
wait "$reporter" || code=$?
[ "$code" -eq 130 ] && grep -q '^acctseg: error: interrupted$' quality.err ||
  fail "quality on SIGTERM exited $code: $(cat quality.err)"
[ ! -e quality.html ] || fail "an interrupted quality wrote its report"
echo "ok   quality on SIGTERM: exit 130, nothing written"
