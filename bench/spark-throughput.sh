#!/usr/bin/env bash
# Candidate evaluation on Spark (issue 9): the same seeded training-oracle search (nb201 trained on the shipped
# digits) with the local executor (one worker, then two), and with Spark's local[1] and local[2] in this process. Every run
# starts from a fresh home, so every candidate is trained for real; each training uses one PyTorch thread in all
# four, so the trainings, and therefore the fronts, must be the same. Latency comes from a spec sheet's roofline
# (rpi5), so nothing is measured on the driver and the wall time is the trainings' and the executor's.
# Prints per run the wall time and candidates per minute, the local[2] / local[1] throughput ratio, and whether the
# four fronts agree exactly (architecture, accuracy, latency).
# Usage: bench/spark-throughput.sh [EVALUATIONS=40] [POPULATION=20] [EPOCHS=2] [SEED=1]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
evals=${1:-40}; pop=${2:-20}; epochs=${3:-2}; seed=${4:-1}
work=${HWNAS_BENCH_WORK:-$(mktemp -d)}
export HWNAS_PROFILES=spark
"$root/hwnas" --help >/dev/null
run() {
  local name=$1; shift
  export HWNAS_HOME="$work/home-$name"
  local start end
  start=$(date +%s.%N)
  "$root/hwnas" search --space nb201 --accuracy train:digits --epochs "$epochs" --training-threads 1 \
      --device rpi5 --spec-reference none --evaluations "$evals" --population "$pop" --seed "$seed" \
      --out "$work/run-$name" "$@" > "$work/$name.out" 2> "$work/$name.err"
  end=$(date +%s.%N)
  echo "$name $start $end" >> "$work/times.txt"
}
: > "$work/times.txt"
run local --executor local --workers 1
run local2 --executor local --workers 2
run spark1 --executor spark --spark-master 'local[1]'
run spark2 --executor spark --spark-master 'local[2]'
python3 - "$work" <<'PY'
import json, sys
w = sys.argv[1]
times = {l.split()[0]: float(l.split()[2]) - float(l.split()[1]) for l in open(w + "/times.txt")}
fronts, rate = {}, {}
for name in ("local", "local2", "spark1", "spark2"):
    r = json.load(open("%s/run-%s/front.json" % (w, name)))
    fronts[name] = [(f["arch"], f["accuracy"], f["latency_ms"]) for f in r["front"]]
    rate[name] = r["evaluations"] / times[name] * 60
    print("%-7s wall %6.1f s (search's clock %6.1f s), %d evaluations, %.1f candidates/min, front %d, failed %d"
          % (name, times[name], r["wall_s"], r["evaluations"], rate[name], len(r["front"]), len(r["failed"])))
print("throughput local[2] / local[1]: %.2f; spark local[1] / local executor: %.2f; local executor, 2 workers / 1: "
      "%.2f; spark local[2] / local executor with 2 workers: %.2f" % (rate["spark2"] / rate["spark1"],
      rate["spark1"] / rate["local"], rate["local2"] / rate["local"], rate["spark2"] / rate["local2"]))
for name in ("local", "local2", "spark1", "spark2"):
    secs = [float(l.split(" in ")[1].split(" s")[0]) for l in open("%s/%s.err" % (w, name)) if ": validation " in l
            and " in " in l]
    print("%-7s trainings: %d, mean %.2f s each" % (name, len(secs), sum(secs) / max(1, len(secs))))
same = fronts["local"] == fronts["local2"] == fronts["spark1"] == fronts["spark2"]
print("fronts identical (architecture, accuracy, latency): %s" % ("yes" if same else "NO"))
for f in fronts["local"]:
    print("  %.2f %%  %.4f ms  %s" % (f[1], f[2], f[0]))
PY
echo "work: $work"
