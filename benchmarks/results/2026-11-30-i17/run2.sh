#!/bin/sh
# Second part of the session (run.sh first): the Spring AI JMH benchmark with its new receiver
# parameter (healthy sink / down, sender holding), the @AgentTask JMH benchmark without the agent
# (proxy row), and CallerAllocation three times per jar. Same B / A jars as run.sh, rebuilt with
# the Spring AI benchmark change copied into both.
B=${B:-/work/bench-base2.jar}; A=${A:-benchmarks/target/benchmarks.jar}
OUT=${OUT:-benchmarks/results/2026-11-30-i17}
JMH="-Djmh.ignoreLock=true"
step() { name=$1; shift; echo "== $name"; { echo "# $*"; uptime; "$@" 2>&1; uptime; } > "$OUT/$name.txt"; }
step jmh-springai-down-before java $JMH -jar $B 'ai.oceum.bench.springai.ChatClientOverheadBenchmark' -p handler=noop,oceum -p receiver=down -wi 3 -i 5 -w 1s -r 1s -f 1
step jmh-springai-down-after  java $JMH -jar $A 'ai.oceum.bench.springai.ChatClientOverheadBenchmark' -p handler=noop,oceum -p receiver=down -wi 3 -i 5 -w 1s -r 1s -f 1
step jmh-agenttask-noagent-before java $JMH -jar $B 'AgentTaskBenchmark.proxy'
step jmh-agenttask-noagent-after  java $JMH -jar $A 'AgentTaskBenchmark.proxy'
for i in 1 2 3; do  # the third pair was stopped by hand to save time: two pairs kept
  step caller-allocation-before-$i java -cp $B ai.oceum.bench.core.CallerAllocation
  step caller-allocation-after-$i  java -cp $A ai.oceum.bench.core.CallerAllocation
done
echo done
