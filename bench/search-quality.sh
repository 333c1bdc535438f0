#!/usr/bin/env bash
# Search quality on NAS-Bench-201 with table oracles (issue 4): the true Pareto front from all 15,625 cells, and the
# hypervolume ratio (found / true) of each algorithm's front against evaluations, over seeds; wall time per 1,000
# evaluations. Searches run one after another in one JVM, after one untimed warm-up search per algorithm.
# Prints a Markdown summary; writes summary.md, curves.csv (every seed's curve), runs.csv and true-front-*.csv.
# Usage: bench/search-quality.sh [--devices 1080ti_1_ms,essential_ph_1_ms] [--seeds 10] [--evaluations 1000]
#        [--algorithms nsga2,regevo,random | nsga2:population=50:crossover=0.9,...] [--population N]
#        [--out DIR=benchmarks/target/search-quality] ...        (--help lists every option)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
source bench/lib/benchmarks-jar.sh
jar=$(benchmarks_jar)
# A later --out on the command line overrides this one.
exec java -cp "$jar" io.hwnas.benchmarks.SearchQuality --out benchmarks/target/search-quality "$@"
