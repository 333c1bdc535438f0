# Shared by the bench scripts that run a main of the benchmarks module: builds benchmarks/target/benchmarks.jar
# (the module and what it needs, tests skipped, nothing installed) when a source or pom it is made of is newer than
# the jar, and prints its path. Source it and call it from the repository root as jar=$(benchmarks_jar), so that a
# failed build stops the script (set -e).

benchmarks_jar() {
  local jar=benchmarks/target/benchmarks.jar
  if [ ! -f "$jar" ] || [ -n "$(find pom.xml core devices profilers predictors benchmarks data -newer "$jar" \
      \( -name '*.java' -o -name pom.xml -o -name '*.csv.gz' -o -name '*.proto' -o -path '*/resources/*' \) \
      -not -path '*/target/*' -print -quit)" ]; then
    # Maven 3.8 prints colour resets even in batch mode; errors still reach stderr, and a failed build stops here.
    mvn -B -q -ntp -o package -pl benchmarks -am -DskipTests 2>&1 | sed 's/\x1b\[[0-9;]*m//g' >&2
    [ "${PIPESTATUS[0]}" -eq 0 ] || return 1
  fi
  echo "$jar"
}
