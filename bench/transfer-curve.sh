#!/usr/bin/env bash
# Few-shot latency transfer on HELP's NAS-Bench-201 table (data/nas-bench-201): each of the five devices in turn is
# the target, the other four the references; k target samples; metrics on all other rows, mean over seeds.
# Usage: bench/transfer-curve.sh [SEEDS=5] [K...=5 10 20 50]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
source bench/lib/benchmarks-jar.sh
jar=$(benchmarks_jar)
exec java -cp "$jar" io.hwnas.benchmarks.TransferCurve "$@"
