#!/usr/bin/env bash
# DeliveryCpu with the kernel share per thread group: SDK, bare client, bare client on a same-thread
# executor; receiver in another JVM. Usage: run-kernel.sh benchmarks.jar outdir
set -euo pipefail
J=$1; OUT=$2
stamp() { echo "# $(date -u +%FT%TZ) uptime: $(uptime)"; }
java -cp "$J" ai.oceum.bench.delivery.DeliveryCpu --serve 4 > "$OUT/sink3.url" 2>&1 &
SINK=$!
trap 'kill $SINK' EXIT
for _ in $(seq 100); do grep -q serving "$OUT/sink3.url" && break; sleep 0.1; done
URL=$(awk '/serving/ {print $2}' "$OUT/sink3.url")
{ stamp; java -cp "$J" ai.oceum.bench.delivery.DeliveryCpu --url "$URL" --clients sdk,jdk,jdk-direct --rate 500 --warmup 20 --seconds 10 --pairs 3; stamp; } > "$OUT/cpu-external-receiver-kernel.txt" 2>&1
# near saturation: 4,000 events/s offered (more than the SDK delivers on this machine: CPU per event when busy)
{ stamp; java -cp "$J" ai.oceum.bench.delivery.DeliveryCpu --url "$URL" --clients sdk,jdk --rate 4000 --warmup 10 --seconds 5 --pairs 3; stamp; } > "$OUT/cpu-external-receiver-4000.txt" 2>&1
