#!/usr/bin/env bash
# Kill anywhere, longer (issue 18): cli's KillAnywhereTest with ROUNDS times its kills and its work (a table search,
# a search measuring on this CPU, a profile into SQLite), the kill moments drawn from another SEED. Each command is
# killed (destroyForcibly, kill -9) again and again and resumed; the test checks that the searches end with the
# uninterrupted run's front, that every SQLite database passes PRAGMA integrity_check after every kill and holds
# each measurement once, and that no measurement a profile reported is lost. The test itself runs ROUNDS=1, SEED=0.
# Usage: bench/kill-anywhere.sh [ROUNDS=5] [SEED=1]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rounds=${1:-5}; seed=${2:-1}
cd "$root"
mvn -B -ntp -q -pl cli -am test -Dtest=KillAnywhereTest -Dsurefire.failIfNoSpecifiedTests=false \
  -Dhwnas.kill.rounds="$rounds" -Dhwnas.kill.seed="$seed"
echo "kill anywhere: ${rounds} rounds from seed ${seed}: passed"
