#!/usr/bin/env bash
# Holdout metrics (80/20, seed 1) of latency predictors on each column of HELP's NAS-Bench-201 latency table
# (data/nas-bench-201), and their warm single-thread prediction throughput.
# Usage: bench/predictor-holdout.sh [SPEC...]      (default: flops lut; e.g. lut:ridge=1e-4 roofline:peak=100,bw=20)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
source bench/lib/benchmarks-jar.sh
jar=$(benchmarks_jar)
exec java -cp "$jar" io.hwnas.benchmarks.HoldoutReport "$@"
