#!/usr/bin/python3
"""Independent reference implementation (test oracle) of the seed policy.

Spec: the project's reference workload, "the seed policy" (docs/reference-workload.md).

    seed_reference.py --accounts accounts.csv --regions regions.csv --out expected.csv

Python 3 standard library only. Written for clarity, not speed; it handles
100k rows in a few seconds.

Exit codes:
    0   success
    64  usage error (bad command line)
    65  bad input data: message "FILE:LINE:COLUMN: what" on stderr
    66  an input file cannot be opened / read, or the output cannot be written

Decisions where the spec is silent (also listed in tests/golden/seed-edge/README.md):
  * CSV is strict RFC 4180: a field is either wholly quoted or unquoted.
    A '"' inside an unquoted field, or anything but ',' / line end / end of
    file after a closing quote, is an error. Records end with LF or CRLF; a
    CR anywhere else outside quotes is an error. The last record may lack a
    line terminator. A UTF-8 BOM at the very start is skipped. Blank lines
    (nothing at all between two line ends, not even spaces) are skipped
    anywhere, as pandas, DuckDB and Python's csv module do. Every other
    record must have exactly as many fields as the header. Every field must
    be valid UTF-8. A file without a header line (0 bytes, only a BOM, only
    blank lines) is an error.
  * LINE is the 1-based physical line (counting LFs from the start of the
    file, BOM or not) on which the offending field starts; COLUMN is the
    1-based index of that field in its record (= in the header's order).
    Errors about the header as a whole (no header, missing column) report
    1:1.
  * Required columns: all 15 of the spec's input table. A required column
    named twice in the header is an error. Header names are trimmed and
    matched exactly (case-sensitive).
  * Integers: after trimming, /-?[0-9]+/ and within signed 64 bit.
    employees, annual_revenue, intent_score: empty = unknown.
    arr, web_visits_90d, active_users: empty is bad input (the spec gives
    them no "empty = unknown", and an empty text is not "an optional - and
    digits").
  * account_id empty after trimming is an error (it could never be named by
    a parent_id, since an empty parent_id means "top-level").
  * The regions file is read first. Then the first bad record of the
    accounts file, top to bottom, is reported: a record's syntax (quoting,
    UTF-8, CR) in field order, then its field count, then its values
    (integers, empty/duplicate account_id) in field order. A duplicate
    account_id is reported on its second occurrence.
  * Seats are rounded half away from zero (2.5 -> 3, -2.5 -> -3).
  * Issues are written in the fixed order parent_missing, parent_cycle,
    employees_unknown, region_unknown.
"""
import argparse
import re
import sys

EXIT_USAGE = 64
EXIT_DATAERR = 65
EXIT_NOINPUT = 66

INT64_MIN = -(2 ** 63)
INT64_MAX = 2 ** 63 - 1

ACCOUNT_COLUMNS = [
    "account_id", "name", "parent_id", "employees", "annual_revenue", "industry",
    "country", "state", "sector", "arr", "products", "web_visits_90d",
    "active_users", "intent_score", "competitor",
]
NULLABLE_INT_COLUMNS = ["employees", "annual_revenue", "intent_score"]  # empty = unknown
REQUIRED_INT_COLUMNS = ["arr", "web_visits_90d", "active_users"]  # empty = bad input
REQUIRED = object()
REGION_COLUMNS = ["country", "state", "region"]

OUTPUT_HEADER = [
    "account_id", "global_id", "own_segment", "segment", "region", "score", "tier",
    "potential", "whitespace", "road", "missing_products", "issues",
]

PUBLIC_SECTORS = {"federal": "FED", "state": "SLED", "local": "SLED", "education": "SLED"}
PRIVATE_SEGMENT_RANK = {"SMB": 0, "Commercial": 1, "Enterprise": 2}
INDUSTRY_POINTS = {  # hundredths
    "Software": 2000, "Financial Services": 2000,
    "Healthcare": 1000, "Retail": 1000, "Manufacturing": 1000, "Telecommunications": 1000,
}
SEAT_SHARE_PERCENT = {"Software": 30, "Financial Services": 15, "Telecommunications": 10}
DEFAULT_SEAT_SHARE_PERCENT = 5
SEAT_PRICE = 600
CATALOG = ["CORE", "SEC", "OBS", "SEARCH", "CLOUD"]
ISSUE_ORDER = ["parent_missing", "parent_cycle", "employees_unknown", "region_unknown"]

INTEGER_RE = re.compile(r"-?[0-9]+")


class InputError(Exception):
    """Bad input data at a place: rendered as FILE:LINE:COLUMN: message."""

    def __init__(self, path, line, column, message):
        super().__init__(f"{path}:{line}:{column}: {message}")


def trim(text):
    """Remove leading/trailing spaces and tabs only (not CR, LF, NBSP...)."""
    return text.strip(" \t")


# ---------------------------------------------------------------- CSV reader

UNQUOTED_FIELD = re.compile(rb'[^,"\r\n]*')


def read_csv_records(path, data):
    """Yield (line, fields) per record; fields is a list of (line, column, str).

    Strict RFC 4180 over bytes, see module docstring. `line` is the line on
    which the record (resp. field) starts.
    """
    pos = 0
    if data.startswith(b"\xef\xbb\xbf"):
        pos = 3
    end = len(data)
    line = 1
    while pos < end:
        # a blank line (nothing at all before its LF / CRLF) is skipped
        if data[pos] == 0x0A:
            pos += 1
            line += 1
            continue
        if data.startswith(b"\r\n", pos):
            pos += 2
            line += 1
            continue
        record_line = line
        fields = []
        while True:  # one field per iteration
            column = len(fields) + 1
            field_line = line
            if pos < end and data[pos] == 0x22:  # '"' -> quoted field
                pos += 1
                pieces = []
                while True:
                    q = data.find(b'"', pos)
                    if q < 0:
                        raise InputError(path, field_line, column,
                                         "unterminated quoted field (no closing '\"' before end of file)")
                    pieces.append(data[pos:q])
                    if q + 1 < end and data[q + 1] == 0x22:  # doubled quote
                        pieces.append(b'"')
                        pos = q + 2
                        continue
                    pos = q + 1
                    break
                raw = b"".join(pieces)
                line += raw.count(b"\n")
                if pos < end and data[pos] not in (0x2C, 0x0A, 0x0D):
                    raise InputError(path, line, column,
                                     "unexpected character after closing quote")
            else:
                m = UNQUOTED_FIELD.match(data, pos)
                raw = m.group(0)
                pos = m.end()
                if pos < end and data[pos] == 0x22:
                    raise InputError(path, field_line, column,
                                     "'\"' inside an unquoted field")
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError as e:
                raise InputError(path, field_line, column,
                                 f"invalid UTF-8 (byte 0x{raw[e.start]:02x})") from None
            fields.append((field_line, column, text))
            # what ends this field?
            if pos >= end:
                break
            c = data[pos]
            if c == 0x2C:  # ','
                pos += 1
                continue
            if c == 0x0A:
                pos += 1
                line += 1
                break
            if c == 0x0D:
                if pos + 1 < end and data[pos + 1] == 0x0A:
                    pos += 2
                    line += 1
                    break
                raise InputError(path, line, column, "CR not followed by LF outside quotes")
            raise AssertionError("unreachable")
        yield record_line, fields


def open_table(path, required):
    """Read a CSV file; return (records iterator, {column name: field index})."""
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as e:
        print(f"{path}: cannot read: {e.strerror}", file=sys.stderr)
        sys.exit(EXIT_NOINPUT)
    records = read_csv_records(path, data)
    header = next(records, (None, None))[1]
    if header is None:
        raise InputError(path, 1, 1, "empty file: no header line")
    index = {}
    for _, column, name in header:
        name = trim(name)
        if name in required and name in index:
            raise InputError(path, 1, column, f'column "{name}" appears twice in the header')
        index.setdefault(name, column - 1)
    for name in required:
        if name not in index:
            raise InputError(path, 1, 1, f'missing required column "{name}"')
    width = len(header)

    def rows():
        for record_line, fields in records:
            if len(fields) != width:
                if len(fields) > width:
                    fl, col, _ = fields[width]
                    raise InputError(path, fl, col,
                                     f"record has {len(fields)} fields, header has {width}")
                fl, col, _ = fields[-1]
                raise InputError(path, fl, col + 1,
                                 f"record has {len(fields)} fields, header has {width}")
            yield record_line, fields

    return rows(), index


def parse_integer(path, field, column_name, empty_value):
    line, column, text = field
    text = trim(text)
    if text == "":
        if empty_value is REQUIRED:
            raise InputError(path, line, column, f'{column_name}: empty value (expected an integer)')
        return empty_value
    if not INTEGER_RE.fullmatch(text):
        raise InputError(path, line, column, f'{column_name}: "{text}" is not an integer')
    value = int(text)
    if not INT64_MIN <= value <= INT64_MAX:
        raise InputError(path, line, column, f'{column_name}: "{text}" is out of 64-bit range')
    return value


# ---------------------------------------------------------------- input

class Account:
    __slots__ = ("line", "account_id", "parent_id", "employees", "industry", "country",
                 "state", "sector", "arr", "products", "web_visits", "active_users",
                 "intent", "competitor",
                 # derived
                 "parent", "top", "issues", "own_segment", "segment", "region",
                 "score", "tier", "potential", "whitespace", "road", "missing")


def read_accounts(path):
    rows, col = open_table(path, ACCOUNT_COLUMNS)
    accounts = []
    first_line_of = {}
    # Checked columns in file (field) order, so the first bad field is reported.
    checks = sorted([(col[c], c, None) for c in NULLABLE_INT_COLUMNS] +
                    [(col[c], c, REQUIRED) for c in REQUIRED_INT_COLUMNS] +
                    [(col["account_id"], "account_id", None)])
    for record_line, fields in rows:
        a = Account()
        a.line = record_line
        ints = {}
        for index, name, empty_value in checks:
            field = fields[index]
            if name != "account_id":
                ints[name] = parse_integer(path, field, name, empty_value)
                continue
            a.account_id = trim(field[2])
            if a.account_id == "":
                raise InputError(path, field[0], field[1], "account_id is empty")
            if a.account_id in first_line_of:
                raise InputError(path, field[0], field[1],
                                 f'duplicate account_id "{a.account_id}" '
                                 f"(first seen on line {first_line_of[a.account_id]})")
            first_line_of[a.account_id] = field[0]

        def text(name):
            return trim(fields[col[name]][2])

        a.parent_id = text("parent_id")
        a.industry = text("industry")
        a.country = text("country")
        a.state = text("state")
        a.sector = text("sector")
        a.products = text("products")
        a.competitor = text("competitor")
        a.employees = ints["employees"]
        a.intent = ints["intent_score"]
        a.arr = ints["arr"]
        a.web_visits = ints["web_visits_90d"]
        a.active_users = ints["active_users"]
        a.issues = set()
        accounts.append(a)
    return accounts


def read_regions(path):
    rows, col = open_table(path, REGION_COLUMNS)
    table = {}
    for record_line, fields in rows:
        country = trim(fields[col["country"]][2])
        state = trim(fields[col["state"]][2])
        region = trim(fields[col["region"]][2])
        if (country, state) in table:
            f = fields[col["country"]]
            raise InputError(path, f[0], f[1], f'duplicate region row for "{country}","{state}"')
        table[(country, state)] = region
    return table


# ---------------------------------------------------------------- policy

def resolve_families(accounts):
    """Step 1: set a.parent (Account or None), a.top, issues parent_missing/cycle."""
    by_id = {a.account_id: a for a in accounts}
    for a in accounts:
        a.parent = None
        if a.parent_id != "":
            p = by_id.get(a.parent_id)
            if p is None:
                a.issues.add("parent_missing")
            else:
                a.parent = p
    # Pass 1: walk up from each account and break every cycle found, by
    # making its byte-wise smallest member top-level.
    UNSEEN, ON_PATH, DONE = 0, 1, 2
    state = {id(a): UNSEEN for a in accounts}
    for start in accounts:
        path = []
        node = start
        while node is not None and state[id(node)] == UNSEEN:
            state[id(node)] = ON_PATH
            path.append(node)
            node = node.parent
        if node is not None and state[id(node)] == ON_PATH:
            cycle = path[path.index(node):]  # the last one's parent is `node`
            head = min(cycle, key=lambda m: m.account_id.encode("utf-8"))
            for m in cycle:
                m.issues.add("parent_cycle")
            head.parent = None
        for m in path:
            state[id(m)] = DONE
    # Pass 2: no cycles remain; the top of an account is its parent's top.
    for a in accounts:
        a.top = None
    for start in accounts:
        path = []
        node = start
        while node.top is None and node.parent is not None:
            path.append(node)
            node = node.parent
        if node.top is None:  # a top-level account
            node.top = node
        for m in path:
            m.top = node.top


def own_segment(a):
    """Step 2."""
    public = PUBLIC_SECTORS.get(a.sector)
    if public is not None:
        return public
    if a.employees is None:
        a.issues.add("employees_unknown")
        return "SMB"
    if a.employees >= 4001:
        return "Enterprise"
    if a.employees >= 501:
        return "Commercial"
    return "SMB"


def family_segments(accounts):
    """Step 3: segment of each family, keyed by id(top)."""
    best = {}  # id(top) -> best private own segment rank among members
    for a in accounts:
        rank = PRIVATE_SEGMENT_RANK.get(a.own_segment)
        if rank is None:
            continue  # public members are left out of the comparison
        key = id(a.top)
        if rank > best.get(key, -1):
            best[key] = rank
    names = {v: k for k, v in PRIVATE_SEGMENT_RANK.items()}
    for a in accounts:
        top = a.top
        if top.own_segment in ("FED", "SLED"):
            a.segment = top.own_segment
        else:
            a.segment = names[best[id(top)]]  # top itself is private, so present


def region(a, regions):
    """Step 4."""
    if a.country == "US":
        if a.segment == "FED":
            return "AMER-FED"
        if a.segment == "SLED":
            return "SLED/CAN"
        if a.segment == "Commercial":
            return "AMER-CMCL"
    r = regions.get((a.country, a.state))
    if r is None:
        r = regions.get((a.country, ""))
    if r is None:
        a.issues.add("region_unknown")
        return "UNASSIGNED"
    return r


def score_hundredths(a):
    """Step 5, exact in hundredths of a point."""
    s = INDUSTRY_POINTS.get(a.industry, 0)
    s += 6 * min(a.active_users, 500)
    s += 30 * (a.intent if a.intent is not None else 0)
    if a.web_visits >= 50:
        s += 1000
    elif a.web_visits >= 10:
        s += 500
    if a.competitor != "":
        s -= 1500
    return max(0, min(10000, s))


def format_score(h):
    return f"{h // 100}.{h % 100:02d}"


def assign_tiers(accounts):
    """Step 6: A/B/C within each (family) segment."""
    groups = {}
    for a in accounts:
        groups.setdefault(a.segment, []).append(a)
    for members in groups.values():
        members.sort(key=lambda m: (-m.score, m.account_id.encode("utf-8")))
        n = len(members)
        a_cut = (2 * n + 9) // 10  # ceil(0.2 n)
        b_cut = (n + 1) // 2  # ceil(0.5 n)
        for r, m in enumerate(members, start=1):
            m.tier = "A" if r <= a_cut else ("B" if r <= b_cut else "C")


def round_half_away_from_zero_div(numerator, denominator):
    """numerator / denominator (denominator > 0) rounded half away from zero."""
    q, r = divmod(abs(numerator), denominator)
    if 2 * r >= denominator:
        q += 1
    return q if numerator >= 0 else -q


def potential(a):
    """Step 7 (potential part)."""
    if a.employees is None:
        return 0
    share = SEAT_SHARE_PERCENT.get(a.industry, DEFAULT_SEAT_SHARE_PERCENT)
    seats = round_half_away_from_zero_div(a.employees * share, 100)
    return seats * SEAT_PRICE


def road(a):
    """Step 8."""
    high_spend = a.arr >= 100000
    high_whitespace = a.whitespace >= 250000
    if high_spend:
        return "Develop" if high_whitespace else "Retain"
    return "Acquire" if high_whitespace else "Opportunistic"


def missing_products(a):
    """Step 9."""
    owned = {trim(t) for t in a.products.split(";")}
    return ";".join(p for p in CATALOG if p not in owned)


def run_policy(accounts, regions):
    resolve_families(accounts)
    for a in accounts:
        a.own_segment = own_segment(a)
    family_segments(accounts)
    for a in accounts:
        a.region = region(a, regions)
        a.score = score_hundredths(a)
        a.potential = potential(a)
        a.whitespace = max(a.potential - a.arr, 0)
        a.road = road(a)
        a.missing = missing_products(a)
    assign_tiers(accounts)


# ---------------------------------------------------------------- output

def csv_field(text):
    if any(c in text for c in ',"\r\n'):
        return '"' + text.replace('"', '""') + '"'
    return text


def write_output(path, accounts):
    lines = [",".join(OUTPUT_HEADER)]
    for a in accounts:
        issues = ";".join(i for i in ISSUE_ORDER if i in a.issues)
        row = [a.account_id, a.top.account_id, a.own_segment, a.segment, a.region,
               format_score(a.score), a.tier, str(a.potential), str(a.whitespace), a.road,
               a.missing, issues]
        lines.append(",".join(csv_field(f) for f in row))
    text = "\n".join(lines) + "\n"
    try:
        if path == "-":
            sys.stdout.buffer.write(text.encode("utf-8"))
        else:
            with open(path, "wb") as f:
                f.write(text.encode("utf-8"))
    except OSError as e:
        print(f"{path}: cannot write: {e.strerror}", file=sys.stderr)
        sys.exit(EXIT_NOINPUT)


def main(argv):
    ap = argparse.ArgumentParser(description="Reference implementation of the seed policy.")
    ap.add_argument("--accounts", required=True)
    ap.add_argument("--regions", required=True)
    ap.add_argument("--out", required=True, help="output CSV, - for stdout")
    try:
        args = ap.parse_args(argv)
    except SystemExit as e:
        return EXIT_USAGE if e.code else 0
    try:
        regions = read_regions(args.regions)
        accounts = read_accounts(args.accounts)
    except InputError as e:
        print(str(e), file=sys.stderr)
        return EXIT_DATAERR
    run_policy(accounts, regions)
    write_output(args.out, accounts)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
