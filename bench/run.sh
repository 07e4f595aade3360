#!/usr/bin/env bash
# The benchmark in one command: bench/run.sh [--sizes=1000000] [--first-batch=100000] [--orders=100000]
#   [--flights=100000] [--index-rows=100000] [--detections=50] [--wrk-seconds=20] [--out=BENCHMARKS.md]
#   (every option, and what each part measures: bench/README.md). 0 skips first-batch, orders, flights
#   and index-rows.
#   bench/run.sh fk-probe [rounds]: the isolated cost of a per-row tenant foreign key (BENCHMARKS.md, Levers).
#   bench/run.sh arrivals [--uploading=100] [--detections=20] [--window-seconds=60]: arrival sources side by side,
#   polling the store vs S3 event notifications from an SQS queue (BENCHMARKS.md, Arrival sources).
#   bench/run.sh hostile [--out=FILE]: the hostile-files suite at full size on a 256 MB heap; writes the
#   "Hostile files" section of BENCHMARKS.md (docs/reliability.md, Hostile files).
# Builds the service when a source is newer than target/quarkus-app/quarkus-run.jar, then runs
# io.cdpbatch.bench.BenchRunner (src/test/java) from target/test-classes with the test classpath.
# Environment: BENCH_JDBC_URL / BENCH_JDBC_USER / BENCH_JDBC_PASSWORD use a local PostgreSQL instead of
# the embedded one; any BATCH_* / QUARKUS_* variable set here reaches the service (levers, e.g.
# BATCH_PROCESSING_CHUNK_SIZE=2000 bench/run.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

JAR=target/quarkus-app/quarkus-run.jar
STAMP=target/bench/built.stamp
if [ ! -f "$JAR" ] || [ ! -f "$STAMP" ] || [ -n "$(find src pom.xml -newer "$STAMP" -type f -print -quit)" ]; then
  echo "[bench] building the service and the runner: ./mvnw -q -B package -DskipTests"
  mkdir -p target/bench
  touch "$STAMP.new"
  ./mvnw -q -B package -DskipTests
  mv "$STAMP.new" "$STAMP"
fi
CP_FILE=target/bench/classpath.txt
if [ ! -f "$CP_FILE" ] || [ pom.xml -nt "$CP_FILE" ]; then
  mkdir -p target/bench
  ./mvnw -q -B dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$CP_FILE"
fi
if ! command -v wrk >/dev/null; then
  echo "[bench] wrk is not installed (apt-get install -y wrk): the API throughput part will be skipped"
fi
# run from a snapshot, so that a build in this tree during the run cannot pull classes from under it
SNAP=target/bench/snapshot
rm -rf "$SNAP" && mkdir -p "$SNAP"
cp -r target/classes target/test-classes target/quarkus-app "$SNAP"/
if [ "${1:-}" = "arrivals" ]; then
  shift
  exec java -Dcdpbatch.s3proxy.jar=target/s3proxy/s3proxy.jar \
    -cp "$SNAP/test-classes:$SNAP/classes:$(cat "$CP_FILE")" io.cdpbatch.bench.ArrivalBench \
    --jar="$SNAP/quarkus-app/quarkus-run.jar" "$@"
fi
if [ "${1:-}" = "hostile" ]; then
  shift
  exec java -Dcdpbatch.s3proxy.jar=target/s3proxy/s3proxy.jar -Dcdpbatch.app.jar="$SNAP/quarkus-app/quarkus-run.jar" \
    -cp "$SNAP/test-classes:$SNAP/classes:$(cat "$CP_FILE")" io.cdpbatch.bench.HostileBench "$@"
fi
if [ "${1:-}" = "fk-probe" ]; then
  shift
  exec java -cp "$SNAP/test-classes:$SNAP/classes:$(cat "$CP_FILE")" io.cdpbatch.bench.ForeignKeyProbe "$@"
fi
exec java -Xmx3g -Dcdpbatch.s3proxy.jar=target/s3proxy/s3proxy.jar \
  -cp "$SNAP/test-classes:$SNAP/classes:$(cat "$CP_FILE")" io.cdpbatch.bench.BenchRunner \
  --jar="$SNAP/quarkus-app/quarkus-run.jar" "$@"
