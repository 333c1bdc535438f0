#!/usr/bin/env bash
# Profiling throughput: measurements per minute for nb201 on cpu-1t with the default plan, end to end
# (sample, export, measure, store), into a fresh database.
# Usage: bench/profiling-throughput.sh [SAMPLES=30] [SEED=7]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
samples=${1:-30}; seed=${2:-7}
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
"$root/hwnas" --help >/dev/null   # build outside the timed part
start=$(date +%s.%N)
"$root/hwnas" profile --space nb201 --device cpu-1t --samples "$samples" --seed "$seed" --db "$work/bench.db" >/dev/null
end=$(date +%s.%N)
awk -v n="$samples" -v s="$start" -v e="$end" 'BEGIN { t = e - s; printf "%d measurements in %.1f s: %.1f measurements/minute\n", n, t, n * 60 / t }'
