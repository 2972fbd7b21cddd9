#!/bin/sh
# explore_fail.sh PROG [VALGRIND] - a CMocka assertion that fails inside
# fo_explore() is reported with the execution, the step, the schedule token
# and the trace (by the next fo_explore() of the program, or at its exit),
# and the exploration it abandoned leaks nothing under Memcheck.
set -u
prog=$1
vg=${2:-}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0
for mode in middle last; do
	if [ -n "$vg" ]; then
		"$vg" --quiet --leak-check=full --show-leak-kinds=definite,indirect,possible \
			--errors-for-leak-kinds=definite,indirect,possible --error-exitcode=99 \
			"$prog" "$mode" >"$tmp/out" 2>&1
	else
		"$prog" "$mode" >"$tmp/out" 2>&1
	fi
	rc=$?
	cat "$tmp/out"
	# CMocka exits with the number of failed tests: exactly one
	[ $rc -eq 1 ] || { echo "explore_fail: $mode: exit $rc, not 1 (99: a Memcheck error)"; status=1; }
	grep -q 'execution [0-9]* was left at step [0-9]* by a longjmp out of model thread' "$tmp/out" ||
		{ echo "explore_fail: $mode: no 'execution N was left at step M'"; status=1; }
	grep -q 'schedule token fx1\.[a-p0-9]*' "$tmp/out" ||
		{ echo "explore_fail: $mode: no schedule token"; status=1; }
	grep -q 'inc1.*inc2' "$tmp/out" || { echo "explore_fail: $mode: no trace columns"; status=1; }
	if [ "$mode" = middle ]; then
		grep -q 'OK \] test_next_exploration_passes' "$tmp/out" ||
			{ echo "explore_fail: the next exploration did not pass"; status=1; }
	fi
done
[ $status -eq 0 ] && echo "explore_fail: OK"
exit $status
