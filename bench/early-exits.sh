#!/usr/bin/env bash
# Early exits (issue 8): expected latency against the same network without exits, at matched accuracy, on MNIST.
# Each nb201 cell of CELLS is trained on MNIST twice with the same budget and seed (so the same split, images and
# order): with exits after stages 1 and 2, all heads jointly, and without exits. On DEVICE each exit's path, the
# whole network with its heads (the worst case) and the network without exits are measured with ONNX Runtime. Every
# pair of thresholds is scored on the validation split; the pair with the lowest expected latency whose validation
# accuracy is within TOL percentage points of the network without exits is chosen, and its expected latency,
# shares and test accuracy are printed beside the network without exits. All from `./hwnas exits`.
# Usage: bench/early-exits.sh [EPOCHS=1] [TOL=0.5] [DEVICE=cpu-1t] [SEED=1]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
epochs=${1:-1}; tol=${2:-0.5}; device=${3:-cpu-1t}; seed=${4:-1}
work=${HWNAS_BENCH_WORK:-$(mktemp -d)}
cells=${CELLS:-"|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|nor_conv_3x3~0|nor_conv_3x3~1|nor_conv_3x3~2|
|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|
|nor_conv_3x3~0|+|nor_conv_1x1~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_1x1~1|nor_conv_3x3~2|
|nor_conv_1x1~0|+|skip_connect~0|nor_conv_1x1~1|+|skip_connect~0|skip_connect~1|nor_conv_1x1~2|"}
"$root/hwnas" --help >/dev/null
export HWNAS_HOME="$work/home"
# PyTorch's natives (430 MB) from the build's cache when there is one, not unpacked again per run
if [ -d "$root/target/djl-cache" ]; then export DJL_CACHE_DIR="${DJL_CACHE_DIR:-$root/target/djl-cache}"; fi
: > "$work/exits.jsonl"
while read -r cell; do
  [ -n "$cell" ] || continue
  "$root/hwnas" exits --space nb201-ee --arch "$cell#x1=0.9,x2=0.9" --dataset mnist --epochs "$epochs" \
      --seed "$seed" --device "$device" --tolerance "$tol" --db "$work/m.db" --training-db "$work/t.db" --json \
      >> "$work/exits.jsonl"
done <<< "$cells"
python3 - "$work/exits.jsonl" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
r0 = rows[0]
print("nb201-ee on MNIST, %s, seed %d, %s; thresholds chosen on validation within %.2f points of the network "
      "without exits" % (r0["budget"], r0["seed"], r0["device"], r0["tolerance_pp"]))
print("| cell | without exits: val / test acc, ms | exits' own val acc x1 / x2 / final | paths x1 / x2 / whole ms "
      "| chosen thresholds | val / test acc | shares x1 / x2 / final | expected ms | speed-up |")
print("|---|---|---|---|---|---|---|---|---|")
for r in rows:
    w, x, b = r["without_exits"], r["with_exits"], r["best"]
    head = "%.2f / %.2f, %.3f" % (100 * w["validation_accuracy"], 100 * w["test_accuracy"], w["latency_ms"])
    own = "%.1f / %.1f / %.2f" % (100 * x["exit_validation_accuracy"]["x1"], 100 * x["exit_validation_accuracy"]["x2"],
                                  100 * x["final_validation_accuracy"])
    paths = "%.3f / %.3f / %.3f" % (x["path_latency_ms"]["x1"], x["path_latency_ms"]["x2"], x["worst_latency_ms"])
    if b is None:
        print("| `%s` | %s | %s | %s | none within tolerance | | | | |" % (w["arch"], head, own, paths))
        continue
    t = b["thresholds"]; s = b["shares"]
    print("| `%s` | %s | %s | %s | %s / %s | %.2f / %.2f | %.2f / %.2f / %.2f | %.3f | %.2fx |" % (
        w["arch"], head, own, paths, t["x1"], t["x2"], 100 * b["validation_accuracy"], 100 * b["test_accuracy"],
        s["x1"], s["x2"], s["final"], b["expected_latency_ms"], b["speedup"]))
# The same trained weights with no exit ever taken: the whole network's final classifier, on its worst-case path.
tol = r0["tolerance_pp"] / 100
print()
print("against the same weights with no exit taken (the final classifier, on the whole network with its heads):")
print("| cell | final classifier: val / test acc, worst ms | chosen thresholds | val / test acc | shares x1 / x2 / final "
      "| expected ms | speed-up |")
print("|---|---|---|---|---|---|---|")
for r in rows:
    x = r["with_exits"]
    fin = x["final_validation_accuracy"]
    ok = [p for p in r["policies"] if p["validation_accuracy"] >= fin - tol - 1e-12]
    head = "%.2f / %.2f, %.3f" % (100 * fin, 100 * x["final_test_accuracy"], x["worst_latency_ms"])
    if not ok:
        print("| `%s` | %s | none within tolerance | | | | |" % (r["without_exits"]["arch"], head))
        continue
    p = min(ok, key=lambda p: (p["expected_latency_ms"], -p["validation_accuracy"]))
    t = p["thresholds"]; s = p["shares"]
    print("| `%s` | %s | %s / %s | %.2f / %.2f | %.2f / %.2f / %.2f | %.3f | %.2fx |" % (
        r["without_exits"]["arch"], head, t["x1"], t["x2"], 100 * p["validation_accuracy"], 100 * p["test_accuracy"],
        s["x1"], s["x2"], s["final"], p["expected_latency_ms"], x["worst_latency_ms"] / p["expected_latency_ms"]))
PY
echo "work: $work"
