#!/usr/bin/env python3
"""Writes territories.csv, the wide benchmark policy's territory table.

    bench/policies/wide/make_territories.py > bench/policies/wide/territories.csv

Deterministic (no randomness: a CRC of the key picks the pod), standard
library only. The table is how a sales-ops team carves a patch: every US
state and Canadian province is assigned to an area, each area is split
into industry pods (a vertical territory for the four verticals with an
overlay team, numbered general pods for the rest), and the other countries
get a territory per vertical in the big markets and one per country
otherwise. The rows are keyed on country + state + industry, with the
fallback rows the policy's lookup tries after them:

  1. country, state, industry   every US state x 16 industries; Canadian
                                provinces x the 4 verticals
  2. country, state, ''         every Canadian province (the other industries)
  3. country, '', industry      the 8 biggest markets outside North America x
                                16 industries; the verticals elsewhere
  4. country, '', ''            every country (US and CA too: no state)

The countries and industries are those of tests/data/gen_accounts.py; the
empty country has no row (those accounts get the policy's
territory_unknown issue).
"""
import csv
import sys
import zlib

INDUSTRIES = [
    "Software", "Financial Services", "Healthcare", "Retail", "Manufacturing",
    "Telecommunications", "Education", "Government", "Energy", "Media",
    "Transportation", "Construction", "Hospitality", "Professional Services",
    "Real Estate", "Agriculture",
]
# vertical -> (pod code, overlay team); the other industries go to general pods
VERTICALS = {
    "Financial Services": ("FINS", "FINS overlay"),
    "Healthcare": ("HLS", "HLS overlay"),
    "Government": ("PUB", "Public Sector overlay"),
    "Education": ("PUB", "Public Sector overlay"),
    "Telecommunications": ("TMT", "TMT overlay"),
}
US_AREAS = {
    "West": "CA OR WA NV HI AK",
    "Mountain": "AZ UT CO NM ID MT WY",
    "Central": "TX OK KS NE SD ND MN IA MO AR LA",
    "Great Lakes": "IL IN OH MI WI KY",
    "Southeast": "FL GA NC SC TN AL MS",
    "Mid-Atlantic": "PA NJ DE MD DC VA WV",
    "Northeast": "NY MA CT RI NH VT ME",
}
CA_AREAS = {"East": "ON QC NS NB", "West": "BC AB MB SK"}
REGION_OF = {  # sales region of each country outside North America
    "EMEA": "GB DE FR NL SE ES IT CH IE PL BE DK NO FI AT IL AE ZA PT CZ SA TR GR HU RO NG KE EG RU UA",
    "APAC": "JP AU IN SG KR CN NZ HK TW MY TH PH VN ID",
    "LATAM": "BR MX AR CL CO PE",
}
BIG_MARKETS = ["GB", "DE", "FR", "JP", "AU", "IN", "NL", "BR"]
GENERAL_PODS = 3  # general (non-vertical) pods per US area


def pod(prefix, key, industry):
    """The territory of one industry in a patch: its vertical, else a general pod."""
    if industry in VERTICALS:
        return f"{prefix}-{VERTICALS[industry][0]}"
    return f"{prefix}-{1 + zlib.crc32(f'{key}|{industry}'.encode()) % GENERAL_PODS}"


def overlay(industry):
    return VERTICALS[industry][1] if industry in VERTICALS else ""


def rows():
    for area, states in US_AREAS.items():
        for state in states.split():
            for industry in INDUSTRIES:
                yield "US", state, industry, pod(f"NA-{area}", state, industry), "AMER", overlay(industry)
    for area, provinces in CA_AREAS.items():
        for province in provinces.split():
            for industry in VERTICALS:
                yield "CA", province, industry, pod(f"CA-{area}", province, industry), "AMER", overlay(industry)
            yield "CA", province, "", f"CA-{area}", "AMER", ""
    yield "US", "", "", "NA-Unassigned-State", "AMER", ""
    yield "CA", "", "", "CA-East", "AMER", ""
    for region, countries in REGION_OF.items():
        for country in countries.split():
            if country in BIG_MARKETS:
                for industry in INDUSTRIES:
                    code = VERTICALS[industry][0] if industry in VERTICALS else \
                        f"{1 + zlib.crc32(f'{country}|{industry}'.encode()) % 2}"
                    yield country, "", industry, f"{region}-{country}-{code}", region, overlay(industry)
            else:
                for industry in VERTICALS:
                    yield country, "", industry, f"{region}-{country}-{VERTICALS[industry][0]}", region, overlay(industry)
            yield country, "", "", f"{region}-{country}", region, ""


def main():
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(["country", "state", "industry", "territory", "sales_region", "overlay"])
    writer.writerows(rows())


if __name__ == "__main__":
    main()
