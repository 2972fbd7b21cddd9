#!/bin/sh
# check_variants_doc.sh FUSEORD SRCDIR - the verdict tables of docs/variants.md
# are what `fuseord demo --variant-file` prints now: each table follows a line
# naming its demo command in backquotes; the command is run and its table
# compared with the document's, byte for byte.
set -u
fuseord=$1
src=$2
doc=$src/docs/variants.md
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
XDG_CACHE_HOME=$tmp/cache
export XDG_CACHE_HOME
status=0 n=0
grep -o '^`fuseord demo --variant-file [^`]*`' "$doc" | tr -d '`' >"$tmp/commands"
[ -s "$tmp/commands" ] || { echo "check_variants_doc: no demo command in $doc"; exit 1; }
while read -r cmd; do
	n=$((n + 1))
	# the document's table: the code block after the line naming the command
	awk -v c="\`$cmd\`" 'index($0, c) == 1 { f = 1; next }
		f && /^```$/ { if (++b == 2) exit; next }
		f && b == 1' "$doc" >"$tmp/doc.$n"
	# shellcheck disable=SC2086 # the command's words
	(cd "$src" && "$fuseord" ${cmd#fuseord }) >"$tmp/out.$n" 2>&1
	sed -n '/^scenario /,/^$/p' "$tmp/out.$n" | sed '/^$/d; /^\* /d' >"$tmp/run.$n"
	if [ ! -s "$tmp/run.$n" ]; then
		echo "check_variants_doc: '$cmd' printed no table:"
		cat "$tmp/out.$n"
		status=1
	elif ! cmp -s "$tmp/doc.$n" "$tmp/run.$n"; then
		echo "check_variants_doc: the table of '$cmd' in docs/variants.md (<) is not what it prints (>):"
		diff "$tmp/doc.$n" "$tmp/run.$n"
		status=1
	fi
done <"$tmp/commands"
[ $status -eq 0 ] && echo "check_variants_doc: $n tables as the demo prints them"
exit $status
