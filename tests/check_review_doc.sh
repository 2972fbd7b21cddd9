#!/bin/sh
# check_review_doc.sh FUSEORD SRCDIR - every counterexample docs/review.md
# shows is what `fuseord replay` prints today, byte for byte.
#
# A block in the document is a ```text fence whose first line is
# "$ fuseord replay ARGS"; the rest of the block must equal the output of
# running that command from SRCDIR. Exit 0 if all blocks match (and there
# is at least one), 1 otherwise, with a diff of the first mismatch.
set -u
fuseord=$1
src=$2
doc=$src/docs/review.md
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

cd "$src" || exit 1
n=0
state=out
while IFS= read -r line; do
	case $state in
	out)
		[ "$line" = '```text' ] && state=head
		;;
	head)
		case $line in
		'$ fuseord replay '*)
			n=$((n + 1))
			printf '%s\n' "${line#'$ fuseord '}" >"$tmp/cmd.$n"
			: >"$tmp/want.$n"
			state=body
			;;
		*) state=out ;;
		esac
		;;
	body)
		if [ "$line" = '```' ]; then
			state=out
		else
			printf '%s\n' "$line" >>"$tmp/want.$n"
		fi
		;;
	esac
done <"$doc"

if [ "$n" -eq 0 ]; then
	echo "check_review_doc: no replay block in $doc"
	exit 1
fi
i=1
while [ "$i" -le "$n" ]; do
	# shellcheck disable=SC2046
	set -- $(cat "$tmp/cmd.$i")
	"$fuseord" "$@" >"$tmp/got.$i" 2>&1
	if ! cmp -s "$tmp/want.$i" "$tmp/got.$i"; then
		echo "check_review_doc: block $i of $doc differs from: fuseord $*"
		diff "$tmp/want.$i" "$tmp/got.$i" | head -40
		exit 1
	fi
	i=$((i + 1))
done
echo "check_review_doc: all $n replay blocks of docs/review.md match"
exit 0
