#!/bin/sh
# check_docs.sh CMAKE BUILD_DIR DOCS_OUTPUT_DIR
#
# Builds the `docs` target of BUILD_DIR (Doxygen over include/fuseord/*.h,
# every warning an error: an undocumented function, field, macro or typedef,
# a missing @param, a doc error) and fails on any warning. Then reads the
# XML output for what doxygen lets pass without a word: an enum value with
# no comment. Exits non-zero on the first failure.
set -u

fail() { echo "check_docs: FAIL: $*" >&2; exit 1; }

[ $# -eq 3 ] || fail "usage: $0 CMAKE BUILD_DIR DOCS_OUTPUT_DIR"
cmake=$1 build=$2 out=$3
xml=$out/xml

# A stale XML tree must not pass for a fresh one.
rm -rf "$xml" || fail "cannot remove $xml"
log=$(mktemp) || fail "mktemp"
trap 'rm -f "$log"' EXIT
"$cmake" --build "$build" --target docs >"$log" 2>&1
rc=$?
cat "$log"
[ $rc -eq 0 ] || fail "cmake --build $build --target docs exited $rc (a doxygen warning is an error)"
if grep -Eiq '(warning|error):' "$log"; then
	fail "doxygen warned (see above)"
fi
[ -f "$out/html/index.html" ] || fail "no $out/html/index.html"
ls "$xml"/*_8h.xml >/dev/null 2>&1 || fail "no XML for the headers in $xml"

# <enumvalue> ... <name>X</name> ... </enumvalue>: documented iff it has a <para>.
undocumented=$(awk '
	/<enumvalue / { on = 1; name = ""; doc = 0 }
	on && match($0, /<name>[^<]*<\/name>/) { name = substr($0, RSTART + 6, RLENGTH - 13) }
	on && /<para>/ { doc = 1 }
	on && /<\/enumvalue>/ { if (!doc) print FILENAME ": enum value " name " is not documented"; on = 0 }
' "$xml"/*_8h.xml | sed "s|^$xml/||" | sort -u)
[ -z "$undocumented" ] || { echo "$undocumented" >&2; fail "undocumented enum values"; }
n=$(grep -c '<enumvalue ' "$xml"/*_8h.xml | awk -F: '{ s += $NF } END { print s }')
[ "$n" -gt 0 ] || fail "the XML has no enum value at all: the check would pass anything"
echo "check_docs: OK: no doxygen warning, $n enum values all documented"
