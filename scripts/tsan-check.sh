#!/bin/sh
# ThreadSanitizer stage of `make check`. Criterion cannot start under TSan
# (its arena collides with TSan's reserved ranges: Snaipe/Criterion#274),
# so the TSan-built contend binary is the driver: the validators over every
# lock and barrier (oversubscribed too), and short benchmark runs, which exercise the
# harness (team, sampled timing, handoff stamps) under the race detector.
# TSan makes the process exit 66 on any report.
set -eu
bin=${1:?usage: tsan-check.sh build/tsan/contend}
export TSAN_OPTIONS="halt_on_error=1 exitcode=66 ${TSAN_OPTIONS:-}"
"$bin" validate lock --algo all --threads 2,4 --ops 20000 --wait yield
locks=$("$bin" list locks | grep -v '^null$' | paste -sd, -)
"$bin" lock --algo "$locks" --threads 1,2 --duration 20ms --warmup 0 \
	--reps 1 --quiet --format csv >/dev/null
"$bin" validate barrier --algo all --threads 1,2,3,4 --episodes 20000 \
	--wait yield --spin-limit 0
"$bin" c2c --trials 2 --roundtrips 1000 >/dev/null
# LRPC: client threads, the death watch and the forked server's threads
# (each process is checked on its own; the shared region is cross-process).
"$bin" lrpc --mode spin,hybrid,block,eventfd --proc add,biginout --clients 2 \
	--server-threads 2 --duration 20ms --warmup 0 --reps 1 --binds 2 \
	--quiet --format csv >/dev/null
echo "tsan-check: no reports"
