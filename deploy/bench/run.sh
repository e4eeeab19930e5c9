#!/usr/bin/env bash
# The claim-path benchmark (issue 3, item 8): simulated workers over HTTP (claim -> think -> submit)
# against the local stack for N = 50, 200, 500, and the raw-SQL ceiling of the same statements over
# JDBC (4, 16, 64 connections) in a scratch database, interleaved and repeated; prints a table of
# medians with the ratio service / raw SQL. docs/performance.md has the method and the figures.
#
#   usage: deploy/bench/run.sh [--workers 50,200,500] [--items 100000] [--seconds 20] [--reps 3]
#                              [--think-ms 5] [--raw-threads 4,16,64] [--warmup 5] [--batch 10000]
#                              [--paced-load 0.5] [--service-warmup 600] [--waits] [--no-raw] [--no-service]
#                              [--quiet-load 1.5] [--quiet-wait 900] [--help]
#
# Uses this checkout's stack if all three services answer /q/health/ready on 8081-8083 (another
# checkout's stack on those ports is refused); otherwise starts it with
# deploy/run.sh --detach and stops it afterwards (deploy/stop.sh). Builds this module (and what it
# needs) first when its jar is missing or older than its sources. The output is also written to
# deploy/bench/target/bench-<time>.txt. Needs PostgreSQL's role to have CREATEDB (deploy/postgres.sh
# creates it so): the raw side drops and recreates the database tessera_bench at every run.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"

for arg in "$@"; do
  case "$arg" in
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
  esac
done

say() { echo "[bench] $*"; }
ready() { curl -fsS -m 3 -o /dev/null "http://127.0.0.1:$1/q/health/ready" 2>/dev/null; }
listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# ---- build the bench when needed ---------------------------------------------------------------
jar="$here/target/tessera-bench-0.1.0-SNAPSHOT.jar"
if [ ! -f "$jar" ] || [ ! -f "$here/target/classpath.txt" ] \
   || [ -n "$(find "$here/src" "$here/pom.xml" -newer "$jar" -type f -print -quit)" ]; then
  say "building deploy/bench (./mvnw -q -B install -DskipTests -pl deploy/bench -am) ..."
  (cd "$root" && ./mvnw -q -B install -DskipTests -pl deploy/bench -am)
fi

# ---- the stack: use the running one, or start it and stop it at the end ------------------------
# "Running" means this checkout's stack (deploy/.local/pids, checked against the marker run.sh puts
# on its processes' command lines): another checkout's services on the same ports are not measured.
ports=("${TESSERA_TASK_PORT:-8081}" "${TESSERA_WORKER_PORT:-8082}" "${TESSERA_QUALITY_PORT:-8083}")
ours() {
  local pid
  pid="$(cat "$root/deploy/.local/pids/$1.pid" 2>/dev/null || true)"
  [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] \
    && tr '\0' '\n' < "/proc/$pid/cmdline" | grep -qxF -- "-Dtessera.local=$root/deploy/.local/$1"
}
up=0 listening_count=0 mine=0
for p in "${ports[@]}"; do
  if ready "$p"; then up=$((up + 1)); fi
  if listening "$p"; then listening_count=$((listening_count + 1)); fi
done
for svc in task-service worker-service quality-service; do
  if ours "$svc"; then mine=$((mine + 1)); fi
done
started=0
stop_stack() {
  if [ $started = 1 ]; then
    started=0
    say "stopping the stack this benchmark started (deploy/stop.sh) ..."
    "$root/deploy/stop.sh" || true
  fi
}
if [ $up = ${#ports[@]} ] && [ $mine = 3 ]; then
  say "using the running stack of this checkout (ports ${ports[*]} ready)"
elif [ $listening_count -gt 0 ] || [ $mine -gt 0 ]; then
  echo "[bench] ERROR: ports ${ports[*]} are in use but not (all) by this checkout's ready stack (ready: $up, ours: $mine)." >&2
  echo "[bench]        Stop that stack (deploy/stop.sh of its checkout) or wait for it, then run again." >&2
  exit 1
else
  say "no stack running: starting it with deploy/run.sh --detach (stopped again at the end)"
  started=1
  trap stop_stack EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  "$root/deploy/run.sh" --detach
fi

# ---- run ---------------------------------------------------------------------------------------
mkdir -p "$here/target"
out="$here/target/bench-$(date -u +%Y%m%dT%H%M%SZ).txt"
commit="$(cd "$root" && git rev-parse --short HEAD 2>/dev/null || echo '?')"
if [ -n "$(cd "$root" && git status --porcelain -- task-service deploy/common 2>/dev/null)" ]; then
  commit="$commit (task-service or common modified in the working tree)"
fi
say "output also in ${out#"$root"/}"
# The class path starts with the jars the running task-service was started from (run.sh runs a copy
# in deploy/.local/apps/task-service), so the raw side executes exactly its statements and
# migrations; then Maven's class path of this module (task-service and tessera-common from the
# local repository, PgJDBC, Flyway, Jackson).
app="$root/deploy/.local/apps/task-service"
[ -d "$app/app" ] || app="$root/task-service/target/quarkus-app"
cp="$here/target/classes"
for j in "$app"/app/task-service-*.jar "$app"/lib/main/io.tessera.tessera-common-*.jar; do
  if [ -f "$j" ]; then cp="$cp:$j"; fi
done
cp="$cp:$(cat "$here/target/classpath.txt")"
# A small heap and the serial collector keep the load generator's own CPU low; it runs one thread
# per simulated worker (256 KB stacks).
set +e
"$java" -Xms256m -Xmx512m -XX:+UseSerialGC \
  -Dbench.root="$root" -Dbench.clk-tck="$(getconf CLK_TCK)" -Dbench.commit="$commit" \
  -cp "$cp" io.tessera.bench.Bench "$@" 2>&1 | tee "$out"
code=${PIPESTATUS[0]}
set -e
exit "$code"
