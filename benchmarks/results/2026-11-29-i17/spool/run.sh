#!/bin/sh
# Interleaved before/after: the jar built from main c0c7396 and the jar of this branch, alternately.
# Usage: run.sh <before.jar> <after.jar> <out dir> <rounds>
BEFORE=$1; AFTER=$2; OUT=$3; ROUNDS=${4:-3}
mkdir -p "$OUT"
for r in $(seq 1 "$ROUNDS"); do
  for which in before after; do
    if [ $which = before ]; then JAR=$BEFORE; else JAR=$AFTER; fi
    f="$OUT/jmh-$which-$r.txt"
    { echo "# $which round $r: $JAR"; echo "# uptime before: $(uptime)"; } > "$f"
    java -Djmh.ignoreLock=true -jar "$JAR" SpooledCallBenchmark -p receiver=healthy,down -rf json -rff "$OUT/jmh-$which-$r.json" >> "$f" 2>&1
    echo "# uptime after: $(uptime)" >> "$f"
    f="$OUT/quick-$which-$r.txt"
    { echo "# $which round $r: $JAR"; echo "# uptime before: $(uptime)"; } > "$f"
    java -cp "$JAR" ai.oceum.bench.core.QuickBench >> "$f" 2>&1
    echo "# uptime after: $(uptime)" >> "$f"
  done
done
