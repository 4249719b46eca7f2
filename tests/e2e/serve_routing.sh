#!/usr/bin/env bash
# Routing through `acctseg serve` (docs/serve.md, docs/routing.md): an event
# with a touchpoint is routed with the account's new row; an unknown lead is
# matched to an account by its e-mail's or website's domain
# (--domain-columns), else routed as a new logo; a touchpoint field the
# policy does not declare is a 400; decisions are listed newest first; and
# the round robin survives kill -9 (the routes are logged and replayed).
# Usage: serve_routing.sh ACCTSEG
set -euo pipefail
acctseg=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
root=$(cd "$(dirname "$0")/../.." && pwd)
source "$root/tests/e2e/lib.sh"
source "$root/tests/e2e/serve_lib.sh"
# The live demo policy with a website column; 2,000 demo accounts, each
# with a website of its own (account N: www.company-N.com).
sed -e 's|^    competitor: string|&\n    website: string|' \
    -e "s|path: ../seed-policy/regions.csv|path: $root/examples/seed-policy/regions.csv|" \
    "$root/examples/live/policy.yaml" > policy.yaml
python3 - "$root/examples/data/accounts-10k.csv" > accounts.csv <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline="")))
out = csv.writer(sys.stdout, lineterminator="\n")
out.writerow(rows[0] + ["website"])
for n, row in enumerate(rows[1:2001], 1):
    out.writerow(row + [f"https://www.company-{n}.com/about"])
PY
id_of() { sed -n "$(( $1 + 1 ))p" accounts.csv | cut -d, -f1; }
writer=$("$acctseg" serve token --name loader --scopes read,write --append tokens.txt 2> /dev/null | head -1)
W=(-H "Authorization: Bearer $writer")
args=(-p policy.yaml -i accounts=accounts.csv --data-dir data --tokens tokens.txt --domain-columns website)
# A domain column the input does not have is named as missing, not as
# "not a string column".
code=0
timeout 60 "$acctseg" serve -p policy.yaml -i accounts=accounts.csv --data-dir data-bad \
  --tokens tokens.txt --domain-columns websit --listen 127.0.0.1:0 > bad.out 2> bad.err || code=$?
[ "$code" -eq 64 ] &&
  grep -qF 'domain column "websit": no such column of input "accounts" (did you mean "website"?)' bad.err ||
  fail "a missing domain column: exit $code: $(cat bad.err)"
start_server r1 "${args[@]}"

# An event's touchpoint is routed with the account after the event.
account=$(id_of 7)
call POST /v1/events "${W[@]}" -d "{\"account_id\":\"$account\",\"set\":{\"employees\":9000,\"country\":\"US\",\"state\":\"NY\",\"sector\":\"private\"},\"touchpoint\":{\"type\":\"inbound_call\",\"contact_title\":\"CTO\"}}"
expect 200 "event with a touchpoint"
[ "$(json 'b["account"]["segment"], b["route"]["team"], b["route"]["priority"], b["route"]["sla_minutes"]')" = \
  "('Enterprise', 'enterprise-amer', 1, 15)" ] || fail "routed event: $body"
json 'b["route"]["reason"]' | grep -q "^rule 1 " || fail "the reason does not name the rule: $body"
call POST /v1/events "${W[@]}" -d "{\"account_id\":\"$account\",\"touchpoint\":{\"type\":12}}"
expect 400 "a touchpoint field of the wrong type"
json 'b["error"]' | grep -q '^event.touchpoint.type: expected text' || fail "touchpoint type: $body"
call POST /v1/events "${W[@]}" -d "{\"account_id\":\"$account\",\"touchpoint\":{\"tpye\":\"x\"}}"
expect 400 "an undeclared touchpoint field"
# A shortened field name is offered its declared longer form.
call POST /v1/events "${W[@]}" -d "{\"account_id\":\"$account\",\"touchpoint\":{\"title\":\"CTO\"}}"
expect 400 "a shortened touchpoint field"
json 'b["error"]' | grep -qF 'did you mean "touchpoint.contact_title"?' || fail "touchpoint title: $body"
# A remove's touchpoint would route as a new logo: refused, nothing removed.
call POST /v1/events "${W[@]}" -d "{\"account_id\":\"$account\",\"op\":\"remove\",\"touchpoint\":{\"type\":\"inbound_call\"}}"
expect 400 "a remove with a touchpoint"
json 'b["error"]' | grep -q '^event.touchpoint: a remove takes no touchpoint' || fail "remove with a touchpoint: $body"
call GET "/v1/accounts/$account" "${W[@]}"
expect 200 "the account a refused remove named"

# Leads: matched by domain (e-mail or website), else a new logo.
call POST /v1/route "${W[@]}" -d '{"email":"jane@Company-42.com","touchpoint":{"type":"web_form"}}'
expect 200 "matched lead"
[ "$(json 'b["matched_account"]')" = "$(id_of 42)" ] || fail "the lead of company-42.com: $body"
call POST /v1/route "${W[@]}" -d '{"website":"https://shop.company-43.com/x","touchpoint":{"type":"web_form"}}'
[ "$(json 'b["matched_account"]')" = "$(id_of 43)" ] || fail "the lead of shop.company-43.com: $body"
owners=""
for n in 1 2; do
  call POST /v1/route "${W[@]}" -d "{\"email\":\"x$n@newco-$n.io\",\"touchpoint\":{\"type\":\"web_form\",\"contact_title\":\"VP Sales\"}}"
  expect 200 "new logo $n"
  [ "$(json 'b["matched_account"], b["route"]["queue"], b["route"]["priority"]')" = "(None, 'new-logo', 2)" ] ||
    fail "new logo: $body"
  owners="$owners $(json 'b["route"]["owner"]')"
done
call POST /v1/route "${W[@]}" -d '{"email":"nobody","touchpoint":{}}'
expect 400 "an e-mail without a domain"
call POST /v1/route "${W[@]}" -d '{"touchpoint":{}}'
expect 400 "a lead without email or website"
call POST /v1/route "${W[@]}" -d '{"email":"a@b@company-42.com","touchpoint":{}}'
expect 400 "an e-mail with two @"
json 'b["error"]' | grep -qF 'has more than one @' || fail "two @: $body"
call GET "/v1/routes?limit=3" "${W[@]}"
expect 200 "routes"
# A lead's decision names the lead.
[ "$(json '[r["event_id"] for r in b["routes"]], b["routes"][0]["route"]["queue"], b["routes"][0]["lead"] == {"email": "x2@newco-2.io", "domain": "newco-2.io"}')" = \
  "([5, 4, 3], 'new-logo', True)" ] ||
  fail "recent routes: $body"

# kill -9, restart: the round robin goes on where the acknowledged routes left it.
stop_server KILL
start_server r2 "${args[@]}"
call POST /v1/route "${W[@]}" -d '{"email":"x3@newco-3.io","touchpoint":{"type":"web_form","contact_title":"VP Sales"}}'
expect 200 "new logo after the restart"
owners="$owners $(json 'b["route"]["owner"]')"
[ "$owners" = " sdr-1 sdr-2 sdr-3" ] || fail "the round robin after kill -9:$owners"
stop_server TERM
echo "ok   serve routing: routed events, leads matched by domain or new logos, round robin across kill -9"
