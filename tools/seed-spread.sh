#!/usr/bin/env bash
# The test loss after training, seed by seed, PyTorch against jgrad: trains the lecture's VAE with each engine for
# every seed given and prints a table of the final test losses with their means. The test loss moves by about a
# nat from epoch to epoch and from seed to seed in both engines, so one seed says little; this says how far apart
# the engines are on average. Usage: tools/seed-spread.sh [epochs] seed...   (defaults: 10 epochs, seeds 1 2 3)
# PyTorch runs ../shared/anchors/torch_vae.py with SEED set, at its best settings (see compare-with-torch.sh); jgrad
# runs ./vae train --seed. Needs what tools/compare-with-torch.sh needs. About half a minute per seed.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
epochs="${1:-10}"
shift || true
if [ $# -gt 0 ]; then seeds=("$@"); else seeds=(1 2 3); fi
data="${MNIST_DIR:-$HOME/.cache/jgrad/mnist}"
out="$(mktemp -d)"
grep -q "SEED" "$root/../shared/anchors/torch_vae.py" ||
  { echo "seed-spread: the anchor does not read SEED; update this script" >&2; exit 1; }

"$root/vae" --help > /dev/null   # build first
printf "%-6s %-10s %-10s\n" seed pytorch jgrad
for seed in "${seeds[@]}"; do
  env -u OPENBLAS_CORETYPE SEED="$seed" OMP_NUM_THREADS=2 OPENBLAS_NUM_THREADS=1 \
    /usr/bin/python3 "$root/../shared/anchors/torch_vae.py" "$data" "$epochs" \
    > "$out/torch.$seed.log" 2>&1
  "$root/vae" train --seed "$seed" --epochs "$epochs" --data "$data" --out "$out/jgrad.$seed" > "$out/jgrad.$seed.log" 2>&1
  t=$(awk -v e="$epochs" '$1 == "epoch" && $2 == e && $3 == "train" {print $6}' "$out/torch.$seed.log")
  j=$(awk -v e="$epochs" '$1 == "epoch" && $2 == e && $3 == "train" {print $6}' "$out/jgrad.$seed.log")
  printf "%-6s %-10s %-10s\n" "$seed" "$t" "$j" | tee -a "$out/table"
done
awk '{t += $2; j += $3; n++} END {printf "%-6s %-10.2f %-10.2f (jgrad - pytorch: %+.2f)\n", "mean", t / n, j / n, (j - t) / n}' \
  "$out/table"
echo "logs: $out"
