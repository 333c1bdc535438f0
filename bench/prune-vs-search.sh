#!/usr/bin/env bash
# Pruning against search at matched training compute (issue 19), on MNIST with mbv3. For each seed: bench/prune.sh
# (a parent trained for an epoch, pruned to five sizes, 100 fine-tuning steps each, every network measured on
# cpu-1t); a saea search whose candidates' trainings see together as many images as the prune run's (EVALUATIONS
# candidates, each trained for the steps that leaves it), every candidate measured on cpu-1t; the report with both
# fronts; and where each front wins. With FROM_SCRATCH=1, each pruned architecture is also trained from scratch
# with the parent's budget, to set the fine-tuned accuracy against.
# Usage: bench/prune-vs-search.sh [SEEDS [EVALUATIONS]]   e.g. bench/prune-vs-search.sh "1 2 3" 10
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
seeds="${1:-1}"
evaluations="${2:-10}"
out=benchmarks/target/prune
mkdir -p "$out"
for seed in $seeds; do
  bash bench/prune.sh "$seed"
  images=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['training_images'])" "$out/prune-$seed.json")
  steps=$(( images / 64 / evaluations ))
  rm -rf "$out/search-$seed"
  start=$(date +%s)
  ./hwnas search --space mbv3 --accuracy train:mnist --steps "$steps" --evaluations "$evaluations" --population 4 \
    --device cpu-1t --latency measured --no-budget --seed "$seed" --out "$out/search-$seed" \
    --training-db "$out/trainings.db" --db "$out/measurements.db" > /dev/null
  echo "seed $seed: search of $evaluations candidates x $steps steps x 64 images in $(( $(date +%s) - start )) s"
  ./hwnas report "$out/search-$seed" --prune "$out/prune-$seed.json" -o "$out/report-$seed.html" > /dev/null
  ./hwnas report "$out/search-$seed" --prune "$out/prune-$seed.json" -o "$out/report-$seed.json" > /dev/null
  if [ "${FROM_SCRATCH:-0}" = 1 ]; then
    for a in $(python3 -c "import json,sys; print(' '.join(p['arch'] for p in json.load(open(sys.argv[1]))['pruned']))" \
        "$out/prune-$seed.json"); do
      ./hwnas train --space mbv3 --arch "$a" --dataset mnist --epochs 1 --seed "$seed" \
        --training-db "$out/trainings.db" --json > "$out/scratch-$seed-$a.json"
    done
  fi
  python3 - "$out" "$seed" <<'PY'
import glob, json, os, sys
out, seed = sys.argv[1], sys.argv[2]
r = json.load(open(f"{out}/report-{seed}.json"))
front = [(row["latency"]["cpu-1t"]["ms"], row["accuracy"]) for row in r["front"]]
run = r["pruning"]["runs"][0]
pruned = [(p["latency_ms"], p["accuracy"], p["arch"], p["ratio"]) for p in [run["parent"]] + run["pruned"]]
def best(points, ms):
    ok = [a for (l, a, *rest) in points if l <= ms]
    return max(ok) if ok else None
print(f"seed {seed}: training images: search {r['pruning']['search_training_seen']}, prune {run['training_seen']}")
print("| network | latency (ms) | accuracy (%) | best of the other front within that latency (%) | difference (pp) |")
print("|---|---|---|---|---|")
for (l, a, arch, ratio) in sorted(pruned):
    b = best(front, l)
    scratch = f"{out}/scratch-{seed}-{arch}.json"
    extra = ""
    if os.path.exists(scratch):
        extra = f"; from scratch {100 * json.load(open(scratch))['accuracy']:.2f} %"
    name = "parent" if ratio == 1 else f"pruned {ratio:.3f}"
    print(f"| {name} | {l:.3f} | {a:.2f}{extra} | {'-' if b is None else f'{b:.2f}'} | {'-' if b is None else f'{a - b:+.2f}'} |")
for (l, a) in sorted(front):
    b = best([(x[0], x[1]) for x in pruned], l)
    print(f"| searched | {l:.3f} | {a:.2f} | {'-' if b is None else f'{b:.2f}'} | {'-' if b is None else f'{a - b:+.2f}'} |")
PY
done
