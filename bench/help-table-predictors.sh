#!/usr/bin/env bash
# Predictors on HELP's NAS-Bench-201 latency table (data/nas-bench-201): for each device column, an
# 80/20 split with the given seed, through the CLI exactly as a user runs it. Prints one JSON line per (predictor,
# device). Usage: bench/help-table-predictors.sh [SEED=1] [PREDICTOR...=weka lut:edges=all]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
seed=${1:-1}; shift || true
predictors=("$@"); [ ${#predictors[@]} -gt 0 ] || predictors=(weka lut:edges=all)
table="$root/data/nas-bench-201/nb201_latency_sample_devices.csv.gz"
[ -f "$table" ] || { echo "needs $table" >&2; exit 2; }
for p in "${predictors[@]}"; do
  for col in 1080ti_1_ms 2080ti_1_ms silver_4114_ms samsung_a50_ms essential_ph_1_ms; do
    "$root/hwnas" predictor eval --space nb201 --table "$table" --arch-column arch_str --latency-column "$col" \
      --predictor "$p" --train-fraction 0.8 --seed "$seed" --json
  done
done
