#!/usr/bin/env bash
# Every policy in tests/policies/bad/ must be rejected by `acctseg check`
# with exit code 66 and a message matching the regex on its first line
# ("# expect: REGEX"), which names file:line:column.
# Usage: policy_errors.sh ACCTSEG
set -euo pipefail
acctseg=$1
root=$(cd "$(dirname "$0")/../.." && pwd)
failed=0
for policy in "$root"/tests/policies/bad/*.yaml; do
  pattern=$(head -1 "$policy" | tr -d '\r' | sed -n 's/^\xEF\xBB\xBF//; s/^# expect: //p')
  code=0
  message=$("$acctseg" check --policy "$policy" 2>&1) || code=$?
  name=$(basename "$policy")
  if [ "$code" -ne 66 ]; then
    echo "FAIL $name: exit $code, expected 66: $message"
    failed=1
  elif ! grep -Eq -- "$pattern" <<< "$message"; then
    echo "FAIL $name: message does not match /$pattern/:"
    echo "$message"
    failed=1
  else
    echo "ok   $name: ${message%%$'\n'*}"
  fi
done
# And every policy in tests/policies/good/ passes the same checks.
for policy in "$root"/tests/policies/good/*.yaml; do
  if message=$("$acctseg" check --policy "$policy" 2>&1); then
    echo "ok   $(basename "$policy"): accepted"
  else
    echo "FAIL $(basename "$policy"): refused: $message"
    failed=1
  fi
done
exit $failed
