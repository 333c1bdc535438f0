#!/usr/bin/env bash
# Pruning (issue 19): trains a parent on MNIST (hwnas train, which keeps its weights in the training database),
# then prunes it to a sweep of sizes, fine-tuning and measuring each: the time of `prune` on a cached parent is what
# the issue bounds (5 sizes in under 10 minutes on 2 cores). Writes each prune's JSON under benchmarks/target/prune/.
# Usage: bench/prune.sh [SEED [ARCH [RATIOS [FINE_TUNE_STEPS [EPOCHS]]]]]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
seed="${1:-1}"
arch="${2:-r224-d44444-k35733573357335733573-e66666666666666666666}"
ratios="${3:-0.8,0.65,0.5,0.4,0.3}"
steps="${4:-100}"
epochs="${5:-1}"
out=benchmarks/target/prune
mkdir -p "$out"
db=(--training-db "$out/trainings.db" --db "$out/measurements.db")
start=$(date +%s)
./hwnas train --space mbv3 --arch "$arch" --dataset mnist --epochs "$epochs" --seed "$seed" "${db[0]}" "${db[1]}" \
  --json > "$out/parent-$seed.json"
trained=$(date +%s)
./hwnas prune --space mbv3 --arch "$arch" --dataset mnist --epochs "$epochs" --ratios "$ratios" \
  --fine-tune-steps "$steps" --device cpu-1t --seed "$seed" "${db[@]}" --json -o "$out/prune-$seed.json" > /dev/null
pruned=$(date +%s)
echo "seed $seed: parent trained in $((trained - start)) s; prune (cached parent, sweep of $ratios, $steps fine-tune steps each) in $((pruned - trained)) s"
python3 - "$out/prune-$seed.json" <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))
p = j["parent"]
print(f"| parent | {p['arch']} | 1.000 | {p['accuracy']:.4f} | | {p['latency_ms']:.3f} |")
for q in j["pruned"]:
    print(f"| pruned | {q['arch']} | {q['ratio']:.3f} | {q['accuracy']:.4f} | {q['accuracy_before_fine_tune']:.4f} | {q['latency_ms']:.3f} |")
print(f"training images: {j['training_images']}")
PY
