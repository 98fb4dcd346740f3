#!/usr/bin/env bash
# Background CPU per delivered event (DeliveryCpu), receiver in this JVM and in another JVM, then a
# JFR profile of the SDK alone at the same rate. Usage: run-cpu.sh benchmarks.jar outdir
set -euo pipefail
J=$1; OUT=$2
stamp() { echo "# $(date -u +%FT%TZ) uptime: $(uptime)"; }
# 1. receiver in another JVM: process CPU is then the client's (and the producer's) alone
java -cp "$J" ai.oceum.bench.delivery.DeliveryCpu --serve 4 > "$OUT/sink.url" 2>&1 &
SINK=$!
trap 'kill $SINK' EXIT
for _ in $(seq 100); do grep -q serving "$OUT/sink.url" && break; sleep 0.1; done
URL=$(awk '/serving/ {print $2}' "$OUT/sink.url")
{ stamp; java -cp "$J" ai.oceum.bench.delivery.DeliveryCpu --url "$URL" --rate 500 --warmup 30 --seconds 10 --pairs 3; stamp; } > "$OUT/cpu-external-receiver.txt" 2>&1
# 2. receiver in this JVM (its threads are their own group)
{ stamp; java -cp "$J" ai.oceum.bench.delivery.DeliveryCpu --rate 500 --warmup 30 --seconds 10 --pairs 3; stamp; } > "$OUT/cpu-same-jvm.txt" 2>&1
# 3. JFR of the SDK alone, receiver in another JVM
{ stamp; java -XX:StartFlightRecording=settings=profile,jdk.ExecutionSample#period=1ms,filename=/tmp/i17c/delivery-cpu.jfr \
  -cp "$J" ai.oceum.bench.delivery.DeliveryCpu --url "$URL" --clients sdk --rate 500 --warmup 30 --seconds 20 --pairs 1; stamp; } > "$OUT/cpu-sdk-jfr-run.txt" 2>&1
