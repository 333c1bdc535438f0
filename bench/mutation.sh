#!/usr/bin/env bash
# Mutation testing (issue 18): PIT changes one line of a package at a time (a negated condition, a removed call, a
# changed return) and reruns that package's tests; a mutant the tests do not catch "survives". Prints a Markdown
# table (package, mutants, killed, score, survivors, minutes) and keeps each module's report (HTML and XML) under
# benchmarks/target/mutation/<package>/.
# Usage: bench/mutation.sh [PACKAGE...]   default: the four packages of issue 18
#   PACKAGE is module:package, e.g. core:io.hwnas.core.measure
# Slow: core.search runs its end-to-end searches for each mutant they cover (see docs/BENCHMARKS.md).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

packages=("$@")
if [ ${#packages[@]} -eq 0 ]; then
  packages=(predictors:io.hwnas.predictors.eval profilers:io.hwnas.profilers.store core:io.hwnas.core.measure
            core:io.hwnas.core.search)
fi
out=benchmarks/target/mutation
mkdir -p "$out"

echo "| package | mutants | killed | score | survived | no coverage | minutes |"
echo "|---|---|---|---|---|---|---|"
for p in "${packages[@]}"; do
  module="${p%%:*}"
  package="${p#*:}"
  log="$out/$package.log"
  start=$(date +%s)
  # The package's classes (and its sub-packages') against the module's tests of that package.
  # -am compiles what the module depends on (nothing is installed); PIT passes over those modules, as they hold
  # nothing of the package.
  if ! mvn -B -ntp -pl "$module" -am test-compile org.pitest:pitest-maven:mutationCoverage \
      -DtargetClasses="$package.*" -DtargetTests="$package.*" >"$log" 2>&1; then
    echo "mutation: PIT failed on $package, see $log" >&2
    exit 1
  fi
  minutes=$(awk -v s="$(( $(date +%s) - start ))" 'BEGIN { printf "%.1f", s / 60 }')
  rm -rf "${out:?}/$package"
  cp -r "$module/target/pit-reports" "$out/$package"
  python3 - "$out/$package/mutations.xml" "$package" "$minutes" <<'EOF'
import sys
import xml.etree.ElementTree as ET
path, package, minutes = sys.argv[1:]
status = [m.get('status') for m in ET.parse(path).getroot()]
killed = sum(s in ('KILLED', 'TIMED_OUT', 'MEMORY_ERROR') for s in status)
print(f"| {package} | {len(status)} | {killed} | {100 * killed / max(len(status), 1):.1f} % "
      f"| {status.count('SURVIVED')} | {status.count('NO_COVERAGE')} | {minutes} |")
EOF
done
