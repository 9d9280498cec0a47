#!/usr/bin/env bash
# The parts of a real training step (tools/StepParts.java): batch, forward with the loss, backward, Adam, and the
# noise the forward pass draws, in microseconds per step, one line per epoch of the Trainer's loop on MNIST.
# Usage: tools/step-parts.sh [epochs]   (default 6). Needs MNIST in ~/.cache/jgrad/mnist (./vae train fetches it);
# builds the VAE example first, as ./vae does, and runs with the launcher's JVM flags.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
"$root/vae" --help > /dev/null 2>&1
target="$root/examples/vae/target"
java @"$target/jvm.args" -cp "$target/classes:$(cat "$target/classpath.txt")" "$root/tools/StepParts.java" \
  "${MNIST_DIR:-$HOME/.cache/jgrad/mnist}" "${1:-6}" 2>&1 |
  grep -v -e '^WARNING: Using incubator' -e 'using incubating module' -e '^1 warning$'
