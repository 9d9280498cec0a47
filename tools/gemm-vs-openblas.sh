#!/usr/bin/env bash
# Single-precision matrix product at n = 1024 (or the sizes given), jgrad's Gemm against OpenBLAS through NumPy,
# alternated round by round so that both see the same machine, on one and on two threads. Prints each round's
# GFLOP/s, then the medians and the ratios. Usage: tools/gemm-vs-openblas.sh [rounds] [n]   (defaults 5 and 1024)
# jgrad runs JMH's GemmBenchmark (3 warm-up and 5 measured seconds per round). OpenBLAS runs
# ../shared/anchors/sgemm.py under each interpreter in $PYTHONS (default: Debian's /usr/bin/python3, whose NumPy
# uses Debian's OpenBLAS once libopenblas0-pthread is installed; add e.g. a pip NumPy's python to compare another
# OpenBLAS build). OPENBLAS_CORETYPE is left unset: SkylakeX only suits Intel CPUs with AVX-512.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
rounds="${1:-5}"
n="${2:-1024}"
pythons="${PYTHONS:-/usr/bin/python3}"
anchor="$root/../shared/anchors/sgemm.py"
out="$(mktemp -d)"

(cd "$root" && mvn -q -B -DskipTests package -pl benchmarks -am)
jar="$root/benchmarks/target/benchmarks.jar"

for round in $(seq "$rounds"); do
  for t in 1 2; do
    java @"$root/benchmarks/target/jvm.args" -jar "$jar" '\.GemmBenchmark\.matmul' -p n="$n" -p threads="$t" -wi 3 -w 1 -i 5 -r 1 \
      -rf csv -rff "$out/jmh.csv" > /dev/null 2>&1
    # JMH's score is microseconds per product.
    awk -F, -v n="$n" -v t="$t" 'NR == 2 {printf "jgrad %d %.1f\n", t, 2 * n * n * n / $5 / 1e3}' "$out/jmh.csv" \
      | tee -a "$out/results"
    for py in $pythons; do
      gflops=$(OPENBLAS_NUM_THREADS="$t" OMP_NUM_THREADS="$t" "$py" "$anchor" "$n" | awk '{print $5}')
      echo "openblas($py) $t $gflops" | tee -a "$out/results"
    done
  done
done

echo "medians over $rounds rounds, n = $n:"
awk '{key = $1 " " $2; v[key] = v[key] " " $3} END {for (k in v) print k, v[k]}' "$out/results" | sort |
  while read -r name t values; do
    median=$(echo "$values" | tr ' ' '\n' | grep -v '^$' | sort -n | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}')
    echo "$name $t $median"
  done | tee "$out/medians"
awk '$1 == "jgrad" {j[$2] = $3} $1 != "jgrad" {o[$1 " " $2] = $3}
  END {for (k in o) {split(k, p, " "); printf "jgrad / %s on %s thread(s): %.0f%%\n", p[1], p[2], 100 * j[p[2]] / o[k]}
       if (j[1] > 0) printf "jgrad 2 threads / 1 thread: %.2f x\n", j[2] / j[1]}' "$out/medians"
