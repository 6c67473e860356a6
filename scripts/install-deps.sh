#!/usr/bin/env bash
# Installs the Debian (bookworm) packages skywitness builds and tests with.
# Skips the package manager when everything is already there.
set -euo pipefail
pkgs=(cmake g++ make pkg-config libcli11-dev libfmt-dev zlib1g-dev libzstd-dev
      nlohmann-json3-dev libsimdjson-dev libgtest-dev libsqlite3-dev libarchive-dev libdeflate-dev libtomlplusplus-dev sqlite3 python3 libbenchmark-dev clang-14 libclang-rt-14-dev)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
echo "installing: ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
