#!/bin/sh
# install_consumer.sh CMAKE BUILD_DIR SOURCE_DIR WORK_DIR LIBDIR BINDIR INCLUDEDIR DATADIR
#
# Installs the build tree BUILD_DIR into WORK_DIR/prefix with
# `cmake --install --prefix`, checks the installed files, then builds
# examples/consumer against it twice (find_package(fuseord CONFIG) and
# pkg-config) and runs it, and runs the installed `fuseord demo` from another
# directory to see it find the installed scenarios. The *DIR arguments are the
# GNUInstallDirs relative directories. Exits non-zero on the first failure.
set -u

fail() { echo "install_consumer: FAIL: $*" >&2; exit 1; }

[ $# -eq 8 ] || [ $# -eq 9 ] || fail "usage: $0 CMAKE BUILD_DIR SOURCE_DIR WORK_DIR LIBDIR BINDIR INCLUDEDIR DATADIR [CFLAGS]"
cmake=$1 build=$2 src=$3 work=$4 libdir=$5 bindir=$6 incdir=$7 datadir=$8
# The build's own C flags (sanitizers): a consumer of an instrumented
# library must be built and linked with them too.
cflags=${9:-}
prefix=$work/prefix

rm -rf "$work" && mkdir -p "$work" || fail "cannot create $work"

echo "== cmake --install $build --prefix $prefix"
"$cmake" --install "$build" --prefix "$prefix" >"$work/install.log" 2>&1 ||
	{ cat "$work/install.log" >&2; fail "cmake --install failed"; }

echo "== installed files"
for h in "$src"/include/fuseord/*.h; do
	[ -f "$prefix/$incdir/fuseord/$(basename "$h")" ] || fail "header $(basename "$h") not installed"
done
ls "$prefix/$libdir"/libfuseord.a "$prefix/$libdir"/libfuseord.so 2>/dev/null | grep -q . ||
	fail "no libfuseord.a or libfuseord.so in $prefix/$libdir"
[ -x "$prefix/$bindir/fuseord" ] || fail "$bindir/fuseord not installed"
for s in "$src"/scenarios/*.fos; do
	[ -f "$prefix/$datadir/fuseord/scenarios/$(basename "$s")" ] ||
		fail "scenario $(basename "$s") not installed"
done
for f in fuseordConfig.cmake fuseordConfigVersion.cmake fuseordTargets.cmake; do
	[ -f "$prefix/$libdir/cmake/fuseord/$f" ] || fail "$libdir/cmake/fuseord/$f not installed"
done
[ -f "$prefix/$libdir/pkgconfig/fuseord.pc" ] || fail "$libdir/pkgconfig/fuseord.pc not installed"

# A shared libfuseord is found at run time through LD_LIBRARY_PATH.
LD_LIBRARY_PATH=$prefix/$libdir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
export LD_LIBRARY_PATH

echo "== examples/consumer with find_package(fuseord CONFIG)"
"$cmake" -S "$src/examples/consumer" -B "$work/consumer-cmake" \
	-DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_C_FLAGS="$cflags" \
	-DCMAKE_EXE_LINKER_FLAGS="$cflags" >"$work/consumer-cmake.log" 2>&1 &&
	"$cmake" --build "$work/consumer-cmake" >>"$work/consumer-cmake.log" 2>&1 ||
	{ cat "$work/consumer-cmake.log" >&2; fail "consumer: CMake configure/build failed"; }
"$work/consumer-cmake/consumer" || fail "consumer (CMake build) did not get the expected verdict"

echo "== examples/consumer with pkg-config"
flags=$(PKG_CONFIG_PATH="$prefix/$libdir/pkgconfig" pkg-config --cflags --libs --static fuseord) ||
	fail "pkg-config --cflags --libs --static fuseord failed"
echo "pkg-config: $flags"
# shellcheck disable=SC2086 # $flags is a word list
# shellcheck disable=SC2086 # so is $cflags
${CC:-cc} $cflags -o "$work/consumer-pc" "$src/examples/consumer/consumer.c" $flags ||
	fail "consumer: cc with pkg-config flags failed"
"$work/consumer-pc" || fail "consumer (pkg-config build) did not get the expected verdict"

echo "== installed fuseord demo, run from another directory"
# A marker scenario only the installed directory has: the demo must list it.
cp "$prefix/$datadir/fuseord/scenarios/0a-reply-then-notify.fos" \
	"$prefix/$datadir/fuseord/scenarios/zz-installed-marker.fos" || fail "cannot add marker"
mkdir -p "$work/elsewhere"
(cd "$work/elsewhere" && env -u FUSEORD_SCENARIOS "$prefix/$bindir/fuseord" demo --variant v2) \
	>"$work/demo.out" 2>&1
rc=$?
cat "$work/demo.out"
[ $rc -eq 0 ] || fail "installed fuseord demo --variant v2 exited $rc"
grep -q '^zz-installed-marker' "$work/demo.out" ||
	fail "installed fuseord demo did not read the installed scenarios"

echo "== a variant file through the installed fuseord --variant-file"
# A marker only the installed header has: the variant must be compiled
# against the installed headers, not the source tree's.
printf '\n#define FUSEORD_INSTALLED_HEADER_MARKER 1\n' >>"$prefix/$incdir/fuseord/fuse_variant.h"
{
	cat "$src/examples/variants/v3-announced.c"
	printf '#ifndef FUSEORD_INSTALLED_HEADER_MARKER\n#error not the installed fuse_variant.h\n#endif\n'
} >"$work/v3.c"
(cd "$work/elsewhere" && env -u FUSEORD_INCLUDE_DIR XDG_CACHE_HOME="$work/cache" \
	"$prefix/$bindir/fuseord" check "$prefix/$datadir/fuseord/scenarios/concern1-link-under-close-wait.fos" \
	--variant-file "$work/v3.c") >"$work/variant.out" 2>&1
rc=$?
cat "$work/variant.out"
[ $rc -eq 0 ] || fail "installed fuseord check --variant-file exited $rc"
grep -q '^variant  v3-announced ' "$work/variant.out" || fail "the variant file's variant was not checked"
grep -q '^verdict  ok' "$work/variant.out" || fail "v3-announced is not ok on concern 1"
ls "$work/cache/fuseord/"*.so >/dev/null 2>&1 || fail "no compiled variant in the cache"

echo "== a CMocka test in the kernel dialect (fuseord/kernel.h), against the installed library"
cmocka=$(pkg-config --cflags --libs cmocka 2>/dev/null) || cmocka=-lcmocka
# shellcheck disable=SC2086 # word lists
${CC:-cc} $cflags -o "$work/kernel-test" "$src/examples/consumer/kernel_test.c" $flags $cmocka ||
	fail "kernel_test.c: cc against the installed library failed"
"$work/kernel-test" || fail "kernel_test (installed library) failed"

echo "install_consumer: OK"
