#!/usr/bin/env bash
# Accuracy of the weka latency predictor on NAS-Bench-201's latency table (HELP: five devices, all 15,625 cells):
# per column, a seeded 80/20 split, train on 80 %, report RMSE, MAPE, share within ±5/±10 %, Spearman, Kendall,
# training seconds, predictions per second (features memoised) and the lag-1 correlation of the errors in table order.
# Usage: bench/weka-predictor.sh [SEED=42] [SPEC...]     SPEC is the text after "weka:"; none = the default
#   e.g. bench/weka-predictor.sh 42 "" "weka.classifiers.trees.RandomForest -I 100"
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
seed=${1:-42}; shift || true
table="${HWNAS_TABLE:-$root/data/nas-bench-201/nb201_latency_sample_devices.csv.gz}"
cd "$root"
source bench/lib/benchmarks-jar.sh
jar=$(benchmarks_jar)
exec java -cp "$jar" io.hwnas.benchmarks.WekaBenchmark "$table" --seed "$seed" "$@"
