#!/usr/bin/env bash
# The Spark path's own cost per task (issue 9): TASKS look-ups in the shipped NAS-Bench-201 table, in batches of
# BATCH as a search hands out a generation, run as tasks on the local executor and on Spark's local[1] and local[2]
# in this process (./hwnas executor check). A look-up is microseconds of work, so the wall time per task after the
# first batch is the executor's overhead; start-up and the first batch are printed apart. Every answer is checked
# against the table.
# Usage: bench/spark-overhead.sh [TASKS=3000] [BATCH=30] [SEED=1]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tasks=${1:-3000}; batch=${2:-30}; seed=${3:-1}
work=${HWNAS_BENCH_WORK:-$(mktemp -d)}
export HWNAS_PROFILES=spark HWNAS_HOME="$work/home"
"$root/hwnas" --help >/dev/null
: > "$work/check.jsonl"
for e in "local" "spark local[1]" "spark local[2]"; do
  set -- $e
  "$root/hwnas" executor check --executor "$1" ${2:+--spark-master "$2"} --tasks "$tasks" --batch "$batch" \
      --seed "$seed" --json >> "$work/check.jsonl"
done
python3 - "$work/check.jsonl" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
base = rows[0]["ms_per_task"]
print("| executor | start s | first batch s | ms per task | look-up ms | × local | wrong | failed |")
print("|---|---|---|---|---|---|---|---|")
for r in rows:
    print("| %s | %.2f | %.3f | %.4f | %.4f | %.0f | %d | %d |" % (r["description"], r["start_s"], r["first_batch_s"],
          r["ms_per_task"], r["work_ms_per_task"], r["ms_per_task"] / base, r["wrong"], r["failed"]))
PY
echo "work: $work"
