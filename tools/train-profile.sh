#!/usr/bin/env bash
# Where the time of a whole ./vae train goes, from JVM start: prints tools/SpellProbe.java's line (what kind of minute
# it is), then runs it under Java Flight Recorder with a sample every millisecond (tools/fine-jfc.sh), prints its
# output lines with the seconds since launch, then tools/StepProfile.java's timeline: second by second, the main
# thread's time in the matrix products and in the rest of jgrad (and the rest's share counting only the training
# steps, not the test pass, plot and checkpoint after each epoch), the worker's time in jobs, and C2's compiling; a
# last line adds up the rows from a given second on (after the first epoch and most of C2's work).
# Usage: tools/train-profile.sh [epochs] [seconds a row] [total from second]   (defaults 10, 1 and 6)
# Needs MNIST in ~/.cache/jgrad/mnist (./vae train fetches it); the JVM flags are the launcher's.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
epochs="${1:-10}"
seconds="${2:-1}"
from="${3:-6}"
work="$(mktemp -d)"
"$root/tools/fine-jfc.sh" "$work/fine.jfc"
"$root/vae" --help > /dev/null 2>&1 || true      # builds first, so that the times below are the run's own
java --add-modules jdk.incubator.vector "$root/tools/SpellProbe.java" 2>/dev/null     # what kind of minute it is
start="$(date +%s%N)"
JAVA_OPTS="${JAVA_OPTS:-} -XX:StartFlightRecording=filename=$work/train.jfr,settings=$work/fine.jfc" \
  "$root/vae" train --epochs "$epochs" --out "$work/out" 2>&1 |
  grep --line-buffered -v -e 'Started recording' -e 'Use jcmd' -e 'jfr,startup' |
  while IFS= read -r line; do
    now="$(date +%s%N)"
    printf '%4d.%d s  %s\n' $(((now - start) / 1000000000)) $(((now - start) / 100000000 % 10)) "$line"
  done
java "$root/tools/StepProfile.java" "$work/train.jfr" timeline "$seconds" "$from"
echo "recording and outputs: $work"
