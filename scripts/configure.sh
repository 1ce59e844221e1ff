#!/bin/sh
# Probe the installed libraries with pkg-config and print make variables.
# CK=auto|yes|no decides whether Concurrency Kit peer rows are compiled in.
set -eu
flags() { pkg-config --cflags "$@" 2>/dev/null || true; }
libs() { pkg-config --libs "$@" 2>/dev/null || true; }
req="hwloc numa libcjson jemalloc"
for p in $req; do
	pkg-config --exists "$p" || { echo "configure: pkg-config cannot find $p" >&2; exit 2; }
done
cflags="$(flags hwloc numa libcjson) $(flags jemalloc)"
ldlibs=$(libs hwloc numa libcjson)
ck=${CK:-auto}
if [ "$ck" != no ] && pkg-config --exists ck; then
	cflags="$cflags $(flags ck) -DCT_HAVE_CK=1"
	ldlibs="$ldlibs $(libs ck)"
elif [ "$ck" = yes ]; then
	echo "configure: CK=yes but Concurrency Kit (libck-dev) is missing" >&2
	exit 2
fi
# jemalloc (Debian's libjemalloc-dev) is built without a symbol prefix: its
# malloc/free would replace glibc's for the whole process if libjemalloc came
# first in the link. The bounded-buffer benchmark calls it only through its
# non-standard API (mallocx/sdallocx, which glibc lacks), so libc is named
# before it: the dynamic linker then resolves malloc to glibc everywhere and
# `--alloc glibc|jemalloc` picks the allocator per run (harness/problem/itemalloc.c
# checks this at run time). Linked at start-up rather than dlopen()ed: its
# initial-exec TLS does not fit the static TLS surplus left for dlopen.
ldlibs="$ldlibs -Wl,--push-state,--no-as-needed -lc -Wl,--pop-state $(libs jemalloc)"
echo "DEP_CFLAGS := $cflags"
echo "DEP_LIBS := $ldlibs"
