#!/bin/sh
# Probe the installed libraries with pkg-config and print make variables.
# CK=auto|yes|no decides whether Concurrency Kit peer rows are compiled in.
set -eu
flags() { pkg-config --cflags "$@" 2>/dev/null || true; }
libs() { pkg-config --libs "$@" 2>/dev/null || true; }
req="hwloc numa libcjson"
for p in $req; do
	pkg-config --exists "$p" || { echo "configure: pkg-config cannot find $p" >&2; exit 2; }
done
cflags=$(flags $req)
ldlibs=$(libs $req)
ck=${CK:-auto}
if [ "$ck" != no ] && pkg-config --exists ck; then
	cflags="$cflags $(flags ck) -DCT_HAVE_CK=1"
	ldlibs="$ldlibs $(libs ck)"
elif [ "$ck" = yes ]; then
	echo "configure: CK=yes but Concurrency Kit (libck-dev) is missing" >&2
	exit 2
fi
echo "DEP_CFLAGS := $cflags"
echo "DEP_LIBS := $ldlibs"
