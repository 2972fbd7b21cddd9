#!/bin/sh
# fuseord sweep: the report does not depend on the number of worker threads,
# and --out makes its directory and writes the smallest counterexamples.
# A slice of the small scope (48 scenarios: no close_wait, no no_open, one
# daemon thread, no third role) keeps it short enough for every preset, so
# that TSan watches the workers share the scope and the results; it has
# violations to report.
# usage: check_sweep_jobs.sh FUSEORD WORKDIR
set -u
fuseord=$1
dir=$2
mkdir -p "$dir" || exit 1
fail() { echo "FAIL: $*"; exit 1; }

scope="--scope small --close-wait 0 --no-open 0 --others 0 --daemons 1 --assume same-fd"
# shellcheck disable=SC2086
"$fuseord" sweep $scope --jobs 1 >"$dir/one.txt" 2>"$dir/one.err" ||
	fail "sweep --jobs 1: $(cat "$dir/one.err")"
# shellcheck disable=SC2086
"$fuseord" sweep $scope --jobs 3 >"$dir/three.txt" 2>"$dir/three.err" ||
	fail "sweep --jobs 3: $(cat "$dir/three.err")"
grep -q '^scenarios 48,' "$dir/one.txt" || fail "not the 48 scenarios: $(head -5 "$dir/one.txt")"
grep -q 'NOT CLEAN' "$dir/one.txt" || fail "the slice shows no violation: $(cat "$dir/one.txt")"
cmp "$dir/one.txt" "$dir/three.txt" || fail "--jobs 3 report differs from --jobs 1"
# --out DIR is made when missing and gets a .fos per smallest counterexample
rm -rf "$dir/out"
# shellcheck disable=SC2086
"$fuseord" sweep $scope --jobs 1 --out "$dir/out" >"$dir/out.txt" 2>"$dir/out.err" ||
	fail "sweep --out: $(cat "$dir/out.err")"
n=$(ls "$dir/out"/*.fos 2>/dev/null | wc -l)
w=$(grep -c '^    file: ' "$dir/out.txt")
[ "$n" -gt 0 ] && [ "$n" -eq "$w" ] || fail "--out wrote $n files, the report names $w"
"$fuseord" sweep --ops 2 --out /nonexistent-dir/below >/dev/null 2>"$dir/out.err"
[ $? -eq 2 ] || fail "--out under a missing parent did not exit 2"
grep -q -- '--out' "$dir/out.err" || fail "--out error does not name the option: $(cat "$dir/out.err")"
echo "ok: $(grep -m1 '^scenarios' "$dir/one.txt"); --out wrote $n files"
