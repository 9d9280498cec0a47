#!/usr/bin/env bash
# One JMH benchmark from two builds of the benchmarks jar, alternated round by round so that both see the same
# machine, with the median of each and the median of the per-round ratios (new / old): how a change moved a figure
# on a machine whose speed drifts. Usage: tools/bench-ab.sh OLD.jar NEW.jar [rounds] [benchmark regex] [JMH options]
# (defaults: 5 rounds, VaeStepBenchmark, -f 1 -wi 5 -w 1 -i 5 -r 1). Copy benchmarks/target/benchmarks.jar aside
# before the change to have an OLD.jar.
set -euo pipefail
old="$1"; new="$2"
rounds="${3:-5}"
bench="${4:-VaeStepBenchmark}"
shift $(( $# < 4 ? $# : 4 ))
opts=("$@")
[ ${#opts[@]} -gt 0 ] || opts=(-f 1 -wi 5 -w 1 -i 5 -r 1)
out="$(mktemp -d)"
score() { # jar -> the score column of JMH's csv (one row)
  java --add-modules=jdk.incubator.vector -jar "$1" "$bench" "${opts[@]}" -rf csv -rff "$out/r.csv" > "$out/log" 2>&1 ||
    { cat "$out/log" >&2; exit 1; }
  awk -F, 'NR == 2 {print $5}' "$out/r.csv"
}
median() { sort -n | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
printf "%-6s %12s %12s %8s\n" round old new new/old
for r in $(seq "$rounds"); do
  o=$(score "$old"); n=$(score "$new")
  printf "%-6s %12s %12s %8.3f\n" "$r" "$o" "$n" "$(echo "$n / $o" | bc -l)" | tee -a "$out/rounds"
done
printf "%-6s %12s %12s %8.3f\n" median "$(awk '{print $2}' "$out/rounds" | median)" \
  "$(awk '{print $3}' "$out/rounds" | median)" "$(awk '{print $4}' "$out/rounds" | median)"
