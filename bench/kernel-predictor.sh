#!/usr/bin/env bash
# Kernel predictor accuracy on this machine: SAMPLES distinct architectures of SPACE measured (OrtProfiler, default
# plan) and traced (OrtTracer, 5 warm-up + RUNS runs) on DEVICE; trained on a seeded 80 %, tested on the other 20 %.
# Usage: bench/kernel-predictor.sh [SPACE=nb201] [SAMPLES=200] [DEVICE=cpu-1t] [SEED=7] [RUNS=20] [DRIFT=on|off]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
jar=benchmarks/target/benchmarks.jar
# Rebuild only when a source or pom the jar is made of is newer than the jar.
if [ ! -f "$jar" ] || [ -n "$(find pom.xml core devices profilers predictors benchmarks -newer "$jar" \
    \( -name '*.java' -o -name pom.xml -o -name '*.proto' -o -name '*.json' \) -not -path '*/target/*' \
    -print -quit)" ]; then
  # Maven 3.8 prints colour resets even in batch mode; errors still reach stderr, and a failed build stops here.
  mvn -B -q -ntp -o package -pl benchmarks -am -DskipTests 2>&1 | sed 's/\x1b\[[0-9;]*m//g' >&2
fi
exec java -cp "$jar" io.hwnas.benchmarks.KernelPredictorEvaluation "${1:-nb201}" "${2:-200}" "${3:-cpu-1t}" \
    "${4:-7}" "${5:-20}" "${6:-on}" 2> >(grep -v 'W:onnxruntime' >&2)
