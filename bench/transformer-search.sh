#!/usr/bin/env bash
# A language-model size search under a latency and a memory budget with predictors (issue 8): the transformer space,
# accuracy as minus the loss a scaling law predicts, per-token decode latency on a spec-sheet device by the roofline
# of its figures, memory (weights + KV cache) as a budget; end to end, into a fresh home. Target: under a minute.
# Usage: bench/transformer-search.sh [SEEDS="1 2 3"] [EVALUATIONS=1000] [DEVICE=rpi5] [LATENCY_MS=60] [MEMORY_MB=400]
#        [ALGORITHM=the search's default]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
seeds=${1:-"1 2 3"}; evals=${2:-1000}; device=${3:-rpi5}; lat=${4:-60}; mem=${5:-400}
algorithm=()
[ -n "${6:-}" ] && algorithm=(--algorithm "$6")
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
"$root/hwnas" --help >/dev/null
export HWNAS_HOME="$work/home"
for law in chinchilla epoch; do
  for seed in $seeds; do
    start=$(date +%s.%N)
    "$root/hwnas" search --space transformer --accuracy "scaling:$law" --device "$device" --spec-reference none \
        --graph decode --budget "$device:latency_ms<=$lat" --budget "memory_mb<=$mem" --evaluations "$evals" \
        --seed "$seed" "${algorithm[@]}" --out "$work/run-$law-$seed" --json > "$work/out.json" 2> "$work/err.log"
    end=$(date +%s.%N)
    python3 - "$work/out.json" "$law" "$seed" "$start" "$end" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
f = r["front"]
best = max(f, key=lambda x: x["accuracy"])
print("%-10s %s seed %s: %.1f s wall for %d evaluations, front %d, hypervolume %.4f; best loss %.3f at %.1f ms, %.0f MB: %s"
      % (sys.argv[2], r["algorithm"], sys.argv[3], float(sys.argv[5]) - float(sys.argv[4]), r["evaluations"], len(f), r["hypervolume"],
         -best["accuracy"], best["latency_ms"], best["memory_mb"], best["arch"]))
PY
  done
done
