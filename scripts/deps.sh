#!/usr/bin/env bash
# scripts/deps.sh - install what libfuseord needs to build and test, and only
# what is missing, on a Debian 12 machine.
#
# Run it directly (`scripts/deps.sh`) or source it from another script
# (`. scripts/deps.sh`); scripts/demo and scripts/test source it. It never
# reads stdin, so it works under CI=true with no terminal. apt-get update runs
# once, and only if something has to be installed. As non-root it installs
# nothing and names the command to run instead.

# tool -> Debian package providing it
fo_deps_tools=(
	"cmake:cmake"
	"gcc:gcc"
	"make:make"
	"pkg-config:pkg-config"
	"strace:strace"
	"valgrind:valgrind"
	"doxygen:doxygen"
)
# a caller that needs more tools sets fo_deps_extra_tools (same form) first
fo_deps_tools+=(${fo_deps_extra_tools[@]+"${fo_deps_extra_tools[@]}"})
# packages with no command of their own (headers, libraries)
fo_deps_packages=(
	libc6-dev
	libcmocka-dev
)
# Only the fuzz preset needs these (clang with libFuzzer; tests/fuzz): they
# are installed with the rest, but without them the other presets still run
# and scripts/test skips fuzz.
fo_deps_fuzz_tools=(
	"clang:clang"
)
fo_deps_fuzz_packages=(
	libclang-rt-14-dev
)

# fo_deps_missing [fuzz]: the packages still to install, of the required
# set or, with "fuzz", of the fuzz preset's.
fo_deps_missing()
{
	local entry pkg status tools packages
	if [ "${1:-}" = fuzz ]; then
		tools=("${fo_deps_fuzz_tools[@]}")
		packages=("${fo_deps_fuzz_packages[@]}")
	else
		tools=("${fo_deps_tools[@]}")
		packages=("${fo_deps_packages[@]}")
	fi
	for entry in "${tools[@]}"; do
		command -v "${entry%%:*}" >/dev/null 2>&1 || echo "${entry#*:}"
	done
	for pkg in "${packages[@]}"; do
		status=$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null) || status=
		[ "$status" = installed ] || echo "$pkg"
	done
}

fo_deps_ensure()
{
	local missing fuzz
	missing=$(fo_deps_missing | tr '\n' ' ')
	missing=${missing% }
	fuzz=$(fo_deps_missing fuzz | tr '\n' ' ')
	fuzz=${fuzz% }
	if [ -z "$missing$fuzz" ]; then
		return 0
	fi

	if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
		if [ -n "$fuzz" ]; then
			echo "deps: not installed: $fuzz (only the fuzz preset needs it)" >&2
		fi
		if [ -z "$missing" ]; then
			return 0
		fi
	fi
	if [ "$(id -u)" -ne 0 ]; then
		echo "deps: missing: $missing" >&2
		echo "deps: run as root: apt-get update && apt-get install -y $missing $fuzz" >&2
		echo "deps:          or: sudo scripts/deps.sh" >&2
		return 1
	fi
	if ! command -v apt-get >/dev/null 2>&1; then
		echo "deps: missing: $missing, and no apt-get here (Debian 12 expected)" >&2
		return 1
	fi

	echo "deps: installing: ${missing:+$missing }$fuzz"
	export DEBIAN_FRONTEND=noninteractive
	if ! apt-get -q -o DPkg::Lock::Timeout=300 update </dev/null; then
		echo "deps: apt-get update failed" >&2
		if [ -n "$missing" ]; then
			return 1
		fi
		return 0
	fi
	# shellcheck disable=SC2086 # $missing is a word list on purpose
	if [ -n "$missing" ] &&
		! apt-get -q -y -o DPkg::Lock::Timeout=300 install --no-install-recommends \
			$missing </dev/null; then
		echo "deps: apt-get install failed: $missing" >&2
		return 1
	fi
	# Only the fuzz preset needs these: a failure is a warning.
	# shellcheck disable=SC2086
	if [ -n "$fuzz" ] &&
		! apt-get -q -y -o DPkg::Lock::Timeout=300 install --no-install-recommends \
			$fuzz </dev/null; then
		echo "deps: apt-get install failed: $fuzz (only the fuzz preset needs it)" >&2
	fi

	missing=$(fo_deps_missing | tr '\n' ' ')
	if [ -n "$missing" ]; then
		echo "deps: still missing after install: $missing" >&2
		return 1
	fi
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
	fo_deps_ensure
	exit
fi
fo_deps_ensure
