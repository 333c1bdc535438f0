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
jar=benchmarks/target/benchmarks.jar
# Rebuild only when a source or pom the jar is made of is newer than the jar.
if [ ! -f "$jar" ] || [ -n "$(find pom.xml core benchmarks predictors data -newer "$jar" \
    \( -name '*.java' -o -name pom.xml -o -name '*.csv.gz' -o -name '*.proto' \) -not -path '*/target/*' \
    -print -quit)" ]; then
  # Maven 3.8 prints colour resets even in batch mode; errors still reach stderr, and a failed build stops here.
  mvn -B -q -ntp -o package -pl benchmarks -am -DskipTests 2>&1 | sed 's/\x1b\[[0-9;]*m//g' >&2
fi
# A later --out on the command line overrides this one.
exec java -cp "$jar" io.hwnas.benchmarks.SearchQuality --out benchmarks/target/search-quality "$@"
