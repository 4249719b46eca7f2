#!/usr/bin/env python3
"""Accounts with realistic near-duplicates, for the dedupe benchmark.

Writes CSV (account_id,name_key,web_domain,country_code,last_activity,
completeness) to stdout. About 85% of the rows are distinct companies
(names of one to three made-up words, 70% with a domain, countries weighted
towards the US); the rest copy an earlier company as a CRM would: the same
name key (40%), a one-byte typo (a substitution, deletion, insertion or
swap; 40%) or an added word (20%), with its domain half the time and its
country nine times in ten. The same --rows and --seed give the same bytes.

    python3 bench/dedupe/gen_dedupe_accounts.py --rows 1000000 --seed 1 > accounts.csv

--truth FILE also writes, for each copy, its account, the account it
copies and how (same / typo / word, domain kept or not, same country or
not), so that recall can be measured (recall.py).
"""
import argparse
import random
import sys

COUNTRIES = ["US"] * 30 + ["GB"] * 8 + ["DE"] * 8 + ["FR"] * 6 + ["CA"] * 5 + [
    "AU", "NL", "ES", "IT", "SE", "JP", "IN", "BR", "MX", "CH", "BE", "AT", "DK", "NO",
    "FI", "IE", "PL", "SG", "NZ", "ZA", "KR", "IL", "PT", "CZ", "AR"]
TLDS = [".com"] * 6 + [".io", ".net", ".de", ".co.uk"]
EXTRA = ["group", "holdings", "international", "labs", "systems", "partners"]


def words(rng, count):
    consonants, vowels = "bcdfghklmnprstvz", "aeiou"
    out = set()
    while len(out) < count:
        n = rng.randint(2, 4)
        out.add("".join(rng.choice(consonants) + rng.choice(vowels) for _ in range(n)) +
                (rng.choice(consonants) if rng.random() < 0.5 else ""))
    return sorted(out)


def typo(rng, name):
    i = rng.randrange(len(name))
    kind = rng.randrange(4)
    letter = rng.choice("abcdefghijklmnopqrstuvwxyz")
    if kind == 0:
        return name[:i] + letter + name[i + 1:]
    if kind == 1 and len(name) > 3:
        return name[:i] + name[i + 1:]
    if kind == 2:
        return name[:i] + letter + name[i:]
    if i + 1 < len(name):
        return name[:i] + name[i + 1] + name[i] + name[i + 2:]
    return name + letter


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, required=True)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--truth", help="write the copies made here to this CSV")
    args = parser.parse_args()
    truth = open(args.truth, "w") if args.truth else None
    if truth:
        truth.write("account_id,copy_of,change,domain_kept,same_country\n")
    rng = random.Random(args.seed)
    vocabulary = words(rng, 20000)
    companies = []  # (name, domain, country, row) of the distinct companies so far
    out = sys.stdout
    out.write("account_id,name_key,web_domain,country_code,last_activity,completeness\n")
    lines = []
    for row in range(args.rows):
        if companies and rng.random() < 0.15:
            name, domain, country, original = companies[rng.randrange(len(companies))]
            r = rng.random()
            if r < 0.4:
                change = "same"
            elif r < 0.8:
                name, change = typo(rng, name), "typo"
            else:
                name, change = name + " " + rng.choice(EXTRA), "word"
            if rng.random() < 0.5:
                domain = ""
            same_country = country
            if rng.random() < 0.1:
                country = rng.choice(COUNTRIES)
            if truth:
                truth.write(f"A{row:09d},A{original:09d},{change},{int(bool(domain))},"
                            f"{int(country == same_country)}\n")
        else:
            name = " ".join(rng.choice(vocabulary) for _ in range(rng.choice((1, 2, 2, 3))))
            domain = name.replace(" ", "") + rng.choice(TLDS) if rng.random() < 0.7 else ""
            country = rng.choice(COUNTRIES)
            companies.append((name, domain, country, row))
        day = 20200101 + rng.randrange(7) * 10000 + rng.randrange(12) * 100 + rng.randrange(28)
        lines.append(f"A{row:09d},{name},{domain},{country},{day},{rng.randrange(6)}\n")
        if len(lines) == 100000:
            out.write("".join(lines))
            lines.clear()
    out.write("".join(lines))


if __name__ == "__main__":
    main()
