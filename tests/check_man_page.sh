#!/bin/sh
# check_man_page.sh - docs/fuseord.1 against the command it documents.
#
#   check_man_page.sh options FUSEORD MAN CLI_SRC_DIR
#       Every long option each command accepts, read at run time from the
#       source (the getopt_long tables of the cmd_*.c files, the option
#       strings of cmd_demo.c) and from the command's own --help, is an item (.TP) of that
#       command's section of the man page; every option item there is one the
#       command accepts; every "(default X)" of --help is in the option's
#       item; every command `fuseord help` lists has a section.
#   check_man_page.sh render MAN
#       groff -man -ww renders it without a warning. Exits 77 (skipped) when
#       groff is not installed.
#   check_man_page.sh install CMAKE BUILD_DIR WORK_DIR MANDIR MAN
#       `cmake --install --component man` puts it in MANDIR/man1.
#
# Exits non-zero on the first failure.
set -u

fail() { echo "check_man_page: FAIL: $*" >&2; exit 1; }

# Roff source to plain text, enough to find option names: font escapes,
# \& and \% go, \- is a minus, \e a backslash.
man_plain()
{
	sed -e 's/\\f[BIRP]//g' -e 's/\\f(..//g' -e 's/\\[&%]//g' \
	    -e 's/\\-/-/g' -e 's/\\e/\\/g' "$1"
}

# The long options the source accepts, as "COMMAND --option" lines: the
# getopt_long tables of the cmd_*.c files (one command each) and the option
# strings of cmd_demo.c.
source_options()
{
	for f in "$1"/cmd_*.c; do
		awk '
			/^(static )?int cmd_[a-z]+\(/ {
				cmd = $0; sub(/^(static )?int cmd_/, "", cmd); sub(/\(.*/, "", cmd); next
			}
			/^}/ { cmd = "" }
			cmd != "" && match($0, /\{ "[a-z][a-z-]*", (required|no|optional)_argument/) {
				s = substr($0, RSTART + 3); sub(/".*/, "", s); print cmd " --" s
			}
		' "$f"
	done
	awk '
		/^int cmd_demo\(/ { in_demo = 1; next }
		/^}/ { in_demo = 0 }
		in_demo {
			line = $0
			while (match(line, /"--[a-z][a-z-]*"/)) {
				print "demo " substr(line, RSTART + 1, RLENGTH - 2)
				line = substr(line, RSTART + RLENGTH)
			}
		}
	' "$1/cmd_demo.c"
}

# The long options a command's --help names: in its usage line and in the
# lines that begin with an option.
help_options()
{
	"$1" help "$2" | awk -v cmd="$2" '
		/^usage:/ || /^[ \t]+-/ {
			line = $0
			if (!/^usage:/) { sub(/^[ \t]+/, "", line); sub(/  .*/, "", line) }
			while (match(line, /--[a-z][a-z-]*/)) {
				print cmd " " substr(line, RSTART, RLENGTH)
				line = substr(line, RSTART + RLENGTH)
			}
		}'
}

# The commands `fuseord help` lists, but help itself.
help_commands()
{
	"$1" help | awk '/^commands:/ { on = 1; next } on && /^  [a-z]/ { print $1 } on && /^$/ { on = 0 }' |
		grep -v '^help$'
}

# The option items (.TP tags) of COMMAND's section (.SS "fuseord COMMAND ..."),
# one "--option" a line.
man_items()
{
	man_plain "$1" | awk -v cmd="$2" '
		/^\.S[SH] / {
			t = $0; sub(/^\.S[SH] "?/, "", t)
			split(t, w, " ")
			in_cmd = (w[1] == "fuseord" && w[2] == cmd)
			next
		}
		in_cmd && tag { tag = 0; line = $0
			while (match(line, /--[a-z][a-z-]*/)) {
				print substr(line, RSTART, RLENGTH); line = substr(line, RSTART + RLENGTH)
			}
			next
		}
		in_cmd && /^\.TP/ { tag = 1 }
	' | sort -u
}

# The text of OPTION's item in COMMAND's section, on one line.
man_item_text()
{
	man_plain "$1" | awk -v cmd="$2" -v opt="$3" '
		/^\.S[SH] / {
			t = $0; sub(/^\.S[SH] "?/, "", t)
			split(t, w, " ")
			in_cmd = (w[1] == "fuseord" && w[2] == cmd); on = 0
			next
		}
		in_cmd && /^\.(TP|PP)/ { on = 0; tag = /^\.TP/; next }
		in_cmd && tag { tag = 0; if (index($0 " ", opt " ") || index($0, opt "=")) on = 1 }
		on { printf "%s ", $0 }
	'
}

mode_options()
{
	fuseord=$1 man=$2 cli=$3
	[ -x "$fuseord" ] || fail "$fuseord is not executable"
	[ -f "$man" ] || fail "no man page $man"
	[ -f "$cli/fuseord.c" ] && [ -f "$cli/cmd_demo.c" ] || fail "no fuseord.c/cmd_demo.c in $cli"
	tmp=$(mktemp -d) || fail "mktemp"
	trap 'rm -rf "$tmp"' EXIT

	help_commands "$fuseord" >"$tmp/commands"
	[ -s "$tmp/commands" ] || fail "'$fuseord help' lists no command"
	source_options "$cli" >"$tmp/src"
	: >"$tmp/help"
	while read -r cmd; do
		help_options "$fuseord" "$cmd" >>"$tmp/help" || fail "$fuseord help $cmd failed"
	done <"$tmp/commands"
	# Both sources must have found something for the known commands, or
	# the extraction itself is broken and would pass anything.
	for cmd in check replay variants demo; do
		grep -q "^$cmd --" "$tmp/src" || fail "found no option of '$cmd' in the source"
	done
	grep -q "^check --" "$tmp/help" || fail "found no option in 'fuseord help check'"
	sort -u "$tmp/src" "$tmp/help" >"$tmp/accepted"
	echo "options the command accepts (source and --help):"
	sed 's/^/  /' "$tmp/accepted"

	n=0
	while read -r cmd; do
		man_plain "$man" | grep -q "^\.SS \"\?fuseord $cmd\( \|\"\|\$\)" || {
			echo "  no section .SS \"fuseord $cmd ...\" in the man page" >&2
			n=$((n + 1))
			continue
		}
		man_items "$man" "$cmd" >"$tmp/items.$cmd"
		grep "^$cmd " "$tmp/accepted" | cut -d' ' -f2 | while read -r opt; do
			grep -qx -- "$opt" "$tmp/items.$cmd" ||
				echo "  fuseord $cmd $opt is not an item of the man page's $cmd section"
		done >>"$tmp/missing"
		while read -r opt; do
			grep -qx -- "$cmd $opt" "$tmp/accepted" ||
				echo "  the man page's $cmd section documents $opt, which fuseord $cmd does not accept"
		done <"$tmp/items.$cmd" >>"$tmp/missing"
		# "(default X)" in --help: X must be in the item too.
		"$fuseord" help "$cmd" | sed -n 's/^[ \t]*\(--[a-z][a-z-]*\).*(default \([A-Za-z0-9]*\)).*/\1 \2/p' |
			while read -r opt def; do
				man_item_text "$man" "$cmd" "$opt" | grep -qw -- "$def" ||
					echo "  fuseord $cmd $opt: --help says default $def, the man page does not"
			done >>"$tmp/missing"
	done <"$tmp/commands"
	[ ! -s "$tmp/missing" ] || { cat "$tmp/missing" >&2; n=$((n + $(wc -l <"$tmp/missing"))); }
	[ "$n" -eq 0 ] || fail "$n difference(s) between $man and the command"
	echo "check_man_page: OK: every option of every command is in $man"
}

mode_render()
{
	man=$1
	[ -f "$man" ] || fail "no man page $man"
	command -v groff >/dev/null 2>&1 || {
		echo "SKIP: groff is not installed (apt-get install groff-base)"
		exit 77
	}
	out=$(groff -man -Tutf8 -ww -z "$man" 2>&1) || fail "groff failed: $out"
	[ -z "$out" ] || { echo "$out" >&2; fail "groff warns about $man"; }
	# The page has its sections, and text in them.
	text=$(groff -man -Tutf8 -P-cbou "$man" 2>/dev/null) || fail "groff cannot render $man"
	for s in NAME SYNOPSIS DESCRIPTION COMMANDS "SCENARIO FILES" "EXIT STATUS" ENVIRONMENT \
		FILES EXAMPLES "SEE ALSO"; do
		printf '%s\n' "$text" | grep -qx "$s" || fail "no section $s in the rendered page"
	done
	echo "check_man_page: OK: $man renders without warnings"
}

mode_install()
{
	cmake=$1 build=$2 work=$3 mandir=$4 man=$5
	rm -rf "$work" && mkdir -p "$work" || fail "cannot create $work"
	"$cmake" --install "$build" --prefix "$work/prefix" --component man >"$work/install.log" 2>&1 ||
		{ cat "$work/install.log" >&2; fail "cmake --install --component man failed"; }
	cmp "$man" "$work/prefix/$mandir/man1/fuseord.1" ||
		fail "fuseord.1 not installed as $mandir/man1/fuseord.1"
	echo "check_man_page: OK: installed as $mandir/man1/fuseord.1"
}

[ $# -ge 1 ] || fail "usage: $0 options|render|install ARGS..."
mode=$1
shift
case $mode in
options) [ $# -eq 3 ] || fail "usage: $0 options FUSEORD MAN CLI_SRC_DIR"; mode_options "$@" ;;
render) [ $# -eq 1 ] || fail "usage: $0 render MAN"; mode_render "$@" ;;
install) [ $# -eq 5 ] || fail "usage: $0 install CMAKE BUILD_DIR WORK_DIR MANDIR MAN"; mode_install "$@" ;;
*) fail "unknown mode '$mode'" ;;
esac
