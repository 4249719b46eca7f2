#!/usr/bin/env bash
# The PostgreSQL run store against a real server: starts a throwaway
# PostgreSQL 15 in a temporary directory (scripts/pg-test-server.sh), runs
# the *Postgres* unit tests against it, checks that a wrong password and a
# stopped server give clear errors, and stops the server whatever happens.
# Exits 77 (skipped) where PostgreSQL is not installed.
# Usage: store_postgres.sh ACCTSEG_TESTS_BINARY
set -euo pipefail
tests=$1
root=$(cd "$(dirname "$0")/../.." && pwd)
server=$root/scripts/pg-test-server.sh
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  echo "skip: PostgreSQL server binaries are not installed (scripts/install-deps.sh)"
  exit 77
fi
work=$(mktemp -d)
trap '"$server" stop "$work" || true; rm -rf "$work"' EXIT
failed=0

uri=$("$server" start "$work")
password=$(cat "$work/password")
echo "ok   server up at ${uri/:$password@/@}"

# run_tests FILTER: the unit tests must all run (none skipped) and pass.
run_tests() {
  local filter=$1 log="$work/gtest.log"
  if ! "$tests" --gtest_filter="$filter" > "$log" 2>&1; then
    echo "FAIL $filter:"; cat "$log"; failed=1
  elif grep -q '^\[  SKIPPED \]' "$log"; then
    echo "FAIL $filter: tests were skipped:"; grep '^\[  SKIPPED \]' "$log"; failed=1
  else
    echo "ok   $filter: $(grep -E '^\[  PASSED  \]' "$log")"
  fi
}

ACCTSEG_TEST_PG=$uri ACCTSEG_TEST_PG_BAD_PASSWORD=${uri/:$password@/:wrong-$password@} \
  run_tests '*Postgres*:-PostgresConnectTest.ServerDown*'

"$server" stop "$work"
"$server" stop "$work"  # stopping twice is fine
ACCTSEG_TEST_PG_DOWN=$uri run_tests 'PostgresConnectTest.ServerDown*'

exit $failed
