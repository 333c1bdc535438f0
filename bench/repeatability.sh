#!/usr/bin/env bash
# How repeatable is a measurement on this machine? Profiles the same N nb201 cells twice into two fresh databases
# (cpu-1t, default plan, R rounds) and prints the share of cells whose two medians agree within ±5 % and ±10 %.
# That share bounds how often any predictor can land within ±10 % of a measured label.
# Usage: bench/repeatability.sh [N=80] [ROUNDS=1] [SEED=2026]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
n=${1:-80}; rounds=${2:-1}; seed=${3:-2026}
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
"$root/hwnas" --help >/dev/null
for i in 1 2; do
  "$root/hwnas" profile --space nb201 --device cpu-1t --samples "$n" --seed "$seed" --rounds "$rounds" \
    --db "$work/$i.db" >/dev/null 2>&1
  "$root/hwnas" measurements export --format csv --db "$work/$i.db" -o "$work/$i.csv" 2>/dev/null
done
python3 - "$work/1.csv" "$work/2.csv" "$rounds" <<'PY'
import csv, sys
def medians(f):
    return {r["arch"]: float(r["median_ms"]) for r in csv.DictReader(open(f))}
a, b = medians(sys.argv[1]), medians(sys.argv[2])
ks = [k for k in a if k in b]
w = lambda t: sum(abs(a[k] / b[k] - 1) <= t for k in ks) / len(ks)
print(f"{len(ks)} cells, rounds {sys.argv[3]}: two measurements agree within 5 %: {w(0.05):.3f}, within 10 %: {w(0.10):.3f}")
PY
