#!/usr/bin/env bash
# The whole Tessera platform on one machine, in one command:
#   PostgreSQL (deploy/postgres.sh), a local Kafka broker (deploy/kafka.sh) and its topics, an RSA
#   key pair for the tokens, the first admin's password, and the three services, each waited for
#   until it is ready. Runs until Ctrl-C (or deploy/stop.sh from another shell), then stops what it
#   started and nothing else. docs/operations.md describes every step and variable.
#
#   usage: deploy/run.sh [--infra-only] [--no-build] [--detach]
#     --infra-only  PostgreSQL, Kafka, topics, keys and the admin password only, for running a
#                   service yourself against them with the environment in deploy/.local/<service>.env
#     --no-build    start the services from the jars as they are, even if older than the sources
#     --detach      return once everything is ready and leave it running; stop with deploy/stop.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
local_dir="$here/.local"
pids="$local_dir/pids"
logs="$local_dir/logs"
keys="$local_dir/keys"
started_file="$pids/started"     # what this run started (kafka, postgres CLUSTER): only that is stopped

infra_only=0 build=1 detach=0
for arg in "$@"; do
  case "$arg" in
    --infra-only) infra_only=1 ;;
    --no-build) build=0 ;;
    --detach) detach=1 ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
    *) echo "unknown option: $arg (try --help)" >&2; exit 2 ;;
  esac
done

services=(task-service worker-service quality-service)
declare -A port=([task-service]="${TESSERA_TASK_PORT:-8081}" [worker-service]="${TESSERA_WORKER_PORT:-8082}"
                 [quality-service]="${TESSERA_QUALITY_PORT:-8083}")
declare -A port_var=([task-service]=TESSERA_TASK_PORT [worker-service]=TESSERA_WORKER_PORT [quality-service]=TESSERA_QUALITY_PORT)
# TESSERA_DB_SUFFIX gives this stack databases of its own (tessera_task_<suffix>, ...), e.g. for CI's smoke run.
db_suffix="${TESSERA_DB_SUFFIX:+_${TESSERA_DB_SUFFIX}}"
declare -A database=([task-service]=tessera_task$db_suffix [worker-service]=tessera_worker$db_suffix
                     [quality-service]=tessera_quality$db_suffix)

export PGHOST="${PGHOST:-localhost}" PGPORT="${PGPORT:-5432}"
export TESSERA_DB_USER="${TESSERA_DB_USER:-tessera}" TESSERA_DB_PASSWORD="${TESSERA_DB_PASSWORD:-tessera}"
TESSERA_ADMIN_USERNAME="${TESSERA_ADMIN_USERNAME:-admin}"
kafka_port="${TESSERA_KAFKA_PORT:-9092}"
start_timeout="${TESSERA_START_TIMEOUT:-180}"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"

say() { echo "[run] $*"; }
fail() { echo "[run] ERROR: $*" >&2; exit 1; }
rel() { realpath --relative-to="$PWD" "$1"; }
listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
marker() { echo "-Dtessera.local=$local_dir/$1"; }
# The pid in pid file $1 if it is alive and its command line contains $2.
alive() {
  local pid
  pid="$(cat "$1" 2>/dev/null || true)"
  [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] && tr '\0' '\n' < "/proc/$pid/cmdline" | grep -qF -- "$2" && echo "$pid"
}

# ---- preconditions ---------------------------------------------------------------------------
for tool in "$java" openssl curl pg_isready psql setsid realpath; do
  command -v "$tool" >/dev/null || fail "'$tool' is not installed (see docs/operations.md, 'What you need')"
done
mkdir -p "$pids" "$logs"
if pid="$(alive "$pids/run.pid" run.sh)"; then
  fail "deploy/run.sh is already running (pid $pid). Stop it with deploy/stop.sh."
fi
for svc in "${services[@]}" kafka; do
  [ "$svc" != kafka ] || grep -qx kafka "$started_file" 2>/dev/null || continue
  if pid="$(alive "$pids/$svc.pid" "$(marker "$svc")")"; then
    fail "the stack is already running ($svc, pid $pid: a run with --detach, or one that was killed). Stop it first with deploy/stop.sh."
  fi
done
if [ -e "$started_file" ] || compgen -G "$pids/*-service.pid" >/dev/null; then
  "$here/stop.sh" --leftovers >/dev/null    # stale files of a run that died; its processes are gone
fi
if [ $infra_only = 0 ]; then
  for svc in "${services[@]}"; do
    if listening "${port[$svc]}"; then
      fail "port ${port[$svc]} ($svc) is already in use: stop what uses it (ss -ltnp 'sport = :${port[$svc]}') or choose another port with ${port_var[$svc]}"
    fi
  done
fi
if { [ -n "${TESSERA_JWT_PUBLIC_KEY:-}" ] && [ -z "${TESSERA_JWT_PRIVATE_KEY:-}" ]; } \
   || { [ -z "${TESSERA_JWT_PUBLIC_KEY:-}" ] && [ -n "${TESSERA_JWT_PRIVATE_KEY:-}" ]; }; then
  fail "set both TESSERA_JWT_PUBLIC_KEY and TESSERA_JWT_PRIVATE_KEY (a key pair) or neither (then deploy/.local/keys is used)"
fi

# From here on, whatever happens, stop what this run started.
echo $$ > "$pids/run.pid"
cleaned=0
build_pid=''
cleanup() {
  local code=$?
  [ $cleaned = 1 ] && return
  cleaned=1
  trap '' INT TERM HUP
  if [ $detach = 1 ] && [ $code = 0 ]; then
    rm -f "$pids/run.pid"
    return
  fi
  echo
  if [ -n "$build_pid" ] && kill -0 "$build_pid" 2>/dev/null; then
    say "stopping the build"
    kill -TERM -- "-$build_pid" 2>/dev/null || true
  fi
  say "stopping what this run started ..."
  "$here/stop.sh" --leftovers || true
  rm -f "$pids/run.pid"
  say "stopped"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

# ---- 1. build the services whose jar is missing or older than their sources ------------------
stale() {
  local jar="$root/$1/target/quarkus-app/quarkus-run.jar"
  [ -f "$jar" ] || return 0
  [ -n "$(find "$root/$1/src/main" "$root/$1/pom.xml" "$root/deploy/common/src/main" "$root/deploy/common/pom.xml" \
            "$root/deploy/pom.xml" "$root/pom.xml" -newer "$jar" -type f -print -quit 2>/dev/null)" ]
}
if [ $infra_only = 0 ]; then
  to_build=()
  for svc in "${services[@]}"; do
    if stale "$svc"; then to_build+=("$svc"); fi
  done
  if [ ${#to_build[@]} -gt 0 ] && [ $build = 1 ]; then
    list="$(IFS=,; echo "${to_build[*]}")"
    say "building $list (./mvnw install -DskipTests -pl $list -am; the first build downloads dependencies"
    say "  and takes several minutes; follow it with: tail -f $(rel "$logs/build.log"))"
    # In the background and in its own process group, so that Ctrl-C or deploy/stop.sh act at once
    # (a trap waits for a foreground command to finish) and the cleanup can stop the whole build.
    # shellcheck disable=SC2016  # $1 and $2 are the inner shell's arguments
    setsid bash -c 'cd "$1" && exec ./mvnw -B -ntp install -DskipTests -pl "$2" -am' build "$root" "$list" \
      > "$logs/build.log" 2>&1 < /dev/null &
    build_pid=$!
    if ! wait "$build_pid"; then
      build_pid=''
      grep -E '^\[ERROR\]' "$logs/build.log" | head -n 40 >&2 || tail -n 40 "$logs/build.log" >&2
      fail "the build failed (full output: $(rel "$logs/build.log"))"
    fi
    build_pid=''
    # Quarkus may leave an unchanged quarkus-run.jar untouched: mark the jars as built now.
    for svc in "${to_build[@]}"; do touch "$root/$svc/target/quarkus-app/quarkus-run.jar"; done
    say "build done"
  elif [ ${#to_build[@]} -gt 0 ]; then
    for svc in "${to_build[@]}"; do
      [ -f "$root/$svc/target/quarkus-app/quarkus-run.jar" ] \
        || fail "$svc has no target/quarkus-app/quarkus-run.jar: run without --no-build"
    done
    say "--no-build: starting ${to_build[*]} from jars older than their sources"
  fi
fi

# ---- 2. PostgreSQL -----------------------------------------------------------------------------
pg_was_up=0
pg_isready -q -h "$PGHOST" -p "$PGPORT" && pg_was_up=1
"$here/postgres.sh" "${database[@]}"
if [ $pg_was_up = 0 ] && [ -f "$local_dir/postgres.started" ]; then
  echo "postgres $(cat "$local_dir/postgres.started")" >> "$started_file"
fi

# ---- 3. JWT keys ---------------------------------------------------------------------------------
if [ -n "${TESSERA_JWT_PUBLIC_KEY:-}" ]; then
  public_key="$TESSERA_JWT_PUBLIC_KEY" private_key="$TESSERA_JWT_PRIVATE_KEY"
  say "JWT keys from TESSERA_JWT_PUBLIC_KEY / TESSERA_JWT_PRIVATE_KEY"
else
  public_key="$keys/public.pem" private_key="$keys/private.pem"
  if [ ! -s "$private_key" ] || [ ! -s "$public_key" ]; then
    say "generating the JWT key pair in $(rel "$keys") (RSA 2048, PKCS#8; never commit it)"
    mkdir -p "$keys"
    chmod 700 "$keys"
    (umask 077
     openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$private_key.tmp" 2>/dev/null
     openssl pkey -in "$private_key.tmp" -pubout -out "$public_key.tmp"
     mv "$private_key.tmp" "$private_key"
     mv "$public_key.tmp" "$public_key")
  fi
fi

# ---- 4. the first admin's password -------------------------------------------------------------
if [ -n "${TESSERA_ADMIN_PASSWORD:-}" ]; then
  password_hint="\$TESSERA_ADMIN_PASSWORD"
else
  password_file="$local_dir/admin-password"
  if [ ! -s "$password_file" ]; then
    say "generating the admin password in $(rel "$password_file")"
    (umask 077; openssl rand -base64 48 | tr -dc 'A-Za-z0-9' | head -c 24 > "$password_file")
  fi
  TESSERA_ADMIN_PASSWORD="$(cat "$password_file")"
  password_hint="\$(cat $(realpath "$password_file"))"
fi

# ---- 5. Kafka ----------------------------------------------------------------------------------
if [ -n "${KAFKA_BOOTSTRAP_SERVERS:-}" ]; then
  bootstrap="$KAFKA_BOOTSTRAP_SERVERS"
  kafka_note="existing cluster (KAFKA_BOOTSTRAP_SERVERS)"
else
  bootstrap="127.0.0.1:$kafka_port"
  if alive "$pids/kafka.pid" "$(marker kafka)" >/dev/null; then
    kafka_note="local broker started earlier by deploy/kafka.sh start (left running on exit)"
    "$here/kafka.sh" start
  else
    echo kafka >> "$started_file"    # first: an interrupted start is still cleaned up
    "$here/kafka.sh" start
    kafka_note="local broker, data in $(rel "$local_dir/kafka/data"), log $(rel "$logs/kafka.log")"
  fi
fi
"$here/kafka.sh" topics

# Each service's environment, in deploy/.local/<service>.env: run.sh starts the service with it, and
# a developer can use it to run the service by hand (quarkus:dev) or to start another instance.
write_env() {
  local svc="$1" file="$local_dir/$1.env"
  {
    echo "# Written by deploy/run.sh at every start: the environment of $svc in the local stack."
    echo "# By hand: (source deploy/.local/$svc.env && cd $svc && ../mvnw quarkus:dev)"
    echo "# Another instance: (source deploy/.local/$svc.env && QUARKUS_HTTP_PORT=1${port[$svc]} java -jar $svc/target/quarkus-app/quarkus-run.jar)"
    printf 'export %s=%q\n' \
      QUARKUS_HTTP_PORT "${port[$svc]}" \
      QUARKUS_DATASOURCE_JDBC_URL "jdbc:postgresql://$PGHOST:$PGPORT/${database[$svc]}" \
      QUARKUS_DATASOURCE_USERNAME "$TESSERA_DB_USER" \
      QUARKUS_DATASOURCE_PASSWORD "$TESSERA_DB_PASSWORD" \
      KAFKA_BOOTSTRAP_SERVERS "$bootstrap" \
      TESSERA_JWT_PUBLIC_KEY "$(realpath "$public_key")"
    if [ "$svc" = worker-service ]; then
      printf 'export %s=%q\n' \
        TESSERA_JWT_PRIVATE_KEY "$(realpath "$private_key")" \
        TESSERA_ADMIN_USERNAME "$TESSERA_ADMIN_USERNAME" \
        TESSERA_ADMIN_PASSWORD "$TESSERA_ADMIN_PASSWORD"
    fi
  } > "$file.tmp"
  chmod 600 "$file.tmp"
  mv "$file.tmp" "$file"
}
for svc in "${services[@]}"; do write_env "$svc"; done
rm -f "$local_dir/env"

summary_infra() {
  echo "  PostgreSQL       $PGHOST:$PGPORT  role $TESSERA_DB_USER  databases ${database[*]}"
  echo "  Kafka            $bootstrap  $kafka_note"
  echo "  JWT keys         public $(rel "$public_key")  private $(rel "$private_key")"
  if [ -n "${password_file:-}" ]; then
    echo "  Admin            username $TESSERA_ADMIN_USERNAME, password in $(rel "$password_file")"
  else
    echo "  Admin            username $TESSERA_ADMIN_USERNAME, password from TESSERA_ADMIN_PASSWORD"
  fi
  echo "  Logs             $(rel "$logs")/"
}

# ---- 6. the services ---------------------------------------------------------------------------
if [ $infra_only = 0 ]; then
  declare -A pid_of
  for svc in "${services[@]}"; do
    log="$logs/$svc.log"
    [ -f "$log" ] && mv -f "$log" "$log.prev"
    # Run a copy of the packaged app: a rebuild of the service while the stack runs (./mvnw package,
    # install, verify) rewrites target/quarkus-app under the running JVM (NoSuchMethodError,
    # ClassNotFoundException, missing jars).
    rm -rf "$local_dir/apps/$svc"
    mkdir -p "$local_dir/apps"
    cp -a "$root/$svc/target/quarkus-app" "$local_dir/apps/$svc"
    # From the repository root (relative defaults in application.properties resolve there), with
    # the service's env file, in its own session (a Ctrl-C reaches only this script, which then
    # stops everything in order). The marker on the command line tells our process from a reused pid.
    # shellcheck disable=SC1090,SC2086
    (cd "$root" && . "$local_dir/$svc.env" && exec setsid "$java" ${TESSERA_JAVA_OPTS:--Xmx512m} "$(marker "$svc")" \
       -jar "$local_dir/apps/$svc/quarkus-run.jar") > "$log" 2>&1 < /dev/null &
    pid_of[$svc]=$!
    echo "${pid_of[$svc]}" > "$pids/$svc.pid"
    say "started $svc (pid ${pid_of[$svc]}) on port ${port[$svc]}, log $(rel "$log")"
  done

  say "waiting until every service is ready (up to ${start_timeout}s) ..."
  deadline=$((SECONDS + start_timeout))
  pending=("${services[@]}")
  while [ ${#pending[@]} -gt 0 ]; do
    still=()
    for svc in "${pending[@]}"; do
      if ! kill -0 "${pid_of[$svc]}" 2>/dev/null; then
        echo "----- last lines of $(rel "$logs/$svc.log") -----" >&2
        tail -n 40 "$logs/$svc.log" >&2
        fail "$svc exited during start-up (log: $(rel "$logs/$svc.log"))"
      fi
      if curl -fsS -m 3 -o /dev/null "http://127.0.0.1:${port[$svc]}/q/health/ready" 2>/dev/null; then
        say "$svc is ready"
      else
        still+=("$svc")
      fi
    done
    pending=("${still[@]+"${still[@]}"}")
    [ ${#pending[@]} -eq 0 ] && break
    if [ $SECONDS -ge $deadline ]; then
      for svc in "${pending[@]}"; do
        echo "----- $svc: /q/health/ready says -----" >&2
        curl -sS -m 3 "http://127.0.0.1:${port[$svc]}/q/health/ready" >&2 || true
        echo >&2
        echo "----- last lines of $(rel "$logs/$svc.log") -----" >&2
        tail -n 20 "$logs/$svc.log" >&2
      done
      late=""
      for svc in "${pending[@]}"; do late+="${late:+, }$svc (log $(rel "$logs/$svc.log"))"; done
      fail "not ready after ${start_timeout}s: $late. TESSERA_START_TIMEOUT sets the wait."
    fi
    sleep 2
  done
fi

# ---- 7. where everything is --------------------------------------------------------------------
echo
if [ $infra_only = 1 ]; then
  echo "Tessera infrastructure is up (--infra-only)."
  summary_infra
  echo
  echo "Run a service against it:  (source $(rel "$local_dir")/worker-service.env && cd worker-service && ../mvnw quarkus:dev)"
else
  echo "Tessera is up."
  for svc in "${services[@]}"; do
    p="${port[$svc]}"
    printf '  %-16s http://localhost:%s  Swagger UI http://localhost:%s/q/swagger-ui  health http://localhost:%s/q/health  log %s\n' \
      "$svc" "$p" "$p" "$p" "$(rel "$logs/$svc.log")"
  done
  summary_infra
  echo
  echo "A first token (admin):"
  echo "  curl -s -X POST http://localhost:${port[worker-service]}/api/v1/auth/token -H 'Content-Type: application/json' \\"
  echo "    -d \"{\\\"username\\\":\\\"$TESSERA_ADMIN_USERNAME\\\",\\\"password\\\":\\\"$password_hint\\\"}\""
  echo "  (the answer's accessToken goes into 'Authorization: Bearer ...'; docs/operations.md has more)"
fi
echo
if [ $detach = 1 ]; then
  echo "Left running (--detach). Stop everything with: $(rel "$here/stop.sh")"
  exit 0
fi
echo "Ctrl-C here, or $(rel "$here/stop.sh") from another shell, stops everything this started."

# ---- 8. keep running; stop everything if a part dies --------------------------------------------
while :; do
  sleep 2 &
  wait $! || true
  if [ $infra_only = 0 ]; then
    for svc in "${services[@]}"; do
      if ! kill -0 "${pid_of[$svc]}" 2>/dev/null; then
        echo "----- last lines of $(rel "$logs/$svc.log") -----" >&2
        tail -n 30 "$logs/$svc.log" >&2
        fail "$svc exited (log: $(rel "$logs/$svc.log")); stopping the rest"
      fi
    done
  fi
  if grep -qx kafka "$started_file" 2>/dev/null && ! alive "$pids/kafka.pid" "$(marker kafka)" >/dev/null; then
    tail -n 30 "$logs/kafka.log" >&2
    fail "the Kafka broker exited (log: $(rel "$logs/kafka.log")); stopping the rest"
  fi
done
