#!/usr/bin/env python3
"""Rebuilds blocks.csv: the ICAO 24-bit address blocks of ICAO Annex 10,
Volume III, Chapter 9, with the ISO 3166-1 alpha-2 code of each State.

Inputs, both from Debian packages (see README.md):
  /usr/share/dump1090-mutability/html/flags.js  (package dump1090-mutability):
      the allocation table as address ranges and State names
  /usr/share/iso-codes/json/iso_3166-1.json      (package iso-codes):
      ISO 3166-1 names and codes
"""
import json
import re
import sys

FLAGS = "/usr/share/dump1090-mutability/html/flags.js"
ISO = "/usr/share/iso-codes/json/iso_3166-1.json"

# ICAO's State names that ISO 3166-1 spells otherwise.
ALIASES = {
    "Cape Verde": "CV",
    "Cote d'Ivoire": "CI",
    "Czech Republic": "CZ",
    "Democratic People's Republic of Korea": "KP",
    "Democratic Republic of the Congo": "CD",
    "Libyan Arab Jamahiriya": "LY",
    "Micronesia, Federated States of": "FM",
    "Netherlands, Kingdom of the": "NL",
    "Republic of Korea": "KR",
    "Republic of Moldova": "MD",
    "Swaziland": "SZ",
    "The former Yugoslav Republic of Macedonia": "MK",
    "Turkey": "TR",
    "United Republic of Tanzania": "TZ",
    "Iran, Islamic Republic of": "IR",
    "Bolivia": "BO",
    "Venezuela": "VE",
    "Congo": "CG",
}


def main():
    iso = json.load(open(ISO))["3166-1"]
    by_name = {}
    for c in iso:
        for key in ("name", "common_name", "official_name"):
            if key in c:
                by_name[c[key]] = c["alpha_2"]
    text = open(FLAGS).read()
    rows = re.findall(
        r'\{\s*start:\s*0x([0-9A-Fa-f]+),\s*end:\s*0x([0-9A-Fa-f]+),\s*country:\s*"([^"]*)"', text)
    if len(rows) < 150:
        sys.exit("flags.js: fewer ranges than expected; has its format changed?")
    out = ["start,end,country,name"]
    missing = []
    for start, end, name in sorted(rows, key=lambda r: int(r[0], 16)):
        if name.startswith("ICAO") or name.startswith("Unassigned"):
            code = ""
        else:
            code = ALIASES.get(name) or by_name.get(name)
            if not code:
                missing.append(name)
                continue
        out.append(f"{int(start, 16):06x},{int(end, 16):06x},{code},\"{name}\"")
    if missing:
        sys.exit("no ISO 3166-1 code for: " + "; ".join(missing))
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
