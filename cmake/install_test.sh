#!/usr/bin/env bash
# The `install` test (tests/CMakeLists.txt): cmake --install into a scratch
# prefix, move the installed tree elsewhere, and check that what it holds
# works there on its own:
#   - bin/skywitness --version states the project() version;
#   - a command that needs the bundled data finds share/skywitness beside the
#     program, not the source tree's data/ (which stays on disk, compiled in
#     as the last resort): with the installed table removed the same command
#     fails naming the installed path, and a program linked against the
#     installed headers and libskywitness_core.a, put in the installed bin/,
#     says data_dir() is the installed share/skywitness;
#   - $SKYWITNESS_DATA still comes first.
# Usage: install_test.sh CMAKE BUILD_DIR VERSION CXX SOURCE_DIR [CXXFLAGS...]
set -u
cmake=$1 build=$2 version=$3 cxx=$4 source=$5
shift 5
cxxflags=("$@")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
check() {
  local name=$1
  shift
  if "$@"; then echo "ok   $name"; else echo "FAIL $name"; fail=1; fi
}
unset SKYWITNESS_DATA

"$cmake" --install "$build" --prefix "$tmp/staged" >"$tmp/install.log" 2>&1
check "cmake --install: exit 0" test $? -eq 0 || { cat "$tmp/install.log"; exit 1; }
# Moved after installing: the data must be found from the program's own path,
# not from a prefix compiled in.
mv "$tmp/staged" "$tmp/moved"
p=$tmp/moved
share=$p/share/skywitness

check "installed: bin/skywitness" test -x "$p/bin/skywitness"
for lib in core modes io geo registry framing tracking tracks flights output store roles watchlist \
  encounters pipeline sim report ingest; do
  check "installed: lib/libskywitness_$lib.a" test -f "$p/lib/libskywitness_$lib.a"
done
check "installed: public headers" test -f "$p/include/skywitness/core/data.hpp"
check "installed: generated version header" test -f "$p/include/skywitness/core/version.hpp"
check "installed: bundled data" test -f "$share/airports/airports.csv"
check "installed: no rebuild scripts in the data" test -z "$(find "$share" -name 'rebuild*')"
check "installed: the source tree is elsewhere" test "$(cd "$source" && pwd)" != "$p"

out=$("$p/bin/skywitness" --version)
check "--version: skywitness $version" test "$out" = "skywitness $version"

"$p/bin/skywitness" aircraft show 0b4001 >"$tmp/show.txt" 2>"$tmp/show.err"
check "aircraft show with the installed data: exit 0" test $? -eq 0
check "aircraft show: State from the installed address blocks" grep -qxF "registered in GT (Guatemala)" "$tmp/show.txt"

# Without the installed table the installed program fails and names the file
# it looked for: it read share/skywitness, not the source tree's data/.
mv "$share/icao_blocks/blocks.csv" "$tmp/blocks.csv"
"$p/bin/skywitness" aircraft show 0b4001 >/dev/null 2>"$tmp/gone.err"
check "installed table removed: exit 1" test $? -eq 1
check "installed table removed: names the installed path" \
  grep -qF "cannot open $share/icao_blocks/blocks.csv" "$tmp/gone.err"
SKYWITNESS_DATA=$source/data "$p/bin/skywitness" aircraft show 0b4001 >"$tmp/env.txt" 2>&1
check "SKYWITNESS_DATA comes first" grep -qxF "registered in GT (Guatemala)" "$tmp/env.txt"
mv "$tmp/blocks.csv" "$share/icao_blocks/blocks.csv"

# The installed headers and static libraries build a program; in bin/ it finds
# the installed data.
cat >"$tmp/probe.cpp" <<'EOF'
#include <cstdio>
#include <string>

#include "skywitness/core/data.hpp"
#include "skywitness/core/version.hpp"

int main() {
  std::printf("%s %s\n", std::string(skywitness::version).c_str(), skywitness::data_dir().c_str());
}
EOF
"$cxx" -std=c++20 "${cxxflags[@]}" -I"$p/include" "$tmp/probe.cpp" -L"$p/lib" -lskywitness_core -lfmt \
  -o "$p/bin/probe" 2>"$tmp/probe.err"
check "a program built on the installed headers and libskywitness_core.a" test $? -eq 0 || cat "$tmp/probe.err"
if [ -x "$p/bin/probe" ]; then
  out=$("$p/bin/probe")
  check "data_dir() of an installed program: share/skywitness ($out)" test "$out" = "$version $share"
fi
exit $fail
