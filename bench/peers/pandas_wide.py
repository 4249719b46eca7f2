#!/usr/bin/python3
"""The wide benchmark policy (bench/policies/wide/policy.yaml) written the way
a pandas user would, as pandas_seed.py writes the seed policy and with its
reader, family resolution and writer.

    pandas_wide.py ACCOUNTS.csv TERRITORIES.csv OUT.csv

Whole-column numpy/pandas operations, no Python loop over rows:

  * the territory: four left merges on the table (first row per key), the
    first key that finds a row wins;
  * fit in exact ten-thousandths, rounded half away from zero to tenths;
    engagement in exact hundredths; wallet half away from zero;
  * both tiers: one global np.lexsort over the order keys (revenue unknown
    sorts last), then groupby(...).rank(method="first") of the position.
"""
import sys

import numpy as np
import pandas as pd

from pandas_seed import fail, read_text_csv, resolve_families, to_int, write_csv

NEEDED = ["account_id", "name", "parent_id", "employees", "annual_revenue", "industry",
          "country", "state", "sector", "arr", "products", "web_visits_90d", "active_users",
          "intent_score", "competitor"]
TABLE = ["country", "state", "industry", "territory", "sales_region", "overlay"]
OUTPUT = ["account_id", "global_id", "family_size", "segment", "territory", "sales_region",
          "overlay", "holding", "products_owned", "fit", "account_tier", "engagement", "focus",
          "coverage", "queue", "family_revenue", "wallet", "open_wallet", "issues"]
ISSUES = ["territory_unknown", "parent_missing", "parent_cycle", "revenue_unknown"]
CORE = ["Software", "Financial Services", "Telecommunications", "Media"]
ADJACENT = ["Healthcare", "Retail", "Manufacturing", "Energy", "Transportation"]
PUBLIC = ["federal", "state", "local", "education"]


def lookup(a, table):
    """Step 1: the first of the four keys that finds a row of the table."""
    table = table.drop_duplicates(["country", "state", "industry"], keep="first")
    blank = pd.Series("", index=a.index)
    found = pd.DataFrame(index=a.index, columns=TABLE[3:], dtype=object)
    for state, industry in ((a["state"], a["industry"]), (a["state"], blank),
                            (blank, a["industry"]), (blank, blank)):
        keys = pd.DataFrame({"country": a["country"], "state": state, "industry": industry})
        hit = keys.merge(table, how="left", on=["country", "state", "industry"])  # keeps the left order
        hit.index = a.index
        found = found.fillna(hit[TABLE[3:]])
    return found


def ranks_within(groups, *keys):
    """1-based rank of each row within its group, ordered by keys (most significant first)."""
    order = np.lexsort(keys[::-1])
    position = np.empty(len(order), dtype=np.int64)
    position[order] = np.arange(len(order))
    frame = pd.DataFrame({"group": groups, "position": position})
    return frame.groupby("group", dropna=False)["position"].rank(method="first").to_numpy(np.int64)


def main(argv):
    if len(argv) != 3:
        print("usage: pandas_wide.py ACCOUNTS.csv TERRITORIES.csv OUT.csv", file=sys.stderr)
        return 64
    accounts_path, territories_path, out_path = argv
    table = read_text_csv(territories_path, TABLE)
    a = read_text_csv(accounts_path, NEEDED)
    n = len(a)
    employees, emp_known = to_int(accounts_path, a["employees"], "employees", True)
    revenue, rev_known = to_int(accounts_path, a["annual_revenue"], "annual_revenue", True)
    intent, intent_known = to_int(accounts_path, a["intent_score"], "intent_score", True)
    arr, _ = to_int(accounts_path, a["arr"], "arr", False)
    web, _ = to_int(accounts_path, a["web_visits_90d"], "web_visits_90d", False)
    users, _ = to_int(accounts_path, a["active_users"], "active_users", False)
    if (a["account_id"] == "").any():
        fail(f"{accounts_path}: empty account_id")

    # 1. territory
    found = lookup(a, table)
    territory = found["territory"].to_numpy(dtype=object)
    territory_unknown = found["territory"].isna().to_numpy()
    overlay = found["overlay"].fillna("").to_numpy(dtype=object)

    # 2. row-local facts; wallet = ROUND(revenue * 0.0004), half away from zero
    name = a["name"]
    holding = (name.str.contains("Holdings", regex=False) | name.str.contains("Group", regex=False)).to_numpy()
    products = a["products"]
    owned = np.where(products == "", 0, products.str.count(";") + 1).astype(np.int64)
    wallet_e4 = np.where(rev_known, revenue, 0) * 4
    wallet = np.sign(wallet_e4) * ((np.abs(wallet_e4) + 5000) // 10000)

    # 3. fit in ten-thousandths, clamped, then tenths half away from zero (never negative here)
    industry = a["industry"].to_numpy()
    fit_e4 = (np.select([rev_known & (revenue >= 1_000_000_000), rev_known & (revenue >= 100_000_000),
                         rev_known & (revenue >= 10_000_000)], [350000, 250000, 120000], 0)
              + np.select([np.isin(industry, CORE), np.isin(industry, ADJACENT)], [200000, 100000], 0)
              + 25 * np.minimum(np.where(emp_known, employees, 0), 8000)
              + 50000 * (overlay != "") + 50000 * holding
              - 100000 * np.isin(a["competitor"].to_numpy(), ["Splunk", "Dynatrace"]))
    fit = (np.clip(fit_e4, 0, 1_000_000) + 500) // 1000

    # 4-5. family; its size, ARR and revenue; the segment
    top, parent_missing, parent_cycle = resolve_families(a["account_id"], a["parent_id"])
    family_size = np.bincount(top, minlength=n)[top]
    family_arr = pd.Series(arr).groupby(top).transform("sum").to_numpy(np.int64)
    family_rev = pd.Series(np.where(rev_known, revenue, 0)).groupby(top).transform("sum").to_numpy(np.int64)
    family_rev_known = pd.Series(rev_known).groupby(top).transform("any").to_numpy(bool)
    public = np.isin(a["sector"].to_numpy()[top], PUBLIC)
    segment = np.select([public, family_rev_known & (family_rev >= 5_000_000_000),
                         family_rev_known & (family_rev >= 500_000_000),
                         family_rev_known & (family_rev >= 50_000_000)],
                        ["Public Sector", "Strategic", "Enterprise", "Mid-Market"], "SMB")
    revenue_unknown = ~public & ~family_rev_known

    # 6. account tier within the segment: fit desc, family ARR desc, id asc (byte-wise)
    id_rank = pd.factorize(a["account_id"], sort=True)[0].astype(np.int64)
    r = ranks_within(segment, -fit, -family_arr, id_rank)
    size = pd.Series(segment).groupby(segment).transform("size").to_numpy(np.int64)
    account_tier = np.where(r <= (size + 9) // 10, "Tier 1",
                            np.where(r <= (35 * size + 99) // 100, "Tier 2", "Tier 3"))

    # 7. engagement in hundredths
    engagement = np.clip(40 * np.where(intent_known, intent, 0) + 15 * np.minimum(web, 100)
                         + 5 * np.minimum(users, 300) + 1000 * ((owned == 0) & (family_arr > 0))
                         + 500 * (owned >= 3)
                         + 800 * ((a["competitor"].to_numpy() != "") & intent_known & (intent >= 50)),
                         0, 10000)

    # 8. focus within the territory: engagement desc, revenue desc (unknown last), id asc
    revenue_key = np.where(rev_known, -revenue, np.iinfo(np.int64).max)
    r = ranks_within(territory, -engagement, revenue_key, id_rank)
    focus = np.where(r <= 50, "Hot", np.where(engagement >= 2000, "Warm", "Cold"))

    # 9. coverage, queue, open wallet
    coverage = np.select([(segment == "Strategic") | (account_tier == "Tier 1"), segment == "Public Sector",
                          (focus == "Hot") | (segment == "Enterprise")],
                         ["Named AE", "Public Sector desk", "Territory AE"], "Inside Sales")
    queue = np.where(territory_unknown, "UNASSIGNED", territory).astype(object) + ":" + coverage.astype(object)

    flags = (territory_unknown.astype(np.int64) | parent_missing.astype(np.int64) << 1
             | parent_cycle.astype(np.int64) << 2 | revenue_unknown.astype(np.int64) << 3)
    issue_names = np.array([";".join(c for i, c in enumerate(ISSUES) if m >> i & 1) for m in range(16)],
                           dtype=object)
    tenths = lambda v: pd.Series(v // 10).astype(str) + "." + pd.Series(v % 10).astype(str)
    hundredths = lambda v: pd.Series(v // 100).astype(str) + "." + pd.Series(v % 100).astype(str).str.zfill(2)
    ids = a["account_id"].to_numpy()
    out = pd.DataFrame({
        "account_id": ids,
        "global_id": ids[top],
        "family_size": family_size,
        "segment": segment,
        "territory": territory,
        "sales_region": found["sales_region"].to_numpy(dtype=object),
        "overlay": overlay,
        "holding": np.where(holding, "true", "false"),
        "products_owned": owned,
        "fit": tenths(fit),
        "account_tier": account_tier,
        "engagement": hundredths(engagement),
        "focus": focus,
        "coverage": coverage,
        "queue": queue,
        "family_revenue": np.where(family_rev_known, pd.Series(family_rev).astype(str), ""),
        "wallet": wallet,
        "open_wallet": np.maximum(wallet - arr, 0),
        "issues": issue_names[flags],
    }, columns=OUTPUT)
    write_csv(out, out_path, text=("account_id", "global_id"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
