#!/usr/bin/env bash
# The PostgreSQL run store against a real server: starts a throwaway
# PostgreSQL 15 in a temporary directory (scripts/pg-test-server.sh), runs
# the *Postgres* unit tests against it, checks that a wrong password and a
# stopped server give clear errors, and stops the server whatever happens.
# Exits 77 (skipped) where PostgreSQL is not installed.
# With the acctseg binary as a second argument, it also records two runs
# (the seed policy and a variant) in the server and reads them back with
# runs list / runs show / diff, as a team would.
# Usage: store_postgres.sh ACCTSEG_TESTS_BINARY [ACCTSEG]
set -euo pipefail
tests=$1
acctseg=${2:-}
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

if [ -n "$acctseg" ]; then
  input=$root/examples/data/accounts-10k.csv
  cp "$root/examples/seed-policy/regions.csv" "$work/regions.csv"
  sed 's/employees >= 4001/employees >= 5001/' "$root/examples/seed-policy/policy.yaml" > "$work/policy-5001.yaml"
  if "$acctseg" run -q --store "$uri" -p "$root/examples/seed-policy/policy.yaml" -i "$input" -o "$work/a.csv" &&
     "$acctseg" run -q --store "$uri" -p "$work/policy-5001.yaml" -i "$input" -o "$work/b.csv" &&
     [ "$("$acctseg" runs list --store "$uri" | tail -n +2 | wc -l)" -eq 2 ] &&
     "$acctseg" runs show latest --store "$uri" | grep 'policy-5001.yaml' > /dev/null &&
     "$acctseg" diff latest~1 latest --store "$uri" --format json -q | grep '"changed": 368' > /dev/null; then
    echo "ok   acctseg run / runs list / runs show / diff against the PostgreSQL store"
  else
    echo "FAIL acctseg with --store postgresql://..."; failed=1
  fi
  # A stored run written out again is the file the run wrote; a deleted
  # run leaves the other whole.
  if "$acctseg" runs export latest --store "$uri" -o "$work/b-again.csv" 2> /dev/null &&
     cmp -s "$work/b.csv" "$work/b-again.csv" &&
     "$acctseg" runs delete latest --store "$uri" | grep -q '^1 run deleted, 1 kept' &&
     "$acctseg" runs export latest --store "$uri" -o "$work/a-again.csv" 2> /dev/null &&
     cmp -s "$work/a.csv" "$work/a-again.csv" &&
     "$acctseg" runs prune --keep 0 --vacuum --store "$uri" | grep -q '^1 run deleted, 0 kept'; then
    echo "ok   runs export / delete / prune against the PostgreSQL store"
  else
    echo "FAIL runs export / delete / prune with --store postgresql://..."; failed=1
  fi
  # A command that only reads makes no tables where there are none: a
  # schema without the store's tables is no store (runs list created them).
  case "$uri" in *\?*) sep='&' ;; *) sep='?' ;; esac
  if "$acctseg" runs list --store "$uri${sep}options=-csearch_path%3Dnothere" > "$work/empty.txt" 2>&1; then
    echo "FAIL runs list on a schema without tables succeeded: $(cat "$work/empty.txt")"; failed=1
  elif grep -q 'its schema has no acctseg tables' "$work/empty.txt"; then
    echo "ok   runs list on a schema without tables: $(cat "$work/empty.txt")"
  else
    echo "FAIL runs list on a schema without tables: $(cat "$work/empty.txt")"; failed=1
  fi
  if "$acctseg" runs list --store "$uri" 2>&1 | grep "$password" > /dev/null; then
    echo "FAIL the password appears in output"; failed=1
  fi
fi

"$server" stop "$work"
"$server" stop "$work"  # stopping twice is fine
ACCTSEG_TEST_PG_DOWN=$uri run_tests 'PostgresConnectTest.ServerDown*'

exit $failed
