#!/usr/bin/env bash
# Compiles the kernels in src/main/cuda/*.cu to PTX, the portable form that jgrad ships and that the CUDA
# driver JIT-compiles for whatever GPU it finds (cuModuleLoadData in JCudaDevice).
#
#   cuda/build-ptx.sh              regenerate the committed copy under src/main/resources (commit the result)
#   cuda/build-ptx.sh DIR          write the PTX into DIR instead (Maven's ptx profile and PtxResourcesTest do)
#
# nvcc is found as $NVCC, else $CUDA_HOME/bin/nvcc, else on the PATH, else /usr/local/cuda/bin/nvcc.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
src="$here/src/main/cuda"
out="${1:-$here/src/main/resources/io/jgrad/cuda/ptx}"

nvcc="${NVCC:-}"
if [[ -z "$nvcc" ]]; then
  if [[ -n "${CUDA_HOME:-}" && -x "$CUDA_HOME/bin/nvcc" ]]; then nvcc="$CUDA_HOME/bin/nvcc"
  elif command -v nvcc >/dev/null 2>&1; then nvcc="nvcc"
  elif [[ -x /usr/local/cuda/bin/nvcc ]]; then nvcc="/usr/local/cuda/bin/nvcc"
  else echo "build-ptx.sh: nvcc not found; set NVCC or CUDA_HOME, or put nvcc on the PATH" >&2; exit 1
  fi
fi

# compute_75 (Turing) is the oldest virtual architecture CUDA 13 still accepts, and the kernels use nothing
# newer (no cp.async, no tensor cores), so this one PTX runs on every GPU a CUDA 13 driver supports: the
# driver JIT-compiles it forward for Ampere (sm_80), Hopper (sm_90), Blackwell (sm_100, sm_120).
# No --use_fast_math: expf, logf, sqrtf and division keep their accurate forms, to stay close to the oracle.
mkdir -p "$out"
for cu in "$src"/*.cu; do
  "$nvcc" -ptx -arch=compute_75 -std=c++17 -O3 -o "$out/$(basename "$cu" .cu).ptx" "$cu"
done

# Records which sources this PTX was made from; PtxResourcesTest compares it with src/main/cuda (no nvcc needed).
(cd "$src" && ls -1 -- *.cu *.cuh | LC_ALL=C sort | xargs sha256sum) > "$out/sources.sha256"
