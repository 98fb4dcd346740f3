#!/usr/bin/env bash
# After run-cpu.sh: (1) OutageCpu's healthy mode three times in one JVM (the first is a cold JVM, as in
# the 610-780 µs figures), (2) DeliveryCpu with the bare client on a same-thread executor as well,
# receiver in another JVM, (3) DeliveryThroughput against the sink with longer runs.
# Usage: run-more.sh benchmarks.jar outdir
set -euo pipefail
J=$1; OUT=$2
stamp() { echo "# $(date -u +%FT%TZ) uptime: $(uptime)"; }
{ stamp; java -cp "$J" ai.oceum.bench.delivery.OutageCpu --rate 500 --seconds 20 --modes healthy,healthy,healthy; stamp; } > "$OUT/outagecpu-healthy-x3.txt" 2>&1
java -cp "$J" ai.oceum.bench.delivery.DeliveryCpu --serve 4 > "$OUT/sink2.url" 2>&1 &
SINK=$!
trap 'kill $SINK' EXIT
for _ in $(seq 100); do grep -q serving "$OUT/sink2.url" && break; sleep 0.1; done
URL=$(awk '/serving/ {print $2}' "$OUT/sink2.url")
{ stamp; java -cp "$J" ai.oceum.bench.delivery.DeliveryCpu --url "$URL" --clients sdk,jdk,jdk-direct --rate 500 --warmup 20 --seconds 10 --pairs 3; stamp; } > "$OUT/cpu-external-receiver-direct.txt" 2>&1
kill $SINK; trap - EXIT
{ stamp; java -cp "$J" ai.oceum.bench.delivery.DeliveryThroughput --events 10000 --rounds 6 --receivers sink; stamp; } > "$OUT/throughput-sink-10k.txt" 2>&1
