#!/usr/bin/env bash
# acctseg learn clusters on a small generated CSV of three obvious groups
# (small young firms, large old firms, mid-size software firms): it finds
# k = 3 by silhouette, profiles them (win rates as generated), writes the
# clusters as a classify step that `acctseg check` accepts once pasted into
# the policy, and `acctseg run` of that policy puts each account in its
# group; the same seed writes the same file; bad --k / --method exit 64 and
# leave no file.
# Usage: learn_clusters.sh ACCTSEG
set -euo pipefail
acctseg=$1
. "$(dirname "$0")/lib.sh"
field() { python3 -c "import json,sys; r=json.load(open(sys.argv[1])); print($2)" "$1"; }
expect() { [ "$(field "$1" "$2")" = "$3" ] || fail "$2 = $(field "$1" "$2"), want $3"; }

# 90 accounts, 30 per group; group g's accounts are "g<N>", so the run's
# output says which group each account came from. Deterministic (no RNG).
python3 - <<'PY'
rows = ["id,employees,age,industry,won"]
for i in range(30):
    rows.append(f"a{i},{5 + i % 7},{1 + i % 3},Retail,{'true' if i % 5 == 0 else 'false'}")
    rows.append(f"b{i},{5000 + 13 * (i % 11)},{40 + i % 6},Services,{'true' if i % 2 == 0 else 'false'}")
    rows.append(f"c{i},{400 + 9 * (i % 5)},{12 + i % 4},Software,{'true' if i % 3 else 'false'}")
open("accounts.csv", "w").write("\n".join(rows) + "\n")
PY
head_policy='input:
  name: accounts
  key: id
  columns: {id: string, employees: integer, age: integer, industry: string, won: boolean}
'
printf '%s\nsteps: []\noutput:\n  columns: [id]\n' "$head_policy" > policy.yaml

"$acctseg" learn clusters -q -p policy.yaml -i accounts.csv --outcome won --k 2..5 \
  --report json -o clusters.yaml > report.json
expect report.json "r['method']" k-prototypes
expect report.json "r['k']" 3
expect report.json "[c['k'] for c in r['candidates']]" "[2, 3, 4, 5]"
expect report.json "max(r['candidates'], key=lambda c: c['silhouette'])['k']" 3
expect report.json "[c['rows'] for c in r['clusters']]" "[30, 30, 30]"
expect report.json "sorted(round(c['win_rate'], 3) for c in r['clusters'])" "[0.2, 0.5, 0.667]"
expect report.json "r['rules_agreement']" 1.0
grep -q '^  - classify:$' clusters.yaml || fail "no classify step in clusters.yaml"
grep -q '^# Cluster 1 ' clusters.yaml || fail "no cluster profile comments"

# The rules pasted into the policy: valid, and each group gets one label.
printf '%s\nsteps:\n' "$head_policy" > segmented.yaml
cat clusters.yaml >> segmented.yaml
printf 'output:\n  columns: [id, cluster]\n' >> segmented.yaml
"$acctseg" check -q -p segmented.yaml || fail "acctseg check rejects the pasted rules"
"$acctseg" run -q --no-store -p segmented.yaml -i accounts.csv -o out.csv
python3 - <<'PY' || fail "the rules do not reproduce the groups"
import csv
labels = {}
for row in csv.DictReader(open("out.csv")):
    labels.setdefault(row["id"][0], set()).add(row["cluster"])
assert all(len(v) == 1 and "" not in v for v in labels.values()), labels
assert len(set.union(*labels.values())) == 3, labels
PY

# Same seed, same file; text report names the chosen k.
"$acctseg" learn clusters -q -p policy.yaml -i accounts.csv --outcome won --k 2..5 \
  -o again.yaml > report.txt
cmp -s clusters.yaml again.yaml || fail "same data and seed wrote different rules"
grep -q 'k = 3 chosen over 2..5 by silhouette' report.txt || fail "text report: $(head -1 report.txt)"

# k-means alone ignores industry (a note says so).
"$acctseg" learn clusters -p policy.yaml -i accounts.csv --outcome won --k 3 --method kmeans \
  --report json -o kmeans.yaml > kmeans.json 2> kmeans.err
expect kmeans.json "r['method']" k-means
grep -q 'industry: categorical, left out by --method kmeans' kmeans.err || fail "no kmeans note"
# A single k is given, not chosen over a range of one.
"$acctseg" learn clusters -q -p policy.yaml -i accounts.csv --outcome won --k 3 --method kmeans \
  -o one-k.yaml > one-k.txt
grep -q 'k = 3 as given, silhouette [0-9.]*$' one-k.txt || fail "one k: $(head -1 one-k.txt)"

# Bad input: exit 64 with a message naming the flag, nothing written.
for args in "--k 1..3" "--k 5..2" "--k 2..500" "--k x" "--method kmedians"; do
  set +e
  # shellcheck disable=SC2086
  "$acctseg" learn clusters -q -p policy.yaml -i accounts.csv --outcome won $args -o bad.yaml 2> err.txt
  rc=$?
  set -e
  [ "$rc" = 64 ] || fail "$args: exit $rc, want 64"
  grep -q -- "${args%% *}" err.txt || fail "$args: message does not name the flag: $(cat err.txt)"
  [ ! -e bad.yaml ] || fail "$args wrote a file"
done
# The range is checked before the inputs are read (a 1..1 waited for the whole read).
set +e
"$acctseg" learn clusters -q -p policy.yaml -i accounts=no-such.csv --outcome won --k 1..1 -o bad.yaml 2> err.txt
rc=$?
set -e
[ "$rc" = 64 ] && grep -q -- '--k: expected a range' err.txt || fail "--k 1..1 with no input: exit $rc: $(cat err.txt)"
# One number is no range: the message quotes what was typed.
set +e
"$acctseg" learn clusters -q -p policy.yaml -i accounts=no-such.csv --outcome won --k 0 -o bad.yaml 2> err.txt
rc=$?
set -e
[ "$rc" = 64 ] && grep -q -- '--k: expected 2 clusters or more, got 0$' err.txt || fail "--k 0: exit $rc: $(cat err.txt)"
[ ! -e acctseg-runs.sqlite ] || fail "learn clusters recorded a run"
echo "learn clusters: ok"
