#!/usr/bin/env bash
# jgrad's Gemm against OpenBLAS in one JVM, alternating time slices (tools/GemmPaired.java): the ratio of two
# neighbouring slices is steadier than that of two separate runs on a VM whose speed drifts. One and two threads.
# Usage: tools/gemm-paired.sh [rounds] [n|vae] [seconds per slice]   (defaults 15, 1024, 0.3)
# "vae" times the twelve products of a VAE training step at batch 256 instead of one n x n square.
# OPENBLAS_CORETYPE is unset, so that OpenBLAS picks its kernels for this CPU (AVX-512 where there is one).
# OPENBLAS is the library to load (default Debian's libopenblas.so.0, the OpenBLAS that Debian's NumPy and so
# ../shared/anchors/sgemm.py use once libopenblas0-pthread is installed). Runs on the default JDK 17, whose
# incubating foreign linker reaches cblas_sgemm; tools/gemm-vs-openblas.sh is the same comparison through JMH and
# the anchor's NumPy script, in separate processes.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
rounds="${1:-15}"
n="${2:-1024}"
slice="${3:-0.3}"
library="${OPENBLAS:-/usr/lib/x86_64-linux-gnu/libopenblas.so.0}"
[ -e "$library" ] || { echo "gemm-paired: no $library; install libopenblas0-pthread or set OPENBLAS" >&2; exit 1; }
(cd "$root" && mvn -q -B -Dstyle.color=never -DskipTests package -pl core -am)
jar="$(ls "$root"/core/target/jgrad-core-*.jar | grep -v -e -tests -e -sources | head -1)"
env -u OPENBLAS_CORETYPE OPENBLAS_NUM_THREADS=2 java --add-modules jdk.incubator.vector,jdk.incubator.foreign --enable-native-access=ALL-UNNAMED \
  -cp "$jar" "$root/tools/GemmPaired.java" "$library" "$n" "$rounds" "$slice" 2>&1 | grep -v -e '^WARNING: Using incubator' -e 'using incubating module' -e '^1 warning$'
