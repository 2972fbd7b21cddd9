#!/bin/sh
# SPDX-License-Identifier: MIT
#
# strace_fastpath.sh - check with strace, from outside the process, that the
# library's fast paths make no futex system call, and that the check can see
# one when there is one.
#
#   strace_fastpath.sh STRACE FASTPATH_PROG WORK_DIR
#
# Runs fastpath_prog in both modes under `strace -f` and counts the futex calls
# its main thread makes between the two markers (see fastpath_prog.c):
#   fast  must show 0;
#   slow  must show at least 1000 (1000 wake-ups with a sleeper), else this
#         script could not tell a fast path from a slow one.
# Prints "SKIP:" and exits 0 when ptrace is not permitted (some containers);
# CTest turns that into a skipped test.
set -u

strace=$1
prog=$2
dir=$3
mkdir -p "$dir" || exit 1

# LeakSanitizer stops the world with ptrace, which fails under strace.
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
export ASAN_OPTIONS

# count MODE: print the main thread's futex calls between the markers.
count()
{
	log=$dir/strace-$1.log
	if ! "$strace" -f -qq -e trace=futex,write -o "$log" "$prog" "$1" \
		>"$dir/$1.out" 2>"$dir/$1.err"; then
		if grep -q 'ptrace' "$dir/$1.err"; then
			echo "SKIP: strace cannot trace here: $(head -n1 "$dir/$1.err")"
			exit 0
		fi
		echo "FAIL: fastpath_prog $1 failed under strace:" >&2
		cat "$dir/$1.out" "$dir/$1.err" >&2
		exit 1
	fi
	# With -f every line starts with the pid: "1234  futex(...) = 0".
	awk '
		/^[0-9]+ +write\(-1, "fuseord-begin"/ { pid = $1; inside = 1; next }
		inside && $1 == pid && /^[0-9]+ +write\(-1, "fuseord-end"/ { inside = 0; seen = 1; next }
		inside && $1 == pid && /^[0-9]+ +futex\(/ { n++ }
		END {
			if (!seen) { print "no markers" > "/dev/stderr"; exit 1 }
			print n + 0
		}' "$log" || {
		echo "FAIL: markers of fastpath_prog $1 not found in $log" >&2
		exit 1
	}
}

# count runs in a subshell: its SKIP comes back as its output.
for mode in fast slow; do
	n=$(count $mode) || exit 1
	case $n in
	SKIP:*)
		echo "$n"
		exit 0
		;;
	esac
	eval "$mode=\$n"
done
echo "futex calls by the main thread between the markers: fast=$fast slow=$slow"
cat "$dir/fast.out" "$dir/slow.out"

if [ "$fast" -ne 0 ]; then
	echo "FAIL: the fast paths made $fast futex calls; lines from $dir/strace-fast.log:" >&2
	grep 'futex(' "$dir/strace-fast.log" | head -n 20 >&2
	exit 1
fi
if [ "$slow" -lt 1000 ]; then
	echo "FAIL: 1000 wake-ups with a sleeper showed only $slow futex calls:" \
		"this check cannot see futex calls" >&2
	exit 1
fi
echo "PASS"
