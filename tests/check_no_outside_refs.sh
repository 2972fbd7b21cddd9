#!/bin/sh
# check_no_outside_refs.sh SRCDIR - nothing in the source tree refers to a
# file outside it: the scenario language and the protocol are documented in
# docs/, so no file may point at a spec kept elsewhere (a path out of the
# tree, or the names those outside documents had). Build trees and the
# version control directory are left out. Exits 1 with the offending lines.
set -u
src=$1
[ -f "$src/docs/scenarios.md" ] || { echo "check_no_outside_refs: no $src/docs/scenarios.md"; exit 1; }
# the patterns are split so that this file does not match itself
pat='\.\./sh''ared|sh''ared/spec|/wo''rk/|PROTO''COL\.md|SCENA''RIOS\.md|STY''LE\.md|ARCHITEC''TURE\.md'
hits=$(grep -rnE "$pat" "$src" --exclude-dir=.git --exclude=.git --exclude-dir=build 2>/dev/null)
if [ -n "$hits" ]; then
	echo "check_no_outside_refs: references outside the repository:"
	echo "$hits"
	exit 1
fi
n=$(find "$src" -path "$src/build" -prune -o -path "$src/.git" -prune -o -type f -print | wc -l)
echo "check_no_outside_refs: $n files, none refers outside the repository"
