#!/usr/bin/env bash
# The whole benchmark suite on a GPU machine (PyTorch CUDA, JAX GPU, and the CPU rows beside
# them), then the report. Needs a CUDA build of torch and jax[cuda12]. Under 5 minutes on one
# H100-class GPU: the GPU rows add population sizes up to N = 1 000 000.
#
#   bench/run_gpu.sh [OUT_DIR]        # default OUT_DIR: bench-gpu
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-bench-gpu}"
mkdir -p "$out"
# JAX would otherwise take 75% of GPU memory up front and leave PyTorch the rest.
export XLA_PYTHON_CLIENT_PREALLOCATE=false
python -m pytest bench --benchmark-only --benchmark-json="$out/bench.json" -q
python -m xorgrad report "$out/bench.json" --out "$out"
