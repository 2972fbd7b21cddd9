#!/bin/sh
# check_variant_files.sh FUSEORD SRCDIR [fast] - variants written in C, through
# `fuseord --variant-file`:
#  1. tests/variants/v2-restated.c (v2 written again in the variant dialect)
#     gives what the built-in v2 gives on every shipped scenario: the same
#     output, verdicts, counts, tokens and traces, but for the variant's name
#     and the expect line (a scenario's expect line names v2, not it);
#  2. examples/variants/v3-announced.c gives the verdicts and execution
#     counts of `--variant v2 --set link=always` on every shipped scenario;
#  3. a file that does not compile exits 2 with the compiler's message;
#  (and `fuseord variants --variant-file` lists what a file defines);
#  4. a fault in a variant's code is reported with the schedule that
#     reached it, the other pairs still get their verdicts, and replaying
#     that schedule reaches the fault again.
# With "fast", 1 and 2 run on three scenarios only.
set -u
fuseord=$1
src=$2
mode=${3:-all}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
XDG_CACHE_HOME=$tmp/cache
export XDG_CACHE_HOME
status=0
fail() {
	echo "check_variant_files: $*"
	status=1
}

if [ "$mode" = fast ]; then
	scenarios="$src/scenarios/concern1-link-under-close-wait.fos $src/scenarios/concern2-clone-counters.fos $src/scenarios/0b-close-wait-0.fos"
else
	scenarios=$(ls "$src"/scenarios/*.fos)
fi

# What may differ: the name, the expect line's judgement and its warning,
# the time taken, and where the variant line wraps (the name is longer).
normalize() {
	sed -e "s/$1/v2/g" -e '/^expected /d' -e '/^warning /d' \
	    -e 's/, [0-9.]* s$//' -e 's/ [0-9.]* s)$/)/' |
		awk '/^variant / { head = $0; inhead = 1; next }
		     inhead && /^         [a-z]/ { head = head " " substr($0, 10); next }
		     inhead { gsub(/  +/, " ", head); print head; inhead = 0 }
		     { print }'
}

# 1. the restated v2
n=0
for sc in $scenarios; do
	"$fuseord" check "$sc" --variant v2 >"$tmp/builtin" 2>&1
	"$fuseord" check "$sc" --variant-file "$src/tests/variants/v2-restated.c" \
		--variant v2-restated >"$tmp/restated" 2>&1
	normalize v2-restated <"$tmp/builtin" >"$tmp/a"
	normalize v2-restated <"$tmp/restated" >"$tmp/b"
	if ! grep -q '^verdict ' "$tmp/a"; then
		fail "$sc: no verdict from the built-in v2"
		cat "$tmp/builtin"
	elif ! cmp -s "$tmp/a" "$tmp/b"; then
		fail "$sc: v2-restated differs from v2:"
		diff "$tmp/a" "$tmp/b" | head -20
	fi
	n=$((n + 1))
done
echo "check_variant_files: v2-restated = v2 on $n scenarios (verdicts, counts, tokens, traces)"
ls "$XDG_CACHE_HOME"/fuseord/*.so >/dev/null 2>&1 || fail "no compiled variant in the cache $XDG_CACHE_HOME/fuseord"

# 2. v3-announced = v2 --set link=always
verdicts() {
	grep -E '^(verdict|  *[0-9]+ executions)' | sed -e 's/, [0-9.]* s$//'
}
n=0
for sc in $scenarios; do
	"$fuseord" check "$sc" --variant v2 --set link=always 2>&1 | verdicts >"$tmp/a"
	"$fuseord" check "$sc" --variant-file "$src/examples/variants/v3-announced.c" \
		--variant v3-announced 2>&1 | verdicts >"$tmp/b"
	if [ ! -s "$tmp/a" ]; then
		fail "$sc: no verdict from v2 --set link=always"
	elif ! cmp -s "$tmp/a" "$tmp/b"; then
		fail "$sc: v3-announced differs from v2 --set link=always:"
		diff "$tmp/a" "$tmp/b"
	fi
	n=$((n + 1))
done
echo "check_variant_files: v3-announced = v2 --set link=always on $n scenarios"

# fuseord variants lists a loaded variant, with its base's knob row
"$fuseord" variants --variant-file "$src/examples/variants/v3-announced.c" >"$tmp/out" 2>&1 ||
	fail "fuseord variants --variant-file failed"
grep -q '^v3-announced v2 with fuse_link_rw_file' "$tmp/out" ||
	{ fail "fuseord variants does not list v3-announced:"; cat "$tmp/out"; }

# 3. a compile error: exit 2, the compiler's own message
cat >"$tmp/broken.c" <<'EOT'
#include <fuseord/fuse_variant.h>
static int broken_finish_open(struct fuse_file *ff)
{
	return ff->no_such_field;
}
EOT
"$fuseord" check "$src/scenarios/0a-reply-then-notify.fos" --variant-file "$tmp/broken.c" \
	>"$tmp/out" 2>"$tmp/err"
rc=$?
[ $rc -eq 2 ] || fail "a compile error exits $rc, not 2"
grep -q "broken.c:4:.*no_such_field" "$tmp/err" ||
	{ fail "the compiler's message is not shown:"; cat "$tmp/err"; }
grep -q "does not compile" "$tmp/err" || fail "no 'does not compile' line"
[ -s "$tmp/out" ] && fail "a compile error printed a verdict"

# 4. a crash: its schedule, the other pairs, the replay
"$fuseord" check "$src/scenarios/0a-reply-then-notify.fos" \
	"$src/scenarios/concern2-clone-counters.fos" \
	--variant-file "$src/tests/variants/crash.c" --variant crash,v2 >"$tmp/out" 2>"$tmp/err"
rc=$?
[ $rc -eq 1 ] || fail "a crash exits $rc, not 1"
grep -q "SIGSEGV in the model or a variant's code, in execution [0-9]*; the schedule" "$tmp/err" ||
	{ fail "no crash report:"; cat "$tmp/err"; }
token=$(grep -o 'fo2\.crash\.[a-z0-9]*\.[0-9a-f]*\.[a-z0-9]*' "$tmp/err" | head -1)
[ -n "$token" ] || fail "the crash report names no schedule token"
grep -q "died of SIGSEGV; the other pairs go on" "$tmp/err" || fail "no 'died of' line"
# the other pairs: v2 on both files
[ "$(grep -c '^variant  v2 ' "$tmp/out")" -eq 2 ] ||
	{ fail "the pairs after the crash did not all get a verdict:"; cat "$tmp/out"; }
if [ -n "$token" ]; then
	"$fuseord" replay "$src/scenarios/0a-reply-then-notify.fos" \
		--variant-file "$src/tests/variants/crash.c" --schedule "$token" \
		>"$tmp/out" 2>"$tmp/err"
	rc=$?
	[ $rc -gt 128 ] || fail "replaying the crash's schedule exits $rc, not by a signal"
	grep -q "SIGSEGV in the model or a variant's code, replaying the schedule" "$tmp/err" ||
		{ fail "the replay does not reach the fault:"; cat "$tmp/err"; }
fi
[ $status -eq 0 ] && echo "check_variant_files: compile error, crash report and replay as documented"
exit $status
