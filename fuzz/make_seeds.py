#!/usr/bin/env python3
"""Writes the seed corpora of the fuzz harnesses (fuzz/seeds/) from the
policies and CSV files under tests/ and examples/. Run it again when those
change; ctest replays the seeds, `make fuzz` starts from them. Needs PyYAML
(python3-yaml) only here, not to build or test."""
import hashlib
import pathlib
import struct

import yaml

root = pathlib.Path(__file__).resolve().parent.parent
seeds = root / "fuzz" / "seeds"
EXPR_KEYS = {"when", "value", "points", "min", "max", "top", "top_n", "group_by", "order_by"}


def write(kind, data):
    folder = seeds / kind
    folder.mkdir(parents=True, exist_ok=True)
    (folder / hashlib.sha1(data).hexdigest()[:16]).write_bytes(data)


def expressions(node, key=None):
    if isinstance(node, dict):
        for k, v in node.items():
            yield from expressions(v, k)
            if k == "compute" and isinstance(v, dict):
                yield from (x for x in v.values() if isinstance(x, str))
            if k == "keys" and isinstance(v, list):
                for part in v:
                    if isinstance(part, dict):
                        yield from (x for x in part.values() if isinstance(x, str))
    elif isinstance(node, list):
        for item in node:
            yield from expressions(item, key)
    elif key in EXPR_KEYS and node is not None:
        yield str(node)


policies = sorted(root.glob("tests/**/*.yaml")) + sorted(root.glob("examples/**/*.yaml"))
for policy in policies:
    if policy.parent.name == "bad":  # alias bombs among them: expanding one takes forever
        continue
    try:
        tree = yaml.safe_load(policy.read_text())
    except yaml.YAMLError:
        continue
    for text in expressions(tree):
        write("expr", text.encode())
# The harness's fixture has columns name (string), n (integer), d (decimal(2)), flag (boolean).
for text in ["n + 1", "d * 3 / 7", "name || 'x'", "CASE WHEN flag THEN n ELSE -n END",
             "n IN (1, 2, NULL)", "name LIKE 'A%'", "d BETWEEN 1 AND 2", "n IS NOT NULL",
             "COALESCE(n, 0) % 3", "NOT flag OR n > 5 AND d <= 2.5", "['a', name]"]:
    write("expr", text.encode())

# CSV: byte 0 = 3 requested columns, then (type, flags) per column; see fuzz_csv.cc.
# Bit 64 of byte 0 reads the file as TSV, bit 128 as Mac Roman.
options = [bytes([3, 0, 0x03, 1, 0x23, 2 + 5 * 2, 0x43 | 16]),
           bytes([4 | 16 | 32 | 1, 3, 0x61]), bytes([0 | 4 | 8]),
           bytes([64 | 32 | 16 | 1, 0, 0x23]), bytes([128 | 4 | 8])]
for csv in sorted(root.glob("tests/**/*.csv")) + sorted(root.glob("examples/**/*.csv")):
    data = csv.read_bytes()
    if len(data) > 4096:
        data = data[: data.rfind(b"\n", 0, 4096) + 1]
    for prefix in options:
        write("csv", prefix + data)

# Column payloads (mode 1 of fuzz_column_codec.cc): type, scale, flags, rows, ...
def varint(u):
    out = b""
    while u >= 0x80:
        out += bytes([u & 0x7F | 0x80])
        u >>= 7
    return out + bytes([u])


def zigzag(v):
    return (v << 1) ^ (v >> 63) if v >= 0 else ((v << 1) ^ -1) & (2**64 - 1)


def ints(values, delta=False):
    out, previous = bytes([2 if delta else 1]), 0
    for v in values:
        out += varint(zigzag(v - previous if delta else v))
        previous = v if delta else 0
    return out


write("column_codec", b"\x01" + bytes([2, 0, 0]) + varint(3) + ints([5, -7, 1 << 40]))
write("column_codec", b"\x01" + bytes([3, 2, 1]) + varint(3) + b"\x00\x01\x00" + ints([1, 2, 3], True))
write("column_codec", b"\x01" + bytes([4, 0, 3]) + varint(3) + b"\x00\x00\x01" + ints([0, 1, 0])
      + varint(2) + varint(4) + varint(0) + b"Acme")
write("column_codec", b"\x01" + bytes([1, 0, 0]) + varint(2) + ints([1, 0]))

# API bodies (fuzz_events.cc): byte 0 = 0 one event, 1 a JSON Lines batch, 2 a lead.
events = [
    '{"account_id": "A1", "set": {"seats": 5, "amount": 1.25, "flag": true}}',
    '{"account_id": "A2", "set": {"signed": "2024-02-29", "seen": "2024-03-01T10:00:00Z", "note": ""}}',
    '{"account_id": "A3", "set": {"parent": "A10", "website": "https://shop.example.co.uk/a"}}',
    '{"account_id": "A10", "set": {"parent": "A3"}, "touchpoint": {"type": "call", "seats": 12}}',
    '{"account_id": "N1", "op": "create", "set": {"seats": 1, "parent": "A0", "amount": 99.99}}',
    '{"account_id": "A4", "op": "remove"}',
    '{"account_id": "A5", "set": {"amount": null, "seen": null}, "touchpoint": {"spend": 150.5, '
    '"vip": false, "on": "2025-06-01", "at": "2025-06-01T08:00:00+02:00"}}',
]
for event in events:
    write("events", b"\x00" + event.encode())
write("events", b"\x01" + "\n".join(events).encode() + b"\n")
write("events", b"\x01" + "\r\n".join(events[4:6] + [events[4].replace("N1", "N2")]).encode())
for lead in ['{"email": "jane@c3.com", "touchpoint": {"type": "form", "seats": 40, "vip": true}}',
             '{"website": "https://www.c5.com/pricing"}',
             '{"email": "bob@unknown.example", "touchpoint": {"seats": 200}}']:
    write("events", b"\x02" + lead.encode())
