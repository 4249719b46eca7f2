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
