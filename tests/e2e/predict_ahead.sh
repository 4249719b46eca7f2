#!/usr/bin/env bash
# A predict step that starts ahead (plan/run.cc, "Steps that start ahead"):
# its model reads only input columns, so with two threads it starts on a
# thread of its own before the steps above it run, which scores while they
# leave a core idle, and its turn takes over. The output must be the bytes of a run where every step waits for its
# turn (--no-run-ahead) and of a run on one thread, with reasons as codes,
# without reasons, and as words (a later step reads them: no start ahead
# then); the stage says it started ahead only where it did; and a run
# that fails in a step before the predict's turn stops with that step's
# error (the thread scoring ahead is stopped, not left running or crashing).
# Usage: predict_ahead.sh ACCTSEG
set -euo pipefail
acctseg=$1
. "$(dirname "$0")/lib.sh"

python3 - <<'PY'
import math, random
rng = random.Random(11)
with open("deals.csv", "w") as f:
    f.write("id,region,employees,visits,won\n")
    for i in range(2000):
        region = rng.choice(["East", "West", "South"])
        employees, visits = rng.randint(1, 5000), rng.randint(0, 300)
        logit = math.log(employees) - 6 + visits / 100 + (1.0 if region == "West" else -0.5)
        won = rng.random() < 1 / (1 + math.exp(-logit))
        f.write(f"d{i},{region},{employees},{visits},{'true' if won else 'false'}\n")
# 70,000 accounts: 18 pieces of 4,096 rows (steps/predict_scoring.h), more
# than the step's fewest rows to start ahead (8 pieces).
with open("accounts.csv", "w") as f:
    f.write("id,region,employees,visits\n")
    for i in range(70000):
        region = rng.choice(["East", "West", "South", "North", ""])
        employees = "" if i % 97 == 3 else rng.randint(1, 20000)
        f.write(f"a{i},{region},{employees},{rng.randint(0, 400)}\n")
columns = "      id: string\n      region: string\n      employees: integer\n      visits: integer\n"
with open("train.yaml", "w") as f:
    f.write("policy: train\ninputs:\n  deals:\n    key: id\n    columns:\n" + columns +
            "      won: boolean\nsteps: []\noutput:\n  columns: [id, won]\n")
# Steps before the predict (which reads only inputs), and, in words.yaml,
# one after it that reads the reasons, so they are made as words.
before = ("  - compute:\n      size: COALESCE(employees, 0) * 2 + visits\n"
          "  - tier:\n      output: band\n      group_by: region\n"
          "      order_by: [size DESC, id ASC]\n"
          "      cuts:\n        - {tier: A, top: 0.2}\n        - {tier: B, top: 0.5}\n"
          "        - {tier: C}\n")
predict = "  - predict: {model: ptb, output: ptb, reasons: why}\n"
def policy(name, steps, out):
    with open(name, "w") as f:
        f.write("policy: score\ninputs:\n  accounts:\n    key: id\n    columns:\n" + columns +
                "steps:\n" + steps + "output:\n  columns: [" + out + "]\n")
policy("codes.yaml", before + predict, "id, band, ptb, why")
policy("words.yaml", before + predict + "  - compute:\n      why_long: LENGTH(why)\n",
       "id, band, ptb, why, why_long")
policy("no_reasons.yaml", before + "  - predict: {model: ptb, output: ptb}\n", "id, band, ptb")
policy("fails.yaml", "  - compute:\n      huge: visits * 9223372036854775807\n" + before + predict,
       "id, ptb")
PY

"$acctseg" learn propensity -q -p train.yaml -i deals.csv --outcome won -t 1 \
  --store store.sqlite --name ptb --trees 30 -o /dev/null

for p in codes words no_reasons; do
  "$acctseg" run -q --profile -t 2 -p $p.yaml -i accounts.csv --store store.sqlite \
    -o ahead.$p.csv 2> ahead.$p.prof
  "$acctseg" run -q --profile -t 2 --no-run-ahead -p $p.yaml -i accounts.csv \
    --store store.sqlite -o turn.$p.csv 2> turn.$p.prof
  "$acctseg" run -q --profile -t 1 -p $p.yaml -i accounts.csv --store store.sqlite \
    -o one.$p.csv 2> one.$p.prof
  cmp -s ahead.$p.csv turn.$p.csv || fail "$p: the run ahead wrote other bytes than the run in turn"
  cmp -s ahead.$p.csv one.$p.csv || fail "$p: two threads wrote other bytes than one"
  [ "$(wc -l < ahead.$p.csv)" = 70001 ] || fail "$p: $(wc -l < ahead.$p.csv) lines"
  # Reasons that a later step reads are words, made in row order: that
  # step waits for its turn.
  if [ $p = words ]; then
    ! grep -q 'started ahead' ahead.$p.prof || fail "words: the predict step started ahead"
  else
    # 70,000 accounts: 18 pieces of 4,096, however many were scored ahead.
    grep -q '^predict ptb.*, started ahead: [0-9]* of 18 pieces scored ahead' ahead.$p.prof ||
      fail "$p: the predict step did not start ahead: $(cat ahead.$p.prof)"
  fi
  ! grep -q 'started ahead' turn.$p.prof || fail "$p: --no-run-ahead started a step ahead"
  ! grep -q 'started ahead' one.$p.prof || fail "$p: one thread started a step ahead"
done
grep -q '"\?why_long"\?' ahead.words.csv || fail "words.yaml wrote no why_long"
# A probability and three reasons in words on every row.
python3 - <<'PY' || fail "the scores: $(head -3 ahead.codes.csv)"
import csv
rows = list(csv.DictReader(open("ahead.codes.csv")))
assert all(0 <= float(r["ptb"]) <= 1 for r in rows)
assert all(r["why"].count("; ") == 2 for r in rows), rows[0]
assert len({r["ptb"] for r in rows}) > 20  # calibrated: steps
PY

# The step before fails on a row while the predict is scoring ahead.
status=0
"$acctseg" run -q -t 2 -p fails.yaml -i accounts.csv --store store.sqlite -o failed.csv \
  2> failed.err || status=$?
[ "$status" -ne 0 ] || fail "a run whose compute overflows succeeded"
grep -q 'overflow' failed.err || fail "the error is not the compute's: $(cat failed.err)"
grep -q 'fails.yaml' failed.err || fail "the error does not name the step: $(cat failed.err)"
[ ! -e failed.csv ] || fail "a failed run left its output"
echo ok
