#!/usr/bin/env bash
# Starts N fresh JVMs that each train the VAE for one epoch, and counts those whose epoch has not ended after a limit:
# a kernel that C2 compiles with its vector operations left as calls (every vector boxed) trains some 25 times slower,
# in some JVM starts and not others, so one run or one benchmark does not show it (docs/performance.md, lessons).
# Usage: tools/starts-check.sh [starts] [seconds]   (defaults 10 and 15). Needs MNIST in ~/.cache/jgrad/mnist
# (./vae train fetches it); builds the VAE example first, as ./vae does, and runs with the launcher's JVM flags.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
starts="${1:-10}"
limit="${2:-15}"
"$root/vae" --help > /dev/null 2>&1
target="$root/examples/vae/target"
work="$(mktemp -d)"
slow=0
for i in $(seq "$starts"); do
  rm -rf "$work/out"
  timeout "$limit" java @"$target/jvm.args" -cp "$target/classes:$(cat "$target/classpath.txt")" \
    io.jgrad.examples.vae.Main train --epochs 1 --data "${MNIST_DIR:-$HOME/.cache/jgrad/mnist}" --out "$work/out" \
    > "$work/log" 2>&1 || true
  seconds="$(grep -oP '^epoch 1 .*seconds \K[0-9.]+' "$work/log" || true)"
  if [ -n "$seconds" ]; then printf "%s " "$seconds"; else printf "SLOW "; slow=$((slow + 1)); fi
done
echo
echo "$slow of $starts starts did not finish an epoch within $limit s"
rm -rf "$work"
