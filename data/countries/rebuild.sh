#!/usr/bin/env bash
# Rebuilds countries.csv and citizenship.csv from Debian's iso-codes package and the CBP
# spellings listed in rebuild.py.
set -euo pipefail
cd "$(dirname "$0")"
sudo=""; [ "$(id -u)" -ne 0 ] && sudo=sudo
$sudo apt-get install -y -qq iso-codes python3 >/dev/null
python3 rebuild.py
echo "countries.csv: $(($(wc -l < countries.csv) - 1)) countries"
echo "citizenship.csv: $(($(wc -l < citizenship.csv) - 1)) names"
