#!/usr/bin/env bash
# Trains the lecture's VAE with PyTorch and with jgrad, alternating, on this machine, and prints for each run its
# per-epoch lines, the median epoch time of epochs 2 to 4, the test loss after the last epoch, and the peak resident
# memory. Before each round, tools/SpellProbe.java's line says what kind of minute it is (FMA and memory rates).
# Usage: tools/compare-with-torch.sh [epochs] [rounds]   (defaults 10 and 2)
# Needs MNIST in ~/.cache/jgrad/mnist (./vae train fetches it), Debian's python3-torch, and the anchor script in
# ../shared/anchors/torch_vae.py. PyTorch runs with the settings its docstring names as fastest on these machines:
# OMP_NUM_THREADS=2 OPENBLAS_NUM_THREADS=1, and OPENBLAS_CORETYPE unset, so that OpenBLAS picks the kernels of this
# CPU (the environment presets Haswell, which halves it on a CPU with AVX-512). Install Debian's
# libopenblas0-pthread first, or PyTorch falls back to the reference BLAS.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
epochs="${1:-10}"
rounds="${2:-2}"
data="${MNIST_DIR:-$HOME/.cache/jgrad/mnist}"
anchor="$root/../shared/anchors/torch_vae.py"
out="$(mktemp -d)"

summary() { # name log
  median=$(awk '/^epoch [2-4] train/ {print $8}' "$2" | sort -n | sed -n 2p)
  awk -v name="$1" -v median="$median" '/^epoch [0-9]+ train/ {test = $6; last = $2}
    /Maximum resident set size/ {rss = $6}
    END {printf "%-6s median epoch 2-4: %s s   test after epoch %d: %s   peak RSS: %d MB\n",
         name, median, last, test, rss / 1024}' "$2"
}

"$root/vae" --help > /dev/null   # build first, outside the timings
for round in $(seq "$rounds"); do
  echo "round $round, $(java --add-modules jdk.incubator.vector "$root/tools/SpellProbe.java" 2>/dev/null)"
  env -u OPENBLAS_CORETYPE OMP_NUM_THREADS=2 OPENBLAS_NUM_THREADS=1 /usr/bin/time -v /usr/bin/python3 "$anchor" "$data" "$epochs" \
    > "$out/torch.$round.log" 2>&1
  /usr/bin/time -v "$root/vae" train --epochs "$epochs" --data "$data" --out "$out/jgrad.$round" \
    > "$out/jgrad.$round.log" 2>&1
  grep '^epoch' "$out/torch.$round.log" | sed 's/^/torch  /'
  grep '^epoch' "$out/jgrad.$round.log" | sed 's/^/jgrad  /'
  summary "torch" "$out/torch.$round.log"
  summary "jgrad" "$out/jgrad.$round.log"
done
echo "logs and jgrad's outputs: $out"
