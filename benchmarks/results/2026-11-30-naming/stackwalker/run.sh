#!/bin/bash
# What one StackWalker walk costs on JDK 17 (and 25), outside the handler: Walk3 walks n frames from the
# top of a stack `depth` frames deep; Walk2 the same for the window sizes and first-batch estimates the
# handler could use. Plain loops, 100,000 walks per row after three warm-up rounds.
cd "$(dirname "$0")"
J17=/usr/lib/jvm/java-17-openjdk-amd64/bin; J25=/usr/lib/jvm/temurin-25-jdk-amd64/bin
mkdir -p /tmp/stackwalker-classes
$J17/javac -Xlint:-removal -d /tmp/stackwalker-classes Walk2.java Walk3.java 2>/dev/null
for d in 1 30 150; do echo "# JDK 17, Walk3 $d, $(date -u +%T) load $(cut -d' ' -f1 /proc/loadavg)"; $J17/java -cp /tmp/stackwalker-classes Walk3 $d; done
echo "# JDK 25, Walk3 30"; $J25/java -cp /tmp/stackwalker-classes Walk3 30
for d in 5 150; do echo "# JDK 17, Walk2 $d"; $J17/java -cp /tmp/stackwalker-classes Walk2 $d; done
