#!/usr/bin/env bash
# Everything a GPU machine has to prove, in one go, with no network: the GPU-only checks, every
# test on the GPU devices, the benchmark suite (CPU, PyTorch CUDA and JAX GPU rows), the report,
# and one summary table at the end. About 4-6 minutes on one H100/H200 (docs/gpu.md); each part
# has its own time limit so that the whole script ends within 10 minutes.
#
#   bench/run_gpu.sh [OUT_DIR]        # default OUT_DIR: bench-gpu; PYTHON=... to pick the python
#
# Every part runs even when an earlier one failed; the report is always written (Markdown only
# when matplotlib is missing); the exit status is the first failing part's (0 when all passed).
set -uo pipefail
cd "$(dirname "$0")/.."
out="${1:-bench-gpu}"
py="${PYTHON:-python3}"
mkdir -p "$out"
# JAX would otherwise take 75% of GPU memory up front and leave PyTorch the rest.
export XLA_PYTHON_CLIENT_PREALLOCATE=false
# Ask for the GPU devices by name: a missing one stops pytest at once (exit 4) instead of being
# skipped, so a JAX that fell back to the CPU cannot "pass" with no JAX-GPU rows.
devices="${XORGRAD_GPU_DEVICES:-cuda,gpu}"

names=(); codes=(); secs=(); status=0
part() {  # part NAME LIMIT_S COMMAND...: run it, log it to OUT/NAME.log, remember how it went
    local name=$1 limit=$2; shift 2
    local t0=$SECONDS code
    printf '== %s: %.150s\n' "$name" "$(echo "$*" | tr '\n' ' ')"
    if command -v timeout >/dev/null 2>&1; then
        timeout "$limit" "$@" 2>&1 | tee "$out/$name.log"; code=${PIPESTATUS[0]}
    else
        "$@" 2>&1 | tee "$out/$name.log"; code=${PIPESTATUS[0]}
    fi
    names+=("$name"); codes+=("$code"); secs+=($((SECONDS - t0)))
    if [ "$code" -ne 0 ] && [ "$status" -eq 0 ]; then status=$code; fi
}

# 1. JAX's GPU probe before torch is imported (torch first can make JAX load an older cuDNN and
#    fall back to the CPU), then torch's CUDA: both must see a GPU.
part probe 45 "$py" -c '
import sys
try:
    import jax
    gpus = jax.devices("gpu")
except Exception as e:
    sys.exit(f"probe: JAX sees no GPU ({type(e).__name__}: {e})")
print("jax", jax.__version__, [d.device_kind for d in gpus])
import torch
if not torch.cuda.is_available():
    sys.exit(f"probe: torch {torch.__version__} sees no CUDA device")
print("torch", torch.__version__, "CUDA", torch.version.cuda, torch.cuda.get_device_name())
'
# 2. The checks only a GPU can run (CUDA-graph training, precision on the device).
part gpu-checks 60 "$py" -m pytest -p no:cacheprovider -q --devices="$devices" \
    tests/test_gpu_readiness.py -m gpu
# 3. Every test on the GPU devices (CPU cases left out: --devices names only the GPUs).
part tests 150 "$py" -m pytest -p no:cacheprovider -q --devices="$devices" tests bench
# 4. The benchmarks, CPU rows beside the GPU rows.
part benchmarks 240 "$py" -m pytest -p no:cacheprovider -q bench --benchmark-only \
    --devices="cpu,$devices" --benchmark-json="$out/bench.json"
# 5. The report, whatever happened above, from whatever benchmarks finished.
if [ -s "$out/bench.json" ]; then
    part report 30 "$py" -m xorgrad report "$out/bench.json" --out "$out"
else
    names+=(report); codes+=(-); secs+=(0)
    echo "no report: the benchmarks wrote no $out/bench.json" | tee "$out/report.log"
fi

echo
echo "| part | exit status | seconds | log |"
echo "|---|---:|---:|---|"
for i in "${!names[@]}"; do
    echo "| ${names[$i]} | ${codes[$i]} | ${secs[$i]} | $out/${names[$i]}.log |"
done
if [ -s "$out/bench.md" ]; then echo "report: $out/bench.md"; fi
echo "exit status $status"
exit "$status"
