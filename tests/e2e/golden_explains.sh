#!/usr/bin/env bash
# Golden explanations of the seed policy on hand-written accounts: for each
# tests/golden-explain/ID.txt, `acctseg explain` of account ID over the
# seed-edge accounts must print exactly that file (checked by hand once;
# see tests/golden-explain/README.md). Run from the repository root so the
# paths in the explanations are stable.
# Usage: golden_explains.sh ACCTSEG [--update]
set -euo pipefail
acctseg=$1
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
failed=0
for expected in tests/golden-explain/*.txt; do
  id=$(basename "$expected" .txt)
  actual=$("$acctseg" explain --quiet --policy examples/seed-policy/policy.yaml \
             --input accounts=tests/golden/seed-edge/accounts.csv --account "$id")
  if [ "${2:-}" = "--update" ]; then
    printf '%s\n' "$actual" > "$expected"
  elif [ "$actual" == "$(cat "$expected")" ]; then
    echo "ok   $id"
  else
    echo "FAIL $id: explanation differs"
    diff <(printf '%s\n' "$actual") "$expected" | head -20
    failed=1
  fi
done
exit $failed
