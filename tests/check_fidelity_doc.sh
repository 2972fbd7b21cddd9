#!/bin/sh
# check_fidelity_doc.sh SRCDIR - every function defined in the kernel mirror
# (src/model/dev.c, file.c, inode.c, dir.c) and of the model's operations
# (model.c) has a row in docs/fidelity.md:
# a table row whose first cell is `NAME()`. Exit 0 if all do, 1 with the missing ones.
set -u
src=$1
doc=$src/docs/fidelity.md
[ -f "$doc" ] || { echo "check_fidelity_doc: no $doc"; exit 1; }
status=0 n=0
for f in "$src"/src/model/dev.c "$src"/src/model/file.c "$src"/src/model/inode.c "$src"/src/model/dir.c "$src"/src/model/model.c; do
	base=$(basename "$f")
	# a definition: a line at column 0 naming a function, the next line "{"
	for fn in $(awk '
		/^[A-Za-z_]/ && /\(/ && !/;$/ && !/^(if|for|while|return)/ { cand = $0; next }
		/;$/ { cand = "" }
		/^\{/ && cand != "" { print cand; cand = "" }' "$f" |
		sed -e 's/(.*//' -e 's/.*[ *]//'); do
		n=$((n + 1))
		if ! grep -q "^| \`$fn()\` |" "$doc"; then
			echo "check_fidelity_doc: $base: $fn() has no row in docs/fidelity.md"
			status=1
		fi
	done
done
if [ "$n" -eq 0 ]; then
	echo "check_fidelity_doc: found no function in $src/src/model: the check would pass anything"
	exit 1
fi
[ "$status" -eq 0 ] && echo "check_fidelity_doc: all $n model functions have a row"
exit $status
