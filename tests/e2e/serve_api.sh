#!/usr/bin/env bash
# The HTTP API of `acctseg serve` end to end with curl (docs/serve.md):
# events one at a time and in JSON Lines batches, accounts with their
# explanation, summary, changes, stats, health, metrics and the OpenAPI
# document; and every refusal: 400 naming the field (malformed JSON, unknown
# account or column, wrong type, a batch's line; nothing applied), 404, 413,
# 401 without or with a bad token (and nothing but the error), 403 for a
# missing scope, 429 over the rate limit; the start-up refusals (no tokens,
# no auth off loopback, a malformed tokens file).
# Usage: serve_api.sh ACCTSEG
set -euo pipefail
acctseg=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
root=$(cd "$(dirname "$0")/../.." && pwd)
source "$root/tests/e2e/lib.sh"
source "$root/tests/e2e/serve_lib.sh"
policy=$root/examples/seed-policy/policy.yaml
accounts=$root/examples/data/accounts-10k.csv

# Start-up refusals: exit 64 (usage) or 65 (input) with a message that says why.
code=0
"$acctseg" serve -p "$policy" -i "$accounts" --data-dir d0 2> err.txt || code=$?
[ "$code" -eq 64 ] && grep -q -- '--tokens FILE is required' err.txt || fail "no tokens: exit $code: $(cat err.txt)"
code=0
"$acctseg" serve -p "$policy" -i "$accounts" --data-dir d0 --insecure-no-auth --listen 0.0.0.0:0 \
  2> err.txt || code=$?
[ "$code" -eq 64 ] && grep -q 'only on loopback' err.txt || fail "no auth off loopback: exit $code"
printf 'ok read %s\nbad read,sudo %s\n' "$(printf 'a%.0s' {1..64} | tr a 0)" "$(printf '0%.0s' {1..64})" > bad-tokens.txt
code=0
"$acctseg" serve -p "$policy" -i "$accounts" --data-dir d0 --tokens bad-tokens.txt 2> err.txt || code=$?
[ "$code" -eq 65 ] && grep -q 'bad-tokens.txt:2: unknown scope "sudo"' err.txt ||
  fail "malformed tokens file: exit $code: $(cat err.txt)"

token() { "$acctseg" serve token --name "$1" --scopes "$2" --append tokens.txt 2> /dev/null | head -1; }
reader=$(token dashboard read)
writer=$(token loader read,write)
admin=$(token ops read,write,admin)
[ "$(wc -l < tokens.txt)" -eq 3 ] || fail "serve token --append wrote $(wc -l < tokens.txt) lines"
grep -q "$reader" tokens.txt && fail "the tokens file holds a token, not its hash"
# A name the file already has is refused before any token is made: the
# server would refuse a file that lists a name twice.
code=0
"$acctseg" serve token --name loader --scopes read --append tokens.txt > dup.txt 2> err.txt ||
  code=$?
[ "$code" -eq 64 ] && [ ! -s dup.txt ] && [ "$(wc -l < tokens.txt)" -eq 3 ] &&
  grep -q 'tokens.txt already has a token named "loader"' err.txt ||
  fail "a repeated token name: exit $code, $(wc -l < tokens.txt) lines: $(cat dup.txt err.txt)"
# A file whose last line lacks its newline gets the new line on a line of its own.
head -c -1 tokens.txt > unended.txt
"$acctseg" serve token --name late --append unended.txt > /dev/null 2>&1 ||
  fail "serve token --append to a file without a final newline"
[ "$(awk 'NF == 3' unended.txt | wc -l)" -eq 4 ] || fail "appended to an unended line: $(cat unended.txt)"
pusher=$(token pusher write)  # may post, may not read
R=(-H "Authorization: Bearer $reader")
W=(-H "Authorization: Bearer $writer")
A=(-H "Authorization: Bearer $admin")
start_server api -p "$policy" -i accounts="$accounts" --data-dir data --tokens tokens.txt \
  --max-body 4096 --store runs.sqlite

# The address is this server's alone: a second server on it is refused
# (with SO_REUSEPORT both listened, and the kernel shared the connections),
# before it loads anything.
code=0
"$acctseg" serve -p "$policy" -i accounts="$accounts" --data-dir data-second --tokens tokens.txt \
  --listen "${base#http://}" 2> err.txt || code=$?
[ "$code" -eq 74 ] && grep -q "cannot listen on ${base#http://}" err.txt ||
  fail "a second server on the same address: exit $code: $(cat err.txt)"
grep -q "accounts from" err.txt && fail "a second server on a taken address loaded first: $(cat err.txt)"

# A second server on the same data directory stops at the log's lock and
# touches nothing before it: it removed the temporary of a snapshot the
# running server was writing (that snapshot then failed with a 500).
mkdir -p data/snapshots/snapshot-00000000000000000009.tmp-writing
code=0
"$acctseg" serve -p "$policy" -i accounts="$accounts" --data-dir data --tokens tokens.txt \
  --listen 127.0.0.1:0 2> err.txt || code=$?
[ "$code" -eq 74 ] && grep -q "in use by another process" err.txt ||
  fail "a second server on the same data directory: exit $code: $(cat err.txt)"
[ -d data/snapshots/snapshot-00000000000000000009.tmp-writing ] ||
  fail "a second server removed the running server's snapshot temporary"
rmdir data/snapshots/snapshot-00000000000000000009.tmp-writing

# Start-up refusals that name what is wrong: a run store that cannot be
# opened (said at start, not at the first snapshot), a data directory that
# is a file, a TLS file that is not there.
refused_start() {  # refused_start CODE TEXT ARGS...
  local want=$1 text=$2 code=0
  shift 2
  "$acctseg" serve -p "$policy" -i accounts="$accounts" --tokens tokens.txt --listen 127.0.0.1:0 \
    "$@" 2> err.txt || code=$?
  [ "$code" -eq "$want" ] && grep -qF -- "$text" err.txt || fail "serve $*: exit $code: $(cat err.txt)"
}
mkdir -p a-directory && touch a-file
refused_start 75 "--store a-directory: " --data-dir data-refused --store a-directory
refused_start 74 "--data-dir a-file: it exists and is not a directory" --data-dir a-file
refused_start 74 "no-cert.pem: cannot read this TLS file: No such file or directory" \
  --data-dir data-refused --tls-cert no-cert.pem --tls-key no-key.pem

# Public: health and the API's description.
call GET /healthz
expect 200 healthz
[ "$(json 'b["status"], b["accounts"], b["last_event_id"]')" = "('ok', 10000, 0)" ] || fail "healthz: $body"
call GET /openapi.json
expect 200 openapi
[ "$(json 'b["openapi"][:2], "/v1/events" in b["paths"], "/v1/route" in b["paths"]')" = "('3.', True, True)" ] ||
  fail "openapi.json: not an OpenAPI 3 document of this API"

# Authentication: 401 with the error and nothing else; 403 for a missing scope.
call GET /v1/summary
expect 401 "no token"
[ "$(json 'list(b)')" = "['error']" ] || fail "401 answers more than the error: $body"
call GET /v1/summary -H "Authorization: Bearer acst_$(printf '0%.0s' {1..64})"
expect 401 "bad token"
call GET /metrics
expect 401 "metrics without a token"
# Two Authorization headers: which one would a proxy in front have checked?
call GET /v1/summary "${R[@]}" -H "Authorization: Bearer acst_$(printf '0%.0s' {1..64})"
expect 401 "two Authorization headers"
json 'b["error"]' | grep -q "more than one Authorization" || fail "two Authorization headers: $body"
call POST /v1/events "${R[@]}" -d '{"account_id":"A000022388","set":{"employees":5}}'
expect 403 "read token posting"
json 'b["error"]' | grep -q 'does not have the write scope' || fail "403 message: $body"
call POST /v1/snapshot "${W[@]}" -d ''
expect 403 "write token snapshotting"

# One event: the account after it, what changed, the event id.
call POST /v1/events "${W[@]}" -d '{"account_id":"A000022388","set":{"employees":5200}}'
expect 200 "event"
[ "$(json 'b["event_id"], b["account"]["segment"], "segment" in b["changed"], b["accounts_changed"] >= 1')" = \
  "(1, 'Enterprise', True, True)" ] || fail "event reply: $body"
call GET /v1/accounts/A000022388 "${R[@]}"
expect 200 "account"
[ "$(json 'b["account"]["own_segment"], b["explanation"]["account"]')" = "('Enterprise', 'A000022388')" ] ||
  fail "account reply: $body"
json 'b["explanation"]["headline"]' | grep -q 'segment Enterprise' || fail "explanation: $body"

# A batch: all or nothing, the line and the field named.
printf '%s\n' '{"account_id":"A000022388","set":{"employees":100}}' \
  '{"account_id":"NEW-1","op":"create","set":{"employees":4500,"arr":0,"web_visits_90d":3,"active_users":1,"country":"US"}}' \
  '' '{"account_id":"NEW-1","set":{"industry":"Software"}}' > batch.ndjson
call POST /v1/events "${W[@]}" -H 'Content-Type: Application/X-NDJSON; charset=utf-8' --data-binary @batch.ndjson
expect 200 "batch"
[ "$(json 'b["accepted"], b["first_event_id"], b["last_event_id"], len(b["results"])')" = "(3, 2, 4, 3)" ] ||
  fail "batch reply: $body"
printf '%s\n' '{"account_id":"A000022388","set":{"employees":7}}' \
  '{"account_id":"NEW-2","set":{"employees":"many"}}' > bad-batch.ndjson
call POST /v1/events "${W[@]}" -H 'Content-Type: application/x-ndjson' --data-binary @bad-batch.ndjson
expect 400 "bad batch"
json 'b["error"]' | grep -q '^line 2: event.account_id: no account "NEW-2"' || fail "bad batch: $body"
# The first bad line is named, whether a later one does not parse or an
# earlier one made the account (lines are parsed before they are checked).
bad_batch() {  # EXPECTED-MESSAGE-PREFIX LINE...
  local expected=$1
  shift
  printf '%s\n' "$@" > bad-batch.ndjson
  call POST /v1/events "${W[@]}" -H 'Content-Type: application/x-ndjson' --data-binary @bad-batch.ndjson
  expect 400 "bad batch: $*"
  json 'b["error"]' | grep -qF -- "$expected" || fail "bad batch $*: the error does not say '$expected': $body"
  json 'b["error"]' | grep -q "^${expected%%:*}:" || fail "bad batch $*: not the first bad line: $body"
}
bad_batch 'line 2: event.account_id: no account "NEW-3"' '{"account_id":"A000022388","set":{"employees":7}}' \
  '{"account_id":"NEW-3","set":{"employees":1}}' '{"account_id":'
bad_batch 'line 2: event: malformed JSON' '{"account_id":"A000022388","set":{"employees":7}}' \
  '{"account_id":' '{"account_id":"NEW-3","set":{"employees":1}}'
bad_batch 'line 2: event.set.employees: expected an integer' \
  '{"account_id":"NEW-4","op":"create","set":{"employees":45,"arr":0,"web_visits_90d":3,"active_users":1,"country":"US"}}' \
  '{"account_id":"NEW-4","set":{"employees":"many"}}'
bad_batch 'line 2: event.account_id: account "NEW-1" is removed by an earlier line' '{"account_id":"NEW-1","op":"remove"}' \
  '{"account_id":"NEW-1","op":"remove"}'
# A batch sent without its type is one malformed event; the error says
# what the body looked like.
call POST /v1/events "${W[@]}" --data-binary @batch.ndjson
expect 400 "a batch without its type"
json 'b["error"]' | grep -qF 'is sent with Content-Type: application/x-ndjson' ||
  fail "a batch without its type: $body"
# The media type is the part before any parameter, compared whole.
call POST /v1/events "${W[@]}" -H 'Content-Type: application/x-ndjson-foo' --data-binary @batch.ndjson
expect 400 "a batch under another media type"
printf '{\n  "account_id": "A000022388",\n}\n' > pretty.json
call POST /v1/events "${W[@]}" --data-binary @pretty.json
expect 400 "a malformed event over several lines"
json 'b["error"]' | grep -qF 'x-ndjson' && fail "a malformed event taken for a batch: $body"
call GET /healthz
[ "$(json 'b["last_event_id"], b["accounts"]')" = "(4, 10001)" ] || fail "a refused batch applied something: $body"
call GET /v1/accounts/NEW-1 "${R[@]}"
expect 200 "created account"
[ "$(json 'b["account"]["segment"]')" = "Enterprise" ] || fail "created account: $body"

# 400s naming the field, 404, 413.
bad_event() {  # BODY EXPECTED-MESSAGE-PREFIX
  call POST /v1/events "${W[@]}" -d "$1"
  expect 400 "$1"
  json 'b["error"]' | grep -qF -- "$2" || fail "$1: the error does not say '$2': $body"
}
bad_event '{"account_id":"A000022388","set":{' 'body: malformed JSON: parse error at line 1, column 35'
bad_event '[1,2]' 'body: expected a JSON object'
# A created id GET /v1/accounts/{id} could not name (2,049 bytes).
bad_event "{\"account_id\":\"$(head -c 2049 /dev/zero | tr '\0' L)\",\"op\":\"create\",\"set\":{\"arr\":1,\"web_visits_90d\":1,\"active_users\":1}}" \
  "event.account_id: 2049 bytes, over the 2048 a new account's id may have"
bad_event '{"account_id":"NOPE","set":{"employees":1}}' 'no account "NOPE"'
bad_event '{"account_id":"A000022388","set":{"employes":1}}' 'event.set.employes'
bad_event '{"account_id":"A000022388","set":{"employees":"many"}}' 'event.set.employees: expected an integer'
bad_event '{"account_id":"A000022388","op":"merge"}' 'event.op'
call GET /v1/accounts/NOPE "${R[@]}"
expect 404 "unknown account"
call GET "/v1/accounts/$(head -c 9000 /dev/zero | tr '\0' L)" "${R[@]}"
expect 414 "a request line over httplib's limit"
json 'b["error"]' | grep -q '^request line over 8,192 bytes' || fail "414: $body"
call GET /v1/changes?limit=zero "${R[@]}"
expect 400 "bad limit"
call GET /v1/changes?limit=1001 "${R[@]}"
expect 400 "a limit over the 1000 kept"
json 'b["error"]' | grep -q 'from 1 to 1000, got "1001"' || fail "limit 1001: $body"
call GET "/v1/changes?limit=2%00" "${R[@]}"
expect 400 "a NUL in the limit"
json 'b["error"]' | grep -qF 'got "2\0"' || fail "limit with a NUL: $body"
head -c 5000 /dev/zero | tr '\0' ' ' > big.json
call POST /v1/events "${W[@]}" --data-binary @big.json
expect 413 "a body over --max-body"
# The server closes the connection after a refused body, and says so.
curl -s -o /dev/null -D big.headers "${W[@]}" --data-binary @big.json "$base/v1/events"
grep -qi '^Connection: close' big.headers || fail "413 without Connection: close: $(cat big.headers)"
json 'b["error"]' | grep -q 'over 4096 bytes' || fail "413: $body"
# The seed policy routes nothing: a touchpoint is refused, not dropped.
call POST /v1/events "${W[@]}" -d '{"account_id":"A000022388","touchpoint":{"type":"inbound_call"}}'
expect 400 "a touchpoint without routing"
json 'b["error"]' | grep -q '^event.touchpoint: the policy has no routing: section' ||
  fail "a touchpoint without routing: $body"
call GET /healthz
[ "$(json 'b["last_event_id"]')" = 4 ] || fail "a refused event applied something: $body"

# Recent changes newest first; summary; stats; metrics.
call GET "/v1/changes?limit=2" "${R[@]}"
expect 200 changes
[ "$(json '[c["event_id"] for c in b["changes"]], b["changes"][0]["account_id"]')" = "([4, 3], 'NEW-1')" ] ||
  fail "changes: $body"
call GET /v1/summary "${R[@]}"
expect 200 summary
[ "$(json 'b["accounts"], sum(r["accounts"] for r in b["rows"]), "segment" in b["dimensions"]')" = \
  "(10001, 10001, True)" ] || fail "summary: $body"
call GET /v1/stats "${R[@]}"
expect 200 stats
[ "$(json 'b["events_applied"], b["accounts"]')" = "(4, 10001)" ] || fail "stats: $body"
call DELETE /v1/events "${R[@]}"
expect 405 "a known path with another method"
call POST /v1/route "${W[@]}" -d ' '
expect 400 "an empty lead"
json 'b["error"]' | grep -q '^body: empty: send a lead' || fail "empty lead: $body"
call GET /metrics "${R[@]}"
expect 200 metrics
for line in 'acctseg_http_requests_total{route="/v1/events",status="200"} 2' \
            'acctseg_http_requests_total{route="/v1/events",status="400"} 16' \
            'acctseg_http_requests_total{route="/v1/events",status="413"} 2' \
            'acctseg_http_requests_total{route="/v1/summary",status="401"} 3' \
            'acctseg_http_requests_total{route="/v1/events",status="405"} 1' \
            'acctseg_events_applied_total 4' 'acctseg_accounts 10001' \
            '# TYPE acctseg_http_request_duration_seconds histogram'; do
  grep -qF -- "$line" <<< "$body" || fail "metrics lack: $line"
done
call GET /v1/stats -H "Authorization: Bearer $pusher"
expect 403 "a write-only token reading"
# A snapshot the server cannot write (its directory is a file now): a 500
# naming the marker's event id, not a 400, and the server serves on.
mv data/snapshots data/snapshots.away && touch data/snapshots
call POST /v1/snapshot "${A[@]}" -d ''
expect 500 "a snapshot that cannot be written"
json 'b["error"]' | grep -q '^the snapshot was not written: ' || fail "snapshot failure: $body"
# The operator hears of it too, not only the client.
grep -q "acctseg: warning: POST /v1/snapshot (event $(json 'b["event_id"]')) failed: the snapshot was not written" api.log ||
  fail "a failed snapshot is not said on stderr: $(cat api.log)"
rm data/snapshots && mv data/snapshots.away data/snapshots
# Every status a route answered above is one /openapi.json documents for it
# (403 and 429 on the reads, 400 on a snapshot were missing).
call GET /metrics "${R[@]}"
echo "$body" > metrics.txt
curl -s "$base/openapi.json" > openapi.json
python3 - << 'PY' || fail "statuses the OpenAPI document does not declare"
import json, re
doc = json.load(open("openapi.json"))
undeclared = []
for route, status in re.findall(r'acctseg_http_requests_total\{route="([^"]+)",status="(\d+)"\}', open("metrics.txt").read()):
    # A 405 answers a method the path has no operation for.
    if route == "other" or route not in doc["paths"] or status == "405":
        continue
    declared = set().union(*(op["responses"].keys() for op in doc["paths"][route].values()))
    if status not in declared:
        undeclared.append(f"{route} {status}")
assert not undeclared, undeclared
PY

# A snapshot, recorded as an ordinary run: runs diff works against it.
call POST /v1/snapshot "${A[@]}" -d ''
expect 200 snapshot
run_id=$(json 'b["run_id"]')
seq=$(json 'b["seq"]')
# Its run reads the snapshot's accounts through a link in data/runs (for diff
# to explain its moves) and writes its output nowhere: the store holds it.
[ "$(json '"run_output" in b')" = False ] || fail "a snapshot run still names an output file: $body"
[ "$(ls data/runs)" = "accounts-$seq.csv" ] || fail "data/runs after a snapshot run: $(ls data/runs)"
"$acctseg" run -q -p "$policy" -i accounts="$accounts" -o morning.csv --store runs.sqlite
"$acctseg" diff latest "$run_id" --store runs.sqlite --no-explain > diff.txt ||
  fail "diff between a batch run and the live snapshot"
grep -q 'Enterprise' diff.txt || fail "the diff does not show the moved account: $(cat diff.txt)"

# A removed account's 404 says which event removed it, while the recent
# changes hold that event; an id never seen gets the plain 404.
call POST /v1/events "${W[@]}" -d '{"account_id":"NEW-1","op":"remove"}'
expect 200 "remove"
removed_by=$(json 'b["event_id"]')
call GET /v1/accounts/NEW-1 "${R[@]}"
expect 404 "a removed account"
[ "$(json 'b["error"]')" = "no account \"NEW-1\": removed by event $removed_by" ] ||
  fail "a removed account's 404 does not name its remove: $body"
call GET /v1/accounts/NOPE "${R[@]}"
[ "$(json 'b["error"]')" = 'no account "NOPE"' ] || fail "an unknown account's 404: $body"

# 429 over --rate-limit: one request per 10 s (a second server: its own data directory).
stop_server TERM
[ "$server_code" -eq 0 ] || fail "SIGTERM: exit $server_code"
start_server limited -p "$policy" -i accounts="$accounts" --data-dir data2 --tokens tokens.txt --rate-limit 0.1
codes=""
for i in 1 2 3 4; do call GET /v1/stats "${R[@]}"; codes="$codes $status"; done
[ "$codes" = " 200 429 429 429" ] || fail "rate limit 0.1/s: statuses$codes"
# A bucket that refills at 0.1/s holds the next request in ~10 s, not 1.
retry=$(curl -s -o /dev/null -D - "${R[@]}" "$base/v1/stats" | tr -d '\r' | sed -n 's/^Retry-After: //Ip')
[ "$retry" -ge 2 ] && [ "$retry" -le 10 ] || fail "rate limit 0.1/s: Retry-After '$retry', want 2-10"
call GET /v1/stats "${W[@]}"
expect 200 "another token's bucket"
# An event over 8 KiB as `curl -d` sends it (form-encoded): httplib refused
# such a body with a false "over --max-body" 413.
python3 -c 'print("{\"account_id\":\"A000022388\",\"set\":{\"competitor\":\"" + "y" * 9000 + "\"}}", end="")' > form.json
call POST /v1/events "${A[@]}" --data-binary @form.json
expect 200 "a 9 KB event with curl's default Content-Type"
# SIGHUP (the terminal closed) stops it as SIGTERM does: drained, exit 0.
stop_server HUP
[ "$server_code" -eq 0 ] && grep -q 'SIGHUP: stopping' limited.log ||
  fail "SIGHUP: exit $server_code: $(tail -2 limited.log)"
# Under nohup (SIGHUP ignored, as the parent left it), a hangup stops nothing.
serve_setup="trap '' HUP" start_server nohup -p "$policy" -i accounts="$accounts" \
  --data-dir data2 --tokens tokens.txt
kill -HUP "$server_pid"
sleep 0.5
call GET /healthz
expect 200 "healthz after a SIGHUP under nohup"
stop_server TERM

# TLS (when the openssl command is there to make a certificate).
if command -v openssl > /dev/null; then
  openssl req -x509 -newkey rsa:2048 -nodes -keyout key.pem -out cert.pem -days 1 \
    -subj /CN=localhost 2> /dev/null
  # A swapped pair is refused before the load, not after it, and before the
  # data directory is made.
  refused_start 64 "--tls-cert key.pem / --tls-key cert.pem: cannot load the certificate and key" \
    --data-dir data-swapped --tls-cert key.pem --tls-key cert.pem
  grep -q "accounts from" err.txt && fail "a swapped TLS pair was found after the load: $(cat err.txt)"
  [ -e data-swapped ] && fail "a swapped TLS pair made the data directory first"
  start_server tls -p "$policy" -i accounts="$accounts" --data-dir data3 --tokens tokens.txt \
    --tls-cert cert.pem --tls-key key.pem
  [ "${base%%:*}" = https ] || fail "TLS: the server does not say https: $base"
  base_plain=http://127.0.0.1:${base##*:}
  base=https://localhost:${base##*:}
  call GET /v1/stats "${R[@]}" --cacert cert.pem
  expect 200 "stats over https"
  curl -s "$base_plain/healthz" > /dev/null && fail "TLS: answered plain HTTP"
  stop_server TERM
fi

# A full disk under the log (a file size limit on the server: writes fail
# with EFBIG): 503, nothing applied, the server stays up; /healthz says
# degraded (503) and stderr says why, once a second at most; once the limit
# is lifted the next commit succeeds and /healthz is ok again.
serve_setup="ulimit -S -f 4"  # 4 KiB, soft: prlimit lifts it below
start_server full -p "$policy" -i accounts="$accounts" --data-dir data4 --tokens tokens.txt \
  --snapshot-every 0
serve_setup=""
for i in $(seq 1 400); do
  call POST /v1/events "${W[@]}" -d "{\"account_id\":\"A000022388\",\"set\":{\"employees\":$i}}"
  [ "$status" = 200 ] || break
done
expect 503 "an event the full log cannot take"
json 'b["error"]' | grep -q 'not durable' || fail "503 message: $body"
applied=$((i - 1))
for _ in 1 2 3; do call POST /v1/events "${W[@]}" -d '{"account_id":"A000022388","set":{"employees":1}}'; done
call GET /healthz
expect 503 "healthz with a full disk"
[ "$(json 'b["status"], b["failed_commits"], b["last_event_id"]')" = "('degraded', 4, $applied)" ] ||
  fail "healthz with a full disk: $body, $applied applied"
json 'b["reason"]' | grep -q '^the event log cannot commit: cannot write .*log-.*wal: File too large' ||
  fail "healthz's reason with a full disk: $body"
warned=$(grep -c 'acctseg: warning: a commit to the event log failed; .*File too large' full.log || true)
[ "$warned" -ge 1 ] && [ "$warned" -lt 4 ] ||
  fail "four failed commits in a row are said $warned times on stderr, not once a second: $(cat full.log)"
call GET /v1/summary "${R[@]}"
expect 200 "reads with a full disk"
prlimit --pid "$server_pid" --fsize=unlimited:unlimited || fail "prlimit could not lift the limit"
call POST /v1/events "${W[@]}" -d '{"account_id":"A000022388","set":{"employees":2}}'
expect 200 "an event once there is room again"
call GET /healthz
expect 200 "healthz once a commit succeeds again"
[ "$(json 'b["status"], "reason" in b')" = "('ok', False)" ] || fail "healthz after recovery: $body"
grep -q 'acctseg: the event log commits again, after 4 failed commits' full.log ||
  fail "the recovery is not said on stderr: $(cat full.log)"
stop_server TERM
[ "$server_code" -eq 0 ] || fail "stop with a full disk: exit $server_code"

# DATA_DIR/runs keeps the accounts of the newest --keep-snapshot-runs
# snapshot runs; a diff of an older one still compares, with a note for the
# explanations it cannot give. And under a lax umask, everything in the data
# directory is the owner's alone: 0600 files, 0700 directories.
serve_setup="umask 022"
start_server keep -p "$policy" -i accounts="$accounts" --data-dir data5 --tokens tokens.txt \
  --store runs-keep.sqlite --keep-snapshot-runs 1
serve_setup=""
call POST /v1/events "${W[@]}" -d '{"account_id":"A000022388","set":{"employees":5200}}'
expect 200 "an event before the kept snapshots"
call POST /v1/snapshot "${A[@]}" -d ''
expect 200 "the first kept snapshot"
first_run=$(json 'b["run_id"]')
call POST /v1/events "${W[@]}" -d '{"account_id":"A000022388","set":{"employees":20}}'
expect 200 "an event between the kept snapshots"
call POST /v1/snapshot "${A[@]}" -d ''
expect 200 "the second kept snapshot"
[ "$(ls data5/runs)" = "accounts-$(json 'b["seq"]').csv" ] ||
  fail "--keep-snapshot-runs 1 kept: $(ls data5/runs)"
"$acctseg" diff "$first_run" "$(json 'b["run_id"]')" --store runs-keep.sqlite > diff-kept.txt 2>&1 ||
  fail "diff of a snapshot run whose accounts are pruned: $(cat diff-kept.txt)"
grep -q "data5/runs/accounts-[0-9]*.csv of run $first_run is gone: explanations left out" diff-kept.txt ||
  fail "diff of a pruned snapshot run gives no note: $(cat diff-kept.txt)"
open=$(find data5 \( -type f ! -perm 0600 \) -o \( -type d ! -perm 0700 \))
[ -z "$open" ] || fail "not owner-only in the data directory: $(ls -ld $open)"
stop_server TERM
echo "ok   serve API: events, batches, accounts, summary, changes, metrics, snapshot run; 400 401 403 404 413 429 500"
