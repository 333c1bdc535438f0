#!/usr/bin/env bash
# Why drift control pairs a candidate with the nearest of three reference models: N nb201 cells on one thread, each
# run PAIRS times back to back with all three rungs, once quiet and once under two busy processes toggled every 3 s
# (bench/lib/busy-load.sh); prints how often the two recordings agree for each estimator (raw median; the ratio to
# one fixed rung; to the nearest rung, hwnas's; to a log-interpolation between rungs). Baselines: each rung's median
# over the quiet recording.
# Usage: bench/drift-estimators.sh [N=80] [PAIRS=30] [SEED=2026]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
n=${1:-80}; pairs=${2:-30}; seed=${3:-2026}
. bench/lib/benchmarks-jar.sh
jar=$(benchmarks_jar)
work=$(mktemp -d); loader=""
trap '[ -n "$loader" ] && kill "$loader" 2>/dev/null; rm -rf "$work"' EXIT
main=io.hwnas.benchmarks.DriftEstimators
java -cp "$jar" "$main" record "$n" "$pairs" "$seed" "$work/quiet.csv" 2>/dev/null
bench/lib/busy-load.sh 3 & loader=$!
java -cp "$jar" "$main" record "$n" "$pairs" "$seed" "$work/load.csv" 2>/dev/null
kill "$loader"; wait "$loader" 2>/dev/null || true; loader=""
echo "quiet against loaded, $n cells, $pairs pairs each:"
java -cp "$jar" "$main" compare "$work/quiet.csv" "$work/load.csv"
