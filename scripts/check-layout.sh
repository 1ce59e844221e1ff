#!/bin/sh
# scripts/check-layout.sh [ROOT] - the architecture as a check.
#
# Dependencies run one way: commands -> family tables -> family engines ->
# core, and the algorithm folders below everything. This script reads every project
# #include and fails (exit 1, naming file and include) on an edge the table
# below does not allow, and on a folder past MAX_SOURCES .c files (a folder
# that big holds two responsibilities). The table is the one statement of
# the layering; README "Layout" explains it.
#
#   folder             may include (besides itself)
#   locks barriers     the small shared headers: harness/core/{cc,wait,timing,futex}.h
#   problems lrpc      those, and locks/ (a mutex role; A-stack queues)
#   harness/core       algorithm folders (locks/ops.h for lock sets)
#   harness/<family>   core and algorithm folders; problem also lock/
#                      (a problem's mutex role is a lock set)
#   harness/families   core, the family engines (their limits and names),
#                      matrix (a section's checks), algorithm folders:
#                      never cmd, results or regress
#   harness/results    core, matrix (the families' record schemas)
#   harness/matrix     core, results
#   harness/regress    core, results, matrix
#   harness/cmd        anything
#   tests              anything
set -eu
root=${1:-.}
cd "$root"
MAX_SOURCES=20
small='harness/core/(cc|wait|timing|futex)\.h'
algos='(locks|barriers|problems|lrpc)/'

allowed() { # allowed FOLDER INCLUDE -> 0 when FOLDER may include INCLUDE
	f=$1 inc=$2
	case "$inc" in "$f"/*) return 0 ;; esac
	case "$f" in
	locks | barriers) echo "$inc" | grep -qE "^$small$" ;;
	problems | lrpc) echo "$inc" | grep -qE "^($small|locks/.*)$" ;;
	harness/core) echo "$inc" | grep -qE "^$algos" ;;
	harness/results) echo "$inc" | grep -qE '^harness/(core|matrix)/' ;;
	harness/matrix) echo "$inc" | grep -qE "^(harness/(core|results)/|$algos)" ;;
	harness/regress) echo "$inc" | grep -qE '^harness/(core|results|matrix)/' ;;
	harness/families) ! echo "$inc" | grep -qE '^harness/(cmd|results|regress)/' ;;
	harness/problem) echo "$inc" | grep -qE "^(harness/(core|lock)/|$algos)" ;;
	harness/cmd | tests | preload) return 0 ;;
	harness/*) echo "$inc" | grep -qE "^(harness/core/|$algos)" ;;
	*) return 0 ;;
	esac
}

# The project's C files: git's list in a checkout, else every one below.
sources() {
	if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
		git ls-files --cached --others --exclude-standard '*.c' '*.h'
	else
		find . -name '*.[ch]' | sed 's#^\./##'
	fi
}

bad=0
for src in $(sources); do
	folder=${src%/*}
	for inc in $(sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\([^"]*\)".*/\1/p' "$src"); do
		case "$inc" in */*) ;; *) continue ;; esac # same-folder include
		if ! allowed "$folder" "$inc"; then
			echo "check-layout: $src includes $inc ($folder may not)" >&2
			bad=1
		fi
	done
done
for d in $(sources | grep '\.c$' | sed 's#/[^/]*$##' | sort -u); do
	n=$(sources | grep -c "^$d/[^/]*\.c$" || true)
	if [ "$n" -gt $MAX_SOURCES ]; then
		echo "check-layout: $d holds $n source files (at most $MAX_SOURCES)" >&2
		bad=1
	fi
done
[ $bad -eq 0 ] && echo "check-layout: includes follow the layering; no folder past $MAX_SOURCES sources"
exit $bad
