#!/usr/bin/env bash
# gpu-run.sh: the one run on the GPU machine, from the package that tools/gpu-check.sh prepares (it copies this
# script and gpu-summary.sh into carry/gpu-check/). Needs bash, coreutils, tar, awk, and python3 with CUDA
# PyTorch; no Java, Maven or network: the Java runtime, jars, MNIST and the anchor scripts are in the package.
#   bash carry/gpu-check/gpu-run.sh      full logs and the summary go to $OUT (default: <package>/out)
# Steps, in this order, each timed and allowed to fail without stopping the rest: setup (unpack the runtime),
# nvidia-smi, the GPU-tagged tests, MatmulBenchmark beside cuBLAS, VaeStepBenchmark on cpu and gpu, train
# --device cuda (with the live-allocation counter), PyTorch eager on the same GPU, train --device cpu, PyTorch's
# kernel launches per step; where no GPU is found (a rehearsal), also the kernel emulator's backend contract.
# Every step runs under its own cap and under one budget for the whole run, GPU_CHECK_BUDGET_S (default 360 s),
# so the summary is always reached. Other knobs: GPU_CHECK_EPOCHS (10), GPU_CHECK_SKIP (step names, comma-
# separated), GPU_CHECK_JMH (options for MatmulBenchmark), GPU_CHECK_JMH_STEP (for VaeStepBenchmark), PYTHON.
set -u -o pipefail
export LC_ALL=C
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

# ---------------------------------------------------------------- one step, run under timeout by the main part
if [ "${1:-}" = "--step" ]; then
  name="$2"
  java=("$GPU_CHECK_WORK/jdk/bin/java" --enable-native-access=ALL-UNNAMED)
  bench=("${java[@]}" "@$here/lib/bench.jvm.args")
  tests=(-Xss4m -Dstdout.encoding=UTF-8 -Dstderr.encoding=UTF-8)   # the launcher's tree marks are not ASCII
  cp_tests="$here/lib/benchmarks.jar:$here/lib/jgrad-core-tests.jar:$here/lib/jgrad-cuda-tests.jar"
  junit=(-jar "$here/lib/junit-platform-console-standalone.jar" execute --disable-banner --disable-ansi-colors
         --details=tree --class-path "$cp_tests")
  jmh_complete() { # csv expected: JMH exits 0 when every benchmark failed in its setup, so count the rows it wrote
    local rows
    rows=$(( $(wc -l < "$1" 2> /dev/null || echo 1) - 1 ))
    echo "gpu-run: $rows of $2 JMH rows in $(basename "$1")"
    (( rows == $2 ))
  }
  train() { # device out-dir
    "${java[@]}" "@$here/lib/vae.jvm.args" -cp "$here/lib/benchmarks.jar" io.jgrad.benchmarks.TrainAllocations \
      train --device "$1" --data "$here/mnist" --epochs "$GPU_CHECK_EPOCHS" --seed 1 --out "$2"
  }
  case "$name" in
    nvidia-smi)
      nvidia-smi && nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.sm,clocks.max.sm,temperature.gpu,power.draw --format=csv ;;
    gpu-tests)
      "${bench[@]}" "${tests[@]}" -Djgrad.cuda.required=true "${junit[@]}" --include-tag gpu \
        --scan-class-path "$here/lib/jgrad-cuda-tests.jar" --reports-dir "$GPU_CHECK_LOGS/gpu-tests-xml" ;;
    matmul)
      # shellcheck disable=SC2086 # the JMH options are words
      "${bench[@]}" -jar "$here/lib/benchmarks.jar" '\.MatmulBenchmark\.' -p device=cuda,cuda-copies \
        $GPU_CHECK_JMH -rf csv -rff "$GPU_CHECK_LOGS/matmul.csv" && jmh_complete "$GPU_CHECK_LOGS/matmul.csv" 14 ;;
    cublas)
      PYTHONUNBUFFERED=1 "${PYTHON:-python3}" "$here/anchors/cuda_sgemm.py" 64 128 256 512 1024 2048 4096 ;;
    vae-step)
      # shellcheck disable=SC2086
      "${bench[@]}" -jar "$here/lib/benchmarks.jar" '\.VaeStepBenchmark\.' -p device=cpu,cuda \
        $GPU_CHECK_JMH_STEP -rf csv -rff "$GPU_CHECK_LOGS/vae-step.csv" && jmh_complete "$GPU_CHECK_LOGS/vae-step.csv" 2 ;;
    train-cuda) train cuda "$GPU_CHECK_LOGS/train-cuda" ;;
    train-cpu) train cpu "$GPU_CHECK_LOGS/train-cpu" ;;
    torch-vae)
      DEVICE=cuda SEED=1 PYTHONUNBUFFERED=1 "${PYTHON:-python3}" "$here/anchors/torch_vae.py" "$here/mnist" "$GPU_CHECK_EPOCHS" ;;
    torch-launches)
      PYTHONUNBUFFERED=1 "${PYTHON:-python3}" "$here/anchors/torch_launches.py" "$here/anchors" ;;
    emulator)
      "${bench[@]}" "${tests[@]}" "-Djgrad.cuda.module=$GPU_CHECK_REPO/cuda" "${junit[@]}" \
        --select-class io.jgrad.cuda.CudaEmulatorContractTest --reports-dir "$GPU_CHECK_LOGS/emulator-xml" ;;
    *) echo "gpu-run: no step $name" >&2; exit 2 ;;
  esac
  exit
fi

# ---------------------------------------------------------------- the run
OUT="${OUT:-$here/out}"
mkdir -p "$OUT" || { echo "gpu-run: cannot make OUT=$OUT" >&2; exit 1; }
export GPU_CHECK_EPOCHS="${GPU_CHECK_EPOCHS:-10}"
export GPU_CHECK_JMH="${GPU_CHECK_JMH:--f 1 -wi 2 -w 500ms -i 3 -r 500ms}"
export GPU_CHECK_JMH_STEP="${GPU_CHECK_JMH_STEP:--f 1 -wi 3 -w 1s -i 3 -r 1s}"
export GPU_CHECK_REPO="$(cd "$here/../.." && pwd)"
export GPU_CHECK_WORK="$(mktemp -d "${TMPDIR:-/tmp}/gpu-check.XXXXXX")"
export GPU_CHECK_LOGS="$GPU_CHECK_WORK/logs"
mkdir -p "$GPU_CHECK_LOGS"
logs="$GPU_CHECK_LOGS"
budget="${GPU_CHECK_BUDGET_S:-360}"
skip=",${GPU_CHECK_SKIP:-},"
began=$(date +%s.%N)
deadline=$(( ${began%.*} + budget ))
reserve=15   # seconds kept for the summary and the archive
names=() statuses=() seconds=()

elapsed() { awk -v a="$began" -v b="$(date +%s.%N)" 'BEGIN {printf "%5.1f", b - a}'; }

step() { # name cap: runs this script's --step name under timeout, output to $logs/name.log
  local name="$1" cap="$2" left limit t0 rc status
  left=$(( deadline - reserve - $(date +%s) ))
  if [[ "$skip" == *",$name,"* ]]; then status="skipped (GPU_CHECK_SKIP)"; t0=0
  elif (( left < 10 )); then status="skipped (budget of ${budget}s spent)"; t0=0
  else
    limit=$(( cap < left ? cap : left ))
    echo "[$(elapsed)s] $name (at most ${limit}s)"
    t0=$(date +%s.%N)
    timeout -k 10 "$limit" bash "$here/gpu-run.sh" --step "$name" > "$logs/$name.log" 2>&1
    rc=$?
    case "$rc" in
      0) status="ok" ;;
      124|137) status="TIMEOUT ${limit}s" ;;
      *) status="FAILED rc $rc" ;;
    esac
  fi
  names+=("$name"); statuses+=("$status")
  if [ "$t0" = 0 ]; then seconds+=("-"); else
    seconds+=("$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN {printf "%.1f", b - a}')"); fi
}

# setup: the runtime, and where the driver's libcuda.so.1 is (JCuda's native needs it by that name)
setup() {
  local t0 status="ok" lib dir
  t0=$(date +%s.%N)
  {
    echo "package: $(head -3 "$here/manifest.txt" | tr '\n' ' ')"
    echo "host: $(uname -a)"; echo "nproc: $(nproc)"; echo "HOME=${HOME:-} TMPDIR=${TMPDIR:-}"
    mkdir -p "$GPU_CHECK_WORK/jdk"
    if command -v xz > /dev/null; then
      tar -xJf "$here/jdk.tar.xz" -C "$GPU_CHECK_WORK/jdk"
    else
      echo "no xz: unpacking with python3's tarfile"
      "${PYTHON:-python3}" - "$here/jdk.tar.xz" "$GPU_CHECK_WORK/jdk" <<'PY'
import sys, tarfile
with tarfile.open(sys.argv[1]) as archive:
    try:
        archive.extractall(sys.argv[2], filter="tar")
    except TypeError:  # a Python from before extraction filters
        archive.extractall(sys.argv[2])
PY
    fi
    "$GPU_CHECK_WORK/jdk/bin/java" -version 2>&1
    lib="$( (ldconfig -p 2> /dev/null || true) | awk '/libcuda\.so\.1 / {print $NF; exit}')"
    if [ -z "$lib" ]; then
      for dir in /usr/local/nvidia/lib64 /usr/local/nvidia/lib /usr/lib/x86_64-linux-gnu /usr/lib64 \
                 /usr/local/cuda/compat /usr/lib/wsl/lib; do
        if [ -e "$dir/libcuda.so.1" ]; then lib="$dir/libcuda.so.1"; break; fi
      done
      [ -n "$lib" ] && export LD_LIBRARY_PATH="$(dirname "$lib")${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
    fi
    echo "libcuda.so.1: ${lib:-not found} (LD_LIBRARY_PATH=${LD_LIBRARY_PATH:-})"
    # Fonts for the trainer's pictures: the system's, plus the one packed into the runtime's lib/fonts (the
    # runtime's lib/fontconfig.properties serves the JDK where libfontconfig itself is missing).
    mkdir -p "$GPU_CHECK_WORK/fontconfig"
    printf '%s\n' '<?xml version="1.0"?>' '<fontconfig>' \
      '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>' \
      "  <dir>$GPU_CHECK_WORK/jdk/lib/fonts</dir>" "  <cachedir>$GPU_CHECK_WORK/fontconfig</cachedir>" \
      '</fontconfig>' > "$GPU_CHECK_WORK/fontconfig/fonts.conf"
    export FONTCONFIG_FILE="$GPU_CHECK_WORK/fontconfig/fonts.conf"
  } > "$logs/setup.log" 2>&1 || status="FAILED"
  [ -x "$GPU_CHECK_WORK/jdk/bin/java" ] || status="FAILED: no runtime"
  names+=(setup); statuses+=("$status")
  seconds+=("$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN {printf "%.1f", b - a}')")
}

echo "[$(elapsed)s] setup; logs in $GPU_CHECK_WORK, budget ${budget}s"
setup
gpu=yes
command -v nvidia-smi > /dev/null && nvidia-smi -L > /dev/null 2>&1 || gpu=no
step nvidia-smi 20
step gpu-tests 150
step matmul 120
step cublas 60
step vae-step 60
step train-cuda 150
step torch-vae 90
step train-cpu 90
step torch-launches 45
[ "$gpu" = no ] && step emulator 150   # a rehearsal: prove the packed runtime runs real tests

# ---------------------------------------------------------------- the summary
source "$here/gpu-summary.sh"
summary > "$OUT/summary.txt" 2>&1
rm -f "$logs"/train-*/checkpoint.safetensors "$logs/train-cpu/model.safetensors"
tar -czf "$OUT/logs.tar.gz" -C "$GPU_CHECK_WORK" logs
echo
cat "$OUT/summary.txt"
echo "full logs: logs.tar.gz ($(du -k "$OUT/logs.tar.gz" | cut -f1) KB) and summary.txt in OUT; run took $(elapsed)s"
