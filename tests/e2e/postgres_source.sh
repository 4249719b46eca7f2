#!/usr/bin/env bash
# PostgreSQL as an input source against a real server: starts a throwaway
# PostgreSQL (scripts/pg-test-server.sh), runs the PgSource* unit tests
# against it, loads the seed accounts into a table and checks that
# `-i accounts=postgresql://...?table=crm.accounts` and a bare
# `-i postgresql://...?query=...` give byte for byte the CSV's output; then a
# missing table, a wrong password and a stopped server each give a clear
# error, and runs show and explain name the source, without the password. Stops the server whatever happens.
# Exits 77 (skipped) where PostgreSQL is not installed.
# Usage: postgres_source.sh ACCTSEG_TESTS_BINARY ACCTSEG
set -euo pipefail
tests=$1
acctseg=$2
root=$(cd "$(dirname "$0")/../.." && pwd)
server=$root/scripts/pg-test-server.sh
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || ! command -v psql >/dev/null; then
  echo "skip: PostgreSQL server binaries or psql are not installed (scripts/install-deps.sh)"
  exit 77
fi
work=$(mktemp -d)
chmod 755 "$work"
trap '"$server" stop "$work/pg" || true; rm -rf "$work"' EXIT
failed=0
uri=$("$server" start "$work/pg")
password=$(cat "$work/pg/password")
bad_uri=${uri/:$password@/:wrong-$password@}

# run_tests FILTER [ENV...]: the unit tests must all run (none skipped) and pass.
run_tests() {
  local filter=$1 log="$work/gtest.log"
  shift
  if ! env "$@" "$tests" --gtest_filter="$filter" > "$log" 2>&1; then
    echo "FAIL $filter:"; cat "$log"; failed=1
  elif grep -q '^\[  SKIPPED \]' "$log"; then
    echo "FAIL $filter: tests were skipped:"; grep '^\[  SKIPPED \]' "$log"; failed=1
  else
    echo "ok   $filter: $(grep -E '^\[  PASSED  \]' "$log")"
  fi
}
run_tests 'PgSource*:-PgSourceDownTest.*' ACCTSEG_TEST_PG="$uri" ACCTSEG_TEST_PG_BAD_PASSWORD="$bad_uri"

# The seed accounts as a table of text columns, as a CRM copy might be, with
# each row's place in the file: a table has no order (COPY may fill earlier
# pages' free space with later short rows), a query can ORDER BY it.
input=$root/examples/data/accounts-10k.csv
header=$(head -1 "$input" | tr -d '\r' | sed 's/^\xEF\xBB\xBF//')
psql -q -v ON_ERROR_STOP=1 "$uri" \
  -c "CREATE SCHEMA crm; CREATE TABLE crm.accounts (line bigserial, ${header//,/ text, } text);" \
  -c "\\copy crm.accounts ($header) FROM '$input' WITH (FORMAT csv, HEADER)" > /dev/null

policy=$root/examples/seed-policy/policy.yaml
# expect NAME STATUS PATTERN ARGS...: acctseg run exits STATUS, its message
# matches PATTERN, never shows the password, and writes no output.
expect() {
  local name=$1 want=$2 pattern=$3 status=0
  shift 3
  rm -f "$work/out.csv"
  "$acctseg" run -q -p "$policy" -o "$work/out.csv" "$@" 2> "$work/err" || status=$?
  if [ "$status" -ne "$want" ] || ! grep -q "$pattern" "$work/err" ||
     grep -q "$password" "$work/err" || [ -e "$work/out.csv" ]; then
    echo "FAIL $name: exit $status (want $want): $(cat "$work/err")"; failed=1
  else
    echo "ok   $name: $(head -1 "$work/err")"
  fi
}

"$acctseg" run -q -p "$policy" -i "$input" -o "$work/csv.csv"
query="SELECT%20*%20FROM%20crm.accounts%20WHERE%20arr%20%3C%3E%20%27%27%20ORDER%20BY%20line"
sorted() { LC_ALL=C sort "$1"; }
if "$acctseg" run -q -p "$policy" -i "accounts=$uri?table=crm.accounts" -o "$work/table.csv" &&
   cmp <(sorted "$work/csv.csv") <(sorted "$work/table.csv") &&
   "$acctseg" run -q -p "$policy" -i "$uri?query=$query" -o "$work/query.csv" -t 2 &&
   cmp "$work/csv.csv" "$work/query.csv"; then
  echo "ok   table= gives the CSV's rows, query= (ordered as the file) its output byte for byte"
else
  echo "FAIL reading the seed accounts from PostgreSQL"; failed=1
fi
# Where the URL is shown (explain, the run store), it has no password.
if "$acctseg" run -q --store "$work/runs.db" -p "$policy" -i "accounts=$uri?table=crm.accounts" \
     -o "$work/stored.csv" &&
   "$acctseg" runs show latest --store "$work/runs.db" > "$work/show" &&
   "$acctseg" explain -p "$policy" -i "$uri?table=crm.accounts" -a A000007895 \
     > "$work/explain" 2>&1 &&
   grep -q 'postgresql://acctseg@127.0.0.1:[0-9]*/acctseg?table=crm.accounts' "$work/show" &&
   grep -q 'postgresql://acctseg@127.0.0.1:[0-9]*/acctseg?table=crm.accounts' "$work/explain" &&
   ! grep -q "$password" "$work/show" "$work/explain"; then
  echo "ok   runs show and explain name the source without its password"
else
  echo "FAIL the source in runs show / explain:"; cat "$work/show" "$work/explain"; failed=1
fi
expect "missing table" 65 'table=crm.nowhere: relation "crm.nowhere" does not exist' \
  -i "accounts=$uri?table=crm.nowhere"
expect "wrong password" 74 'authentication failed for user "acctseg"' \
  -i "accounts=$bad_uri?table=crm.accounts"

"$server" stop "$work/pg"
expect "server down" 74 'cannot connect to PostgreSQL at 127.0.0.1:[0-9]*/acctseg: Connection refused' \
  -i "accounts=$uri?table=crm.accounts"
run_tests 'PgSourceDownTest.*' ACCTSEG_TEST_PG_DOWN="$uri"
exit $failed
