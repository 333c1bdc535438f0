#!/usr/bin/env bash
# The main job end to end (./hwnas search with its defaults: nb201, CIFAR-10 table accuracy, cpu-1t latency with
# the predictor in the loop, the default budget), once per seed, each into a fresh database and run directory so
# that every measurement is taken for real. Prints per seed: wall time, evaluations, models measured, front size,
# how many front members the predictor had on the wrong side of the budget, and the violation rate; then the
# predictor's error on the front (predicted against measured), the in-loop parity (the share of the measured
# candidates whose prediction, made before they were measured, was within ±10 % of the measurement) and the machine's
# speed factor over the run (its speed.csv; "-" with --drift-control off).
# Usage: bench/search-main-job.sh [SEEDS="1 2 3"] [EXTRA ARGS...]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
seeds=${1:-"1 2 3"}; shift || true
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
"$root/hwnas" --help >/dev/null   # build outside the timed part
printf "%-5s %8s %11s %9s %6s %16s %15s %22s %15s %14s\n" seed wall_s evaluations measured front violation_rate budget_ms \
  "front |pred/meas-1| med" "in-loop ±10 %" "speed factor"
for seed in $seeds; do
  start=$(date +%s.%N)
  HWNAS_HOME="$work/home-$seed" "$root/hwnas" search --seed "$seed" --out "$work/run-$seed" --json "$@" \
      > "$work/out-$seed.json" 2> "$work/err-$seed.log" || true
  end=$(date +%s.%N)
  python3 - "$work/out-$seed.json" "$seed" "$start" "$end" "$work/run-$seed" <<'PY'
import csv, json, os, sys, statistics
r = json.load(open(sys.argv[1]))
seed, t = sys.argv[2], float(sys.argv[4]) - float(sys.argv[3])
front = r["front"]
errs = [abs(x["latency_predicted_ms"] / x["latency_measured_ms"] - 1) for x in front
        if x.get("latency_predicted_ms") and x.get("latency_measured_ms")]
vr = r["violation_rate"]
print("%-5s %8.1f %11d %9d %6d %16s %15s %22s" % (seed, t, r["evaluations"], r["measured"], len(front),
      "-" if vr is None else "%.3f (%d/%d)" % (vr, len(r["violations"]), r["predicted_feasible_measured"]),
      r["budgets"][0].split("<=")[-1] if r["budgets"] else "-",
      "%.3f" % statistics.median(errs) if errs else "-"), end="")
run = sys.argv[5]
rows = list(csv.DictReader(open(os.path.join(run, "candidates.csv"))))
pairs = []
for row in rows:
    for k, v in row.items():
        if k.startswith("latency_measured_ms[") and v:
            pred = row.get(k.replace("measured", "predicted"))
            if pred:
                pairs.append(float(pred) / float(v))
parity = sum(abs(p - 1) <= 0.10 for p in pairs) / len(pairs) if pairs else None
speed_file = os.path.join(run, "speed.csv")
sf = sorted(float(r["speed_factor"]) for r in csv.DictReader(open(speed_file))
            if r.get("speed_factor")) if os.path.exists(speed_file) else []
print(" %15s %14s" % ("-" if parity is None else "%.3f (%d)" % (parity, len(pairs)),
      "%.2f-%.2f" % (sf[0], sf[-1]) if sf else "-"))
PY
done
