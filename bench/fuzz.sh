#!/usr/bin/env bash
# Fuzzes every parser (issue 18): each Jazzer @FuzzTest method of the repository, one after the other, for MINUTES
# minutes each, with a per-input timeout (a hang) and a memory limit (a blow-up). Between runs `mvn verify` replays
# each target's corpus (src/test/resources/.../<Class>Inputs/<method>/) as an ordinary test; what a run finds is
# written there by Jazzer as crash-* / timeout-* / oom-* files, so that it becomes a regression test the moment it
# is found (fix the code, keep the file). The growing corpus lives in <module>/.cifuzz-corpus/ (ignored by git) and
# is reused by the next run.
# Usage: bench/fuzz.sh MINUTES [FILTER]   FILTER: a substring of Class#method to fuzz only some targets
# Prints a Markdown table (target, runs, seconds, runs/s, corpus, result) and writes logs to
# benchmarks/target/fuzz/. Exits 1 when a target found something.
# Smoke test: bench/fuzz.sh 0.2 ArchitectureString
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

minutes="${1:?usage: bench/fuzz.sh MINUTES [FILTER]}"
filter="${2:-}"
seconds=$(awk -v m="$minutes" 'BEGIN { s = int(m * 60 + 0.5); if (s < 1) s = 1; print s }')
out=benchmarks/target/fuzz
mkdir -p "$out"

# Every @FuzzTest method: module, fully qualified class, method.
targets=()
while IFS= read -r file; do
  module="${file%%/src/test/java/*}"
  class="${file#*/src/test/java/}"
  class="${class%.java}"
  class="${class//\//.}"
  while IFS= read -r method; do
    targets+=("$module $class $method")
  done < <(awk '/@FuzzTest/ { want = 1; next }
               want && match($0, /void [A-Za-z0-9_]+\(/) { s = substr($0, RSTART + 5, RLENGTH - 6); print s; want = 0 }' "$file")
done < <(grep -rl --include='*.java' '@FuzzTest' -- */src/test/java | sort)

[ ${#targets[@]} -gt 0 ] || { echo "fuzz: no @FuzzTest found" >&2; exit 1; }

echo "| target | runs | seconds | runs/s | corpus | result |"
echo "|---|---|---|---|---|---|"
found=0
for t in "${targets[@]}"; do
  read -r module class method <<<"$t"
  name="${class##*.}#$method"
  [[ -z "$filter" || "$class#$method" == *"$filter"* ]] || continue
  log="$out/${class##*.}-$method.log"
  # Only one @FuzzTest may fuzz per JVM. The libFuzzer flags go through Jazzer's JUnit configuration parameters
  # (jazzer.internal.arg.N, read after the annotation's maxDuration): the time, a hang at 30 s per input and a
  # memory limit of 3 GiB for the whole JVM.
  set +e
  JAZZER_FUZZ=1 mvn -B -ntp -q -pl "$module" -am test -Dtest="$class#$method" \
      -Dsurefire.failIfNoSpecifiedTests=false \
      -Djazzer.internal.arg.0=fuzzer -Djazzer.internal.arg.1=-max_total_time="$seconds" \
      -Djazzer.internal.arg.2=-timeout=30 -Djazzer.internal.arg.3=-rss_limit_mb=3072 >"$log" 2>&1
  rc=$?
  set -e
  done_line=$(grep -a -E '^Done [0-9]+ runs in [0-9]+ second' "$log" | tail -n 1 || true)
  runs=$(awk '{ print $2 }' <<<"$done_line")
  secs=$(awk '{ print $5 }' <<<"$done_line")
  corpus=$(grep -a -oE 'corp: [0-9]+/[0-9]+[a-zA-Z]*' "$log" | tail -n 1 | sed 's/corp: //' || true)
  rate=$(awk -v r="${runs:-0}" -v s="${secs:-0}" 'BEGIN { if (s > 0) printf "%d", r / s; else print "-" }')
  if [ "$rc" -eq 0 ] && [ -n "$done_line" ]; then
    result="0 findings"
  else
    found=1
    what=$(grep -a -m1 -oE 'FuzzTestFindingException: .{0,120}|ERROR: libFuzzer: [a-z-]+|Timeout|out-of-memory' "$log" \
      | head -n 1 || true)
    # Jazzer writes the reproducer into the module's folder: move it where the regression test replays it.
    inputs="$module/src/test/resources/${class//.//}Inputs/$method"
    for f in "$module"/crash-* "$module"/timeout-* "$module"/oom-* "$module"/slow-unit-*; do
      [ -e "$f" ] || continue
      mkdir -p "$inputs"
      mv "$f" "$inputs/"
      what="$what; reproducer $inputs/${f##*/}"
    done
    result="FOUND: ${what:-see $log} (exit $rc)"
  fi
  echo "| $name | ${runs:--} | ${secs:--} | $rate | ${corpus:--} | $result |"
done
[ "$found" -eq 0 ] || echo "fuzz: a target found something; logs and reproducers: $out, src/test/resources/**/*Inputs/" >&2
exit "$found"
