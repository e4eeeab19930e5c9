#!/usr/bin/env bash
# The whole test suite: unit tests, each service's tests against the real PostgreSQL and an
# in-process Kafka broker, and the end-to-end tests of the three packaged services.
#   usage: deploy/test.sh [extra Maven arguments]
# PostgreSQL: deploy/postgres.sh uses the server at PGHOST:PGPORT (default localhost:5432) or starts
# the local cluster, and creates the role and the test databases. Kafka: started by the tests
# themselves, unless KAFKA_BOOTSTRAP_SERVERS names a broker to use instead.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
"$root/deploy/postgres.sh" tessera_task_test tessera_worker_test tessera_quality_test
cd "$root"
exec ./mvnw -B -ntp verify "$@"
