#!/usr/bin/env python3
"""Checks a live server's accounts after a kill -9 (serve_durability.sh).

Usage: serve_check_state.py BEFORE.csv AFTER.csv SENT ACKED OUT.csv

BEFORE.csv: the accounts before the round (all columns); AFTER.csv: the
server's accounts now (its snapshot's accounts.csv, declared columns);
SENT: "ACCOUNT VALUE" lines, every employees value a client sent; ACKED:
"ACCOUNT VALUE EVENT_ID" lines, those the server acknowledged.

Every acknowledged value must be the account's value now; an account that
was sent a value but got no acknowledgement has either its old value or the
sent one (the kill may have come after the log made it durable); nothing
else changed. Writes OUT.csv: BEFORE.csv with the values now, the input a
batch run must turn into the server's outputs."""
import csv
import sys

before_path, after_path, sent_path, acked_path, out_path = sys.argv[1:6]


def fail(message):
    print(f"FAIL: {message}", file=sys.stderr)
    sys.exit(1)


with open(before_path, newline="") as f:
    reader = csv.DictReader(f)
    header = reader.fieldnames
    before = list(reader)
with open(after_path, newline="") as f:
    after = list(csv.DictReader(f))
if [r["account_id"] for r in before] != [r["account_id"] for r in after]:
    fail("the server's accounts are not the accounts before, in order")

sent = {}
for line in open(sent_path):
    account, value = line.split()
    sent.setdefault(account, set()).add(value)
acked = {}
event_ids = set()
for line in open(acked_path):
    account, value, event_id = line.split()
    if event_id in event_ids:
        fail(f"event id {event_id} acknowledged twice")
    event_ids.add(event_id)
    acked[account] = value  # each account gets one event a round

applied = 0
for old, new in zip(before, after):
    account = old["account_id"]
    for column, value in new.items():
        if column != "employees" and value != old[column]:
            fail(f"{account}: {column} changed from {old[column]!r} to {value!r}")
    value = new["employees"]
    if account in acked:
        if value != acked[account]:
            fail(f"{account}: acknowledged employees={acked[account]} but the server has {value!r}")
    elif value != old["employees"] and value not in sent.get(account, ()):
        fail(f"{account}: employees is {value!r}, neither the old {old['employees']!r} nor a sent value")
    applied += value != old["employees"]
    old["employees"] = value

with open(out_path, "w", newline="") as f:
    writer = csv.DictWriter(f, fieldnames=header, lineterminator="\n")
    writer.writeheader()
    writer.writerows(before)
print(f"{len(acked)} acknowledged events applied; {applied} accounts changed")
