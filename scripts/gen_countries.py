#!/usr/bin/env python3
"""Writes data/countries.csv from Debian's iso-codes ISO 3166-1 table.

Usage: scripts/gen_countries.py [/usr/share/iso-codes/json/iso_3166-1.json] > data/countries.csv

Columns: alpha2, alpha3, numeric, name, official_name, common_name (the
last two empty where iso-codes has none). iso-codes is LGPL-2.1-or-later;
data/README.md says what that means for the derived table. Hand-written
aliases (other languages, abbreviations) live in data/country_aliases.csv.
"""
import csv
import json
import sys

path = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/iso-codes/json/iso_3166-1.json"
with open(path, encoding="utf-8") as f:
    countries = json.load(f)["3166-1"]
out = csv.writer(sys.stdout, lineterminator="\n")
out.writerow(["alpha2", "alpha3", "numeric", "name", "official_name", "common_name"])
for c in sorted(countries, key=lambda c: c["alpha_2"]):
    out.writerow([c["alpha_2"], c["alpha_3"], c["numeric"], c["name"],
                  c.get("official_name", ""), c.get("common_name", "")])
