#!/usr/bin/env bash
# A real Spark standalone cluster on loopback (issue 9): a master and a worker started from Spark's own jars (from
# Maven, laid out as a Spark distribution's jars/ folder), executors in JVMs of their own. hwnas runs as the driver,
# as `./hwnas search --executor spark --spark-master spark://127.0.0.1:PORT` does on a real cluster: table look-ups
# as tasks (./hwnas executor check), then a small seeded training search on the shipped digits, whose front is
# compared with the same search on the local executor.
# Usage: bench/spark-standalone.sh [EVALUATIONS=8] [POPULATION=4] [STEPS=60] [SEED=3] [PORT=7077]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
evals=${1:-8}; pop=${2:-4}; steps=${3:-60}; seed=${4:-3}; port=${5:-7077}
work=${HWNAS_BENCH_WORK:-$(mktemp -d)}
export HWNAS_PROFILES=spark
"$root/hwnas" --help >/dev/null
spark="$work/spark"
mkdir -p "$spark/jars" "$work/worker"
(cd "$root" && mvn -B -ntp -q dependency:copy-dependencies -pl cluster -DincludeScope=runtime \
    -DexcludeGroupIds=io.hwnas -DoutputDirectory="$spark/jars")
echo "Spark jars from Maven Central, for bench/spark-standalone.sh" > "$spark/RELEASE"
# Spark's launcher's own options for Java 17 (the worker passes them on to the executors it starts)
opens=""
for p in java.lang java.lang.invoke java.lang.reflect java.io java.net java.nio java.util java.util.concurrent \
    java.util.concurrent.atomic jdk.internal.ref sun.nio.ch sun.nio.cs sun.security.action sun.util.calendar; do
  opens="$opens --add-opens=java.base/$p=ALL-UNNAMED"
done
export SPARK_HOME="$spark" SPARK_SCALA_VERSION=2.13
# shellcheck disable=SC2086
java $opens -cp "$spark/jars/*" org.apache.spark.deploy.master.Master --host 127.0.0.1 --port "$port" \
    --webui-port 0 > "$work/master.log" 2>&1 &
master=$!
trap 'kill $master ${worker:-} 2>/dev/null || true' EXIT
for _ in $(seq 60); do (echo > "/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 1; done
# shellcheck disable=SC2086
java $opens -cp "$spark/jars/*" org.apache.spark.deploy.worker.Worker --host 127.0.0.1 --cores 2 --memory 3g \
    --work-dir "$work/worker" --webui-port 0 "spark://127.0.0.1:$port" > "$work/worker.log" 2>&1 &
worker=$!
sleep 10
djl="${DJL_CACHE_DIR:-$work/djl}"
cluster=(--executor spark --spark-master "spark://127.0.0.1:$port" --spark-conf "spark.executorEnv.DJL_CACHE_DIR=$djl"
         --spark-conf spark.executorEnv.OMP_WAIT_POLICY=PASSIVE)
HWNAS_HOME="$work/home" "$root/hwnas" executor check "${cluster[@]:0:4}" --tasks 90 --batch 30
for m in spark local; do
  if [ "$m" = spark ]; then ex=("${cluster[@]}"); else ex=(--executor local); fi
  start=$(date +%s)
  HWNAS_HOME="$work/home-$m" DJL_CACHE_DIR="$djl" "$root/hwnas" search --space nb201 --accuracy train:digits \
      --steps "$steps" --training-threads 1 --device rpi5 --spec-reference none --evaluations "$evals" \
      --population "$pop" --seed "$seed" --out "$work/run-$m" "${ex[@]}" > "$work/$m.out" 2> "$work/$m.err"
  echo "$m: $(( $(date +%s) - start )) s; $(grep -m1 'trained 1:' "$work/$m.err" || true)"
done
python3 - "$work" <<'PY'
import json, sys
w = sys.argv[1]
runs = {m: json.load(open("%s/run-%s/front.json" % (w, m))) for m in ("spark", "local")}
f = {m: [(x["arch"], x["accuracy"], x["latency_ms"]) for x in r["front"]] for m, r in runs.items()}
print("fronts: spark %d, local %d, failed %d / %d; identical: %s" % (len(f["spark"]), len(f["local"]),
      len(runs["spark"]["failed"]), len(runs["local"]["failed"]), "yes" if f["spark"] == f["local"] else "NO"))
PY
echo "work: $work"
