#!/usr/bin/env bash
# A predictor in the two regimes a search meets, on nb201 cells measured into DB (corrected labels): 80/20 holdout
# with seeds 1-3, and few-shot (20, 40, 70 training cells; 20 draws) asked about cells near a budget (0.2-0.5 ms),
# training on random cells or on 20 random ones plus cells from the band (io.hwnas.benchmarks.FewShotReport).
# DB holds nb201 cells of one device (bench/this-machine-predictor.sh makes one).
# Usage: bench/predictor-few-shot.sh DB [SPEC...]     SPEC as --predictor takes it; none = weka (the default)
#   e.g. bench/predictor-few-shot.sh target/bench-cpu1t.db weka "weka:weka.classifiers.trees.M5P -M 10"
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
db=${1:?usage: bench/predictor-few-shot.sh DB [SPEC...]}; shift
csv=$(mktemp --suffix=.csv); trap 'rm -f "$csv"' EXIT
"$root/hwnas" measurements export --db "$db" --format csv -o "$csv" >/dev/null
cd "$root"
source bench/lib/benchmarks-jar.sh
jar=$(benchmarks_jar)
java -cp "$jar" io.hwnas.benchmarks.FewShotReport "$csv" "$@"
