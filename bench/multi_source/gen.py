#!/usr/bin/python3
"""Deterministic many-sources workload: accounts, opportunities, contacts.

    gen.py DIR ACCOUNTS [OPPS_PER_ACCOUNT=5] [CONTACTS_PER_ACCOUNT=2]

Writes DIR/accounts.csv, DIR/opportunities.csv (about 5 per account, 2% with
an account id no account has) and DIR/contacts.csv, seeded so the same
arguments always give the same bytes.
"""
import random
import sys
from datetime import date, timedelta

out, n = sys.argv[1], int(float(sys.argv[2]))
opps_per = float(sys.argv[3]) if len(sys.argv) > 3 else 5
contacts_per = float(sys.argv[4]) if len(sys.argv) > 4 else 2
rng = random.Random(11)
countries = ["US", "GB", "DE", "FR", "JP", "BR", "IN", "CA"]
stages = ["Closed Won", "Closed Lost", "Open", "Closed Won", "Closed Lost"]
products = ["Core", "Analytics", "Security", "Edge", "Mobile", "Support", "Data", "AI"]
titles = ["CEO", "CFO", "CIO", "VP Sales", "Director IT", "Manager", "Engineer", "Analyst",
          "Developer", "Administrator"]
start = date(2024, 6, 1)
days = [(start + timedelta(d)).isoformat() for d in range(0, 915)]
with open(f"{out}/accounts.csv", "w") as f:
    f.write("account_id,employees,country\n")
    for i in range(n):
        f.write(f"A{i:08d},{rng.randint(1, 50000)},{rng.choice(countries)}\n")
with open(f"{out}/opportunities.csv", "w") as f:
    f.write("opp_id,account_id,stage,amount,close_date,product\n")
    for i in range(int(n * opps_per)):
        a = rng.randrange(n) if rng.random() > 0.02 else n + rng.randrange(n)
        f.write(f"O{i:09d},A{a:08d},{rng.choice(stages)},{rng.randint(100, 9999999) / 100:.2f},"
                f"{rng.choice(days)},{rng.choice(products)}\n")
with open(f"{out}/contacts.csv", "w") as f:
    f.write("account_id,title\n")
    for i in range(int(n * contacts_per)):
        f.write(f"A{rng.randrange(n):08d},{rng.choice(titles)}\n")
