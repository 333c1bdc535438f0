#!/usr/bin/env bash
# The default predictor on this machine: profile N nb201 cells on cpu-1t (default plan, into DB), then evaluate
# predictors on an 80/20 split of those measurements. Re-running with the same DB measures nothing twice.
# Usage: bench/this-machine-predictor.sh [N=500] [DB=target/bench-cpu1t.db] [PREDICTORS="weka lut flops"]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
n=${1:-500}; db=${2:-$root/target/bench-cpu1t.db}; predictors=${3:-weka lut flops}
mkdir -p "$(dirname "$db")"
"$root/hwnas" --help >/dev/null
start=$(date +%s)
"$root/hwnas" profile --space nb201 --device cpu-1t --samples "$n" --seed 2026 --db "$db" 2>/dev/null | head -2
echo "profiled in $(( $(date +%s) - start )) s"
for p in $predictors; do
  "$root/hwnas" predictor eval --space nb201 --device cpu-1t --db "$db" --predictor "$p" --train-fraction 0.8 --seed 1 --json
done
