#!/bin/sh
# SPDX-License-Identifier: MIT
#
# valgrind_check.sh - run `fuseord check` on every scenario of a directory,
# and `fuseord replay` on each counterexample it prints, under
# `valgrind --leak-check=full`; fail on any Memcheck error or leak.
#
#   valgrind_check.sh VALGRIND FUSEORD SCENARIO_DIR MAX_EXECUTIONS
#
# MAX_EXECUTIONS bounds each check so the suite stays short (Memcheck runs
# the explorer some 30 times slower); 0 explores every schedule, which is how
# the full run in docs/design.md was made. The verdict itself is not judged
# here (test_scenarios does that): only what Valgrind says.
set -u

valgrind=$1
fuseord=$2
dir=$3
max=$4

# 99 is Valgrind's own status for "errors found"; leaks count as errors.
vg()
{
	"$valgrind" -q --leak-check=full --show-leak-kinds=all \
		--errors-for-leak-kinds=all --error-exitcode=99 "$@"
}

failed=0
n=0
limit=
[ "$max" -gt 0 ] && limit="--max-executions $max"

for f in "$dir"/*.fos; do
	out=$(vg "$fuseord" check $limit --trace none "$f" 2>&1)
	rc=$?
	n=$((n + 1))
	if [ $rc -eq 99 ] || [ $rc -ge 125 ]; then
		echo "FAIL: check $f (exit $rc)"
		echo "$out"
		failed=1
		continue
	fi
	echo "ok: check $f (exit $rc)"
	for tok in $(echo "$out" | sed -n 's/^ *schedule \(fo[12]\.[^ ]*\)$/\1/p'); do
		rout=$(vg "$fuseord" replay "$f" --schedule "$tok" --trace none 2>&1)
		rc=$?
		n=$((n + 1))
		# a counterexample replays as one: 1, "violates an oracle"
		if [ $rc -ne 1 ]; then
			echo "FAIL: replay $f $tok (exit $rc)"
			echo "$rout"
			failed=1
		else
			echo "ok: replay $f $tok (exit $rc)"
		fi
	done
done

if [ $n -eq 0 ]; then
	echo "FAIL: no scenario in $dir"
	exit 1
fi
echo "$n runs under Memcheck"
exit $failed
