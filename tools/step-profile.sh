#!/usr/bin/env bash
# Where a VAE training step's time goes: runs JMH's VaeStepBenchmark under Java Flight Recorder, then
# tools/StepProfile.java sorts the execution samples of the benchmark thread and jgrad's worker threads into the
# parts of a step (matrix products, elementwise, Adam, waiting ...), from a sample every millisecond
# (tools/fine-jfc.sh). Usage: tools/step-profile.sh [seconds measured] (default 10). Needs the benchmarks jar:
# mvn -q -DskipTests package.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
seconds="${1:-10}"
work="$(mktemp -d)"
recording="$work/step.jfr"
"$root/tools/fine-jfc.sh" "$work/fine.jfc"
java --add-modules=jdk.incubator.vector -jar "$root/benchmarks/target/benchmarks.jar" VaeStepBenchmark \
  -f 1 -wi 5 -w 1 -i "$seconds" -r 1 \
  -jvmArgsAppend "-XX:StartFlightRecording=filename=$recording,settings=$work/fine.jfc" | grep -E '^VaeStepBenchmark'
java "$root/tools/StepProfile.java" "$recording"
