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
python3 - "$work/rank.tsv" "$short" "$long" <<'PY'
import sys
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
def ranks(v):
    order = sorted(range(len(v)), key=lambda i: v[i])
    r = [0.0] * len(v)
    i = 0
    while i < len(v):
        j = i
        while j + 1 < len(v) and v[order[j + 1]] == v[order[i]]:
            j += 1
        for k in range(i, j + 1):
            r[order[k]] = (i + j) / 2 + 1
        i = j + 1
    return r
def pearson(a, b):
    n = len(a); ma = sum(a) / n; mb = sum(b) / n
    cov = sum((p - ma) * (q - mb) for p, q in zip(a, b))
    va = sum((p - ma) ** 2 for p in a) ** 0.5; vb = sum((q - mb) ** 2 for q in b) ** 0.5
    return cov / (va * vb)
def kendall(a, b):
    c = d = 0
    for i in range(len(a)):
        for j in range(i + 1, len(a)):
            p = (a[i] - a[j]) * (b[i] - b[j])
            c += p > 0; d += p < 0
    return (c - d) / (len(a) * (len(a) - 1) / 2)
for a in sorted(archs, key=lambda a: -acc[a][l]):
    print("%.4f  %.4f  %s" % (acc[a][s], acc[a][l], a))
print("architectures %d; %s epoch(s) vs %s epochs: Spearman %.3f, Kendall %.3f; training time %.0f s and %.0f s"
      % (len(archs), s, l, pearson(ranks(x), ranks(y)), kendall(x, y), secs[s], secs[l]))
PY
