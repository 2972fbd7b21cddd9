#!/bin/sh
# make_seeds.sh FUSEORD SOURCE_DIR OUT_DIR - the seed corpora of the fuzz
# harnesses, made afresh from the scenarios as they are now:
#
#   OUT_DIR/parse/seed    a copy of every scenario of scenarios/ and tests/scenarios/,
#                         and of seeds/parse/ (scenarios at the parser's limits)
#   OUT_DIR/replay/seed   the schedule tokens `fuseord check` finds on them, one a
#                         file, and a few with a variant and a knob line after it
#   OUT_DIR/*/work        empty: where libFuzzer adds what it finds
#
# A token embeds its scenario's hash, so tokens are made here, by the
# fuseord just built, rather than kept in the source tree where an edit to
# a scenario would silently turn them into refused ones. Random and PCT
# runs find counterexamples in a second where an exhaustive check takes a
# minute.
set -eu

fuseord=$1
src=$2
out=$3

rm -rf "$out"
mkdir -p "$out/parse/seed" "$out/parse/work" "$out/replay/seed" "$out/replay/work"
cp "$src"/scenarios/*.fos "$src"/tests/scenarios/*.fos "$src"/tests/fuzz/seeds/parse/*.fos \
	"$out/parse/seed/"

# fuseord is built with the sanitizers here: their exit status must not pass
# for a verdict's 1.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}exitcode=99"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:+$UBSAN_OPTIONS:}exitcode=99"

for strategy in random pct; do
	# 2 is an error; 0, 1 and 3 speak of the verdicts (no exhaustive checks here)
	status=0
	"$fuseord" check --variant all --strategy "$strategy" --runs 200 --seed 1 \
		--format json --trace none "$src"/scenarios/*.fos "$src"/tests/scenarios/*.fos \
		>"$out/replay/check-$strategy.json" || status=$?
	if [ "$status" -eq 2 ] || [ "$status" -gt 3 ]; then
		echo "make_seeds: fuseord check --strategy $strategy failed ($status)" >&2
		exit 1
	fi
done

grep -ho '"schedule":"[^"]*"' "$out"/replay/check-*.json | cut -d'"' -f4 | sort -u \
	>"$out/replay/tokens"
n=0
while read -r token; do
	n=$((n + 1))
	printf '%s' "$token" >"$out/replay/seed/token-$n"
done <"$out/replay/tokens"
if [ "$n" -eq 0 ]; then
	echo "make_seeds: fuseord check found no schedule token" >&2
	exit 1
fi

# The lines after a token: --variant, then --set, as the harness reads them.
first=$(head -n1 "$out/replay/tokens")
variant=$(echo "$first" | cut -d. -f2)
printf '%s\n%s' "$first" "$variant" >"$out/replay/seed/with-variant"
printf '%s\n%s\nseq_bits=64' "$first" "$variant" >"$out/replay/seed/with-variant-and-knob"
printf '%s\n\nfail_loop=seq' "$first" >"$out/replay/seed/with-knob"
echo "make_seeds: $(ls "$out/parse/seed" | wc -l) scenarios, $n tokens"
