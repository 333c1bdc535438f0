#!/usr/bin/env bash
# How good is a cheap training signal (issue 7)? COUNT nb201 architectures sampled with SEED are trained on MNIST
# with a short budget and with a longer one (same seed, so the same split, initial weights and image order), and
# the rank correlation of the two validation accuracies (Spearman, Kendall) is printed, with the accuracies.
# Usage: bench/training-rank.sh [COUNT=20] [SEED=5] [SHORT_EPOCHS=1] [LONG_EPOCHS=3] [SPACE=nb201]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
count=${1:-20}; seed=${2:-5}; short=${3:-1}; long=${4:-3}; space=${5:-nb201}
work=${HWNAS_BENCH_WORK:-$(mktemp -d)}
"$root/hwnas" --help >/dev/null
export HWNAS_HOME="$work/home"
: > "$work/rank.tsv"
"$root/hwnas" sample --space "$space" --count "$count" --seed "$seed" > "$work/archs.txt"
while read -r arch; do
  for e in "$short" "$long"; do
    "$root/hwnas" train --space "$space" --arch "$arch" --dataset mnist --epochs "$e" --seed 1 --json \
        --training-db "$work/t.db" > "$work/t.json"
    python3 -c "import json; d=json.load(open('$work/t.json')); print('%s\t%d\t%.4f\t%.1f' % (d['arch'], $e, d['accuracy'], d['train_seconds']))" >> "$work/rank.tsv"
  done
done < "$work/archs.txt"
PYTHONPATH="$root/bench/lib" python3 - "$work/rank.tsv" "$short" "$long" <<'PY'
import sys
from ranks import kendall, spearman
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1])]
s, l = sys.argv[2], sys.argv[3]
acc = {}
secs = {s: 0.0, l: 0.0}
for arch, e, a, t in rows:
    acc.setdefault(arch, {})[e] = float(a)
    secs[e] += float(t)
archs = list(acc)
x = [acc[a][s] for a in archs]
y = [acc[a][l] for a in archs]
for a in sorted(archs, key=lambda a: -acc[a][l]):
    print("%.4f  %.4f  %s" % (acc[a][s], acc[a][l], a))
print("architectures %d; %s epoch(s) vs %s epochs: Spearman %.3f, Kendall %.3f; training time %.0f s and %.0f s"
      % (len(archs), s, l, spearman(x, y), kendall(x, y), secs[s], secs[l]))
PY
