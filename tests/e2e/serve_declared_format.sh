#!/usr/bin/env bash
# A server over an input the policy declares in another format (';' with
# decimal commas, Windows-1252) writes its snapshots in acctseg's own CSV
# and reads them back as such: a snapshot is recorded as a run, and a
# restart from it gives the state the events left. (They were read with
# the input's declaration: the snapshot run failed with 500, and the next
# start failed for good.)
# Usage: serve_declared_format.sh ACCTSEG
set -euo pipefail
acctseg=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
root=$(cd "$(dirname "$0")/../.." && pwd)
source "$root/tests/e2e/lib.sh"
source "$root/tests/e2e/serve_lib.sh"

cat > policy.yaml <<'YAML'
policy: declared-format
input:
  key: account_id
  delimiter: ";"
  decimal_mark: ","
  encoding: windows-1252
  columns: {account_id: string, name: string, arr: decimal(2), employees: integer}
steps:
  - classify:
      output: segment
      rules:
        - when: employees >= 1000
          then: Enterprise
        - else: SMB
output: [account_id, name, segment, arr]
YAML
printf 'account_id;name;arr;employees\r\nA1;"M\xfcller; S\xf6hne";1234,50;10\r\nA2;Caf\xe9;-0,05;2000\r\n' > accounts.csv

start_server first -p policy.yaml -i accounts=accounts.csv --data-dir data --insecure-no-auth \
  --store runs.sqlite
call POST /v1/events -d '{"account_id":"A1","set":{"employees":5000}}'
expect 200 "an event"
call POST /v1/snapshot -d ''
expect 200 "a snapshot of a declared-format input"
[ "$(json 'b["run_id"] != ""')" = True ] || fail "the snapshot recorded no run: $body"
stop_server
start_server second -p policy.yaml -i accounts=accounts.csv --data-dir data --insecure-no-auth \
  --store runs.sqlite
grep -q 'loading snapshot' second.log || fail "the restart did not load the snapshot: $(cat second.log)"
call GET /v1/accounts/A1
expect 200 "A1 after the restart"
[ "$(json 'b["account"]["segment"]')" = Enterprise ] || fail "A1 after the restart: $body"
[ "$(json 'b["account"]["name"]')" = "Müller; Söhne" ] || fail "A1's name after the restart: $body"
[ "$(json 'str(b["account"]["arr"])')" = 1234.5 ] || fail "A1's arr after the restart: $body"
stop_server
echo "ok   a declared ';', decimal-comma, Windows-1252 input: snapshot recorded, restart from it"
