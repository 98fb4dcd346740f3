#!/bin/sh
# Third part (after run.sh and run2.sh): AgentTaskLoop with the receiver down now takes a fresh
# client every 20 rounds (bounded waiting events); B = the 16108c0 jar with that harness copied in,
# A = this pass after the permit-ordering fix in SendLoop; and DeliveryThroughput/QuickBench on A
# again, because that fix changes when the sender gets its permit back.
B=${B:-/work/bench-base3.jar}; BA=${BA:-/work/agent-base2.jar}
A=${A:-benchmarks/target/benchmarks.jar}; AA=${AA:-oceum-javaagent/target/oceum-javaagent.jar}
OUT=${OUT:-benchmarks/results/2026-11-30-i17}
step() { name=$1; shift; echo "== $name"; { echo "# $*"; uptime; "$@" 2>&1; uptime; } > "$OUT/$name.txt"; }
forks() {
  name=$1; n=$2; shift 2
  { uptime; i=1; while [ $i -le $n ]; do
      for side in before after; do
        if [ $side = before ]; then J=$B; G=$BA; else J=$A; G=$AA; fi
        echo "## fork $i $side"; eval "java $*" 2>&1 | grep -E "median|events"
      done; i=$((i+1)); done; uptime; } > "$OUT/$name.txt"; echo "== $name"; }
forks agenttask-loop2-proxy 8 '-Xms2g -Xmx2g -cp $J ai.oceum.bench.annotation.AgentTaskLoop 300 500 down'
forks agenttask-loop2-agent 6 '-Xms2g -Xmx2g -javaagent:$G -cp $J ai.oceum.bench.annotation.AgentTaskLoop 300 500 down'
step delivery-throughput-after-2 java -cp $A ai.oceum.bench.delivery.DeliveryThroughput --events 10000 --rounds 6 --receivers sink,devserver-memory
step quickbench-after-2 java -cp $A ai.oceum.bench.core.QuickBench
echo done
