#!/bin/sh
# check_bench_args.sh SRCDIR - scripts/bench refuses a bad --baseline (and
# its other bad options) with exit status 2 and a message, before it builds
# or writes anything; bench/compare's verdict rule, on two stand-in fuseord
# programs that print a fixed JSON verdict: equal sets agree (0), different
# ones do not (1), a stopped run's oracles among the finished one's agree, a
# scenario the old build refuses is reported, not a failure, and a
# difference listed in a changes file is explained. No build, no network.
# Exits 77 (skipped) without bash, git or jq.
set -u

fail() { echo "check_bench_args: FAIL: $*" >&2; exit 1; }

[ $# -eq 1 ] || fail "usage: $0 SRCDIR"
src=$1
for tool in bash git jq; do
	command -v "$tool" >/dev/null 2>&1 || { echo "check_bench_args: SKIP: no $tool"; exit 77; }
done
tmp=$(mktemp -d) || fail "mktemp"
trap 'rm -rf "$tmp"' EXIT

# expect_refusal WORD ARGS...: exit 2, WORD in the message, nothing made.
expect_refusal()
{
	word=$1
	shift
	rc=0
	"$src/scripts/bench" --out "$tmp/out" "$@" >"$tmp/stdout" 2>"$tmp/stderr" || rc=$?
	[ "$rc" -eq 2 ] || fail "scripts/bench $* exited $rc, not 2: $(cat "$tmp/stderr")"
	grep -q -- "$word" "$tmp/stderr" || fail "scripts/bench $*: no '$word' in: $(cat "$tmp/stderr")"
	[ ! -e "$tmp/out" ] || fail "scripts/bench $* made its output directory before refusing"
}

expect_refusal "'no-such-rev-0' is not a commit" --baseline no-such-rev-0
expect_refusal "is not a commit" --baseline 0000000000000000000000000000000000000000
expect_refusal "wants a commit" --baseline ''
expect_refusal "needs a value" --baseline
expect_refusal "--cap wants" --cap 0
expect_refusal "--cap wants" --cap 5s
expect_refusal "--repeat wants" --repeat 0
expect_refusal "usage" --no-such-option
expect_refusal "--update-docs wants" --quick --update-docs
# --baseline REV checks REV even when a later option is bad
expect_refusal "not a commit" --baseline no-such-rev-0 --cap 10

# ---- bench/compare on stand-ins ----
# stub NAME JSON [RC]: a fuseord that prints JSON for `check` and exits RC.
stub()
{
	cat >"$tmp/$1" <<EOF
#!/bin/sh
[ "\$1" = check ] || exit 2
[ -n '$2' ] && printf '%s\n' '$2'
exit ${3:-0}
EOF
	chmod +x "$tmp/$1"
}
ok_json='{"complete":true,"violated":[],"executions":10,"redundant":1,"steps":100,"seconds":0.01,"limit":null}'
stale_json='{"complete":true,"violated":["stale-open"],"executions":7,"redundant":0,"steps":70,"seconds":0.01,"limit":null}'
both_json='{"complete":true,"violated":["stale-open","seq-race"],"executions":5,"redundant":0,"steps":50,"seconds":0.01,"limit":null}'
part_json='{"complete":false,"violated":["stale-open"],"executions":99,"redundant":3,"steps":900,"seconds":1,"limit":"time"}'
stub ok "$ok_json"
stub stale "$stale_json" 1
stub both "$both_json" 1
stub part "$part_json" 3
stub refuses '' 2
echo 'thread app: open 7 as f' >"$tmp/s.fos"

# compare OLD NEW WANT_RC [ARGS...]
compare()
{
	o=$1 n=$2 want=$3
	shift 3
	rc=0
	"$src/bench/compare" "$tmp/$o" "$tmp/$n" --repeat 2 --time-limit 5 --changes /dev/null \
		--json "$tmp/c.json" "$@" "$tmp/s.fos" >"$tmp/c.md" 2>"$tmp/c.err" || rc=$?
	[ "$rc" -eq "$want" ] || fail "bench/compare $o $n exited $rc, not $want: $(cat "$tmp/c.err" "$tmp/c.md")"
}

compare ok ok 0
grep -q '^| s | ok | 10 | 1 |' "$tmp/c.md" || fail "equal verdicts: $(cat "$tmp/c.md")"
[ "$(jq '.rows[0].old.runs' "$tmp/c.json")" = 2 ] || fail "--repeat 2 did not run the old build twice"
compare ok stale 1
grep -q '\*\*ok → stale-open\*\*' "$tmp/c.md" || fail "a verdict that differs is not shown: $(cat "$tmp/c.md")"
compare part both 0
grep -q 'not finished (99 executions)' "$tmp/c.md" || fail "a stopped run: $(cat "$tmp/c.md")"
[ "$(jq '.rows[0].old.runs' "$tmp/c.json")" = 1 ] || fail "a stopped run was repeated"
[ "$(jq -r '.rows[0].ratio_bound' "$tmp/c.json")" = lower ] || fail "a stopped baseline's ratio is not a lower bound"
compare part ok 1
compare refuses ok 0
grep -q 'old build cannot read it' "$tmp/c.md" || fail "a refused scenario: $(cat "$tmp/c.md")"
# a listed change explains a difference, once its commit is in HEAD's history
head=$(git -C "$src" rev-parse --verify --quiet HEAD) || { echo "check_bench_args: OK (no git history for the changes file)"; exit 0; }
echo "s v2 ok stale-open $head the stand-ins differ" >"$tmp/changes"
rc=0
"$src/bench/compare" "$tmp/ok" "$tmp/stale" --repeat 1 --changes "$tmp/changes" \
	"$tmp/s.fos" >"$tmp/c.md" 2>"$tmp/c.err" || rc=$?
[ "$rc" -eq 0 ] || fail "a listed change still fails bench/compare ($rc): $(cat "$tmp/c.md")"
grep -q "model change ${head}" "$tmp/c.md" || fail "the explained change is not named: $(cat "$tmp/c.md")"
rc=0
"$src/bench/compare" "$tmp/ok" "$tmp/stale" --repeat 1 --changes "$tmp/changes" --old-rev "$head" \
	"$tmp/s.fos" >"$tmp/c.md" 2>"$tmp/c.err" || rc=$?
[ "$rc" -eq 1 ] || fail "a change already in the old build's history explained a difference ($rc)"
echo "check_bench_args: OK: bad options refused with exit 2; bench/compare's verdict rule holds"
