#!/bin/sh
# ThreadSanitizer stage of `make check`. Criterion cannot start under TSan
# (its arena collides with TSan's reserved ranges: Snaipe/Criterion#274),
# so the TSan-built contend binary is the driver: the validators over every
# lock, barrier and semaphore problem (oversubscribed too), and short
# benchmark runs, which exercise the harness (team, sampled timing, handoff
# stamps) under the race detector.
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
# Semaphore problems: every run is a forked child, which TSan follows (a
# report makes the child exit 66 and the run FAIL). Items through glibc:
# jemalloc's own synchronization is not instrumented, so recycled memory
# would look racy. Also the long run of the safe philosophers.
"$bin" validate problem bounded-buffer --variant all --producers 1,2 \
	--consumers 2 --items 20000 --alloc glibc --sem posix,futex \
	--mutex sem,mcs,pthread-mutex --wait yield
"$bin" validate problem readers-writers --threads 2,4 --ops 10000 \
	--sem posix,futex --mutex sem,ticket --wait yield
"$bin" validate problem dining --philosophers 2,5 --meals 50000 \
	--sem posix,futex --mutex sem,clh --wait yield
"$bin" problem dining --variant naive --reps 2 --duration 1s --warmup 0 \
	--quiet --format csv >/dev/null
"$bin" c2c --trials 2 --roundtrips 1000 >/dev/null
# LRPC: client threads, the death watch and the forked server's threads
# (each process is checked on its own; the shared region is cross-process).
"$bin" lrpc --mode spin,hybrid,block,eventfd --proc add,biginout --clients 2 \
	--server-threads 2 --duration 20ms --warmup 0 --reps 1 --binds 2 \
	--quiet --format csv >/dev/null
echo "tsan-check: no reports"
