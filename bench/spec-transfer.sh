#!/usr/bin/env bash
# Spec-sheet transfer (issue 6): does a model fitted on a measured reference and carried over with both spec sheets
# (`./hwnas predictor spec-transfer`) predict a device better than the device's raw roofline, or than that roofline
# calibrated by one scale on the reference?
#  1. HELP's NAS-Bench-201 table: every ordered pair of its five devices (spec sheets in bench/devices/), K reference
#     rows drawn with each seed, scored on all 15,625 target rows; mean over the seeds.
#  2. This machine: N nb201 cells profiled on cpu-1t and cpu (all cores) into DB; cpu-1t -> cpu and cpu -> cpu-1t,
#     K_LOCAL reference rows, scored on all N target rows; mean over the seeds.
# Prints Markdown tables. Re-running with the same DB measures nothing twice; PARTS="local" (or "help") runs one part.
# Usage: [PARTS="help local"] bench/spec-transfer.sh [SEEDS="1 2 3 4 5"] [K=20] [N=30] [K_LOCAL=10]
#            [DB=target/bench-spec.db]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
seeds=${1:-1 2 3 4 5}; k=${2:-20}; n=${3:-30}; klocal=${4:-10}; db=${5:-$root/target/bench-spec.db}
table="$root/data/nas-bench-201/nb201_latency_sample_devices.csv.gz"
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
cd "$root"
./hwnas --help >/dev/null
mkdir -p "$(dirname "$db")"

declare -A device=([1080ti_1_ms]=gtx-1080ti [2080ti_1_ms]=rtx-2080ti [silver_4114_ms]=xeon-silver-4114
  [samsung_a50_ms]=samsung-a50 [essential_ph_1_ms]=essential-ph1)
columns="1080ti_1_ms 2080ti_1_ms silver_4114_ms samsung_a50_ms essential_ph_1_ms"

parts=${PARTS:-help local}
touch "$work/help.jsonl" "$work/local.jsonl"
if [[ " $parts " == *" help "* ]]; then
  start=$(date +%s)
  for ref in $columns; do
    targets=()
    for tgt in $columns; do
      [ "$tgt" = "$ref" ] || targets+=(--target-column "$tgt" --target-device "${device[$tgt]}")
    done
    for seed in $seeds; do
      ./hwnas predictor spec-transfer --space nb201 --table "$table" --arch-column arch_str --reference-column \
          "$ref" --reference-device "${device[$ref]}" "${targets[@]}" --samples "$k" --seed "$seed" \
          --device-dir bench/devices --json >> "$work/help.jsonl"
    done
  done
  echo "HELP pairs in $(( $(date +%s) - start )) s"
fi

if [[ " $parts " == *" local "* ]]; then
  start=$(date +%s)
  echo "profiling on this machine, load average $(cut -d' ' -f1-3 /proc/loadavg)"
  # Three rounds per device: each model's runs spread over the session, so that the VM's drift averages out.
  for d in cpu-1t cpu; do
    ./hwnas profile --space nb201 --device "$d" --samples "$n" --seed 7 --rounds 3 --db "$db" 2>"$work/err" \
        | tail -1 || { cat "$work/err" >&2; exit 1; }
  done
  echo "profiled in $(( $(date +%s) - start )) s, load average $(cut -d' ' -f1-3 /proc/loadavg)"
  for seed in $seeds; do
    ./hwnas predictor spec-transfer --space nb201 --reference-device cpu-1t --target-device cpu --db "$db" \
        --samples "$klocal" --seed "$seed" --json >> "$work/local.jsonl"
    ./hwnas predictor spec-transfer --space nb201 --reference-device cpu --target-device cpu-1t --db "$db" \
        --samples "$klocal" --seed "$seed" --json >> "$work/local.jsonl"
  done
fi

python3 - "$work/help.jsonl" "$work/local.jsonl" <<'PY'
import json, sys
from collections import OrderedDict
def table(path, title):
    groups = OrderedDict()
    for line in open(path):
        o = json.loads(line)
        key = (o["reference"]["device"], o["target"]["device"])
        groups.setdefault(key, []).append(o)
    print(f"\n{title}\n")
    print("| reference -> target | s | roofline MAPE / rho / ±10 % / ratio | calibrated roofline | spec transfer |"
          " transfer beats roofline on |")
    print("|---|---|---|---|---|---|")
    wins = {"MAPE": 0, "rho": 0, "ratio": 0}
    for (ref, tgt), runs in groups.items():
        cells = []
        means = []
        for m in range(3):
            f = lambda key: sum(r["results"][m][key] for r in runs) / len(runs)
            means.append((f("mape"), f("spearman"), f("within10"), f("median_ratio")))
            mape, rho, w10, ratio = means[-1]
            cells.append(f"{100 * mape:.1f} % / {rho:.3f} / {w10:.3f} / x{ratio:.3g}")
        roof, tr = means[0], means[2]
        beat = []
        if tr[0] < roof[0]:
            beat.append("MAPE"); wins["MAPE"] += 1
        if tr[1] > roof[1]:
            beat.append("rho"); wins["rho"] += 1
        import math
        if abs(math.log(tr[3])) < abs(math.log(roof[3])):
            beat.append("ratio"); wins["ratio"] += 1
        s = runs[0]["fit"]["overhead_scale"]
        print(f"| {ref} -> {tgt} | {s:.3g} | {cells[0]} | {cells[1]} | {cells[2]} | {', '.join(beat) or 'nothing'} |")
    print(f"\ntransfer better than the raw roofline: MAPE on {wins['MAPE']}, Spearman on {wins['rho']}, "
          f"median ratio nearer 1 on {wins['ratio']} of {len(groups)} pairs "
          f"(means over {len(next(iter(groups.values())))} seeds)")
import os
if os.path.getsize(sys.argv[1]):
    table(sys.argv[1], "HELP's table (15,625 cells per target)")
if os.path.getsize(sys.argv[2]):
    table(sys.argv[2], "This machine")
PY
