#!/usr/bin/env bash
# How `acctseg serve` takes a request's body (src/server/http_server.cc,
# FramingRefusal; request_body.cc): one Content-Length within --max-body,
# refused at once otherwise (a chunked body was taken whatever its size, an
# oversized length answered only after its bytes were waited for); after an
# ambiguous or chunked request the connection is closed, so nothing behind
# it is read as a request. Bodies: a key twice in one object, invalid UTF-8
# are 400s that change nothing. Case-insensitive "bearer" and media types.
# Usage: serve_framing.sh ACCTSEG
set -euo pipefail
acctseg=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
root=$(cd "$(dirname "$0")/../.." && pwd)
source "$root/tests/e2e/lib.sh"
source "$root/tests/e2e/serve_lib.sh"
head -201 "$root/examples/data/accounts-10k.csv" > accounts.csv
writer=$("$acctseg" serve token --name w --scopes read,write --append tokens.txt 2> /dev/null | head -1)
auth=(-H "Authorization: Bearer $writer")
start_server framing -p "$root/examples/live/policy.yaml" -i accounts=accounts.csv \
  --tokens tokens.txt --data-dir data --max-body 4096
# A routing policy without --domain-columns says at start that no lead can
# match an account (every lead routed as a new logo without a word).
grep -q 'note: no --domain-columns: POST /v1/route matches no lead to an account' framing.log ||
  fail "no note about --domain-columns: $(cat framing.log)"
a=$(sed -n 2p accounts.csv | cut -d, -f1)
b=$(sed -n 3p accounts.csv | cut -d, -f1)
employees() { call GET "/v1/accounts/$1" "${auth[@]}"; echo "$body"; }  # the whole view
before_a=$(employees "$a")
before_b=$(employees "$b")
events() { call GET /healthz; json "b['last_event_id']"; }
before_events=$(events)

# A chunked body: 411 whatever its size (it was read in full, past --max-body).
python3 -c 'print("{\"account_id\":\"x\",\"set\":{\"competitor\":\"" + "y" * 20000 + "\"}}")' > big.json
call POST /v1/events "${auth[@]}" -H 'Transfer-Encoding: chunked' -H 'Content-Type: application/json' --data-binary @big.json
expect 411 "a chunked body"
# An oversized Content-Length is refused from the headers, at once.
started=$SECONDS
status=$(python3 - "${base#http://}" "$writer" << 'PY'
import socket, sys
host, port = sys.argv[1].split(":")
s = socket.create_connection((host, int(port)), timeout=20)
s.sendall(("POST /v1/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\n"
           "Content-Length: 10000000\r\n\r\n" % sys.argv[2]).encode())
print(s.recv(4096).decode().split(" ")[1])
PY
)
[ "$status" = 413 ] || fail "an oversized Content-Length got $status, not 413"
[ $((SECONDS - started)) -lt 3 ] || fail "the 413 waited for the body's bytes"
# "Expect: 100-continue" with an oversized length: without a token the
# answer is 401, as without Expect (the 413 named --max-body to anyone);
# with one, the 413 before the body is sent.
for who in none "$writer"; do
  status=$(python3 - "${base#http://}" "$who" << 'PY'
import socket, sys
host, port = sys.argv[1].split(":")
s = socket.create_connection((host, int(port)), timeout=20)
auth = "" if sys.argv[2] == "none" else "Authorization: Bearer %s\r\n" % sys.argv[2]
s.sendall(("POST /v1/events HTTP/1.1\r\nHost: x\r\n%sExpect: 100-continue\r\n"
           "Content-Length: 10000000\r\n\r\n" % auth).encode())
print(s.recv(4096).decode().split(" ")[1])
PY
  )
  want=413; [ "$who" = none ] && want=401
  [ "$status" = "$want" ] || fail "Expect: 100-continue, oversized, token $who: $status, not $want"
done
# A client that sends its whole body before it reads (as Python's
# http.client does, without "Expect: 100-continue") reads the 413 too: the
# server drains the body before it closes, where closing at once reset the
# connection under the client's send (a broken pipe, no answer).
status=$(python3 - "${base#http://}" "$writer" << 'PY'
import socket, sys
host, port = sys.argv[1].split(":")
s = socket.create_connection((host, int(port)), timeout=20)
body = b"x" * 20000000
try:
    s.sendall(("POST /v1/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\n"
               "Content-Length: %d\r\n\r\n" % (sys.argv[2], len(body))).encode() + body)
    print(s.recv(4096).decode().split(" ")[1])
except OSError as error:
    print(type(error).__name__)
PY
)
[ "$status" = 413 ] || fail "a client sending its oversized body first got $status, not the 413"
# Without a token, a refused body is a 401, not a 413 that says --max-body.
status=$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' \
  -H 'Content-Length: 2000000' -d '{}' "$base/v1/events" || true)
[ "$status" = 401 ] || fail "an oversized body without a token got $status, not 401"
# Two lengths, or one that is no number: 400.
call POST /v1/events "${auth[@]}" -H 'Content-Length: 5' -H 'Content-Length: 7' -d '{"a":1}'
expect 400 "two Content-Length headers"
[ "$(json "b['error']")" = "Content-Length is given more than once" ] || fail "two lengths: $body"
# After a chunked request, what follows on the connection is not served.
answers=$(python3 - "${base#http://}" "$writer" << 'PY'
import socket, sys
host, port = sys.argv[1].split(":")
s = socket.create_connection((host, int(port)), timeout=10)
s.sendall(("POST /v1/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\n"
           "Transfer-Encoding: chunked\r\n\r\n" % sys.argv[2]).encode() +
          b"zz\r\n\r\nGET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
data = b""
while True:
    chunk = s.recv(65536)
    if not chunk:
        break
    data += chunk
print(data.count(b"HTTP/1.1 "))
PY
)
[ "$answers" = 1 ] || fail "a request smuggled behind a chunked body was answered ($answers answers)"

# Headers trickled a line a second: the connection is closed once they
# have taken 10 s (KeepAliveServer::kHeadersTime), not held for ever.
held=$(python3 - "${base#http://}" << 'PY'
import socket, sys, time
host, port = sys.argv[1].split(":")
s = socket.create_connection((host, int(port)), timeout=30)
s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
started = time.monotonic()
try:
    while time.monotonic() - started < 25:
        s.sendall(b"X-Slow: 1\r\n")
        time.sleep(1)
        s.setblocking(False)
        try:
            if s.recv(1) == b"":
                break
        except BlockingIOError:
            pass
        finally:
            s.setblocking(True)
except (BrokenPipeError, ConnectionResetError):
    pass
print(int(time.monotonic() - started))
PY
)
[ "$held" -ge 9 ] && [ "$held" -le 15 ] || fail "a trickling client held its connection $held s"

# A key twice in one object: 400 naming it (the last value used to win).
call POST /v1/events "${auth[@]}" -d "{\"account_id\":\"$a\",\"account_id\":\"$b\",\"set\":{\"employees\":3}}"
expect 400 "a key twice"
[ "$(json "b['error']")" = 'body: key "account_id" is given twice in one object' ] || fail "$body"
# Invalid UTF-8: a 400 with JSON, not a bare 500.
printf '{"account_id":"%s","set":{"competitor":"\xff\xfe"}}' "$a" > bad.json
call POST /v1/events "${auth[@]}" --data-binary @bad.json
expect 400 "invalid UTF-8"
json "b['error']" > /dev/null || fail "the answer to invalid UTF-8 is no JSON: $body"
[ "$(employees "$a")" = "$before_a" ] && [ "$(employees "$b")" = "$before_b" ] ||
  fail "a refused request changed an account"
[ "$(events)" = "$before_events" ] || fail "a refused request took an event id"

# "bearer" and an upper-case media type.
call POST /v1/events -H "Authorization: bearer $writer" -H 'Content-Type: APPLICATION/X-NDJSON' \
  --data-binary "$(printf '{"account_id":"%s","set":{"employees":11}}\n{"account_id":"%s","set":{"employees":12}}\n' "$a" "$b")"
expect 200 "a batch with bearer and APPLICATION/X-NDJSON"
[ "$(json "b['accepted']")" = 2 ] || fail "the batch was not taken as two events: $body"
# An id with a slash can be created and read back (x%2Fy).
call POST /v1/events "${auth[@]}" \
  -d '{"account_id":"x/y","op":"create","set":{"employees":45,"arr":0,"web_visits_90d":3,"active_users":1,"country":"US"}}'
expect 200 "creating x/y"
call GET /v1/accounts/x%2Fy "${auth[@]}"
expect 200 "reading x/y back"
[ "$(json "b['account']['account_id']")" = "x/y" ] || fail "GET x%2Fy: $body"

# A request refused before routing is counted as "other", not timed from
# the thread's previous request.
metric() {  # metric NAME: its value for route="other" (0 when absent)
  curl -s "${auth[@]}" "$base/metrics" |
    awk -v name="$1" '$1 == name "{route=\"other\"}" { print $2; found = 1 } END { if (!found) print 0 }'
}
others_before=$(metric acctseg_http_request_duration_seconds_count)
python3 - "${base#http://}" << 'PY'
import socket, sys
host, port = sys.argv[1].split(":")
s = socket.create_connection((host, int(port)), timeout=10)
s.sendall(b"GARBAGE\r\n\r\n")
s.recv(4096)
PY
others_after=$(metric acctseg_http_request_duration_seconds_count)
[ "$others_after" -gt "$others_before" ] ||
  fail "a request refused before routing was not counted as other ($others_before -> $others_after)"
other_sum=$(metric acctseg_http_request_duration_seconds_sum)
python3 -c 'import sys; assert float(sys.argv[1]) < 60, sys.argv[1]' "$other_sum" ||
  fail "requests refused before routing were timed from long before: sum $other_sum s"
# A POST without a body (no Content-Length: an empty one) says what it
# lacks, at once: httplib waited for the client to close the connection.
started=$SECONDS
call POST /v1/events "${auth[@]}"
expect 400 "a POST without a body"
[ $((SECONDS - started)) -lt 2 ] || fail "a POST without a Content-Length waited $((SECONDS - started)) s"
case "$(json "b['error']")" in
  "body: empty: send an event as a JSON object"*) ;;
  *) fail "a POST without a body: $body" ;;
esac
started=$SECONDS
call PUT /nope
expect 404 "a PUT without a body to no route"
[ $((SECONDS - started)) -lt 2 ] || fail "a PUT without a Content-Length waited $((SECONDS - started)) s"
# "issues" is an output.
call POST /v1/events "${auth[@]}" -d "{\"account_id\":\"$a\",\"set\":{\"issues\":\"x\"}}"
expect 400 "setting issues"
[ "$(json "b['error']")" = "event.set.issues: a computed column; events set input columns" ] ||
  fail "setting issues: $body"

# An event the log took whose apply failed (a step's number out of range)
# names its event id, as a batch's line does: it is in the log.
call POST /v1/events "${auth[@]}" -d "{\"account_id\":\"$a\",\"set\":{\"employees\":9223372036854775807}}"
expect 400 "an event whose apply overflows"
json "b['error']" | grep -q 'numeric overflow' || fail "an overflowing event: $body"
[ "$(json "b['event_id']")" = "$(events)" ] || fail "an overflowing event has no event id: $body"

# A known path with another method: 405 and Allow.
curl -s -D headers.txt -o /dev/null -X DELETE "${auth[@]}" "$base/v1/events"
grep -q '^HTTP/1.1 405' headers.txt || fail "DELETE /v1/events: $(head -1 headers.txt)"
grep -qi '^Allow: POST' headers.txt || fail "no Allow: POST for /v1/events"
call GET /healthz
expect 200 "healthz after all that"
echo "PASS"
