#!/usr/bin/env bash
# The matrix products of two builds of jgrad, in one JVM, alternating time slices (tools/GemmAB.java): how a change to
# Gemm moved them, measured so that both builds see the same machine at the same moment, and whether it kept the bits.
# Usage: tools/gemm-ab.sh OLD.jar NEW.jar [n|vae] [threads] [rounds] [seconds per slice]   (defaults 1024, 1, 11, 0.3)
# The jars are core/target/jgrad-core-*.jar (or benchmarks/target/benchmarks.jar) of each build: copy one aside before
# a change to have an OLD.jar. Run it again with the jars swapped: each copy of the code is compiled by the JIT on its
# own, and one can come out a few percent faster than the other even when the builds are the same.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
java --add-modules jdk.incubator.vector "$root/tools/GemmAB.java" "$1" "$2" "${3:-1024}" "${4:-1}" "${5:-11}" \
  "${6:-0.3}" 2>&1 | grep -v -e '^WARNING: Using incubator' -e 'using incubating module' -e '^1 warning$'
