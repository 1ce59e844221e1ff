#!/bin/sh
# scripts/install-deps.sh [GOAL...] - the Debian packages a goal needs.
#   (no GOAL: deps, every package below)   --goals: print the goal names
# As root: installs whatever is missing, in one apt-get run.
# As non-root: prints the one apt-get command that installs every package
# the goals named still lack, and exits 2.
# The Makefile runs it while it reads itself, before it includes or builds
# anything, with the make goals that appear in the table below.
#
# CT_DEPS_MISSING="pkg ..." (for testing the stop): treat these packages as
# missing, and never install: print the command and exit 2 as for non-root.
# Needs only sh, awk, dpkg-query and apt-get: it runs on a bare Debian 12.
set -eu

# The one list of packages. A row names a make goal and what it needs;
# @goal takes in another row. A new goal is one new row. `apps` is no make
# goal: the third-party programs of results/specs/apps (`contend matrix apps`),
# installed only on request (scripts/install-deps.sh apps).
table() {
	cat <<'EOF'
build	gcc libc6-dev make pkg-config libhwloc-dev libnuma-dev libjemalloc-dev libck-dev libcjson-dev
test	@build libcriterion-dev
bench	@build
check	@test
plots	@build gnuplot-nox
deps	@test @bench @check @plots
apps	sysbench pbzip2 bzip2 memcached libmemcached-tools
EOF
}

goals=$(table | awk '{ printf "%s%s", sep, $1; sep = " " }')
if [ "${1:-}" = --goals ]; then
	echo "$goals"
	exit 0
fi
[ $# -gt 0 ] || set -- deps

# Packages of the goals named, each once, in table order; an unknown goal
# is named with the valid ones (exit 2).
pkgs=$(table | awk -v want="$*" -v valid="$(echo "$goals" | tr ' ' ,)" '
	{ row[$1] = $0 }
	function take(g,   f, i, n) {
		if (!(g in row)) {
			printf "install-deps: unknown goal \"%s\" (valid: %s)\n", g, valid > "/dev/stderr"
			bad = 1
			return
		}
		if (g in seen) return
		seen[g] = 1
		n = split(row[g], f)
		for (i = 2; i <= n; i++)
			if (f[i] ~ /^@/) take(substr(f[i], 2))
			else if (!(f[i] in have)) { have[f[i]] = 1; out = out " " f[i] }
	}
	END {
		n = split(want, w)
		for (i = 1; i <= n; i++) take(w[i])
		if (bad) exit 2
		print out
	}') || exit 2

simulated=${CT_DEPS_MISSING:-}
missing=""
for p in $pkgs; do
	case " $simulated " in *" $p "*)
		missing="$missing $p"
		continue ;;
	esac
	status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	case "$status" in
	*" installed") ;;
	*) missing="$missing $p" ;;
	esac
done
[ -z "$missing" ] && exit 0

install="apt-get install -y --no-install-recommends$missing"
if ! command -v apt-get >/dev/null 2>&1; then
	echo "install-deps: missing packages:$missing" >&2
	echo "install-deps: no apt-get here; install the equivalents by hand." >&2
	exit 2
fi
if [ -n "$simulated" ] || [ "$(id -u)" -ne 0 ]; then
	echo "install-deps: missing packages:$missing" >&2
	echo "install-deps: run as root:  apt-get update && $install" >&2
	exit 2
fi
echo "install-deps: installing$missing" >&2
export DEBIAN_FRONTEND=noninteractive
# A stale or empty package index makes installs fail: refresh once on failure.
$install >&2 || { apt-get update >&2 && $install >&2; }
