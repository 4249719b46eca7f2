#!/usr/bin/env bash
# The learning example on bundled data (examples/crunchbase-2013/learn.sh,
# the CrunchBase 2013 export) runs as docs/learning.md shows, and its
# figures are the ones the docs quote: 2,570 companies with an outcome,
# funding under $1.3M at lift 0.60 (0.54-0.65), a propensity ROC AUC of
# 0.788, the scorecard's 0.7948, the model stored as exits@1, and the
# constant country_code named in a note.
# Usage: learn_bundled.sh ACCTSEG
set -euo pipefail
acctseg=$1
. "$(dirname "$0")/lib.sh"
root=$(cd "$(dirname "$0")/../.." && pwd)

ACCTSEG=$acctseg "$root/examples/crunchbase-2013/learn.sh" out > learn.txt 2>&1 ||
  fail "learn.sh: $(tail -20 learn.txt)"
grep -q 'Lift of "exited": 2,570 deals, 2,017 won, win rate 78.5%' out/lift.txt ||
  fail "lift headline: $(head -3 out/lift.txt)"
grep -q 'funding_total_usd in \[2000, 1310000): win rate 46.7% vs 78.5% overall, lift 0.60 (0.54–0.65)' \
  out/lift.txt || fail "lift finding: $(head -8 out/lift.txt)"
grep -q 'ROC AUC 0.788 ± 0.027 sd' out/propensity.txt || fail "propensity: $(head -12 out/propensity.txt)"
grep -q 'scorecard (6 features) *0.7948 +/- 0.0299' out/scorecard.txt ||
  fail "scorecard: $(head -6 out/scorecard.txt)"
grep -q '"country_code" is not a feature: it has one value only' learn.txt ||
  fail "no note for the constant country_code: $(grep note learn.txt)"
grep -q '^exits@1 *propensity' learn.txt || fail "models list: $(tail -3 learn.txt)"
[ -s out/exit-score.yaml ] && [ -s out/clusters.yaml ] && grep -q '<td>&lt; 0.001' out/lift.html ||
  fail "the scorecard, clusters or HTML page is missing"
echo "ok   examples/crunchbase-2013/learn.sh"
