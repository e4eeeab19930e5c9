#!/usr/bin/env bash
# Stops the local stack that deploy/run.sh started, and nothing else:
#   - a running deploy/run.sh is asked to stop (it then stops everything it started, in order);
#   - then whatever a run left behind (one that was killed, or ran with --detach) is stopped: the
#     services in deploy/.local/pids, the Kafka broker if that run started it, PostgreSQL if that
#     run started it (deploy/.local/pids/started). A process whose pid was reused is never touched:
#     each pid is checked against the marker on our processes' command lines.
#   usage: deploy/stop.sh            (deploy/run.sh calls `deploy/stop.sh --leftovers` on exit)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
local_dir="$here/.local"
pids="$local_dir/pids"
started_file="$pids/started"
services=(task-service worker-service quality-service)

say() { echo "[stop] $*"; }
# The pid in pid file $1 if it is alive and its command line contains $2.
alive() {
  local pid
  pid="$(cat "$1" 2>/dev/null || true)"
  [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] && tr '\0' '\n' < "/proc/$pid/cmdline" | grep -qF -- "$2" && echo "$pid"
}

if [ "${1:-}" != --leftovers ]; then
  if run_pid="$(alive "$pids/run.pid" run.sh)"; then
    say "asking deploy/run.sh (pid $run_pid) to stop"
    kill -TERM "$run_pid" 2>/dev/null || true     # its trap also stops a build in progress
    for _ in $(seq 1 240); do
      kill -0 "$run_pid" 2>/dev/null || break
      sleep 0.5
    done
    if kill -0 "$run_pid" 2>/dev/null; then
      say "deploy/run.sh (pid $run_pid) did not exit within 120 s; stopping its processes directly"
    fi
  fi
fi

# The services: TERM all, then wait for all (Quarkus shuts down gracefully), KILL after 30 s.
to_wait=()
for svc in "${services[@]}"; do
  pidfile="$pids/$svc.pid"
  [ -f "$pidfile" ] || continue
  if pid="$(alive "$pidfile" "-Dtessera.local=$local_dir/$svc")"; then
    say "stopping $svc (pid $pid)"
    kill -TERM "$pid" 2>/dev/null || true
    to_wait+=("$pid")
  fi
  rm -f "$pidfile"
done
for _ in $(seq 1 60); do
  remaining=()
  for pid in "${to_wait[@]+"${to_wait[@]}"}"; do
    if kill -0 "$pid" 2>/dev/null; then remaining+=("$pid"); fi
  done
  to_wait=("${remaining[@]+"${remaining[@]}"}")
  [ ${#to_wait[@]} -eq 0 ] && break
  sleep 0.5
done
for pid in "${to_wait[@]+"${to_wait[@]}"}"; do
  say "pid $pid still running after 30 s: killing it"
  kill -KILL "$pid" 2>/dev/null || true
done

# The broker and PostgreSQL: only if the run started them.
if grep -qx kafka "$started_file" 2>/dev/null; then
  "$here/kafka.sh" stop
fi
if cluster="$(sed -n 's/^postgres //p' "$started_file" 2>/dev/null | head -n 1)" && [ -n "$cluster" ]; then
  say "stopping PostgreSQL cluster $cluster (started by this stack)"
  # shellcheck disable=SC2086
  pg_ctlcluster $cluster stop || say "could not stop PostgreSQL cluster $cluster"
  if [ "$(cat "$local_dir/postgres.started" 2>/dev/null)" = "$cluster" ]; then
    rm -f "$local_dir/postgres.started"
  fi
fi
rm -f "$started_file"
if [ -f "$pids/run.pid" ] && ! alive "$pids/run.pid" run.sh >/dev/null; then
  rm -f "$pids/run.pid"
fi

if [ "${1:-}" != --leftovers ]; then
  # What this script leaves alone on purpose.
  if pid="$(alive "$pids/kafka.pid" "-Dtessera.local=$local_dir/kafka")"; then
    say "left running: the Kafka broker (pid $pid) started by 'deploy/kafka.sh start' (stop it with deploy/kafka.sh stop)"
  fi
  if [ -f "$local_dir/postgres.started" ]; then
    say "not stopped: PostgreSQL cluster $(cat "$local_dir/postgres.started"), started by deploy/postgres.sh outside a run (stop it with: pg_ctlcluster $(cat "$local_dir/postgres.started") stop)"
  fi
  say "done"
fi
