#!/usr/bin/env bash
# Few-shot latency transfer on HELP's NAS-Bench-201 table (../shared/data/nas-bench-201): each of the five devices
# in turn is the target, the other four the references; k target samples; metrics on all other rows, mean over seeds.
# Usage: bench/transfer-curve.sh [SEEDS=5] [K...=5 10 20 50]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
cd "$root"
mvn -o -q -B test-compile dependency:build-classpath -pl predictors -am \
    -Dmdep.outputFile="$work/cp.txt" -Dmdep.includeScope=test >/dev/null
cp="predictors/target/test-classes:predictors/target/classes:$(cat "$work/cp.txt")"
java -cp "$cp" io.hwnas.predictors.transfer.TransferCurve "$@"
