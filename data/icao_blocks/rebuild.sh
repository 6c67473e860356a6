#!/usr/bin/env bash
# Rebuilds blocks.csv from Debian's dump1090-mutability and iso-codes packages.
set -euo pipefail
cd "$(dirname "$0")"
sudo=""; [ "$(id -u)" -ne 0 ] && sudo=sudo
$sudo apt-get install -y -qq dump1090-mutability iso-codes python3 >/dev/null
python3 rebuild.py > blocks.csv.new
mv blocks.csv.new blocks.csv
echo "blocks.csv: $(($(wc -l < blocks.csv) - 1)) blocks"
