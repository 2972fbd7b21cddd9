#!/bin/sh
# fuseord sweep: two shards run (through GNU parallel, as docs/sweep.md
# shows, where it is installed; one after the other where not) and merged
# give the report of one unsharded run, byte for byte; bad scope options
# exit 2 and name the option.
# usage: check_sweep_shards.sh FUSEORD WORKDIR
set -u
fuseord=$1
dir=$2
mkdir -p "$dir" || exit 1
fail() { echo "FAIL: $*"; exit 1; }

for bad in "--apps 9" "--close-wait 2" "--kinds open,frob" "--scope huge" \
	   "--shard 3/2" "--ops x" "--clones 7" "--threads 1 --daemons 2"; do
	# shellcheck disable=SC2086
	"$fuseord" sweep $bad >"$dir/out" 2>"$dir/err"
	rc=$?
	[ "$rc" -eq 2 ] || fail "sweep $bad: exit $rc, want 2"
	[ -s "$dir/out" ] && fail "sweep $bad printed on stdout"
	opt=${bad%% *}
	grep -q -- "$opt" "$dir/err" || fail "sweep $bad: message does not name $opt: $(cat "$dir/err")"
done

"$fuseord" sweep --scope small --jobs 2 --assume same-fd >"$dir/whole.txt" 2>/dev/null ||
	fail "unsharded sweep failed"
rm -f "$dir"/shard-*.jsonl
if command -v parallel >/dev/null 2>&1; then
	parallel --will-cite "$fuseord" sweep --scope small --jobs 1 --shard {}/2 '>' "$dir/shard-{}.jsonl" \
		::: 1 2 || fail "parallel run failed"
else
	for k in 1 2; do
		"$fuseord" sweep --scope small --jobs 1 --shard "$k/2" >"$dir/shard-$k.jsonl" ||
			fail "shard $k/2 failed"
	done
fi
"$fuseord" sweep --merge "$dir"/shard-1.jsonl "$dir"/shard-2.jsonl --assume same-fd \
	>"$dir/merged.txt" 2>/dev/null || fail "merge failed"
cmp "$dir/whole.txt" "$dir/merged.txt" || fail "merged report differs from the whole run"
# a shard missing is an error, not a smaller report
"$fuseord" sweep --merge "$dir"/shard-1.jsonl >/dev/null 2>"$dir/err"
[ $? -eq 2 ] || fail "merge of one shard of two did not exit 2"
# --fixes: a scope of one open and its reply is clean already: the empty set
"$fuseord" sweep --fixes v2 --fixes-depth 1 --ops 2 --jobs 2 >"$dir/fixes.txt" 2>/dev/null ||
	fail "--fixes failed"
grep -q '^none  *{(none)}  *{(none)}' "$dir/fixes.txt" || fail "--fixes: $(cat "$dir/fixes.txt")"
echo "ok: $(head -3 "$dir/whole.txt" | tail -1)"
