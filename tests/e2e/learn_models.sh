#!/usr/bin/env bash
# Trained models in the run store and the predict step, end to end: two
# trainings of one name become ptb@1 and ptb@2 (models list/show/diff), a
# policy scores its accounts with `predict` (probability and reasons, the
# same with exact and fast reasons in sum), explain shows every feature's
# contribution, and the mistakes a user makes are located policy errors:
# an unknown model or version, a model whose feature the policy lost or
# retyped, a store without models.
# Usage: learn_models.sh ACCTSEG
set -euo pipefail
acctseg=$1
. "$(dirname "$0")/lib.sh"

python3 - <<'PY'
import math, random
rng = random.Random(5)
with open("deals.csv", "w") as f:
    f.write("id,region,employees,won\n")
    for i in range(400):
        region = rng.choice(["East", "West"])
        employees = rng.randint(1, 5000)
        logit = 1.5 * (math.log(employees) - 6) + (1.5 if region == "West" else -1.0)
        won = rng.random() < 1 / (1 + math.exp(-logit))
        f.write(f"d{i + 1},{region},{employees},{'true' if won else 'false'}\n")
with open("accounts.csv", "w") as f:
    f.write("id,region,employees\na1,West,4000\na2,East,3\na3,North,900\n")
columns = "      id: string\n      region: string\n      employees: integer\n"
with open("train.yaml", "w") as f:
    f.write("policy: train\ninputs:\n  deals:\n    key: id\n    columns:\n" + columns +
            "      won: boolean\nsteps: []\noutput:\n  columns: [id, won]\n")
def scoring(name, model, columns=columns, extra=""):
    with open(name, "w") as f:
        f.write("policy: score\ninputs:\n  accounts:\n    key: id\n    columns:\n" + columns +
                "steps:\n  - predict:\n      model: " + model +
                "\n      output: ptb\n      reasons: why\n" + extra +
                "output:\n  columns: [id, ptb, why]\n")
scoring("score.yaml", "ptb@2")
scoring("score_fast.yaml", "ptb@2", extra="      reasons_method: fast\n")
scoring("score_latest.yaml", "ptb")
scoring("unknown_model.yaml", "ptx")
scoring("unknown_version.yaml", "ptb@9")
scoring("lost_feature.yaml", "ptb@1", columns="      id: string\n      region: string\n")
with open("late_feature.yaml", "w") as f:  # the feature is made after the predict step
    f.write("policy: score\ninputs:\n  accounts:\n    key: id\n    columns:\n      id: string\n"
            "      region: string\n      staff: integer\nsteps:\n  - predict:\n"
            "      model: ptb@1\n      output: ptb\n  - compute:\n      employees: staff\n"
            "output:\n  columns: [id, ptb]\n")
scoring("retyped.yaml", "ptb@1",
        columns="      id: string\n      region: integer\n      employees: integer\n")
PY

train() { "$acctseg" learn propensity -q -p train.yaml -i deals.csv --outcome won -t 1 \
            --store store.sqlite --name ptb -o /dev/null "$@"; }
train --trees 20
train --trees 30 --depth 3 --features region,employees

# A store the model cannot go to fails before the training, and leaves
# neither the report nor the scores behind (they were written, then the
# save failed, until the store was opened first).
echo "not a database" > notdb.sqlite
set +e
"$acctseg" learn propensity -q -p train.yaml -i deals.csv --outcome won -t 1 --trees 5 \
  --store notdb.sqlite --name ptb -o report.txt --scores-out scores.csv 2> notdb.err
status=$?
set -e
[ "$status" = 75 ] || fail "a store that is not one: exit $status, not 75: $(cat notdb.err)"
grep -q 'notdb.sqlite is not an acctseg run store' notdb.err || fail "$(cat notdb.err)"
[ ! -e report.txt ] && [ ! -e scores.csv ] || fail "a failed training left its outputs behind"
"$acctseg" models list --store store.sqlite > list.txt
grep -q '^ptb@1 *propensity' list.txt || fail "models list lacks ptb@1: $(cat list.txt)"
grep -q '^ptb@2 *propensity' list.txt || fail "models list lacks ptb@2"
"$acctseg" models show ptb@2 --store store.sqlite -f json > show.json
python3 - <<'PY' || fail "models show ptb@2 -f json"
import json
m = json.load(open("show.json"))
assert m["model"] == "ptb@2" and m["kind"] == "propensity", m["model"]
assert m["info"]["params"]["trees"] == 30 and m["info"]["params"]["depth"] == 3
assert m["info"]["data"]["rows"] == 400, m["info"]["data"]
assert len(m["info"]["data"]["inputs"][0]["content_hash"]) > 8
assert 0.6 < m["info"]["metrics"]["auc"] <= 1
assert sorted(f["name"] for f in m["info"]["features"]) == ["employees", "region"]
# The calibration the report printed, and the selection as it was given.
assert sum(b["rows"] for b in m["info"]["calibration"]["out_of_fold"]) == 400, m["info"]
assert len(m["info"]["calibration"]["calibrated"]) > 0
assert m["info"]["selection"] == {"features": ["region", "employees"], "exclude": []}, m["info"]
PY
# The text says the same in lines, not JSON blobs.
"$acctseg" models show ptb@2 --store store.sqlite > show.txt
grep -q '^parameters: .*depth 3.*trees 30' show.txt || fail "models show: $(cat show.txt)"
grep -q '^metrics: auc 0\.[0-9]\{1,4\},' show.txt || fail "models show metrics: $(cat show.txt)"
grep -q '^features (2): ' show.txt || fail "models show features: $(cat show.txt)"
grep -q '^selection: --features region, employees$' show.txt ||
  fail "models show selection: $(cat show.txt)"
grep -q '^calibration (out-of-fold' show.txt && grep -q '^ *10 ' show.txt ||
  fail "models show calibration: $(cat show.txt)"
! grep -q '[{}]' show.txt || fail "models show prints JSON: $(cat show.txt)"
"$acctseg" models diff ptb@1 ptb@2 --store store.sqlite > diff.txt
grep -q 'param trees: 20 -> 30' diff.txt || fail "models diff: $(cat diff.txt)"
grep -q 'the same inputs' diff.txt || fail "models diff should see the same inputs"

"$acctseg" run -p score.yaml -i accounts.csv --store store.sqlite -o scored.csv -q
python3 - <<'PY' || fail "predict output: $(cat scored.csv)"
import csv
rows = {r["id"]: r for r in csv.DictReader(open("scored.csv"))}
assert float(rows["a1"]["ptb"]) > float(rows["a2"]["ptb"]), rows  # big and West beats tiny and East
for r in rows.values():
    assert 0 <= float(r["ptb"]) <= 1
    assert len(r["why"].split("; ")) == 2, r["why"]  # two features, so two reasons
assert "region = West" in rows["a1"]["why"] and "employees = 4000" in rows["a1"]["why"]
PY
# That run kept its reasons as codes (only the output and the store read
# them: the default summary leaves reasons out); with --trace they are
# kept as words. Same bytes out; diff reads
# every column of both runs back, the codes made into words.
"$acctseg" run -p score.yaml -i accounts.csv --store store.sqlite -o traced.csv -q --trace
cmp -s scored.csv traced.csv || fail "reasons kept as codes were written unlike their words"
python3 - <<'PY' || fail "the reasons' blobs"
import sqlite3
db = sqlite3.connect("store.sqlite")
tags = [bytes(t) for (t,) in db.execute(
    "SELECT substr(b.data, 1, 4) FROM run_columns c JOIN column_blobs b ON b.hash = c.blob_hash"
    " JOIN runs r ON r.id = c.run_id WHERE c.name = 'why' ORDER BY r.started_at_ms")]
assert tags == [b"ACC4", b"ACC1"], tags  # the run above as codes, the traced one as words
PY
"$acctseg" diff latest~1 latest --store store.sqlite -f json --no-explain -q > same.json \
  || fail "diff of the coded and the traced run"
python3 -c "
import json
d = json.load(open('same.json'))
assert d['rows_before'] == d['rows_after'] == 3 and d['changed'] == 0, d
" || fail "coded and traced runs differ: $(head -c 2000 same.json)"
"$acctseg" run -p score_fast.yaml -i accounts.csv --store store.sqlite --no-store -o fast.csv -q
cut -d, -f1,2 scored.csv > p_exact; cut -d, -f1,2 fast.csv > p_fast
cmp -s p_exact p_fast || fail "fast reasons changed the probabilities"
"$acctseg" run -p score_latest.yaml -i accounts.csv --store store.sqlite --no-store -o latest.csv -q
cmp -s scored.csv latest.csv || fail "ptb (latest) should score as ptb@2"

# Without the store, the message names the model the policy needs, not runs.
status=0
"$acctseg" explain -p score.yaml -i accounts.csv --store absent.sqlite -a a1 > /dev/null 2> err.txt ||
  status=$?
[ "$status" -eq 75 ] || fail "explain without the model's store exited $status: $(cat err.txt)"
grep -q 'predict step needs model "ptb@2" from a run store: no run store at absent.sqlite' err.txt ||
  fail "explain without the model's store: $(cat err.txt)"
"$acctseg" explain -p score.yaml -i accounts.csv --store store.sqlite -a a1 -f json -q > explain.json
python3 - <<'PY' || fail "explain of a predict step"
import json, math
steps = json.load(open("explain.json"))
steps = steps if isinstance(steps, list) else steps.get("steps", steps)
text = json.dumps(steps)
assert '"kind": "predict"' in text and '"model": "ptb@2"' in text, text[:400]
assert "region = West" in text
# Every feature's contribution adds up to the margin less the base (log-odds,
# before calibration); each is rounded to 2 decimals in its reason.
def find(node):
    if isinstance(node, dict):
        if node.get("kind") == "predict":
            return node
        node = list(node.values())
    for item in node if isinstance(node, list) else []:
        if (found := find(item)) is not None:
            return found
predict = find(steps)
total = sum(float(r.rsplit(": ", 1)[1]) for r in predict["reasons"])
assert abs(total - (predict["margin"] - predict["base"])) <= 0.005 * len(predict["reasons"]) + 1e-9, predict
assert abs(predict["raw_probability"] - 1 / (1 + math.exp(-predict["margin"]))) < 1e-9, predict
# Unrounded, they add up exactly (to the floats' precision), one a feature,
# in the reasons' order, and each rounds to its reason's figure.
contributions = predict["contributions"]
assert list(contributions) == [r.split(" = ", 1)[0] for r in predict["reasons"]], predict
assert abs(sum(contributions.values()) - (predict["margin"] - predict["base"])) < 1e-5, predict
for reason, value in zip(predict["reasons"], contributions.values()):
    assert reason.endswith(f": {value:+.2f}") or abs(value) < 0.005, (reason, value)
PY

expect_policy_error() {  # FILE PATTERN
  if "$acctseg" check -p "$1" --store store.sqlite > out.txt 2> err.txt; then fail "$1 passed check"; fi
  grep -q "$2" err.txt || fail "$1: want '$2', got: $(cat err.txt)"
  grep -q "$1:[0-9]*:[0-9]*:" err.txt || fail "$1: the error is not located: $(cat err.txt)"
}
# quality reads a predict step's model from --store, as run does (it had
# no --store: only $ACCTSEG_STORE reached the model).
"$acctseg" quality -q -p score.yaml -i accounts.csv --store store.sqlite -o quality.txt ||
  fail "quality --store: $(cat quality.txt)"
grep -q '^accounts (accounts.csv): 3 rows' quality.txt || fail "quality: $(head -3 quality.txt)"

expect_policy_error unknown_model.yaml 'no model named "ptx".*its models: ptb'
expect_policy_error unknown_version.yaml 'no model ptb@9.*its versions: ptb@1, ptb@2'
expect_policy_error lost_feature.yaml 'reads the column "employees", which the policy no longer has'
expect_policy_error late_feature.yaml 'reads the column "employees", which a later step computes: move the predict step after that step'
expect_policy_error retyped.yaml 'trained on "region" as text, but the policy.s column is integer'
set +e
"$acctseg" models show ptb@7 --store store.sqlite 2> err.txt; code=$?
set -e
[ "$code" = 69 ] || fail "models show ptb@7 exited $code, want 69"
# A name that would not read back as NAME@VERSION is refused before training.
set +e
"$acctseg" learn propensity -q -p train.yaml -i deals.csv --outcome won --store store.sqlite \
  --name ptb@3 -o /dev/null 2> err.txt; code=$?
set -e
[ "$code" = 64 ] && grep -qF "\"ptb@3\": use letters, digits, '-', '_' or '.'" err.txt ||
  fail "learn propensity --name ptb@3: exit $code: $(cat err.txt)"
"$acctseg" models list --store store.sqlite | grep -q '@3' && fail "ptb@3 was stored"
set +e
"$acctseg" run -p score.yaml -i accounts.csv --store empty.sqlite -o x.csv 2> err.txt; code=$?
set -e
[ "$code" != 0 ] || fail "a store without the model should fail"
[ ! -e x.csv ] || fail "a failed run wrote its output"
echo "ok learn_models"
