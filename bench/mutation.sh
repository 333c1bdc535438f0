#!/usr/bin/env bash
# Mutation testing (issue 18): PIT changes one line at a time (a negated condition, a removed call, a changed
# return) and reruns the tests that cover it; a mutant the tests do not catch "survives". Prints a Markdown table
# (part, mutants, killed, score, survived, no coverage, minutes) and keeps each part's report (HTML and XML) under
# benchmarks/target/mutation/<part>/.
# Usage: bench/mutation.sh [PART...]   default: eval store measure search-data
#   eval          predictors io.hwnas.predictors.eval.*
#   store         profilers  io.hwnas.profilers.store.*
#   measure       core       io.hwnas.core.measure.* (drift, trace)
#   search-data   core       io.hwnas.core.search: its data, files and values (run files, checkpoints, candidate
#                            log, plain data, budgets, constraints, pool, oracles' tables, surrogate maths), against
#                            the package's tests but its end-to-end searches
#   search-driver core       io.hwnas.core.search: the search drivers (SearchRun, saea, NSGA-II wiring, setup,
#                            oracles that measure, config), against every test of the package but SearchRunTest.
#                            About 15 minutes on 2 cores: a mutant that the unit tests miss reruns whole searches. Not in
#                            the default.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

s=io.hwnas.core.search
# The end-to-end search tests: seconds each, rerun for every mutant they cover.
e2e="$s.SearchRunTest,$s.SurrogateEvolutionTest,$s.CheckpointTest,$s.DeviceFarmTest,$s.PrefetchTest,$s.ExactBudgetTest"
e2e="$e2e,$s.EarlyExitSearchTest,$s.FailedCandidatesTest"
classes() { local out="" c; for c in "$@"; do out="$out,$s.$c,$s.$c\$*"; done; echo "${out#,}"; }
data="$(classes Budget RunFiles CandidateLog AlgorithmState CheckedFiles PlainInput PlainOutput RunDirectory \
  RunManifest Checkpoint Checkpointer RunData RunFileException RunState SeededRandom MoeaRandom SpeedLog SpeedRow \
  HypervolumeReference Fronts Metric Constraint CandidatePool TableOracles Outcome Candidate LatencyEstimate Promotion \
  MeasuringPolicy ConfiguredExitShares SearchResult ExitShares LatencyKind SearchObjective TableLookupTask \
  MissingArchitectureException CandidateFailedException GenerationStats),$s.surrogate.*"
driver="$(classes SearchRun SurrogateTargets SurrogateEvolution SearchSetup BatchChoice SpaceOperators SearchProblem \
  ExpectedLatencyOracle ScreenedVariation DeviceFarm RegularizedEvolution Algorithms Prefetch HigherFidelity \
  MeasuredOracle MeasuringOracle InnerAccuracyOracle FollowingOracle ArchitectureVariable SearchListener \
  AccuracyOracle LatencyOracle Algorithm),$s.config.*"

part() { # name -> module|targetClasses|targetTests|excludedTestClasses
  case "$1" in
    eval) echo "predictors|io.hwnas.predictors.eval.*|io.hwnas.predictors.eval.*|" ;;
    store) echo "profilers|io.hwnas.profilers.store.*|io.hwnas.profilers.store.*|" ;;
    measure) echo "core|io.hwnas.core.measure.*|io.hwnas.core.measure.*|" ;;
    search-data) echo "core|$data|$s.*|$e2e" ;;
    search-driver) echo "core|$driver|$s.*|$s.SearchRunTest" ;;
    *) echo "mutation: unknown part '$1' (eval, store, measure, search-data, search-driver)" >&2; return 1 ;;
  esac
}

parts=("$@")
[ ${#parts[@]} -gt 0 ] || parts=(eval store measure search-data)
out=benchmarks/target/mutation
mkdir -p "$out"

echo "| part | mutants | killed | score | survived | no coverage | minutes |"
echo "|---|---|---|---|---|---|---|"
for p in "${parts[@]}"; do
  IFS='|' read -r module targets tests excluded <<<"$(part "$p")"
  log="$out/$p.log"
  start=$(date +%s)
  # -am compiles what the module depends on (nothing is installed); PIT passes over those modules, as they hold
  # nothing of the part.
  if ! mvn -B -ntp -pl "$module" -am test-compile org.pitest:pitest-maven:mutationCoverage \
      -DtargetClasses="$targets" -DtargetTests="$tests" ${excluded:+-DexcludedTestClasses="$excluded"} \
      >"$log" 2>&1; then
    echo "mutation: PIT failed on $p, see $log" >&2
    exit 1
  fi
  minutes=$(awk -v s="$(( $(date +%s) - start ))" 'BEGIN { printf "%.1f", s / 60 }')
  rm -rf "${out:?}/$p"
  cp -r "$module/target/pit-reports" "$out/$p"
  python3 - "$out/$p/mutations.xml" "$p" "$minutes" <<'PY'
import sys
import xml.etree.ElementTree as ET
path, part, minutes = sys.argv[1:]
status = [m.get('status') for m in ET.parse(path).getroot()]
killed = sum(s in ('KILLED', 'TIMED_OUT', 'MEMORY_ERROR') for s in status)
print(f"| {part} | {len(status)} | {killed} | {100 * killed / max(len(status), 1):.1f} % "
      f"| {status.count('SURVIVED')} | {status.count('NO_COVERAGE')} | {minutes} |")
PY
done
