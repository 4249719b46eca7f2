#!/usr/bin/python3
"""bench/multi_source/policy.yaml in pandas, the way an analyst would.
    pandas_peer.py DIR OUT.csv"""
import sys
import pandas as pd

d, out = sys.argv[1], sys.argv[2]
acc = pd.read_csv(f"{d}/accounts.csv", dtype={"account_id": str}, usecols=["account_id"])
opp = pd.read_csv(f"{d}/opportunities.csv", dtype={"account_id": str, "stage": str, "amount": str,
                                                  "product": str}, parse_dates=["close_date"])
opp = opp[opp.close_date >= pd.Timestamp("2026-11-30") - pd.Timedelta(days=365)]
# exact money: cents as integers
opp["cents"] = opp.amount.str.replace(".", "", regex=False).astype("int64")
won = opp[opp.stage == "Closed Won"]
o = pd.DataFrame({
    "won_deals": won.groupby("account_id").size(),
    "won_cents": won.groupby("account_id").cents.sum(),
    "last_won": won.groupby("account_id").close_date.max(),
})
o = o.join(opp.groupby("account_id").product.agg(lambda s: ";".join(sorted(set(s)))).rename("products"),
           how="outer")
con = pd.read_csv(f"{d}/contacts.csv", dtype=str)
buyer = con.title.isin(["CEO", "CFO", "CIO", "VP Sales"])
c = pd.DataFrame({"buyers": buyer.groupby(con.account_id).sum()})
r = acc.join(o, on="account_id").join(c, on="account_id")
r["won_deals"] = r.won_deals.fillna(0).astype("int64")
r["won_amount"] = r.won_cents.map(lambda v: "" if pd.isna(v) else f"{int(v) // 100}.{int(v) % 100:02d}")
r["last_won"] = r.last_won.dt.strftime("%Y-%m-%d").fillna("")
r["buyers"] = r.buyers.fillna(0).astype("int64")
r["has_buyer"] = (r.buyers > 0).map({True: "true", False: "false"})
r[["account_id", "won_deals", "won_amount", "last_won", "products", "buyers", "has_buyer"]] \
    .to_csv(out, index=False)
