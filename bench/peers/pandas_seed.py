#!/usr/bin/python3
"""The seed policy (reference-workload.md) written the way a pandas user would.

    pandas_seed.py ACCOUNTS.csv REGIONS.csv OUT.csv

Peer implementation for benchmarks (bench/peers/README.md): whole-column
numpy/pandas operations, no Python loop over rows.

  * read only the 13 columns the policy uses (usecols), as text
    (dtype=str, no NA conversion), trim spaces and tabs, then parse integers;
  * families: parent ids become integer row codes (Index.get_indexer) and the
    tops are found by pointer jumping (p = p[p]) in numpy; whatever has not
    reached a top after ceil(log2 n) + 1 doublings sits on or below a cycle,
    and the cycles are labelled by their byte-wise smallest member with a
    second, min-propagating pointer jump;
  * the score is exact integer hundredths;
  * tiers: one groupby(segment).rank over a single int64 key that orders by
    (score desc, account_id asc) -- Python/numpy string order is code point
    order, which is UTF-8 byte order;
  * CSV out with DataFrame.to_csv (LF, minimal quoting).

Seats are rounded half away from zero; arr, web_visits_90d and active_users
must not be empty; issues come in the order
parent_missing;parent_cycle;employees_unknown;region_unknown
(docs/reference-workload.md).
"""
import csv
import sys

import numpy as np
import pandas as pd

NEEDED = ["account_id", "parent_id", "employees", "industry", "country", "state",
          "sector", "arr", "products", "web_visits_90d", "active_users",
          "intent_score", "competitor"]
OUTPUT = ["account_id", "global_id", "own_segment", "segment", "region", "score",
          "tier", "potential", "whitespace", "road", "missing_products", "issues"]
CATALOG = ["CORE", "SEC", "OBS", "SEARCH", "CLOUD"]
ISSUES = ["parent_missing", "parent_cycle", "employees_unknown", "region_unknown"]
PRIVATE = ["SMB", "Commercial", "Enterprise"]            # rank 0, 1, 2
INDUSTRY_POINTS = {"Software": 2000, "Financial Services": 2000, "Healthcare": 1000,
                   "Retail": 1000, "Manufacturing": 1000, "Telecommunications": 1000}
SEAT_SHARE_PERCENT = {"Software": 30, "Financial Services": 15, "Telecommunications": 10}


def fail(message):
    print(f"pandas_seed: {message}", file=sys.stderr)
    sys.exit(65)


def read_text_csv(path, columns):
    """The wanted columns of a CSV file as trimmed text (header names trimmed too)."""
    wanted = set(columns)
    df = pd.read_csv(path, dtype=str, keep_default_na=False, na_filter=False,
                     usecols=lambda name: name.strip(" \t") in wanted,
                     encoding="utf-8", engine="c")
    df.columns = [c.strip(" \t") for c in df.columns]
    missing = wanted - set(df.columns)
    if missing:
        fail(f"{path}: missing column(s) {', '.join(sorted(missing))}")
    return df[columns].apply(lambda s: s.str.strip(" \t"))


def to_int(path, s, name, nullable):
    """Text column -> (int64 values, known mask); empty is unknown or bad input."""
    known = s != ""
    if not nullable and not known.all():
        fail(f"{path}: {name}: empty value on data row {int(np.argmin(known.values)) + 1}")
    try:
        v = pd.to_numeric(s.where(known, "0"))
    except (ValueError, TypeError) as e:
        fail(f"{path}: {name}: {e}")
    if v.dtype.kind != "i":         # 1e3, 12.0, out of int64 range ...
        fail(f"{path}: {name}: not an integer column")
    return v.to_numpy(np.int64), known.to_numpy()


def pointer_jump(parent, rounds):
    """parent^(2^k) for k doublings (stops early at a fixed point)."""
    p = parent
    for _ in range(rounds):
        nxt = p[p]
        if np.array_equal(nxt, p):
            break
        p = nxt
    return p


def resolve_families(ids, parent_ids):
    """Step 1: top row of every row, and the parent_missing / parent_cycle masks."""
    n = len(ids)
    rows = np.arange(n)
    index = pd.Index(ids)
    if not index.is_unique:
        fail(f"duplicate account_id {ids[index.duplicated()].iloc[0]!r}")
    parent = index.get_indexer(parent_ids)                 # -1: empty or unknown
    missing = (parent == -1) & (parent_ids.to_numpy() != "")
    self_parent = parent == rows                           # a cycle of one
    parent = np.where(parent == -1, rows, parent)         # top-level: own parent
    rounds = max(1, int(np.ceil(np.log2(max(n, 2))))) + 1  # 2^rounds > n >= any depth
    p = pointer_jump(parent, rounds)
    is_top = parent == rows
    stuck = ~is_top[p]                                     # on or below a cycle
    cycle = self_parent.copy()
    if stuck.any():
        # after 2^rounds > n steps every stuck row has landed on its cycle, and
        # that map permutes each cycle, so these are exactly the cycle members
        members = np.unique(p[stuck])
        cycle[members] = True
        # label each cycle by its smallest member (byte order = code point order)
        order = np.empty(n, dtype=np.int64)
        order[np.argsort(ids.to_numpy().astype(str), kind="stable")] = rows
        local = np.full(n, -1)
        local[members] = np.arange(len(members))
        step = local[parent[members]]                      # parent inside the cycle
        best = order[members]
        for _ in range(rounds):
            best = np.minimum(best, best[step])
            step = step[step]
        heads = members[order[members] == best]
        parent = parent.copy()
        parent[heads] = heads                              # the head becomes top-level
        p = pointer_jump(parent, rounds)
    return p, missing, cycle


def main(argv):
    if len(argv) != 3:
        print("usage: pandas_seed.py ACCOUNTS.csv REGIONS.csv OUT.csv", file=sys.stderr)
        return 64
    accounts_path, regions_path, out_path = argv
    regions = read_text_csv(regions_path, ["country", "state", "region"])
    a = read_text_csv(accounts_path, NEEDED)
    n = len(a)

    employees, emp_known = to_int(accounts_path, a["employees"], "employees", True)
    intent, _ = to_int(accounts_path, a["intent_score"], "intent_score", True)
    arr, _ = to_int(accounts_path, a["arr"], "arr", False)
    web, _ = to_int(accounts_path, a["web_visits_90d"], "web_visits_90d", False)
    users, _ = to_int(accounts_path, a["active_users"], "active_users", False)
    if (a["account_id"] == "").any():
        fail(f"{accounts_path}: empty account_id")

    # 1. family
    top, parent_missing, parent_cycle = resolve_families(a["account_id"], a["parent_id"])

    # 2. own segment
    sector = a["sector"].to_numpy()
    public = np.select([sector == "federal", np.isin(sector, ["state", "local", "education"])],
                       ["FED", "SLED"], "")
    own = np.where(public != "", public,
                   np.select([employees >= 4001, employees >= 501], ["Enterprise", "Commercial"], "SMB"))
    own = np.where((public == "") & ~emp_known, "SMB", own)
    employees_unknown = (public == "") & ~emp_known

    # 3. family segment: a public top keeps its own, else the best private own segment
    rank = pd.Series(own).map({s: i for i, s in enumerate(PRIVATE)}).fillna(-1).astype(np.int64)
    family_best = rank.groupby(top).transform("max").to_numpy()
    top_own = own[top]
    segment = np.where(np.isin(top_own, ["FED", "SLED"]), top_own,
                       np.array(PRIVATE, dtype=object)[np.maximum(family_best, 0)])

    # 4. region: US rules, then (country, state), then (country, '')
    keys = a[["country", "state"]]
    by_state = keys.merge(regions, how="left", on=["country", "state"])["region"]
    by_country = keys[["country"]].merge(regions[regions["state"] == ""][["country", "region"]],
                                         how="left", on="country")["region"]
    table = by_state.fillna(by_country).to_numpy()
    us = a["country"].to_numpy() == "US"
    region = np.select([us & (segment == "FED"), us & (segment == "SLED"),
                        us & (segment == "Commercial"), pd.notna(table)],
                       ["AMER-FED", "SLED/CAN", "AMER-CMCL", table], "UNASSIGNED")
    region_unknown = ~(us & np.isin(segment, ["FED", "SLED", "Commercial"])) & pd.isna(table)

    # 5. score in hundredths
    score = (a["industry"].map(INDUSTRY_POINTS).fillna(0).to_numpy(np.int64)
             + 6 * np.minimum(users, 500)
             + 30 * np.where(a["intent_score"].to_numpy() == "", 0, intent)
             + np.select([web >= 50, web >= 10], [1000, 500], 0)
             - 1500 * (a["competitor"].to_numpy() != ""))
    score = np.clip(score, 0, 10000)

    # 6. tier within the family segment: score desc, account_id asc (byte-wise)
    id_rank = pd.factorize(a["account_id"], sort=True)[0].astype(np.int64)
    key = (10000 - score) * n + id_rank                     # unique per row
    frame = pd.DataFrame({"segment": segment, "key": key})
    grouped = frame.groupby("segment")["key"]
    r = grouped.rank(method="first").to_numpy(np.int64)
    size = grouped.transform("size").to_numpy(np.int64)
    tier = np.where(r <= (2 * size + 9) // 10, "A", np.where(r <= (size + 1) // 2, "B", "C"))

    # 7. potential and whitespace; seats rounded half away from zero
    share = a["industry"].map(SEAT_SHARE_PERCENT).fillna(5).to_numpy(np.int64)
    seat_hundredths = employees * share
    seats = np.sign(seat_hundredths) * ((np.abs(seat_hundredths) + 50) // 100)
    potential = np.where(emp_known, seats * 600, 0)
    whitespace = np.maximum(potential - arr, 0)

    # 8. ROAD
    high_spend, high_ws = arr >= 100000, whitespace >= 250000
    road = np.select([high_spend & high_ws, high_spend, high_ws],
                     ["Develop", "Retain", "Acquire"], "Opportunistic")

    # 9. missing products: trimmed tokens -> owned bits -> one of 32 strings
    tokens = a["products"].str.split(";").explode().str.strip(" \t")
    code = tokens.map({p: i for i, p in enumerate(CATALOG)})
    hit = code.notna().to_numpy()
    token_row = tokens.index.to_numpy()[hit]
    token_code = code.to_numpy()[hit].astype(np.int64)
    owned = np.zeros(n, dtype=np.int64)
    for i in range(len(CATALOG)):
        owned |= (np.bincount(token_row[token_code == i], minlength=n) > 0).astype(np.int64) << i
    missing_names = np.array([";".join(p for i, p in enumerate(CATALOG) if not m >> i & 1)
                              for m in range(32)], dtype=object)

    flags = (parent_missing.astype(np.int64) | parent_cycle.astype(np.int64) << 1
             | employees_unknown.astype(np.int64) << 2 | region_unknown.astype(np.int64) << 3)
    issue_names = np.array([";".join(c for i, c in enumerate(ISSUES) if m >> i & 1)
                            for m in range(16)], dtype=object)

    ids = a["account_id"].to_numpy()
    out = pd.DataFrame({
        "account_id": ids,
        "global_id": ids[top],
        "own_segment": own,
        "segment": segment,
        "region": region,
        "score": pd.Series(score // 100).astype(str) + "." + pd.Series(score % 100).astype(str).str.zfill(2),
        "tier": tier,
        "potential": potential,
        "whitespace": whitespace,
        "road": road,
        "missing_products": missing_names[owned],
        "issues": issue_names[flags],
    }, columns=OUTPUT)
    write_csv(out, out_path)
    return 0


def write_csv(out, path, text=("account_id", "global_id", "region")):
    """to_csv with LF and minimal quoting. Python's csv module does not quote a
    lone CR when the line terminator is LF (RFC 4180 wants it quoted); only
    the free-text columns `text` can hold one, so in that rare case quote by hand."""
    if not any(out[c].str.contains("\r", regex=False).any() for c in text):
        out.to_csv(path, index=False, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
        return
    cols = []
    for c in out.columns:
        s = out[c].astype(str)
        q = s.str.contains('[,"\r\n]', regex=True)
        cols.append(s.where(~q, '"' + s.str.replace('"', '""', regex=False) + '"'))
    lines = cols[0].str.cat(cols[1:], sep=",")
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(",".join(out.columns) + "\n")
        f.write("\n".join(lines) + ("\n" if len(lines) else ""))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
