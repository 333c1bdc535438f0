#!/usr/bin/env bash
# A search with the training oracle (issue 7): 20 candidates (population 10, two generations), each trained for
# EPOCHS epoch(s) on MNIST with DJL, latency measured on cpu-1t with the predictor in the loop; into a fresh home so
# that every training and measurement is taken for real. Prints the wall time, the trainings, the front with its
# validation and test accuracies.
# Usage: bench/training-search.sh [EPOCHS=1] [SEED=1] [EVALUATIONS=20] [EXTRA ARGS...]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
epochs=${1:-1}; seed=${2:-1}; evals=${3:-20}; shift 3 || shift $#
work=${HWNAS_BENCH_WORK:-$(mktemp -d)}
"$root/hwnas" --help >/dev/null
export HWNAS_HOME="$work/home"
start=$(date +%s.%N)
"$root/hwnas" search --accuracy train:mnist --epochs "$epochs" --evaluations "$evals" --population 10 \
    --seed "$seed" --warmup-samples 10 --out "$work/run" "$@" > "$work/out.txt" 2> "$work/err.log"
end=$(date +%s.%N)
echo "trainings: $(grep -c '^hwnas: trained' "$work/err.log" || true)"
python3 - "$work/run/front.json" "$start" "$end" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
print("wall %.0f s for %d evaluations (search's own clock %.0f s), %d measured, front %d, failed %d"
      % (float(sys.argv[3]) - float(sys.argv[2]), r["evaluations"], r["wall_s"], r["measured"], len(r["front"]),
         len(r["failed"])))
for f in r["front"]:
    print("  val %.2f %%  test %s  %.3f ms  %s" % (f["accuracy"],
          "%.2f %%" % f["test_accuracy"] if "test_accuracy" in f else "-", f["latency_ms"], f["arch"]))
PY
echo "run directory and logs: $work"
