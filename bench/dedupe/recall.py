#!/usr/bin/env python3
"""Recall of the dedupe step on a generated universe: of the copies
gen_dedupe_accounts.py made (--truth), the share found in the same cluster
as the account they copy, by kind of copy.

    python3 bench/dedupe/gen_dedupe_accounts.py --rows 200000 --truth truth.csv > accounts.csv
    build/acctseg run -p bench/dedupe/policy.yaml -i accounts=accounts.csv -o out.csv
    python3 bench/dedupe/recall.py truth.csv out.csv
"""
import csv
import sys
from collections import defaultdict


def main():
    truth_path, out_path = sys.argv[1:3]
    with open(out_path, newline="") as f:
        cluster = {row["account_id"]: row["dup_cluster"] for row in csv.DictReader(f)}
    found, total = defaultdict(int), defaultdict(int)
    with open(truth_path, newline="") as f:
        for row in csv.DictReader(f):
            kind = (row["change"], "domain shared" if row["domain_kept"] == "1" else "no domain",
                    "same country" if row["same_country"] == "1" else "other country")
            total[kind] += 1
            mine, theirs = cluster[row["account_id"]], cluster[row["copy_of"]]
            found[kind] += bool(mine) and mine == theirs
    print("| copy | domain | country | copies | found | recall |")
    print("| --- | --- | --- | ---: | ---: | ---: |")
    for kind in sorted(total):
        print(f"| {' | '.join(kind)} | {total[kind]} | {found[kind]} | "
              f"{100 * found[kind] / total[kind]:.1f}% |")
    print(f"| all | | | {sum(total.values())} | {sum(found.values())} | "
          f"{100 * sum(found.values()) / sum(total.values()):.1f}% |")


if __name__ == "__main__":
    main()
