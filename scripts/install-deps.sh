#!/bin/sh
# Install the Debian packages contend needs to build, test and plot.
# As root: installs whatever is missing (apt-get, non-interactive).
# As non-root: prints the exact command to run and exits 2.
# Usage: scripts/install-deps.sh [build|test|plot|apps|all]   (default: all)
# apps: the third-party programs of results/specs/apps (`contend run`);
# not part of all, they are only needed to run that spec.
set -eu

want=${1:-all}
build_pkgs="gcc make pkg-config libhwloc-dev libnuma-dev libjemalloc-dev libck-dev libcjson-dev"
test_pkgs="libcriterion-dev"
plot_pkgs="gnuplot-nox"
apps_pkgs="sysbench pbzip2 bzip2 memcached libmemcached-tools"
case "$want" in
build) pkgs="$build_pkgs" ;;
test) pkgs="$build_pkgs $test_pkgs" ;;
plot) pkgs="$plot_pkgs" ;;
apps) pkgs="$apps_pkgs" ;;
all) pkgs="$build_pkgs $test_pkgs $plot_pkgs" ;;
*)
	echo "install-deps: unknown set '$want' (valid: build, test, plot, apps, all)" >&2
	exit 2
	;;
esac

missing=""
for p in $pkgs; do
	status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	case "$status" in
	*" installed") ;;
	*) missing="$missing $p" ;;
	esac
done
[ -z "$missing" ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
	echo "install-deps: missing packages:$missing" >&2
	echo "install-deps: no apt-get here; install the equivalents by hand." >&2
	exit 2
fi
if [ "$(id -u)" -ne 0 ]; then
	echo "install-deps: missing packages:$missing" >&2
	echo "install-deps: run as root:  apt-get install -y$missing" >&2
	exit 2
fi
echo "install-deps: installing$missing" >&2
export DEBIAN_FRONTEND=noninteractive
# A stale package index makes installs fail with 404s: refresh once on failure.
apt-get install -y --no-install-recommends $missing >&2 ||
	{ apt-get update >&2 && apt-get install -y --no-install-recommends $missing >&2; }
