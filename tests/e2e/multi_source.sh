#!/usr/bin/env bash
# Several inputs from the command line: a missing or unknown input is a
# usage error naming the policy's inputs (exit 64) and leaves no output;
# related rows that match no account are warned about; explain shows which
# related rows fed an aggregate; the run store records every input;
# whatif reads the inputs once for both policies.
# Usage: multi_source.sh ACCTSEG
set -euo pipefail
acctseg=$1
root=$(cd "$(dirname "$0")/../.." && pwd)
case=$root/tests/golden/maven-crm-pipeline
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
run() { "$acctseg" run --quiet -p "$case/policy.yaml" "$@"; }

# 1. The opportunities input is missing: exit 64, its declaration named, no output.
code=0
run -i "$case/accounts.csv" -o "$work/out.csv" --no-store 2> "$work/err" || code=$?
[ "$code" -eq 64 ] || fail "missing input: exit $code, want 64"
grep -q 'missing --input opportunities=PATH' "$work/err" || fail "missing input: $(cat "$work/err")"
grep -q 'policy.yaml:2[0-9]:3' "$work/err" || fail "missing input names no place: $(cat "$work/err")"
[ ! -e "$work/out.csv" ] || fail "missing input left an output"

# 2. An input the policy does not have.
code=0
run -i "$case/accounts.csv" -i "opportunities=$case/inputs/opportunities.csv" \
  -i "contacts=$case/accounts.csv" -o "$work/out.csv" --no-store 2> "$work/err" || code=$?
[ "$code" -eq 64 ] || fail "unknown input: exit $code, want 64"
grep -q 'no input named "contacts" (its inputs: "accounts" (declared at [^)]*policy.yaml:[0-9]*:[0-9]*), "opportunities" (declared at [^)]*policy.yaml:2[0-9]:3))' "$work/err" ||
  fail "unknown input: $(cat "$work/err")"

# A mistyped input name gets a suggestion.
code=0
run -i "$case/accounts.csv" -i "Opportunities=$case/inputs/opportunities.csv" -o "$work/out.csv" \
  --no-store 2> "$work/err" || code=$?
[ "$code" -eq 64 ] && grep -q 'no input named "Opportunities" (did you mean "opportunities"?)' "$work/err" ||
  fail "mistyped input name: exit $code: $(cat "$work/err")"

# 2b. Two paths without NAME=: the second is not "the accounts given twice"
# but an input left unnamed.
code=0
run -i "$case/accounts.csv" -i "$case/inputs/opportunities.csv" -o "$work/out.csv" --no-store \
  2> "$work/err" || code=$?
[ "$code" -eq 64 ] || fail "two bare paths: exit $code, want 64"
grep -q 'the policy reads "accounts" (declared at [^)]*), "opportunities" (declared at [^)]*), so give the others as NAME=PATH' "$work/err" ||
  fail "two bare paths: $(cat "$work/err")"

# 3. A full run (traced: a step on the opportunities keeps no account trace):
# the warning names the rows without an account, even with --quiet.
run -i "$case/accounts.csv" -i "opportunities=$case/inputs/opportunities.csv" \
  -o "$work/out.csv" --store "$work/runs.sqlite" --trace 2> "$work/err"
cmp -s "$work/out.csv" "$case/expected.csv" || fail "output differs from the golden case"
grep -q 'warning: .*aggregate from opportunities: 2 opportunities rows have no account' "$work/err" ||
  fail "no unmatched warning: $(cat "$work/err")"

# 3a. Not one opportunity matches (keys written another way, here in capitals):
# the warning says so and shows how an account's key is written.
python3 -c "
import csv, sys
rows = list(csv.reader(open(sys.argv[1])))
for row in rows[1:]: row[3] = row[3].upper()
csv.writer(open(sys.argv[2], 'w', newline=''), lineterminator='\n').writerows(rows)
" "$case/inputs/opportunities.csv" "$work/upper.csv"
run -i "$case/accounts.csv" -i "opportunities=$work/upper.csv" -o /dev/null --no-store 2> "$work/err"
grep -q 'not one row matched: an account.s key is written "Acme Corporation", so compare how the two files write their keys' "$work/err" ||
  fail "no 'not one matched' hint: $(cat "$work/err")"

# 3b. A classify on contacts (a per-row trace over contacts, not accounts),
# traced and recorded.
many=$root/tests/golden/many-sources
"$acctseg" run --quiet -p "$many/policy.yaml" -i "$many/accounts.csv" \
  -i "contacts=$many/inputs/contacts.csv" -i "technographics=$many/inputs/technographics.csv" \
  -i "opportunities=$many/inputs/opportunities.csv" --trace --store "$work/many.sqlite" \
  -o "$work/many.csv" 2> /dev/null
cmp -s "$work/many.csv" "$many/expected.csv" || fail "many-sources traced output differs"

# 4. The store records both inputs with their hashes and row counts.
python3 - "$work" "$acctseg" <<'PY'
import json, subprocess, sys
work, acctseg = sys.argv[1], sys.argv[2]
listing = subprocess.run([acctseg, "runs", "list", "--store", f"{work}/runs.sqlite"],
                         capture_output=True, text=True, check=True).stdout.split()
run_id = next(w for w in listing if w.count("-") == 2 and w[:8].isdigit())
shown = json.loads(subprocess.run([acctseg, "runs", "show", "--store", f"{work}/runs.sqlite",
                                   "--format", "json", run_id],
                                  capture_output=True, text=True, check=True).stdout)
inputs = {i["name"]: i for i in shown["inputs"]}
assert set(inputs) == {"accounts", "opportunities"}, inputs
assert inputs["opportunities"]["rows"] == 22, inputs
assert inputs["accounts"]["rows"] == 4, inputs
assert all(i["content_hash"].startswith("xxh3-128:") for i in inputs.values()), inputs
PY

# 5. explain: the aggregate lists the account's deals, first by id.
"$acctseg" explain --format json -p "$case/policy.yaml" -i "$case/accounts.csv" \
  -i "opportunities=$case/inputs/opportunities.csv" --account Codehow > "$work/explain.json"
python3 - "$work/explain.json" <<'PY'
import json, sys
explained = json.load(open(sys.argv[1]))
steps = explained["steps"]
aggregates = [s for s in steps if s["kind"] == "aggregate"]
assert len(aggregates) == 2, [s["kind"] for s in steps]
first, won = aggregates
assert first["rows"]["matched"] == 5 and "kept" not in first["rows"], first["rows"]
assert [r["id"] for r in first["rows"]["first"]] == ["MV1LWRNH", "AAR79NOO", "513DPFX5", "AJIPJP75", "4NGBUZWJ"], first
assert won["rows"]["kept"] == 4 and won["rows"]["matched"] == 5, won["rows"]
assert won["outputs"]["products_owned"] == "GTX Basic;GTX Pro;MG Special", won["outputs"]
assert not any(s["label"].startswith("compute product_name") for s in steps), "a step on opportunities was explained as the account's"
PY

# 6. whatif over two inputs: the same policy against itself moves nothing.
"$acctseg" whatif -p "$case/policy.yaml" -p "$case/policy.yaml" -i "$case/accounts.csv" \
  -i "opportunities=$case/inputs/opportunities.csv" --format json -o "$work/whatif.json" 2> /dev/null
python3 -c "import json,sys; r=json.load(open(sys.argv[1])); assert r['changed'] == 0 and r['rows_after'] == 4, r" "$work/whatif.json"
# 7. An edit of the last step, next to the policy: the steps before it run
# once for both (docs/cli.md, whatif), and the report is what running both
# in full gives (the edit in another directory shares nothing: its tables'
# paths would name other files).
mkdir "$work/shared" "$work/alone"
for dir in shared alone; do
  sed 's/{tier: A, top: 0.2}/{tier: A, top: 0.5}/' "$case/policy.yaml" > "$work/$dir/edited.yaml"
done
cp "$case/policy.yaml" "$work/shared/policy.yaml"
grep -q "top: 0.5" "$work/shared/edited.yaml" || fail "the edit did not apply"
for pair in "$work/shared/policy.yaml $work/shared/edited.yaml shared" \
            "$case/policy.yaml $work/alone/edited.yaml alone"; do
  set -- $pair
  "$acctseg" whatif -p "$1" -p "$2" -i "$case/accounts.csv" \
    -i "opportunities=$case/inputs/opportunities.csv" --format json -o "$work/$3.json" 2> /dev/null
done
python3 - "$work/shared.json" "$work/alone.json" <<'PY'
import json, re, sys
shared, alone = (json.load(open(p)) for p in sys.argv[1:])
assert shared["changed"] > 0, shared["changed"]
# Labels name each policy's file; everything else must agree.
strip = lambda r: re.sub(r'[^"]*\.yaml:\d+(:\d+)?', "POLICY", json.dumps(r, sort_keys=True))
same = lambda r: strip({**r, "label_before": "", "label_after": ""})
assert same(shared) == same(alone)
PY
echo "multi_source: ok"
