#!/usr/bin/env bash
# Kernel predictor accuracy on this machine: SAMPLES distinct architectures of SPACE measured (OrtProfiler, default
# plan) and traced (OrtTracer, 5 warm-up + RUNS runs) on DEVICE; trained on a seeded 80 %, tested on the other 20 %.
# Usage: bench/kernel-predictor.sh [SPACE=nb201] [SAMPLES=200] [DEVICE=cpu-1t] [SEED=7] [RUNS=20]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
args="${1:-nb201} ${2:-200} ${3:-cpu-1t} ${4:-7} ${5:-20}"
cd "$root"
mvn -o -q -B test -pl predictors -am -Dtest=KernelPredictorEvaluationTest -Dsurefire.failIfNoSpecifiedTests=false \
    -Dhwnas.kernel.eval="$args" 2>&1 | grep -v '^\[\|^$\|W:onnxruntime' || true
