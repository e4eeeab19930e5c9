#!/usr/bin/env bash
# Makes sure a PostgreSQL server answers on PGHOST:PGPORT and that Tessera's role and databases
# exist. If nothing answers and a local Debian cluster is installed but stopped, it starts it and
# records that in deploy/.local/postgres.started so deploy/stop.sh stops only what was started here.
#   usage: deploy/postgres.sh [database ...]      (default: the three services' databases)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
PGHOST="${PGHOST:-localhost}"
PGPORT="${PGPORT:-5432}"
TESSERA_DB_USER="${TESSERA_DB_USER:-tessera}"
TESSERA_DB_PASSWORD="${TESSERA_DB_PASSWORD:-tessera}"
databases=("$@")
[ ${#databases[@]} -gt 0 ] || databases=(tessera_task tessera_worker tessera_quality)
mkdir -p "$here/.local"

answers() { pg_isready -q -h "$PGHOST" -p "$PGPORT"; }

if ! answers; then
  cluster=$(pg_lsclusters --no-header 2>/dev/null | awk -v port="$PGPORT" '$3 == port {print $1" "$2; exit}')
  if [ -z "$cluster" ]; then
    echo "No PostgreSQL answers on $PGHOST:$PGPORT and no local cluster uses that port." >&2
    echo "Install PostgreSQL (apt-get install postgresql) or point PGHOST/PGPORT at a server." >&2
    exit 1
  fi
  echo "Starting local PostgreSQL cluster $cluster ..."
  # shellcheck disable=SC2086  # "15 main": version and name
  pg_ctlcluster $cluster start
  echo "$cluster" > "$here/.local/postgres.started"
  for _ in $(seq 1 30); do answers && break; sleep 1; done
  answers || { echo "PostgreSQL did not come up" >&2; exit 1; }
fi

# Role and databases: created through the local superuser when the server is on this machine and we
# can become postgres; otherwise the role must exist and may create databases.
# The superuser connects through the Unix socket (peer authentication): PGHOST and friends exported
# by the caller (deploy/run.sh exports PGHOST=localhost) would make psql use TCP and ask for a password.
case "$PGHOST" in
  localhost|127.0.0.1|::1) socket=() ;;
  /*) socket=(-h "$PGHOST") ;;
  *) socket=(remote) ;;
esac
super_psql() {
  su postgres -c "env -u PGHOST -u PGUSER -u PGPASSWORD -u PGDATABASE -u PGSERVICE psql ${socket[*]} -X -p $PGPORT $*"
}
if [ "${socket[*]}" != remote ] && [ "$(id -u)" = 0 ] && id postgres >/dev/null 2>&1; then
  super_psql -q -v ON_ERROR_STOP=1 <<SQL
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$TESSERA_DB_USER') THEN
    CREATE ROLE $TESSERA_DB_USER LOGIN CREATEDB PASSWORD '$TESSERA_DB_PASSWORD';
  END IF;
END \$\$;
SQL
  for db in "${databases[@]}"; do
    exists=$(super_psql -tA -c "\"SELECT 1 FROM pg_database WHERE datname = '$db'\"")
    [ "$exists" = 1 ] || super_psql -q -c "'CREATE DATABASE $db OWNER $TESSERA_DB_USER'"
  done
else
  for db in "${databases[@]}"; do
    PGPASSWORD="$TESSERA_DB_PASSWORD" psql -X -q -h "$PGHOST" -p "$PGPORT" -U "$TESSERA_DB_USER" -d postgres \
      -tAc "SELECT 1 FROM pg_database WHERE datname = '$db'" | grep -q 1 \
      || PGPASSWORD="$TESSERA_DB_PASSWORD" psql -X -q -h "$PGHOST" -p "$PGPORT" -U "$TESSERA_DB_USER" -d postgres \
           -c "CREATE DATABASE $db"
  done
fi
echo "PostgreSQL ready on $PGHOST:$PGPORT (role $TESSERA_DB_USER; databases ${databases[*]})"
