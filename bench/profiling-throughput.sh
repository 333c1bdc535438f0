#!/usr/bin/env bash
# Profiling throughput: measurements per minute for nb201 on cpu-1t with the default plan, end to end (sample,
# export, measure, store), with drift control on and off in alternating runs (on, off, off, on, ...) so that both see
# the same machine. Each run starts from a copy of one database in which the device's baseline was calibrated
# beforehand (a one-off of a few seconds per device, not part of steady-state throughput) and which holds none of
# the sampled cells.
# Usage: bench/profiling-throughput.sh [SAMPLES=30] [SEED=7] [PAIRS=2]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
samples=${1:-30}; seed=${2:-7}; pairs=${3:-2}
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
"$root/hwnas" --help >/dev/null   # build outside the timed part
ref='|nor_conv_3x3~0|+|nor_conv_1x1~0|skip_connect~1|+|avg_pool_3x3~0|none~1|nor_conv_1x1~2|'
"$root/hwnas" export --space nb201 --arch "$ref" -o "$work/ref.onnx" >/dev/null
"$root/hwnas" measure "$work/ref.onnx" --device cpu-1t --db "$work/template.db" >/dev/null 2>&1  # calibrates
run() { # MODE INDEX
  cp "$work/template.db" "$work/$1-$2.db"
  local start end
  start=$(date +%s.%N)
  "$root/hwnas" profile --space nb201 --device cpu-1t --samples "$samples" --seed "$seed" --drift-control "$1" \
    --db "$work/$1-$2.db" >/dev/null 2>&1
  end=$(date +%s.%N)
  awk -v s="$start" -v e="$end" 'BEGIN { printf "%.3f\n", e - s }' >> "$work/$1.times"
}
for ((i = 0; i < pairs; i++)); do
  if ((i % 2 == 0)); then run on "$i"; run off "$i"; else run off "$i"; run on "$i"; fi
done
python3 - "$work" "$samples" <<'PY'
import sys, statistics
work, n = sys.argv[1], int(sys.argv[2])
t = {m: [float(x) for x in open(f"{work}/{m}.times")] for m in ("on", "off")}
for m in ("off", "on"):
    print(f"drift control {m:3s}: {n} measurements in " + ", ".join(f"{x:.1f}" for x in t[m])
          + f" s: {n * 60 / statistics.median(t[m]):.1f} measurements/minute (median run)")
print(f"throughput with drift control / without: {statistics.median(t['off']) / statistics.median(t['on']):.2f}")
PY
