#!/bin/sh
# check_badinput_coverage.sh TEST INCLUDE_DIR LIBRARY [NM] - test_api_badinput
# has a case for every exported function, and for nothing else.
#
# Three lists, computed now: the functions the public headers declare FO_API;
# the names `TEST --list` prints (its table of cases); and, when NM is given,
# the fo_ functions the library defines, without the internal prefixes
# (fo_rt_, fo_k_, fo_x_, fo_sc_, fo_u_, fo_sw_, which a static library cannot hide;
# the fo_k_ and fo_rt_ ones fuseord/fuse_variant.h declares are the model's
# kernel functions, exported for variant files: like the kernel's they take
# the objects an op was given and check nothing, and tests/check_variant_files.sh
# exercises them). All
# must be equal: a function added to a header or to the library without a
# bad-input case fails here, with its name.
set -u
test_bin=$1
include_dir=$2
library=$3
nm=${4:-}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# "FO_API <type> <name>(" in the headers, declarations spanning lines or not
cat "$include_dir"/fuseord/*.h |
	tr '\n' ' ' | grep -o 'FO_API [^;(]*(' |
	sed -e 's/($//' -e 's/.*[ *]//' | grep '^fo_' | sort -u >"$tmp/headers"
"$test_bin" --list | sort >"$tmp/tested.all"
sort -u "$tmp/tested.all" >"$tmp/tested"
status=0
if [ ! -s "$tmp/headers" ]; then
	echo "check_badinput_coverage: no FO_API function found in $include_dir"
	exit 1
fi
if ! cmp -s "$tmp/tested.all" "$tmp/tested"; then
	echo "check_badinput_coverage: a function has two cases:"
	uniq -d "$tmp/tested.all"
	status=1
fi
if ! cmp -s "$tmp/headers" "$tmp/tested"; then
	echo "check_badinput_coverage: headers (<) and test_api_badinput (>) differ:"
	diff "$tmp/headers" "$tmp/tested" | grep '^[<>]'
	status=1
fi
if [ -n "$nm" ]; then
	# T: defined in the text section; D-flagged dynamic symbols in a shared build
	"$nm" -g --defined-only "$library" 2>/dev/null |
		awk '$2 == "T" { print $3 }' | grep '^fo_' |
		grep -v -e '^fo_rt_' -e '^fo_k_' -e '^fo_x_' -e '^fo_sc_' -e '^fo_u_' -e '^fo_sw_' | sort -u >"$tmp/exported"
	if [ ! -s "$tmp/exported" ]; then
		echo "check_badinput_coverage: no fo_ symbol in $library"
		status=1
	elif ! cmp -s "$tmp/exported" "$tmp/tested"; then
		echo "check_badinput_coverage: library exports (<) and test_api_badinput (>) differ:"
		diff "$tmp/exported" "$tmp/tested" | grep '^[<>]'
		status=1
	fi
fi
[ $status -eq 0 ] && echo "check_badinput_coverage: $(wc -l <"$tmp/tested") functions, each with its case"
exit $status
