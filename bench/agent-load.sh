#!/usr/bin/env bash
# The agent under load (issue 18), loopback only: one `./hwnas agent` (cpu-1t), then
#   1. slow clients: 16 connections that send a request head one byte a second, and one that reconnects whenever it
#      is cut off; meanwhile an authorised GET /health is timed 5 times (target: within 2 s);
#   2. a warm-up of WARMUP measurements, then the agent's heap after a full GC, RSS and open files;
#   3. COUNT authorised measurements of a small model (nb201, all-skip cell; warmup 1, 3 runs) back to back, with a
#      bad request after each (no token, wrong token, oversized, malformed, chunked, abandoned head, in turn), and
#      GET /health every 100 ms meanwhile (p50/p99);
#   4. heap, RSS and open files again (target: flat).
# Steps 3 and 4 repeat ROUNDS times, so that a leak shows as growth from round to round. Prints Markdown from what
# the driver (bench/lib/agent_load.py, JSON) measured. Needs python3 and the JDK's jcmd and jstat.
# Usage: bench/agent-load.sh [COUNT=1000] [WARMUP=50] [ROUNDS=3]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
count=${1:-1000}; warmup=${2:-50}; rounds=${3:-3}
work=$(mktemp -d)
. "$root/bench/lib/agent.sh"
cleanup() { stop_agent; rm -rf "$work"; }
trap cleanup EXIT
export HWNAS_HOME="$work/home"
"$root/hwnas" export --space nb201 -o "$work/model.onnx" \
  --arch '|skip_connect~0|+|skip_connect~0|skip_connect~1|+|skip_connect~0|skip_connect~1|skip_connect~2|' > /dev/null
start_agent cpu-1t

# heap used after a full GC (KiB, from jstat: survivors + eden + old), RSS (KiB) and open file descriptors
snapshot() {
  jcmd "$agent_pid" GC.run > /dev/null
  sleep 1
  local heap rss fds
  heap=$(jstat -gc "$agent_pid" | awk 'NR==1 { for (i = 1; i <= NF; i++) c[$i] = i }
    NR==2 { printf "%.0f", $c["S0U"] + $c["S1U"] + $c["EU"] + $c["OU"] }')
  rss=$(awk '/^VmRSS:/ { print $2 }' "/proc/$agent_pid/status")
  fds=$(ls "/proc/$agent_pid/fd" | wc -l)
  echo "$heap $rss $fds"
}
py="python3 $root/bench/lib/agent_load.py"

echo "agent at $url (pid $agent_pid, $(java -version 2>&1 | head -1), $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg))"
$py slow "$url" "$work/token" 16 5 > "$work/slow.json"
$py measure "$url" "$work/token" "$work/model.onnx" "$warmup" > "$work/warmup.json"
sleep 3  # connections that linger after their answer close within 2 s
field() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2], {}, d))" "$@"; }
rows=()
read -r heap rss fds < <(snapshot)
rows+=("| after $warmup warm-up measurements | $((heap / 1024)) | $((rss / 1024)) | $fds | | | |")
for r in $(seq 1 "$rounds"); do
  j="$work/load-$r.json"
  $py measure "$url" "$work/token" "$work/model.onnx" "$count" > "$j"
  sleep 3
  read -r heap rss fds < <(snapshot)
  rows+=("| after round $r: $((r * count)) measurements, $((r * count)) bad requests | $((heap / 1024)) |"\
" $((rss / 1024)) | $fds | $(field "$j" wall_seconds) s, median $(field "$j" measure_p50_ms) ms |"\
" $(field "$j" health_p50_ms) / $(field "$j" health_p99_ms) / $(field "$j" health_max_ms) ms"\
" ($(field "$j" health_probes), $(field "$j" health_not_200) failed) | $(field "$j" resets) |")
done

echo
echo "Slow clients (16 heads at one byte a second, one reconnecting): authorised GET /health answered in" \
  "$(field "$work/slow.json" "', '.join('%.3f s' % p['seconds'] for p in probes)") (max $(field "$work/slow.json" max_seconds) s)"
echo
echo "| | heap after GC (MiB) | RSS (MiB) | open files | $count measurements | GET /health meanwhile p50 / p99 / max (probes) | resets |"
echo "|---|---|---|---|---|---|---|"
printf '%s\n' "${rows[@]}"
echo
echo "statuses by request kind, last round: $(field "$work/load-$rounds.json" statuses)"
echo "log lines of the agent: $(wc -l < "$work/agent.log")"
