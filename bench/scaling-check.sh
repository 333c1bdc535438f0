#!/usr/bin/env bash
# Do the scaling laws order small language models as real training does (issue 8)? COUNT architectures of
# transformer-tiny (byte-level, 1-4 layers, d_model 32-128) sampled with SEED are trained on the shipped Moby Dick
# text with one budget (STEPS steps of BATCH sequences of each model's context), and their validation loss (nats per
# byte) is ranked against the loss each scaling law predicts for their parameters N and the tokens D they saw.
# Usage: bench/scaling-check.sh [COUNT=8] [SEED=3] [STEPS=300] [BATCH=16]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
count=${1:-8}; seed=${2:-3}; steps=${3:-300}; batch=${4:-16}
work=${HWNAS_BENCH_WORK:-$(mktemp -d)}
"$root/hwnas" --help >/dev/null
export HWNAS_HOME="$work/home"
: > "$work/scaling.jsonl"
"$root/hwnas" sample --space transformer-tiny --count "$count" --seed "$seed" | while read -r arch; do
  "$root/hwnas" train --space transformer-tiny --arch "$arch" --dataset moby-dick --steps "$steps" \
      --batch-size "$batch" --optimizer adam --lr 0.003 --seed 1 --json --training-db "$work/t.db" >> "$work/scaling.jsonl"
done
PYTHONPATH="$root/bench/lib" python3 - "$work/scaling.jsonl" <<'PY'
import json, math, sys
from ranks import kendall, spearman
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
laws = {"chinchilla": (1.69, 406.4, 410.7, 0.34, 0.28), "epoch": (1.817, 482.0, 2085.4, 0.348, 0.366)}
def law(name, n, d):
    e, a, b, al, be = laws[name]
    return e + a / n ** al + b / d ** be
print("%-28s %9s %10s %9s %11s %7s %7s" % ("arch", "params", "tokens", "loss", "chinchilla", "epoch", "secs"))
for r in sorted(rows, key=lambda r: r["loss"]):
    n, d = r["parameters"], r["tokens_trained"]
    print("%-28s %9d %10d %9.4f %11.4f %7.4f %7.1f" % (r["arch"], n, d, r["loss"], law("chinchilla", n, d),
          law("epoch", n, d), r["train_seconds"]))
loss = [r["loss"] for r in rows]
for name in laws:
    pred = [law(name, r["parameters"], r["tokens_trained"]) for r in rows]
    print("%s: Spearman %.3f, Kendall %.3f between measured and predicted loss over %d models"
          % (name, spearman(loss, pred), kendall(loss, pred), len(rows)))
PY
