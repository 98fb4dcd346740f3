#!/bin/sh
# Issue 17 before/after, side by side in one session on the 2-CPU machine.
# B = benchmarks jar built from main c0c7396 (before issue 17's speed changes), A = this branch.
# Each step runs the before and the after jar back to back; `uptime` before and after each step.
# Where a harness is new (CallerAllocation, DeliveryCpu), the before jar goes FIRST on the class
# path with the after jar behind it: the old SDK classes win, the new harness class is found.
B=${B:-/work/bench-before/benchmarks.jar}; BA=${BA:-/work/bench-before/oceum-javaagent.jar}
A=${A:-benchmarks/target/benchmarks.jar};   AA=${AA:-oceum-javaagent/target/oceum-javaagent.jar}
OUT=${OUT:-benchmarks/results/2026-11-29-i17/final}
JMH="-Djmh.ignoreLock=true"
step() { name=$1; shift; echo "== $name"; { echo "# $*"; uptime; "$@" 2>&1; uptime; } > "$OUT/$name.txt"; }
step agenttask-proxy-before java -Xmx2g -cp $B ai.oceum.bench.annotation.AgentTaskCost
step agenttask-proxy-after  java -Xmx2g -cp $A ai.oceum.bench.annotation.AgentTaskCost
step agenttask-agent-before java -Xmx2g -javaagent:$BA -cp $B ai.oceum.bench.annotation.AgentTaskCost
step agenttask-agent-after  java -Xmx2g -javaagent:$AA -cp $A ai.oceum.bench.annotation.AgentTaskCost
step caller-allocation-before java -cp $B:$A ai.oceum.bench.core.CallerAllocation
step caller-allocation-after  java -cp $A ai.oceum.bench.core.CallerAllocation
step first-calls java -cp $A ai.oceum.bench.core.FirstCalls 5 600 $B
step quickbench-before java -cp $B ai.oceum.bench.core.QuickBench
step quickbench-after  java -cp $A ai.oceum.bench.core.QuickBench
step appender-before java -cp $B ai.oceum.bench.logging.AppenderOverhead 20 3000
step appender-after  java -cp $A ai.oceum.bench.logging.AppenderOverhead 20 3000
step langchain4j-plain-before java -cp $B ai.oceum.bench.langchain4j.ListenerOverhead 20000 20000
step langchain4j-plain-after  java -cp $A ai.oceum.bench.langchain4j.ListenerOverhead 20000 20000
step springai-plain-before java -cp $B ai.oceum.bench.springai.ChatClientOverhead 20000 20000
step springai-plain-after  java -cp $A ai.oceum.bench.springai.ChatClientOverhead 20000 20000
step jmh-core-before java $JMH -jar $B 'ai.oceum.bench.core' -prof gc
step jmh-core-after  java $JMH -jar $A 'ai.oceum.bench.core' -prof gc
step jmh-logging-before java $JMH -jar $B 'ai.oceum.bench.logging' -wi 3 -i 5 -w 1s -r 1s -f 1 -prof gc
step jmh-logging-after  java $JMH -jar $A 'ai.oceum.bench.logging' -wi 3 -i 5 -w 1s -r 1s -f 1 -prof gc
step jmh-langchain4j-before java $JMH -jar $B 'ai.oceum.bench.langchain4j.ListenerOverheadBenchmark' -wi 3 -i 5 -w 1s -r 1s -f 1 -prof gc
step jmh-langchain4j-after  java $JMH -jar $A 'ai.oceum.bench.langchain4j.ListenerOverheadBenchmark' -wi 3 -i 5 -w 1s -r 1s -f 1 -prof gc
step delivery-throughput java -cp $A ai.oceum.bench.delivery.DeliveryThroughput --events 10000 --rounds 6 --receivers sink,devserver-memory
step delivery-cpu-before java -cp $B:$A ai.oceum.bench.delivery.DeliveryCpu --clients sdk,jdk --pairs 2 --warmup 15 --seconds 10
step delivery-cpu-after  java -cp $A ai.oceum.bench.delivery.DeliveryCpu --clients sdk,jdk --pairs 2 --warmup 15 --seconds 10
echo done
