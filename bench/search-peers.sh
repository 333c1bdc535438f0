#!/usr/bin/env bash
# hwnas's search against its peers (issue 17): on nb201 with CIFAR-10 accuracy from the table and each device's
# latency from data/nas-bench-201/nb201_latency_sample_devices.csv.gz, under the budget latency_ms <= B (B = the
# 40th percentile of that device's latencies), every hwnas algorithm, Optuna's NSGAIISampler and TPESampler and
# random search run on the same seeds, counted in distinct evaluations, and are scored at each size by the
# hypervolume ratio of their feasible front (references budget, space, front) and by the regret.
# Prints a Markdown summary; writes summary.md, runs.csv, cells-*.csv and optuna/ (Optuna's results, cached by
# sampler, device, seed, size, budget and Optuna version: a rerun redoes only hwnas's searches).
# Optuna runs in Debian's python3-optuna under /usr/bin/python3; this script installs it when missing (apt-get).
# Usage: bench/search-peers.sh [--devices all|c1,c2] [--seeds 10] [--first-seed 1] [--sizes 100,300,1000,3000]
#        [--algorithms hwnas:nsga2,...,optuna:nsga2,optuna:tpe] [--out DIR=benchmarks/target/search-peers]
#        [--budget-percentile 40] [--jobs 2] ...        (--help lists every option)
# Smoke test: bench/search-peers.sh --devices silver_4114_ms --seeds 2 --sizes 100,300
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

python=/usr/bin/python3
algorithms=optuna
help=false
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
  case "${args[i]}" in
    --python) python="${args[i+1]:-}" ;;
    --python=*) python="${args[i]#--python=}" ;;
    --algorithms) algorithms="${args[i+1]:-}" ;;
    --algorithms=*) algorithms="${args[i]#--algorithms=}" ;;
    -h|--help) help=true ;;
  esac
done

if ! $help && [[ "$algorithms" == *optuna* ]] && ! "$python" -c 'import optuna' 2>/dev/null; then
  echo "search-peers: Optuna is missing from $python; installing Debian's python3-optuna with apt-get" >&2
  sudo=()
  [ "$(id -u)" -eq 0 ] || sudo=(sudo)
  "${sudo[@]}" apt-get install -y python3-optuna >&2
  "$python" -c 'import optuna' || { echo "search-peers: $python still cannot import optuna" >&2; exit 1; }
fi

source bench/lib/benchmarks-jar.sh
jar=$(benchmarks_jar)
# A later --out on the command line overrides this one.
exec java -cp "$jar" io.hwnas.benchmarks.SearchPeers --out benchmarks/target/search-peers "$@"
