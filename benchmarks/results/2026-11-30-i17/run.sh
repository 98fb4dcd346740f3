#!/bin/sh
# Issue 17 (second pass) and issue 15, before/after side by side in one session on the 2-CPU machine.
# B = benchmarks jar of main 16108c0 (the end of the first pass) with this pass's two benchmark
# changes copied in (AgentTaskBenchmark, ListenerOverheadBenchmark's receiver parameter), so that
# both jars run the same harnesses; A = this pass. BA/AA: the Java agent jars of the same commits.
# Each step runs the before and the after jar back to back; `uptime` before and after each step.
# Loops that vary from JVM to JVM run in several fresh JVMs, before and after alternating.
B=${B:-/work/bench-base2.jar}; BA=${BA:-/work/agent-base2.jar}
A=${A:-benchmarks/target/benchmarks.jar}; AA=${AA:-oceum-javaagent/target/oceum-javaagent.jar}
OUT=${OUT:-benchmarks/results/2026-11-30-i17}
JMH="-Djmh.ignoreLock=true"
step() { name=$1; shift; echo "== $name"; { echo "# $*"; uptime; "$@" 2>&1; uptime; } > "$OUT/$name.txt"; }
forks() { # name, forks, then the command after "java"; alternates before (B, BA) and after (A, AA)
  name=$1; n=$2; shift 2
  { uptime; i=1; while [ $i -le $n ]; do
      for side in before after; do
        if [ $side = before ]; then J=$B; G=$BA; else J=$A; G=$AA; fi
        echo "## fork $i $side"; eval "java $*" 2>&1 | grep -E "median|events"
      done; i=$((i+1)); done; uptime; } > "$OUT/$name.txt"; echo "== $name"; }
forks agenttask-loop-proxy 8 '-Xms2g -Xmx2g -cp $J ai.oceum.bench.annotation.AgentTaskLoop 300 500 down'
forks agenttask-loop-agent 8 '-Xms2g -Xmx2g -javaagent:$G -cp $J ai.oceum.bench.annotation.AgentTaskLoop 300 500 down'
step jmh-agenttask-before java $JMH -jar $B AgentTaskBenchmark -jvmArgsAppend "-Xms3g -Xmx3g -javaagent:$BA"
step jmh-agenttask-after  java $JMH -jar $A AgentTaskBenchmark -jvmArgsAppend "-Xms3g -Xmx3g -javaagent:$AA"
step springai-plain-before-1 java -cp $B ai.oceum.bench.springai.ChatClientOverhead 20000 20000
step springai-plain-after-1  java -cp $A ai.oceum.bench.springai.ChatClientOverhead 20000 20000
step springai-plain-before-2 java -cp $B ai.oceum.bench.springai.ChatClientOverhead 20000 20000
step springai-plain-after-2  java -cp $A ai.oceum.bench.springai.ChatClientOverhead 20000 20000
step springai-plain-before-3 java -cp $B ai.oceum.bench.springai.ChatClientOverhead 20000 20000
step springai-plain-after-3  java -cp $A ai.oceum.bench.springai.ChatClientOverhead 20000 20000
step jmh-springai-before java $JMH -jar $B 'ai.oceum.bench.springai.ChatClientOverheadBenchmark' -wi 3 -i 5 -w 1s -r 1s -f 1
step jmh-springai-after  java $JMH -jar $A 'ai.oceum.bench.springai.ChatClientOverheadBenchmark' -wi 3 -i 5 -w 1s -r 1s -f 1
step jmh-langchain4j-before java $JMH -jar $B 'ai.oceum.bench.langchain4j.ListenerOverheadBenchmark' -p tools=one -wi 3 -i 5 -w 1s -r 1s -f 1
step jmh-langchain4j-after  java $JMH -jar $A 'ai.oceum.bench.langchain4j.ListenerOverheadBenchmark' -p tools=one -wi 3 -i 5 -w 1s -r 1s -f 1
step langchain4j-plain-before java -cp $B ai.oceum.bench.langchain4j.ListenerOverhead 20000 20000
step langchain4j-plain-after  java -cp $A ai.oceum.bench.langchain4j.ListenerOverhead 20000 20000
step quickbench-before java -cp $B ai.oceum.bench.core.QuickBench
step quickbench-after  java -cp $A ai.oceum.bench.core.QuickBench
step caller-allocation-before java -cp $B ai.oceum.bench.core.CallerAllocation
step caller-allocation-after  java -cp $A ai.oceum.bench.core.CallerAllocation
step delivery-throughput-before java -cp $B ai.oceum.bench.delivery.DeliveryThroughput --events 10000 --rounds 6 --receivers sink,devserver-memory
step delivery-throughput-after  java -cp $A ai.oceum.bench.delivery.DeliveryThroughput --events 10000 --rounds 6 --receivers sink,devserver-memory
step delivery-cpu-before java -cp $B ai.oceum.bench.delivery.DeliveryCpu --clients sdk,jdk --pairs 2 --warmup 15 --seconds 10
step delivery-cpu-after  java -cp $A ai.oceum.bench.delivery.DeliveryCpu --clients sdk,jdk --pairs 2 --warmup 15 --seconds 10
echo done
