#!/bin/sh
# The measured loops must call no algorithm through a pointer: every per-
# algorithm loop (lb_bench_<algo>, bb_bench_<algo>, the bare reference loops
# bare_loop_<algo>) must contain zero indirect calls, and
# the --dispatch indirect loop must contain some (or this check is blind).
# lb_bench_inject is the regression gate's test-only fault injection
# (CT_INJECT_DELAY_NS), which runs through the ops table on purpose.
set -eu
bin=${1:-build/contend}
dis=$(mktemp)
trap 'rm -f "$dis"' EXIT
objdump -d --no-show-raw-insn "$bin" >"$dis"
indirect_calls() {
	awk -v f="<$1>:" '$2 == f { on = 1; next } on && /^$/ { on = 0 } on' "$dis" |
		grep -cE 'call +\*' || true
}
loops=$(grep -oE '<((lb|bb)_bench|bare_loop)_[a-z0-9_]+>:' "$dis" | tr -d '<>:' | grep -vE '_(indirect|inject)$')
[ -n "$loops" ] || { echo "check-inline: no lb_bench_* loops in $bin" >&2; exit 1; }
bad=0
for f in $loops; do
	n=$(indirect_calls "$f")
	[ "$n" -eq 0 ] || { echo "check-inline: $f makes $n indirect calls" >&2; bad=1; }
done
[ "$(indirect_calls lb_bench_indirect)" -gt 0 ] ||
	{ echo "check-inline: lb_bench_indirect has no indirect call: check is blind" >&2; bad=1; }
[ $bad -eq 0 ] && echo "check-inline: $(echo "$loops" | wc -l) loops, no indirect calls"
exit $bad
