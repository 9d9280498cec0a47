# gpu-summary.sh: the summary table of a gpu-run.sh run, read from its logs. Sourced by gpu-run.sh (which sets
# logs, names, statuses, seconds and here); copied into the package beside it. Plain awk (mawk will do).

median() { # numbers on stdin, one per line -> their median, or "-"
  sort -g | awk '{a[NR] = $1} END {if (NR == 0) print "-"; else if (NR % 2) print a[(NR + 1) / 2];
    else printf "%.2f\n", (a[NR / 2] + a[NR / 2 + 1]) / 2}'
}

reason() { # log -> one line saying why a step failed: our one-line CUDA reason, else the log's last line
  local line
  line="$(grep -m1 -o 'cuda: [^"]*' "$1" 2> /dev/null)"
  [ -n "$line" ] || line="$(grep -v '^[[:space:]]*$' "$1" 2> /dev/null | tail -1)"
  printf '%s' "${line:0:150}"
}

epochs() { # train log -> "test L after N epochs, epoch 1 S s, median of epochs 2+ M s" (or nothing)
  awk '/^epoch [0-9]+ train / {n = $2; test = $6; if (n == 1) first = $8}
    END {if (n) printf "%s %s %s\n", test, n, first}' "$1" 2> /dev/null
}

epoch_median() { awk '/^epoch [0-9]+ train / && $2 >= 2 {print $8}' "$1" 2> /dev/null | median; }

tests_line() { # console launcher log -> "P passed, F failed, S skipped, A aborted (T found)"
  awk '/tests found/ {t = $2} /tests successful/ {p = $2} /tests failed/ {f = $2} /tests skipped/ {s = $2}
    /tests aborted/ {a = $2}
    END {if (t != "") printf "%s passed, %s failed, %s skipped, %s aborted (%s found)", p, f, s, a, t}' "$1"
}

jmh_rows() { # step -> "param... score" per finished benchmark: from JMH's csv, or from its log when JMH was
  # stopped before it wrote the csv (parameters in JMH's order, the same in both: alphabetical)
  if [ -s "$logs/$1.csv" ]; then
    awk -F, '{sub(/\r$/, "")} NR == 1 {for (i = 1; i <= NF; i++) {gsub(/"/, "", $i); if ($i ~ /^Param: /) p[++np] = i
        else if ($i == "Score") s = i}; next}
      {line = ""; for (i = 1; i <= np; i++) {v = $(p[i]); gsub(/"/, "", v); line = line v " "}
       print line $s}' "$logs/$1.csv"
  else
    awk '/^# Parameters: \(/ {p = $0; sub(/^# Parameters: \(/, "", p); sub(/\)$/, "", p); n = split(p, kv, ", ")
        params = ""; for (i = 1; i <= n; i++) {split(kv[i], x, " = "); params = params x[2] " "}}
      /^Result "/ {getline; print params $1}' "$logs/$1.log" 2> /dev/null
  fi
}

result_of() { # step name -> its result column
  local log="$logs/$1.log" r
  case "$1" in
    setup) r="$(grep -m1 -E '^(openjdk|java) version' "$log" | tr -d '"'); $(grep -m1 '^libcuda' "$log")" ;;
    nvidia-smi) r="$(awk -F', ' '/^name, driver_version/ {getline; print $1 ", driver " $2 ", " $3; exit}' "$log")" ;;
    gpu-tests|emulator) r="$(tests_line "$log")" ;;
    matmul) r="$(jmh_rows matmul | wc -l) of 14 rows" ;;
    cublas) r="$(awk '/^cublas n/ {n++} /^cublas vae/ {v++} END {printf "%d sizes, %d VAE products", n, v}' "$log")" ;;
    vae-step) r="$(jmh_rows vae-step | awk '{printf "%s %.2f ms  ", $1, $2}')" ;;
    train-*|torch-vae) r="$(epochs "$log" | awk -v m="$(epoch_median "$log")" \
        '{printf "test %s after %s epochs; epoch 1 %s s, median of 2+ %s s", $1, $2, $3, m}')" ;;
    torch-launches) r="$(grep -m1 -o 'launches per step: .*' "$log" | cut -c20-)" ;;
  esac
  printf '%s' "$r"
}

verdict() { # ok-condition text -> PASS/MISS, or n/a when a figure is missing
  if [ -z "$2" ] || [ "$2" = "-" ]; then echo "n/a"; elif awk "BEGIN {exit !($1)}"; then echo "PASS"; else echo "MISS"; fi
}

failures() { # what went wrong: printed before the table, so that the table and the targets end the output
  local i
  local shown=0
  for i in "${!names[@]}"; do
    case "${statuses[$i]}" in ok|skipped*) continue ;; esac
    [ "$shown" = 0 ] && { echo "Failed steps, last lines of their logs:"; shown=1; }
    echo "-- ${names[$i]} (${statuses[$i]}): logs/${names[$i]}.log"
    grep -v '^[[:space:]]*$' "$logs/${names[$i]}.log" 2> /dev/null | grep -v -e '^WARNING' -e '^	at ' | tail -3 | cut -c1-160
  done
  if grep -q '✘' "$logs/gpu-tests.log" 2> /dev/null; then
    echo "-- failing GPU tests (first 10 of $(grep -c '✘' "$logs/gpu-tests.log")):"
    grep '✘' "$logs/gpu-tests.log" | sed 's/^[│├└─ ]*//' | head -10 | cut -c1-160
  fi
  [ "$shown" = 0 ] || echo
}

summary() {
  local i r gpu
  failures
  echo "== jgrad gpu-check: $(sed -n 1p "$here/manifest.txt"), run $(date -u +%Y-%m-%dT%H:%MZ) on $(hostname) =="
  gpu="$(awk -F', ' '/^name, driver_version/ {getline; print $1 ", driver " $2 ", " $3; exit}' "$logs/nvidia-smi.log" 2> /dev/null)"
  echo "GPU: ${gpu:-none: $(reason "$logs/nvidia-smi.log")}"
  printf '%-15s %-26s %7s  %s\n' step status seconds result
  for i in "${!names[@]}"; do
    r="$(result_of "${names[$i]}")"
    case "${statuses[$i]}" in ok|skipped*) ;; *) r="${r:+$r; }$(reason "$logs/${names[$i]}.log")" ;; esac
    printf '%-15s %-26s %7s  %s\n' "${names[$i]}" "${statuses[$i]}" "${seconds[$i]}" "${r:0:150}"
  done

  echo
  echo "SGEMM C = A B, n x n, GFLOP/s (JMH average time incl. launch and synchronize; cuBLAS: CUDA-event median)"
  printf '%6s %12s %12s %12s %9s\n' n ours ours+copies cuBLAS-FP32 ours/cuB
  local ours copies cub
  for n in 64 128 256 512 1024 2048 4096; do
    # MatmulBenchmark's parameters, in JMH's (alphabetical) order: device, n
    ours="$(jmh_rows matmul | awk -v n="$n" '$1 == "cuda" && $2 == n {printf "%.1f", 2 * n * n * n / ($3 * 1e3)}')"
    copies="$(jmh_rows matmul | awk -v n="$n" '$1 == "cuda-copies" && $2 == n {printf "%.1f", 2 * n * n * n / ($3 * 1e3)}')"
    cub="$(awk -v n="$n" '$1 == "cublas" && $2 == "n" && $3 == n {print $5}' "$logs/cublas.log" 2> /dev/null)"
    r="$(awk -v a="$ours" -v b="$cub" 'BEGIN {if (a != "" && b > 0) printf "%.2f", a / b; else print "-"}')"
    printf '%6s %12s %12s %12s %9s\n' "$n" "${ours:--}" "${copies:--}" "${cub:--}" "$r"
    [ "$n" = 4096 ] && local ratio4096="$r"
  done
  echo "cuBLAS FP32, the VAE's products at batch 256 (m x k x n: GFLOP/s):"
  awk '/^cublas vae/ {printf "  %-9s %-12s %8s%s", $3, $4, $6, (++k % 3 ? "" : "\n")} END {if (k % 3) print ""}' \
    "$logs/cublas.log" 2> /dev/null

  echo
  local cpu_ms gpu_ms
  cpu_ms="$(jmh_rows vae-step | awk '$1 == "cpu" {printf "%.2f", $2}')"
  gpu_ms="$(jmh_rows vae-step | awk '$1 == "cuda" {printf "%.2f", $2}')"
  echo "VAE step (JMH, batch 256, ms): cpu ${cpu_ms:--}, gpu ${gpu_ms:--}; x 235 steps = an epoch of" \
    "$(awk -v c="$cpu_ms" -v g="$gpu_ms" 'BEGIN {printf "%s s on the CPU, %s s on the GPU", c ? sprintf("%.2f", c * .235) : "-", g ? sprintf("%.2f", g * .235) : "-"}')"
  echo "Training, seed 1, batch 256:   final test loss | epoch 1 (s) | median epoch 2+ (s)"
  local run log
  for run in train-cuda:jgrad-cuda train-cpu:jgrad-cpu torch-vae:torch-cuda; do
    log="$logs/${run%%:*}.log"
    epochs "$log" | awk -v name="${run#*:}" -v m="$(epoch_median "$log")" \
      '{printf "  %-12s %8s after %s | %6s | %6s\n", name, $1, $2, $3, m}'
  done
  grep -h -m1 '^cuda live allocations' "$logs/train-cuda.log" 2> /dev/null
  grep -h -m1 -o 'torch launches per step: .*' "$logs/torch-launches.log" 2> /dev/null

  echo
  local tc tp gm tm failed
  tc="$(epochs "$logs/train-cuda.log" | cut -d' ' -f1)"; tp="$(epochs "$logs/train-cpu.log" | cut -d' ' -f1)"
  gm="$(epoch_median "$logs/train-cuda.log")"; tm="$(epoch_median "$logs/torch-vae.log")"
  failed="$(awk '/tests failed/ {f = $2} /tests aborted/ {a = $2} /tests skipped/ {s = $2} /tests successful/ {p = $2}
    END {if (p != "") print (f + a + s == 0 && p > 0) ? 0 : 1}' "$logs/gpu-tests.log" 2> /dev/null)"
  echo "Targets (issue 16):"
  printf '  %-66s %s\n' "every GPU-tagged test passes on the GPU" "$(verdict "${failed:-1} == 0" "$failed")" \
    "SGEMM n=4096 at least 50% of cuBLAS FP32 (ours/cuBLAS ${ratio4096:--})" \
    "$(verdict "${ratio4096:-0} >= 0.5" "${ratio4096:-}")" \
    "cuda test loss within 0.5 of the cpu run's (${tc:--} vs ${tp:--})" \
    "$(verdict "(${tc:-0} - ${tp:-0})^2 <= 0.25" "$([ -n "$tc" ] && echo "$tp")")" \
    "jgrad's GPU epoch faster than PyTorch eager's (${gm:--} vs ${tm:--} s)" \
    "$(verdict "${gm:-0} < ${tm:-0}" "$([ "$gm" != - ] && echo "$tm")")"
}
