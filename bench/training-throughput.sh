#!/usr/bin/env bash
# Training throughput (issue 7): images per second, forward and backward, of sampled architectures trained with
# DJL (PyTorch engine) on MNIST on this machine's CPU, each for a fixed number of steps into a fresh training
# database. images_per_second is over the whole training loop (the first steps, where oneDNN builds its kernels for
# each new shape, included), so it is what a search pays per candidate.
# Usage: bench/training-throughput.sh [COUNT=4] [SEED=11] [STEPS=100] [BATCH=64]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
count=${1:-4}; seed=${2:-11}; steps=${3:-100}; batch=${4:-64}
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
"$root/hwnas" --help >/dev/null   # build outside the timed part
export HWNAS_HOME="$work/home"
printf "%-6s %12s %9s %9s %10s  %s\n" space images/s train_s "M MACs" "val acc" arch
for space in nb201 mbv3; do
  "$root/hwnas" sample --space "$space" --count "$count" --seed "$seed" | while read -r arch; do
    if ! "$root/hwnas" train --space "$space" --arch "$arch" --dataset mnist --steps "$steps" --batch-size "$batch" \
        --seed 1 --json --training-db "$work/t.db" > "$work/train.json" 2> "$work/err.log"; then
      printf "%-6s %12s  %s\n" "$space" failed "$(tail -n 1 "$work/err.log")"
      continue
    fi
    "$root/hwnas" export --space "$space" --dataset mnist --arch "$arch" -o "$work/m.onnx" --json > "$work/export.json"
    python3 - "$work/train.json" "$work/export.json" "$space" <<'PY'
import json, sys
t, e = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
print("%-6s %12.1f %9.1f %9.1f %10.3f  %s" % (sys.argv[3], t["images_per_second"], t["train_seconds"],
      e["macs"] / 1e6, t["accuracy"], t["arch"]))
PY
  done
done
threads=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["threads"])' "$work/train.json")
echo "PyTorch threads: $threads; cores: $(nproc); OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-PASSIVE, the launcher default}"
