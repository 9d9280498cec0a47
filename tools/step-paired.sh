#!/usr/bin/env bash
# One VAE training step from two builds of jgrad, in one JVM, alternating time slices (tools/StepPaired.java): how a
# change moved the step, measured so that both builds see the same machine at the same moment.
# Usage: tools/step-paired.sh OLD.jar NEW.jar [rounds] [seconds per slice]   (defaults 15 and 1)
# The jars are benchmarks/target/benchmarks.jar of each build: copy it aside before a change to have an OLD.jar.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
java --add-modules jdk.incubator.vector "$root/tools/StepPaired.java" "$1" "$2" "${3:-15}" "${4:-1}" 2>&1 |
  grep -v -e '^WARNING: Using incubator' -e 'using incubating module' -e '^1 warning$'
