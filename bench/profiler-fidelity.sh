#!/usr/bin/env bash
# Profiler fidelity: the Java profiler's median (default plan) against an independent ONNX Runtime
# (onnxruntime-node, via ../shared/tools/ort-node-time) on the same file and thread count.
#
# This machine's speed drifts by tens of percent over seconds (a shared VM), so one pair of measurements compares
# two different machines. Each model is therefore measured in ROUNDS alternating pairs (the order flips every
# round), the ratio is taken within each pair, and the model's ratio is the median over its rounds.
# Prints a Markdown table and the range of the per-model ratios.
# The raw median is compared, with drift control on (the default: the reference model runs between the timed runs)
# or off (DRIFT=off).
# Usage: bench/profiler-fidelity.sh [COUNT=10] [THREADS=1] [SEED=1] [ROUNDS=5] [NODE_RUNS=100] [DRIFT=on]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
count=${1:-10}; threads=${2:-1}; seed=${3:-1}; rounds=${4:-5}; node_runs=${5:-100}; drift=${6:-on}
timer="$root/../shared/tools/ort-node-time"
[ -x "$timer" ] || { echo "needs $timer" >&2; exit 2; }
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
export HWNAS_HOME="$work/home"
"$root/hwnas" sample --space nb201 --count "$count" --seed "$seed" > "$work/archs.txt"
"$timer" /dev/null >/dev/null 2>&1 || true   # installs onnxruntime-node on first use, outside the timings

java_ms() { "$root/hwnas" measure "$1" --device cpu-1t --threads "$threads" --remeasure --drift-control "$drift" --json \
  | sed -E 's/.*"median_ms" *: *([0-9.eE-]+).*/\1/'; }
node_ms() { "$timer" "$1" "$threads" "$node_runs" | sed -E 's/.*"median_ms":([0-9.eE-]+).*/\1/'; }
. "$root/bench/lib/paired.sh"

echo "| # | arch | hwnas median ms | ort-node median ms | ratio (median of $rounds pairs) | pair ratios |"
echo "|---|---|---|---|---|---|"
paired_rows java_ms node_ms 1/2 "$rounds" "$work/archs.txt"
echo
echo "per-model ratio range: $(sort -g "$work/ratios" | head -1) - $(sort -g "$work/ratios" | tail -1) (target 0.95 - 1.05)"
