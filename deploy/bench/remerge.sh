#!/usr/bin/env bash
# The completion re-merge benchmark: quality-service's batch merge of a whole job, as it runs on
# job.completed, on jobs of benchmark size (100,000 items × 3 labels) in a real PostgreSQL database.
# Writes each job as the live path stores it, times the run and its parts, 3 runs per job by default,
# and prints a table with the medians (io.tessera.quality.cli.RemergeBenchmark; docs/quality-service.md
# has the figures).
#
#   usage: deploy/bench/remerge.sh [--jobs categorical:100000,rating:100000,bounding-boxes:20000] [--runs 3]
#                                  [--overlap 3] [--gold-share 0.02] [--workers 1000]
#                                  [--database tessera_quality_remerge] [--help]
#
# Drops and recreates the database (default tessera_quality_remerge) at every run, so the role needs
# CREATEDB (deploy/postgres.sh creates it so); PostgreSQL at PGHOST:PGPORT as TESSERA_DB_USER /
# TESSERA_DB_PASSWORD (localhost:5432, tessera/tessera). Runs with the services' heap limit from
# deploy/run.sh (-Xmx512m; TESSERA_JAVA_OPTS overrides it). Compiles quality-service first (offline
# Maven). The output is also written to deploy/bench/target/remerge-<time>.txt.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"

for arg in "$@"; do
  case "$arg" in
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
  esac
done

mkdir -p "$here/target"
echo "[remerge] compiling deploy/common and quality-service, resolving the class path (./mvnw -o -q) ..."
# deploy/common in the same reactor: its classes come from this checkout, not from a tessera-common
# jar that another checkout installed into the local repository.
(cd "$root" && ./mvnw -o -q -B compile dependency:build-classpath -pl deploy/common,quality-service \
  -Dmdep.outputFile=target/remerge-classpath.txt -Dmdep.includeScope=runtime)
out="$here/target/remerge-$(date -u +%Y%m%dT%H%M%SZ).txt"
commit="$(cd "$root" && git rev-parse --short HEAD 2>/dev/null || echo '?')"
if [ -n "$(cd "$root" && git status --porcelain -- quality-service deploy/common 2>/dev/null)" ]; then
  commit="$commit (quality-service or common modified in the working tree)"
fi
echo "[remerge] commit $commit; output also in ${out#"$root"/}"
set +e
# shellcheck disable=SC2086  # TESSERA_JAVA_OPTS holds several options
"$java" ${TESSERA_JAVA_OPTS:--Xmx512m} \
  -cp "$root/quality-service/target/classes:$(cat "$root/quality-service/target/remerge-classpath.txt")" \
  io.tessera.quality.cli.RemergeBenchmark "$@" 2>&1 | tee "$out"
code=${PIPESTATUS[0]}
set -e
exit "$code"
