#!/usr/bin/env bash
# The local Kafka broker of the one-command stack: a real single-node KRaft broker (broker and
# controller in one JVM) run from Maven Central jars, in deploy/.local/kafka. deploy/run.sh uses it;
# developers may too (docs/operations.md).
#
#   deploy/kafka.sh start    fetch the jars if needed, format storage on first start, start the
#                            broker in the background and wait until it accepts connections
#   deploy/kafka.sh topics   create the platform topics (deploy/common Topics.PARTITIONS), idempotently,
#                            on the local broker or on KAFKA_BOOTSTRAP_SERVERS when that is set
#   deploy/kafka.sh stop     stop the broker that `start` started (nothing else)
#   deploy/kafka.sh status   say whether it runs
#   deploy/kafka.sh fetch    only fetch the jars
#
# Environment: KAFKA_BOOTSTRAP_SERVERS (an existing cluster: `start` starts nothing), TESSERA_KAFKA_PORT
# (9092), TESSERA_KAFKA_CONTROLLER_PORT (9093), KAFKA_HEAP_OPTS (-Xms128m -Xmx512m), KAFKA_OPTS,
# TESSERA_KAFKA_REPLICATION (topics on an existing cluster; default: the cluster's default),
# KAFKA_ADMIN_CONFIG (client properties file for topic creation on a secured cluster).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
local_dir="$here/.local"
kafka_dir="$local_dir/kafka"
lib="$kafka_dir/lib"
data="$kafka_dir/data"
config="$kafka_dir/server.properties"
pidfile="$local_dir/pids/kafka.pid"
logfile="$local_dir/logs/kafka.log"
port="${TESSERA_KAFKA_PORT:-9092}"
controller_port="${TESSERA_KAFKA_CONTROLLER_PORT:-9093}"
topics_java="$root/deploy/common/src/main/java/io/tessera/common/event/Topics.java"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
marker="-Dtessera.local=$local_dir/kafka"   # on the broker's command line: tells our broker from a reused pid

log() { echo "[kafka] $*"; }
fail() { echo "[kafka] ERROR: $*" >&2; exit 1; }
listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# The pid in the pid file, if that process is alive and is our broker; stale files are removed.
running_pid() {
  [ -f "$pidfile" ] || return 1
  local pid
  pid="$(cat "$pidfile" 2>/dev/null || true)"
  if [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] && tr '\0' '\n' < "/proc/$pid/cmdline" | grep -qxF -- "$marker"; then
    echo "$pid"
    return 0
  fi
  rm -f "$pidfile"
  return 1
}

# The jars: copied from the local Maven repository (downloaded from Maven Central on first use) by
# the standalone deploy/kafka/pom.xml. Fetched again when that pom or the root pom (the Quarkus BOM,
# hence the Kafka version) changed.
fetch() {
  local want
  want="$(cat "$here/kafka/pom.xml" "$root/pom.xml" | sha256sum | cut -c1-64)"
  if [ -f "$lib/.fetched" ] && [ "$(cat "$lib/.fetched")" = "$want" ]; then
    return 0
  fi
  log "fetching the broker's jars (deploy/kafka/pom.xml; first time downloads ~45 MB from Maven Central) ..."
  mkdir -p "$kafka_dir" "$local_dir/logs"
  rm -rf "$lib.tmp"
  if ! (cd "$root" && ./mvnw -B -q -f deploy/kafka/pom.xml dependency:copy-dependencies \
        -DincludeScope=runtime -DoutputDirectory="$lib.tmp") > "$local_dir/logs/kafka-fetch.log" 2>&1; then
    tail -n 30 "$local_dir/logs/kafka-fetch.log" >&2
    fail "could not fetch the Kafka jars (full output: $local_dir/logs/kafka-fetch.log)"
  fi
  rm -rf "$lib"
  mv "$lib.tmp" "$lib"
  echo "$want" > "$lib/.fetched"
}

write_config() {
  mkdir -p "$data"
  cat > "$config" <<EOF
# Written by deploy/kafka.sh at every start; edit deploy/kafka.sh, not this file.
# One KRaft node that is both broker and controller, on loopback only.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$controller_port
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$controller_port
advertised.listeners=PLAINTEXT://127.0.0.1:$port
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$data
# A single node: every internal topic has one replica.
offsets.topic.replication.factor=1
offsets.topic.num.partitions=10
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
default.replication.factor=1
min.insync.replicas=1
num.partitions=1
# Topics are created by 'deploy/kafka.sh topics' with their partition counts; a misspelt topic
# name in a service fails instead of silently creating a one-partition topic.
auto.create.topics.enable=false
group.initial.rebalance.delay.ms=0
# The default (128 MB) is allocated up front; the local broker compacts almost nothing.
log.cleaner.dedupe.buffer.size=2097152
num.network.threads=2
num.io.threads=2
num.recovery.threads.per.data.dir=1
EOF
}

# A new cluster id: 16 random bytes, URL-safe base64 without padding (Kafka's Uuid format); Kafka
# refuses ids that start with '-'.
new_cluster_id() {
  local id
  while :; do
    id="$(openssl rand 16 | base64 | tr '+/' '-_' | tr -d '=\n')"
    case "$id" in -*) ;; *) echo "$id"; return ;; esac
  done
}

start() {
  if [ -n "${KAFKA_BOOTSTRAP_SERVERS:-}" ]; then
    log "KAFKA_BOOTSTRAP_SERVERS=$KAFKA_BOOTSTRAP_SERVERS: using that cluster, starting no broker"
    return 0
  fi
  local pid
  if pid="$(running_pid)"; then
    log "already running (pid $pid) on 127.0.0.1:$port"
    return 0
  fi
  if listening "$port"; then
    fail "something else listens on 127.0.0.1:$port. Stop it, or use it with KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:$port, or pick another port with TESSERA_KAFKA_PORT."
  fi
  if listening "$controller_port"; then
    fail "something else listens on 127.0.0.1:$controller_port (the controller port); pick another with TESSERA_KAFKA_CONTROLLER_PORT."
  fi
  fetch
  write_config
  mkdir -p "$local_dir/pids" "$local_dir/logs"
  [ -f "$logfile" ] && mv -f "$logfile" "$logfile.prev"
  local log4j="-Dlog4j2.configurationFile=$here/kafka/log4j2.properties"
  if [ ! -f "$data/meta.properties" ]; then
    local id
    id="$(new_cluster_id)"
    log "formatting storage in $data (cluster id $id)"
    if ! "$java" "$log4j" -Dtessera.kafka.log.level=WARN -cp "$lib/*" kafka.tools.StorageTool \
          format -t "$id" -c "$config" >> "$logfile" 2>&1; then
      tail -n 20 "$logfile" >&2
      fail "formatting the storage failed (log: $logfile)"
    fi
  fi
  log "starting the broker on 127.0.0.1:$port (log: $logfile)"
  # setsid: the broker gets its own session, so a Ctrl-C in the terminal reaches only run.sh,
  # which then stops everything in order.
  # shellcheck disable=SC2086
  setsid "$java" ${KAFKA_HEAP_OPTS:--Xms128m -Xmx512m} -XX:+UseG1GC -Djava.awt.headless=true \
    "$log4j" "$marker" ${KAFKA_OPTS:-} -cp "$lib/*" kafka.Kafka "$config" >> "$logfile" 2>&1 < /dev/null &
  pid=$!
  echo "$pid" > "$pidfile"
  local waited=0
  while ! listening "$port"; do
    if ! kill -0 "$pid" 2>/dev/null; then
      rm -f "$pidfile"
      tail -n 30 "$logfile" >&2
      fail "the broker exited during start-up (log: $logfile)"
    fi
    if [ "$waited" -ge 120 ]; then
      tail -n 30 "$logfile" >&2
      fail "the broker did not accept connections within 60 s (log: $logfile); it is still running as pid $pid (deploy/kafka.sh stop)"
    fi
    sleep 0.5
    waited=$((waited + 1))
  done
  log "broker up (pid $pid) after ~$((waited / 2)) s"
}

topics() {
  local bootstrap="${KAFKA_BOOTSTRAP_SERVERS:-127.0.0.1:$port}"
  local replication=()
  if [ -z "${KAFKA_BOOTSTRAP_SERVERS:-}" ]; then
    replication=(1)
  elif [ -n "${TESSERA_KAFKA_REPLICATION:-}" ]; then
    replication=("$TESSERA_KAFKA_REPLICATION")
  fi
  # Never replace the jars under a running broker of ours: they are its classpath.
  if running_pid >/dev/null; then [ -f "$lib/.fetched" ] || fail "no jars in $lib"; else fetch; fi
  log "ensuring topics on $bootstrap (from $(realpath --relative-to="$root" "$topics_java"))"
  # Java's single-file source launcher: compiled in memory against the broker's jars (needs a JDK).
  if ! "$java" -Dlog4j2.configurationFile="$here/kafka/log4j2.properties" -Dtessera.kafka.log.level=ERROR \
        -Dtessera.kafka.clients.log.level=ERROR -cp "$lib/*" "$here/kafka/EnsureTopics.java" \
        "$bootstrap" "${TESSERA_KAFKA_TOPICS_TIMEOUT:-60}" "$topics_java" "${replication[@]}"; then
    if [ -n "${KAFKA_BOOTSTRAP_SERVERS:-}" ]; then
      fail "could not create the topics on KAFKA_BOOTSTRAP_SERVERS=$KAFKA_BOOTSTRAP_SERVERS. Is that cluster up? Unset the variable to let deploy/run.sh start a local broker."
    fi
    fail "could not create the topics on the local broker (log: $logfile)"
  fi
}

stop() {
  local pid
  if ! pid="$(running_pid)"; then
    log "no broker of ours is running"
    return 0
  fi
  log "stopping the broker (pid $pid)"
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 60); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.5
  done
  if kill -0 "$pid" 2>/dev/null; then
    log "still running after 30 s: killing it"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$pidfile"
}

status() {
  local pid
  if pid="$(running_pid)"; then
    echo "running (pid $pid) on 127.0.0.1:$port, data in $data"
  else
    echo "not running"
    return 3
  fi
}

case "${1:-}" in
  start) start ;;
  topics) topics ;;
  stop) stop ;;
  status) status ;;
  fetch) if pid="$(running_pid)"; then fail "the broker (pid $pid) runs from these jars: stop it first"; fi; fetch ;;
  *) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 2 ;;
esac
