#!/usr/bin/env bash
# Holdout metrics (80/20, seed 1) of latency predictors on each column of the shared NAS-Bench-201 latency table,
# and their warm single-thread prediction throughput.
# Usage: bench/predictor-holdout.sh [SPEC...]      (default: flops lut; e.g. lut:ridge=1e-4 roofline:peak=100,bw=20)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
cp_file=$(mktemp); trap 'rm -f "$cp_file"' EXIT
mvn -o -q -B test-compile dependency:build-classpath -pl predictors -am -Dmdep.includeScope=test \
    -Dmdep.outputFile="$cp_file" >/dev/null
java -cp "predictors/target/classes:predictors/target/test-classes:$(cat "$cp_file")" \
    io.hwnas.predictors.eval.HoldoutReport "$@"
