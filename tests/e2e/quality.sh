#!/usr/bin/env bash
# acctseg quality on the golden cases: the JSON figures (rows, completeness,
# keys without a match, duplicates found, issue codes) checked by hand
# against the cases' READMEs; the text report written atomically to -o; the
# HTML page self-contained with every data value escaped; no run recorded;
# usage errors exit 64 and leave no report.
# Usage: quality.sh ACCTSEG
set -euo pipefail
acctseg=$1
root=$(cd "$(dirname "$0")/../.." && pwd)
maven=$root/tests/golden/maven-crm-pipeline
dedupe=$root/tests/golden/dedupe-accounts
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
cd "$work"
unset ACCTSEG_STORE
# Prints the value of a Python expression over the parsed JSON file $1 (as `r`).
field() { python3 -c "import json,sys; r=json.load(open(sys.argv[1])); print($2)" "$1"; }
expect() { [ "$(field "$1" "$2")" = "$3" ] || fail "$2 = $(field "$1" "$2"), want $3"; }

# 1. Maven CRM: 4 accounts, 22 opportunities of which 2 name no account.
"$acctseg" quality -q -p "$maven/policy.yaml" -i "$maven/accounts.csv" \
  -i "opportunities=$maven/inputs/opportunities.csv" -f json -o maven.json
expect maven.json "r['policy']" maven-crm-pipeline
expect maven.json "[i['name'] for i in r['inputs']]" "['accounts', 'opportunities']"
expect maven.json "r['inputs'][0]['rows']" 4
expect maven.json "r['inputs'][0]['key']" "{'column': 'account', 'unique': True, 'missing': 0}"
expect maven.json "[c['present'] for c in r['inputs'][0]['columns'] if c['name'] == 'subsidiary_of']" "[2]"
expect maven.json "r['inputs'][1]['rows']" 22
expect maven.json "[(c['present'], c['distinct']) for c in r['inputs'][1]['columns'] if c['name'] == 'account']" "[(20, 4)]"
expect maven.json "[c['top'][:2] for c in r['inputs'][1]['columns'] if c['name'] == 'deal_stage']" \
  "[[{'value': 'Won', 'rows': 13}, {'value': 'Lost', 'rows': 5}]]"
expect maven.json "[(c['min'], c['max']) for c in r['inputs'][1]['columns'] if c['name'] == 'close_value']" "[('0', '5964')]"
expect maven.json "len(r['matches'])" 2
expect maven.json "[(m['rows'], m['matched'], m['unmatched'], m['without_key']) for m in r['matches']]" \
  "[(22, 20, 0, 2), (22, 20, 0, 2)]"
expect maven.json "r['matches'][0]['without_key_lines']" "[3, 5]"
expect maven.json "r['duplicates']" "[]"
[ ! -e acctseg-runs.sqlite ] || fail "quality recorded a run"

# 2. The text report, to a file.
"$acctseg" quality -q -p "$maven/policy.yaml" -i "$maven/accounts.csv" \
  -i "opportunities=$maven/inputs/opportunities.csv" -o maven.txt
grep -q '22 rows: 20 matched, 0 with an unknown key, 2 without a key' maven.txt ||
  fail "text report: $(cat maven.txt)"
grep -Eq '^  subsidiary_of +string +50\.0%' maven.txt || fail "text completeness: $(cat maven.txt)"

# 3. Dedupe: 7 clusters of 16 accounts (tests/golden/dedupe-accounts/README.md).
"$acctseg" quality -q -p "$dedupe/policy.yaml" -i "$dedupe/accounts.csv" -f json -o dedupe.json
expect dedupe.json "[(d['column'], d['clusters'], d['rows']) for d in r['duplicates']]" "[('dup_cluster', 7, 16)]"
expect dedupe.json "r['inputs'][0]['issues']" "{'possible_duplicate': 16}"
expect dedupe.json "r['matches']" "[]"

# 4. HTML: one self-contained page; a <script> industry (a top value) is escaped.
sed 's/,Manufacturing$/,<script>alert(1)<\/script> \& Co/' "$dedupe/accounts.csv" > hostile.csv
grep -q '<script>' hostile.csv || fail "the hostile input was not made"
"$acctseg" quality -q -p "$dedupe/policy.yaml" -i hostile.csv -f html -o page.html
grep -q '&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co' page.html || fail "value not shown escaped"
! grep -qi '<script' page.html || fail "the page carries a script"
! grep -Eqi 'https?:|<link|src=|@import' page.html || fail "the page refers to something outside it"
grep -q '<style>' page.html || fail "no inline CSS"

# 5. Usage errors: exit 64, no report left.
code=0
"$acctseg" quality -q -p "$maven/policy.yaml" -i "$maven/accounts.csv" -o missing.txt 2> err || code=$?
[ "$code" -eq 64 ] || fail "missing input: exit $code, want 64"
grep -q 'missing --input opportunities=PATH' err || fail "missing input: $(cat err)"
[ ! -e missing.txt ] || fail "a failed report left a file"
cp "$dedupe/accounts.csv" own.csv
code=0
"$acctseg" quality -q -p "$dedupe/policy.yaml" -i own.csv -o own.csv 2> err || code=$?
[ "$code" -eq 64 ] || fail "report over its input: exit $code, want 64"
cmp -s own.csv "$dedupe/accounts.csv" || fail "the report replaced its input"
# 6. A policy whose own issue codes number 64 has none left for counting
# invalid values: the first one stops the report, and it says why first,
# even with -q (the report used to fall back without a word).
{
  printf 'input:\n  key: id\n  columns: {id: string, n: integer}\nsteps:\n'
  printf '  - classify:\n      output: t\n      rules:\n'
  for code in $(seq 0 63); do printf '        - {when: n = %d, then: x, issue: c%d}\n' "$code" "$code"; done
  printf '        - else: y\noutput: [id, t]\n'
} > full.yaml
printf 'id,n\na,1\nb,lots\n' > full.csv
code=0
"$acctseg" quality -q -p full.yaml -i full.csv 2> err > /dev/null || code=$?
[ "$code" -eq 65 ] || fail "an invalid value with no code left: exit $code, want 65"
grep -q '^acctseg: note: the policy uses all 64 issue codes' err || fail "no note: $(cat err)"
grep -q 'invalid integer "lots"' err || fail "no input error: $(cat err)"
echo "ok   quality reports on maven-crm-pipeline and dedupe-accounts"
