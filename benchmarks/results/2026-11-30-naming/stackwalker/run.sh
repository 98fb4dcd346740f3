#!/bin/bash
# What one StackWalker walk costs on JDK 17 (and 25), outside the handler (see StackWalkCost.java).
cd "$(dirname "$0")"
J17=/usr/lib/jvm/java-17-openjdk-amd64/bin; J25=/usr/lib/jvm/temurin-25-jdk-amd64/bin
C=/tmp/stackwalker-classes; mkdir -p $C
$J17/javac -d $C StackWalkCost.java
for d in 1 30 150; do echo "# JDK 17, ways, depth $d, $(date -u +%T) UTC, load $(cut -d' ' -f1 /proc/loadavg)"; $J17/java -cp $C StackWalkCost $d ways; done
echo "# JDK 25, ways, depth 30"; $J25/java -cp $C StackWalkCost 30 ways
for d in 5 150; do echo "# JDK 17, sizes, depth $d"; $J17/java -cp $C StackWalkCost $d sizes; done
