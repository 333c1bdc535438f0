#!/usr/bin/env bash
# Profiler fidelity: the Java profiler's median against an independent ONNX Runtime (onnxruntime-node, via
# ../shared/tools/ort-node-time) on the same files and thread count. Prints a Markdown table and the ratio range.
# Usage: bench/profiler-fidelity.sh [COUNT=10] [THREADS=1] [SEED=1]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
count=${1:-10}; threads=${2:-1}; seed=${3:-1}
timer="$root/../shared/tools/ort-node-time"
[ -x "$timer" ] || { echo "needs $timer" >&2; exit 2; }
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
export HWNAS_HOME="$work/home"
"$root/hwnas" sample --space nb201 --count "$count" --seed "$seed" > "$work/archs.txt"
echo "| # | arch | hwnas median ms | ort-node median ms | ratio |"
echo "|---|---|---|---|---|"
i=0; min=9; max=0
while IFS= read -r arch; do
  i=$((i + 1))
  "$root/hwnas" export --space nb201 --arch "$arch" -o "$work/m$i.onnx" >/dev/null
  # Alternate the order so that neither timer always runs on a warmer machine.
  if [ $((i % 2)) -eq 0 ]; then
    node_ms=$("$timer" "$work/m$i.onnx" "$threads" 300 | sed -E 's/.*"median_ms":([0-9.e-]+).*/\1/')
    java_ms=$("$root/hwnas" measure "$work/m$i.onnx" --device cpu-1t --threads "$threads" --json | sed -E 's/.*"median_ms" *: *([0-9.e-]+).*/\1/')
  else
    java_ms=$("$root/hwnas" measure "$work/m$i.onnx" --device cpu-1t --threads "$threads" --json | sed -E 's/.*"median_ms" *: *([0-9.e-]+).*/\1/')
    node_ms=$("$timer" "$work/m$i.onnx" "$threads" 300 | sed -E 's/.*"median_ms":([0-9.e-]+).*/\1/')
  fi
  ratio=$(awk -v a="$java_ms" -v b="$node_ms" 'BEGIN { printf "%.3f", a / b }')
  min=$(awk -v a="$min" -v r="$ratio" 'BEGIN { print (r < a) ? r : a }')
  max=$(awk -v a="$max" -v r="$ratio" 'BEGIN { print (r > a) ? r : a }')
  printf '| %d | `%s` | %.3f | %.3f | %s |\n' "$i" "$arch" "$java_ms" "$node_ms" "$ratio"
done < "$work/archs.txt"
echo
echo "ratio range: $min - $max (target 0.95 - 1.05)"
