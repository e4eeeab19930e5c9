#!/usr/bin/env bash
# Runs the README's five-minute walkthrough (every bash block of that section: the labeling loop, then
# exams and qualifications), exactly as written, against the local stack, and fails unless the job it
# creates ends completed and the worker who passed the exam may claim on the qualified-only job. Uses this checkout's running stack, or starts one
# (deploy/run.sh --detach, on databases of its own) and stops it afterwards. CI runs it so the
# README's commands stay true.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
started=0
# Reuse a stack only if this checkout started it (its admin password is in this deploy/.local).
own_stack=0
if [ -s deploy/.local/pids/worker-service.pid ] && kill -0 "$(cat deploy/.local/pids/worker-service.pid)" 2>/dev/null \
   && [ -s deploy/.local/admin-password ] && curl -sf -o /dev/null http://localhost:8082/q/health/ready; then
  own_stack=1
fi
if [ "$own_stack" = 0 ]; then
  # Databases of its own, made empty: the machine's tessera_* databases may belong to another
  # checkout's stack, whose first admin has another password.
  export TESSERA_DB_SUFFIX=smoke
  deploy/postgres.sh >/dev/null
  for db in tessera_task_smoke tessera_worker_smoke tessera_quality_smoke; do
    PGPASSWORD="${TESSERA_DB_PASSWORD:-tessera}" psql -X -q -h "${PGHOST:-localhost}" -p "${PGPORT:-5432}" \
      -U "${TESSERA_DB_USER:-tessera}" -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)"
  done
  deploy/run.sh --detach
  started=1
fi
cleanup() { [ "$started" = 0 ] || deploy/stop.sh; }
trap cleanup EXIT

script="$(mktemp)"
# Every bash block of the walkthrough section (the walkthrough, then exams and qualifications), in order.
awk '/^## / {section = ($0 ~ /^## Five-minute walkthrough/)} section && /^```bash$/ {inblock=1; next}
     inblock && /^```$/ {inblock=0; next} inblock {print}' README.md > "$script"
[ -s "$script" ] || { echo "smoke: no walkthrough block found in README.md" >&2; exit 1; }
log="deploy/.local/logs/smoke.log"
mkdir -p "$(dirname "$log")"
output="$(bash -e "$script" 2>&1)" || { echo "$output"; echo "smoke: the walkthrough failed" >&2; exit 1; }
echo "$output" > "$log"
echo "smoke: walkthrough output in $log; its progress lines:"
echo "$output" | grep '"state"' || true
if ! echo "$output" | grep -q 'claim on the qualified-only job: 200'; then
  echo "smoke: the walkthrough ran but the worker who passed the exam could not claim" >&2
  exit 1
fi
if echo "$output" | grep -q '"state":"completed"'; then
  echo "smoke: README walkthrough passed (job completed, exam passed and the qualified-only job claimed)"
else
  echo "smoke: the walkthrough ran but its job did not complete" >&2
  exit 1
fi
