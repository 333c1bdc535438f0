#!/usr/bin/env bash
# How repeatable is a measurement on this machine, raw and drift-corrected? Profiles the same N nb201 cells twice on
# cpu-1t (default plan, R rounds, drift control on): the first pass into a fresh database (which also calibrates the
# device's baseline), the second into a copy of it with --remeasure, so both passes share the baseline as a user's
# database would. With LOAD=toggle (the default) two busy processes are switched on and off every 3 s through the
# whole second pass; LOAD=none keeps both passes quiet. Prints the share of cells whose two raw medians, and whose
# two corrected medians, agree within ±5 % and ±10 %.
# Usage: bench/repeatability.sh [N=80] [ROUNDS=1] [SEED=2026] [LOAD=toggle|none]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
n=${1:-80}; rounds=${2:-1}; seed=${3:-2026}; load=${4:-toggle}
work=$(mktemp -d); loader=""
trap '[ -n "$loader" ] && kill "$loader" 2>/dev/null; rm -rf "$work"' EXIT
"$root/hwnas" --help >/dev/null
profile() {
  "$root/hwnas" profile --space nb201 --device cpu-1t --samples "$n" --seed "$seed" --rounds "$rounds" \
    --db "$1" "${@:2}" >/dev/null 2>&1
}
profile "$work/1.db"
cp "$work/1.db" "$work/2.db"
if [ "$load" = toggle ]; then
  "$root/bench/lib/busy-load.sh" 3 & loader=$!
fi
profile "$work/2.db" --remeasure
if [ -n "$loader" ]; then kill "$loader"; wait "$loader" 2>/dev/null || true; loader=""; fi
for i in 1 2; do
  "$root/hwnas" measurements export --format csv --db "$work/$i.db" -o "$work/$i.csv" 2>/dev/null
done
python3 - "$work/1.csv" "$work/2.csv" "$rounds" "$load" <<'PY'
import csv, sys
def rows(f):
    return {r["arch"]: r for r in csv.DictReader(open(f))}
a, b = rows(sys.argv[1]), rows(sys.argv[2])
ks = [k for k in a if k in b]
def share(col, t):
    return sum(abs(float(a[k][col]) / float(b[k][col]) - 1) <= t for k in ks) / len(ks)
def worst(col):
    return max(max(float(a[k][col]) / float(b[k][col]), float(b[k][col]) / float(a[k][col])) for k in ks)
speed = sorted(float(b[k]["speed_factor"]) for k in ks)
unsteady = sum(float(b[k]["drift_ratio_shift"]) > 0.10 for k in ks)
print(f"{len(ks)} cells, rounds {sys.argv[3]}, second pass load: {sys.argv[4]}; "
      f"speed factor in the second pass {speed[0]:.2f}-{speed[-1]:.2f} (median {speed[len(speed)//2]:.2f})")
for name, col in (("raw", "median_ms"), ("corrected", "corrected_median_ms")):
    print(f"  {name:9s} within 5 %: {share(col, 0.05):.3f}, within 10 %: {share(col, 0.10):.3f}, "
          f"outside 10 %: {1 - share(col, 0.10):.3f}, worst {worst(col):.2f}x")
print(f"  flagged unsteady in the second pass: {unsteady}")
PY
