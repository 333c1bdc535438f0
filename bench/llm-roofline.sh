#!/usr/bin/env bash
# Latency of language-model sizes: measured on this machine against the roofline of its spec sheet (issue 8). For
# each size, the prefill graph (the whole context) and one decode step (the KV cache of the context) are exported,
# measured on DEVICE, and predicted by the roofline of DEVICE's spec (./hwnas inspect --device): compute-bound
# prefill (FLOPs over peak), memory-bound decode (weights and KV cache over bandwidth). Then the roofline calibrated
# on this machine: one scale per graph, fitted on the other sizes (leave one out, geometric mean of measured over
# predicted), so the error is that of a size it has not seen.
# Usage: bench/llm-roofline.sh [DEVICE=cpu-1t] [PLAN="--warmup 3 --min-runs 10 --max-runs 40 --max-time 15"]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
device=${1:-cpu-1t}
plan=${2:-"--warmup 3 --min-runs 10 --max-runs 40 --max-time 15"}
sizes="L2-d128-h4-f256-v8192-c256 L2-d256-h4-f512-v8192-c256 L4-d256-h4-f1024-v8192-c512 L4-d384-h6-f1152-v8192-c256
L6-d384-h6-f1536-v16384-c512 L2-d512-h8-f1024-v8192-c256 L4-d512-h8-f2048-v16384-c256 L6-d512-h8-f1536-v8192-c512
L8-d256-h4-f768-v8192-c1024 L4-d768-h12-f3072-v8192-c256"
work=${HWNAS_BENCH_WORK:-$(mktemp -d)}
"$root/hwnas" --help >/dev/null
export HWNAS_HOME="$work/home"
: > "$work/rows.jsonl"
for a in $sizes; do
  "$root/hwnas" inspect --space transformer --arch "$a" --device "$device" --json > "$work/inspect.json"
  for g in prefill decode; do
    "$root/hwnas" export --space transformer --arch "$a" --graph "$g" -o "$work/$g.onnx" --json > /dev/null
    # shellcheck disable=SC2086
    "$root/hwnas" measure "$work/$g.onnx" --device "$device" $plan --json --db "$work/m.db" > "$work/$g.json"
  done
  python3 - "$work" "$a" >> "$work/rows.jsonl" <<'PY'
import json, sys
w, a = sys.argv[1], sys.argv[2]
i = json.load(open(w + "/inspect.json"))
p, d = json.load(open(w + "/prefill.json")), json.load(open(w + "/decode.json"))
print(json.dumps({"arch": a, "params": i["params"], "prefill_tokens": i["prefill"]["tokens"],
    "prefill_gflop": i["prefill"]["flops"] / 1e9, "decode_mb": i["decode"]["memory_mb"],
    "prefill_ms": p["median_ms"], "prefill_roofline_ms": i["prefill"]["roofline_ms"],
    "decode_ms": d["median_ms"], "decode_roofline_ms": i["decode"]["roofline_ms"]}))
PY
done
python3 - "$work/rows.jsonl" "$device" <<'PY'
import json, math, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
print("device %s; %d sizes" % (sys.argv[2], len(rows)))
print("%-30s %7s | %10s %10s %7s %8s | %9s %9s %7s %8s" % ("arch", "M param", "prefill ms", "roofline", "ratio",
      "calib.", "decode ms", "roofline", "ratio", "calib."))
def loo(kind):
    out = []
    for i, r in enumerate(rows):
        others = [math.log(o[kind + "_ms"] / o[kind + "_roofline_ms"]) for j, o in enumerate(rows) if j != i]
        out.append(r[kind + "_roofline_ms"] * math.exp(sum(others) / len(others)))
    return out
cal = {k: loo(k) for k in ("prefill", "decode")}
for i, r in enumerate(rows):
    print("%-30s %7.2f | %10.2f %10.3f %7.2f %8.2f | %9.3f %9.4f %7.2f %8.2f" % (r["arch"], r["params"] / 1e6,
          r["prefill_ms"], r["prefill_roofline_ms"], r["prefill_ms"] / r["prefill_roofline_ms"],
          cal["prefill"][i] / r["prefill_ms"], r["decode_ms"], r["decode_roofline_ms"],
          r["decode_ms"] / r["decode_roofline_ms"], cal["decode"][i] / r["decode_ms"]))
for k in ("prefill", "decode"):
    ratio = [r[k + "_ms"] / r[k + "_roofline_ms"] for r in rows]
    err = [abs(c / r[k + "_ms"] - 1) for c, r in zip(cal[k], rows)]
    print("%s: measured / roofline median %.2f (range %.2f-%.2f); calibrated (leave one out): median |error| "
          "%.0f %%, max %.0f %%" % (k, statistics.median(ratio), min(ratio), max(ratio), 100 * statistics.median(err),
          100 * max(err)))
PY
echo "files: $work"
