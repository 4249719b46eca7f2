#!/usr/bin/env bash
# kill -9 loses no acknowledged event (issue 14, "Durability"). Each round:
# clients post events concurrently (single events and JSON Lines batches,
# one event per account), the server is killed with SIGKILL at a random
# moment, restarted on the same --data-dir, and then
#   - every acknowledged event is applied, nothing else changed
#     (serve_check_state.py over the snapshot's accounts);
#   - the live outputs equal a batch `acctseg run` over the same accounts,
#     byte for byte, and the server's own recorded run of the snapshot;
# with automatic snapshots every 150 events, so restarts load a snapshot and
# replay the log after it; one written beside the applies appears whole.
# Then a graceful stop (exit 0) and restart give the
# same outputs again, and a log tail cut short is truncated to the last
# whole record, reported, and the server serves on.
# Usage: serve_durability.sh ACCTSEG
set -euo pipefail
acctseg=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
root=$(cd "$(dirname "$0")/../.." && pwd)
source "$root/tests/e2e/lib.sh"
source "$root/tests/e2e/serve_lib.sh"
RANDOM=14  # the kill moments vary with the machine's speed; the checks do not
policy=$root/examples/seed-policy/policy.yaml
python3 "$root/tests/data/gen_accounts.py" --rows 3000 --seed 5 --out base.csv
tail -n +2 base.csv | cut -d, -f1 > ids.txt
"$acctseg" serve token --name loader --scopes read,write,admin --append tokens.txt \
  > token.txt 2> /dev/null
token=$(head -1 token.txt)
auth="Authorization: Bearer $token"
serve_args=(-p "$policy" -i accounts=base.csv --data-dir data --tokens tokens.txt
            --snapshot-every 150 --store runs.sqlite)

# client ROUND NAME: one event per account of ids-ROUND-NAME.txt, until a post fails.
single_client() {
  local n=0 id value out
  while read -r id; do
    value=$(( (n * 7919 + $1 * 31) % 9000 + 1 ))
    n=$((n + 1))
    echo "$id $value" >> "sent-$1.txt"
    out=$(curl -sf -H "$auth" -d "{\"account_id\":\"$id\",\"set\":{\"employees\":$value}}" \
          "$base/v1/events") || return 0
    echo "$id $value $(grep -o '"event_id":[0-9]*' <<< "$out" | cut -d: -f2)" >> "acked-$1-$2.txt"
  done < "ids-$1-$2.txt"
}
# batch_client ROUND NAME: the same in batches of 20 lines (all or nothing).
batch_client() {
  local n=0 id value out batch=() values=()
  while read -r id; do
    value=$(( (n * 104729 + $1) % 9000 + 1 ))
    n=$((n + 1))
    echo "$id $value" >> "sent-$1.txt"
    batch+=("{\"account_id\":\"$id\",\"set\":{\"employees\":$value}}")
    values+=("$id $value")
    [ ${#batch[@]} -lt 20 ] && continue
    out=$(printf '%s\n' "${batch[@]}" | curl -sf -H "$auth" -H 'Content-Type: application/x-ndjson' \
          --data-binary @- "$base/v1/events") || return 0
    local first=$(grep -o '"first_event_id":[0-9]*' <<< "$out" | cut -d: -f2) i
    for i in "${!values[@]}"; do echo "${values[$i]} $((first + i))" >> "acked-$1-$2.txt"; done
    batch=()
    values=()
  done < "ids-$1-$2.txt"
}

# snapshot_now: POST /v1/snapshot; sets $snap (its directory) and $run_id
# (its recorded run, whose outputs are in the store alone).
snapshot_now() {
  call POST /v1/snapshot -H "$auth" -d ""
  expect 200 "snapshot"
  snap=$(json 'b["dir"]')
  run_id=$(json 'b["run_id"]')
}

# check_round ROUND BEFORE.csv: the state after the restart, against the batch run.
check_round() {
  snapshot_now
  cat acked-$1-*.txt > "acked-$1.txt" 2> /dev/null || : > "acked-$1.txt"
  python3 "$root/tests/e2e/serve_check_state.py" "$2" "$snap/accounts.csv" "sent-$1.txt" \
    "acked-$1.txt" "expected-$1.csv" || fail "round $1: the state after kill -9"
  "$acctseg" run -q -p "$policy" -i accounts="expected-$1.csv" -o "batch-$1.csv" --no-store
  cmp -s "batch-$1.csv" "$snap/outputs.csv" ||
    fail "round $1: the live outputs differ from a batch run over the same changes"
  "$acctseg" runs export "$run_id" -o "recorded-$1.csv" --store runs.sqlite 2> /dev/null
  cmp -s "batch-$1.csv" "recorded-$1.csv" || fail "round $1: the recorded run's outputs differ"
}

start_server s0 "${serve_args[@]}"
before=base.csv
for round in 1 2 3; do
  # 900 accounts a round: four single-event clients and one batch client.
  sed -n "$(( (round - 1) * 900 + 1 )),$(( round * 900 ))p" ids.txt > "ids-$round.txt"
  for c in 1 2 3 4; do sed -n "$(( (c - 1) * 150 + 1 )),$(( c * 150 ))p" "ids-$round.txt" > "ids-$round-c$c.txt"; done
  sed -n '601,900p' "ids-$round.txt" > "ids-$round-batch.txt"
  : > "sent-$round.txt"
  pids=()
  for c in 1 2 3 4; do single_client "$round" "c$c" & pids+=($!); done
  batch_client "$round" batch & pids+=($!)
  sleep "$(( RANDOM % 3 )).$(( RANDOM % 10 ))"
  stop_server KILL
  [ "$server_code" -eq 137 ] || fail "round $round: the server was not killed (exit $server_code)"
  for pid in "${pids[@]}"; do wait "$pid"; done
  start_server "s$round" "${serve_args[@]}"
  check_round "$round" "$before"
  before="expected-$round.csv"
  echo "round $round: $(wc -l < "acked-$round.txt") acknowledged of $(wc -l < "sent-$round.txt") sent"
done

# An automatic snapshot (written on a thread of its own, beside the applies):
# a batch of 400 events is past --snapshot-every, so a snapshot at one of its
# events appears, whole, while the server serves on.
head -400 ids.txt | while read -r id; do echo "{\"account_id\":\"$id\",\"set\":{\"employees\":4321}}"; done > auto.jsonl
call POST /v1/events -H "$auth" -H 'Content-Type: application/x-ndjson' --data-binary @auto.jsonl
expect 200 "a batch past --snapshot-every"
auto_first=$(json 'b["first_event_id"]')
auto_last=$(json 'b["last_event_id"]')
auto_snapshot() {  # the newest snapshot's seq if it is one of the batch's events
  local seq; seq=$(ls data/snapshots | grep -v tmp | sort | tail -1 | sed 's/snapshot-0*//')
  [ "${seq:-0}" -ge "$auto_first" ] && [ "$seq" -le "$auto_last" ] && echo "$seq"
}
for _ in $(seq 100); do auto_snapshot > /dev/null && break; sleep 0.1; done
auto_seq=$(auto_snapshot) || fail "no automatic snapshot within events $auto_first..$auto_last: $(ls data/snapshots)"
[ -s "data/snapshots/$(printf 'snapshot-%020d' "$auto_seq")/accounts.csv" ] ||
  fail "the automatic snapshot at $auto_seq has no accounts"
snapshot_now
[ "$(grep -c ',4321,' "$snap/accounts.csv")" -ge 400 ] || fail "the batch past --snapshot-every is not applied"

# A graceful stop drains and exits 0; the restart has the same state.
last_outputs=$snap/outputs.csv
cp "$last_outputs" last-outputs.csv
stop_server TERM
[ "$server_code" -eq 0 ] || fail "SIGTERM: exit $server_code, expected 0"
# What a recording killed mid-write left in data/runs goes at the start.
mkdir -p data/runs && echo partial > data/runs/outputs-999.csv.acctseg-Ab12Cd.tmp
# And a run's output file, as servers before wrote one a snapshot: the
# store holds it, so it goes too.
echo old > data/runs/outputs-998.csv
start_server s4 "${serve_args[@]}"
[ ! -e data/runs/outputs-999.csv.acctseg-Ab12Cd.tmp ] || fail "a killed recording's temporary stayed"
[ ! -e data/runs/outputs-998.csv ] || fail "an older server's run output stayed in data/runs"
grep -q 'loading snapshot [0-9]* (.*) in place of the input base.csv' s4.log ||
  fail "the start does not say the snapshot replaces the input: $(cat s4.log)"
snapshot_now
cmp -s "$snap/outputs.csv" last-outputs.csv || fail "a restart changed the outputs"

# A log tail cut short: truncated to the last whole record, reported, served.
for id in $(head -3 ids.txt); do
  call POST /v1/events -H "$auth" -d "{\"account_id\":\"$id\",\"set\":{\"employees\":77}}"
  expect 200 "event before the corruption"
done
last=$(json 'b["event_id"]')
stop_server TERM
segment=$(ls data/log/*.wal | sort -V | tail -1)
# The server grows its segments ahead in zeros: the last record ends at the
# last non-zero byte. Its last 5 bytes zeroed: torn, as if never synced.
python3 - "$segment" <<'PY'
import sys
path = sys.argv[1]
data = bytearray(open(path, 'rb').read())
end = len(data.rstrip(b'\0'))
data[end - 5:end] = bytes(5)
open(path, 'wb').write(data)
PY
start_server s5 "${serve_args[@]}"
grep -q 'truncated [0-9]* byte' s5.log || { cat s5.log; fail "the truncated log tail is not reported"; }
call GET /healthz
expect 200 "healthz after recovery"
[ "$(json 'b["last_event_id"]')" = "$((last - 1))" ] ||
  fail "after the cut, last_event_id is $(json 'b["last_event_id"]'), expected $((last - 1))"
call POST /v1/events -H "$auth" -d "{\"account_id\":\"$(head -1 ids.txt)\",\"set\":{\"employees\":78}}"
expect 200 "an event after recovery"
stop_server TERM

# An acknowledged event that no longer applies on replay (its account gone
# from the input the restart reads) is named, not dropped without a word.
gone=$(sed -n 5p ids.txt)
one_dir=(-p "$policy" --data-dir data-replay --tokens tokens.txt --snapshot-every 0)
start_server s6 "${one_dir[@]}" -i accounts=base.csv
call POST /v1/events -H "$auth" -d "{\"account_id\":\"$gone\",\"set\":{\"employees\":6000}}"
expect 200 "the event the restart cannot apply"
stop_server TERM
grep -v "^$gone," base.csv > without.csv
start_server s7 "${one_dir[@]}" -i accounts=without.csv
grep -q '1 record of the log did not apply on replay (.*) and is left out of the state:' s7.log &&
  grep -q "event 1: .*$gone" s7.log ||
  { cat s7.log; fail "an event that did not apply on replay is not reported"; }
grep -q '2999 accounts from the inputs, then 1 log record replayed: 2999 accounts' s7.log ||
  { cat s7.log; fail "the start-up line does not count the accounts loaded and after replay"; }
stop_server TERM
echo "ok   serve durability: 3 kill -9 rounds, graceful restart, truncated tail, replay failures named"
