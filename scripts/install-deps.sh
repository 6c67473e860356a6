#!/usr/bin/env bash
# Installs the Debian (bookworm) packages skywitness builds and tests with.
# Skips the package manager when everything is already there.
# --node also installs node and npm, which build the dashboard's pages
# (web/, npm packages from its lock file into web/node_modules).
# --web also installs what the browser tests need: that, Debian's chromium,
# and playwright-core from npm into tests/web (from its lock file).
set -euo pipefail
cd "$(dirname "$0")/.."
pkgs=(cmake ninja-build g++ make pkg-config libcli11-dev libfmt-dev zlib1g-dev libzstd-dev
      nlohmann-json3-dev libsimdjson-dev libgtest-dev libsqlite3-dev libarchive-dev libdeflate-dev
      libtomlplusplus-dev libcpp-httplib-dev sqlite3 zstd python3 libbenchmark-dev clang-14
      libclang-rt-14-dev)
web=0
node=0
[ "${1:-}" = "--web" ] && web=1 && node=1
[ "${1:-}" = "--node" ] && node=1
[ $node -eq 1 ] && pkgs+=(nodejs npm)
[ $web -eq 1 ] && pkgs+=(chromium wrk)
missing=()
for p in "${pkgs[@]}"; do
  # node and npm may come from elsewhere than Debian: a working one will do.
  case $p in nodejs | npm) command -v "${p%js}" >/dev/null && continue ;; esac
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi
if [ $web -eq 1 ] && [ ! -d tests/web/node_modules/playwright-core ]; then
  echo "installing: playwright-core (npm, tests/web)"
  npm ci --prefix tests/web --no-audit --no-fund >/dev/null
fi
