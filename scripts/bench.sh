#!/bin/sh
# The default benchmark for this machine (`make bench`): every lock at
# 1, 2 and 2x-oversubscribed thread counts, side by side in one run, the
# c2c floor, our locks paired with their Concurrency Kit peers (when
# libck-dev is there), and LRPC against the usual IPC (cross-CPU and on
# one CPU). Prints the tables and keeps the records under results/, and
# ends with the answer: per thread count, which lock and why
# (`contend summary`). Sized to stay under ~3 minutes on 2 CPUs; scale
# with BENCH_DURATION/REPS (the lock runs keep 7 repetitions or more, so
# the summary's paired ratios get a 95% interval).
set -eu
contend=${1:-build/contend}
stamp=$(date -u +%Y%m%dT%H%M%SZ)
out=results/bench-$stamp
mkdir -p results
# One c2c reference for every command below: the first measures it and
# saves it here, the others divide by the same round trip (c2cref.h).
CONTEND_C2C_REF=$out-c2c-ref.json
export CONTEND_C2C_REF
ncpu=$(nproc)
threads="1,$ncpu,$((2 * ncpu))"
[ "$ncpu" -gt 1 ] || threads="1,2"
echo "== c2c: cache-line round trip between CPUs (the handoff floor)"
"$contend" c2c --out "$out-c2c.jsonl"
echo
echo "== locks: threads $threads, compact placement, pure spin"
"$contend" lock --algo all --threads "$threads" \
	--duration "${BENCH_LOCK_DURATION:-100ms}" --warmup 50ms \
	--reps "${BENCH_LOCK_REPS:-7}" --out "$out-lock.jsonl"
echo
echo "== oversubscribed ($((2 * ncpu)) threads) with spin-then-yield"
"$contend" lock --algo tas,ttas,ticket,mcs,clh,anderson --threads $((2 * ncpu)) \
	--wait yield --duration "${BENCH_LOCK_DURATION:-100ms}" --warmup 50ms \
	--reps "${BENCH_LOCK_REPS:-7}" --out "$out-lock-yield.jsonl"
echo
if "$contend" list locks | grep -q '^ck-'; then
	echo "== ours vs Concurrency Kit: paired per repetition, short interleaved runs"
	"$contend" lock --algo tas,ttas,ticket,mcs,clh,anderson --peers \
		--threads 1,2 --duration 50ms --warmup 20ms \
		--reps "${BENCH_PEER_REPS:-15}" --out "$out-lock-peers.jsonl"
	echo
fi
echo "== lrpc: the paper's four procedures, LRPC's modes and the baselines"
"$contend" lrpc --proc null,add,bigin,biginout \
	--duration "${BENCH_DURATION:-0.3s}" --warmup 50ms \
	--reps "${BENCH_REPS:-3}" --out "$out-lrpc.jsonl"
echo
echo "== lrpc on one CPU: blocking LRPC against a bare futex ping-pong"
"$contend" lrpc --same-cpu --mode block,futex,pipe \
	--duration "${BENCH_DURATION:-0.3s}" --warmup 50ms \
	--reps "${BENCH_REPS:-3}" --out "$out-lrpc-1cpu.jsonl"
echo
echo "== which lock on this machine, and why (contend summary $out-lock.jsonl $out-lock-yield.jsonl)"
"$contend" summary "$out-lock.jsonl" "$out-lock-yield.jsonl"
echo
echo "records: $out-*.jsonl (c2c reference: $CONTEND_C2C_REF)"
