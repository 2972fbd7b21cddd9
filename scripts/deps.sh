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
)
# packages with no command of their own (headers, libraries)
fo_deps_packages=(
	libc6-dev
	libcmocka-dev
)

fo_deps_missing()
{
	local entry pkg status
	for entry in "${fo_deps_tools[@]}"; do
		command -v "${entry%%:*}" >/dev/null 2>&1 || echo "${entry#*:}"
	done
	for pkg in "${fo_deps_packages[@]}"; do
		status=$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null) || status=
		[ "$status" = installed ] || echo "$pkg"
	done
}

fo_deps_ensure()
{
	local missing
	missing=$(fo_deps_missing | tr '\n' ' ')
	missing=${missing% }
	if [ -z "$missing" ]; then
		return 0
	fi

	if [ "$(id -u)" -ne 0 ]; then
		echo "deps: missing: $missing" >&2
		echo "deps: run as root: apt-get update && apt-get install -y $missing" >&2
		echo "deps:          or: sudo scripts/deps.sh" >&2
		return 1
	fi
	if ! command -v apt-get >/dev/null 2>&1; then
		echo "deps: missing: $missing, and no apt-get here (Debian 12 expected)" >&2
		return 1
	fi

	echo "deps: installing: $missing"
	export DEBIAN_FRONTEND=noninteractive
	if ! apt-get -q -o DPkg::Lock::Timeout=300 update </dev/null; then
		echo "deps: apt-get update failed" >&2
		return 1
	fi
	# shellcheck disable=SC2086 # $missing is a word list on purpose
	if ! apt-get -q -y -o DPkg::Lock::Timeout=300 install --no-install-recommends \
		$missing </dev/null; then
		echo "deps: apt-get install failed: $missing" >&2
		return 1
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
