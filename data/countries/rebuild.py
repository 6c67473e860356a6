#!/usr/bin/env python3
"""Writes countries.csv (ISO 3166-1 alpha-2 -> the country's common name)
and citizenship.csv: citizenship names as the US CBP encounter tables spell
them (upper case) -> ISO 3166-1 alpha-2.

Names come from Debian's iso-codes (name, common_name and official_name of
every country, upper-cased), then the spellings CBP uses that differ from
them. Run by rebuild.sh."""
import csv
import json

ISO = "/usr/share/iso-codes/json/iso_3166-1.json"

# CBP's own spellings (Nationwide Encounters, FY2020 onwards) where they are
# not an iso-codes name. "OTHER" is left out on purpose: it is no country.
CBP = {
    "CHINA, PEOPLES REPUBLIC OF": "CN",
    "MYANMAR (BURMA)": "MM",
    "RUSSIA": "RU",
    "TURKEY": "TR",
    "VENEZUELA": "VE",
    "BOLIVIA": "BO",
    "IRAN": "IR",
    "SYRIA": "SY",
    "VIETNAM": "VN",
    "LAOS": "LA",
    "MOLDOVA": "MD",
    "TANZANIA": "TZ",
    "CONGO, DEMOCRATIC REPUBLIC OF THE": "CD",
    "DEMOCRATIC REPUBLIC OF THE CONGO": "CD",
    "REPUBLIC OF THE CONGO": "CG",
    "SOUTH KOREA": "KR",
    "KOREA, SOUTH": "KR",
    "NORTH KOREA": "KP",
    "KOREA, NORTH": "KP",
    "TAIWAN": "TW",
    "CZECH REPUBLIC": "CZ",
    "IVORY COAST": "CI",
    "COTE D'IVOIRE": "CI",
    "CAPE VERDE": "CV",
    "SWAZILAND": "SZ",
    "MACEDONIA": "MK",
    "BURMA": "MM",
    "UNITED KINGDOM": "GB",
    "GREAT BRITAIN": "GB",
    "BAHAMAS, THE": "BS",
    "GAMBIA, THE": "GM",
}


def main():
    countries = json.load(open(ISO))["3166-1"]
    with open("countries.csv", "w") as f:
        out = csv.writer(f, lineterminator="\n")
        out.writerow(["country", "name"])
        for c in sorted(countries, key=lambda c: c["alpha_2"]):
            out.writerow([c["alpha_2"], c.get("common_name", c["name"])])
    names = {}
    for c in countries:
        for key in ("name", "common_name", "official_name"):
            if key in c:
                names.setdefault(c[key].upper(), c["alpha_2"])
    for name, code in CBP.items():
        names[name] = code
    out = csv.writer(open("citizenship.csv", "w"), lineterminator="\n")
    out.writerow(["citizenship", "country"])
    for name in sorted(names):
        out.writerow([name, names[name]])


main()
