#!/bin/bash
# AgentTaskNaming side by side (issue 15's goal: < 5 us median, < 15 us p90 added per ChatClient call).
# Run from this folder with the benchmarks jar of the commit under test copied to ./benchmarks.jar,
# on an otherwise idle machine (nothing else running: no Maven build beside it).
J=./benchmarks.jar
JMH="-Djmh.ignoreLock=true"
step() { name=$1; shift; { echo "# $*"; echo "# $(date -u '+%F %T') UTC, load $(cut -d' ' -f1-3 /proc/loadavg)"; "$@"; } > "$name.txt" 2>&1; }
for round in 1 2; do
  for m in auto always off; do
    step plain-$m-$round java -cp $J ai.oceum.bench.springai.ChatClientOverhead 20000 20000 $m
  done
done
step jmh java $JMH -jar $J 'ai.oceum.bench.springai.ChatClientOverheadBenchmark' \
  -p handler=noop,oceum -p tools=none,one -p receiver=down,healthy -p naming=auto,always,off \
  -wi 3 -i 5 -w 1s -r 1s -f 1
J25=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
for m in auto always off; do
  step plain-jdk25-$m $J25 -cp $J ai.oceum.bench.springai.ChatClientOverhead 20000 20000 $m
done
