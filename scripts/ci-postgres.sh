#!/usr/bin/env bash
# Starts a throwaway PostgreSQL for the repository tests and prints, as its last line
# on stdout, the `export TEST_DATABASE_URL=...` that .ci/run evaluates:
#
#   eval "$(scripts/ci-postgres.sh)"
#
# Runs as root (CI containers). Idempotent: a second run reuses the cluster, the role
# and the database, and only starts the server if it is not running. Everything but
# the export line goes to stderr so that `eval` sees nothing else.
set -euo pipefail

PG_PORT="${PG_PORT:-5433}"
PG_HOST=127.0.0.1
PG_SOCKET_DIR=/tmp
PG_ROOT="${PG_ROOT:-/tmp/ens-ci-postgres}"
PG_DATA="$PG_ROOT/data"
PG_LOG="$PG_ROOT/server.log"
DB_USER=ens
DB_PASSWORD=ens
DB_NAME=ens_test

log() { echo "ci-postgres: $*" >&2; }

find_bindir() {
  # Highest installed major version wins; the glob sorts lexically, so sort -V.
  local initdb
  initdb="$(ls -1 /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n 1 || true)"
  [[ -n "$initdb" ]] && dirname "$initdb"
}

as_postgres() {
  # runuser needs no PAM session or password, unlike su, in minimal containers.
  if command -v runuser >/dev/null 2>&1; then
    runuser -u postgres -- "$@"
  else
    su postgres -s /bin/bash -c "$(printf '%q ' "$@")"
  fi
}

BINDIR="$(find_bindir || true)"
if [[ -z "$BINDIR" ]]; then
  log "installing Debian's postgresql"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update >&2
  apt-get install -y postgresql >&2
  BINDIR="$(find_bindir)"
fi
log "using $BINDIR"

if ! id -u postgres >/dev/null 2>&1; then
  log "creating the postgres OS user"
  useradd --system --user-group --home-dir "$PG_ROOT" --shell /bin/bash postgres
fi

mkdir -p "$PG_ROOT"
chown postgres:postgres "$PG_ROOT"
chmod 700 "$PG_ROOT"

if [[ ! -f "$PG_DATA/PG_VERSION" ]]; then
  log "initdb $PG_DATA"
  # Local socket connections (the setup below) are trusted; TCP needs the password,
  # which is what the tests use.
  as_postgres "$BINDIR/initdb" -D "$PG_DATA" -U postgres --auth-local=trust \
    --auth-host=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 >&2 \
    || as_postgres "$BINDIR/initdb" -D "$PG_DATA" -U postgres --auth-local=trust \
      --auth-host=scram-sha-256 --encoding=UTF8 --locale=C >&2
fi

if as_postgres "$BINDIR/pg_ctl" -D "$PG_DATA" status >/dev/null 2>&1; then
  log "server already running"
else
  log "starting on $PG_HOST:$PG_PORT"
  as_postgres "$BINDIR/pg_ctl" -D "$PG_DATA" -l "$PG_LOG" -w -t 60 \
    -o "-c listen_addresses=$PG_HOST -c port=$PG_PORT -c unix_socket_directories=$PG_SOCKET_DIR" \
    start >&2
fi

psql_admin() {
  as_postgres "$BINDIR/psql" -h "$PG_SOCKET_DIR" -p "$PG_PORT" -U postgres -d postgres \
    -v ON_ERROR_STOP=1 -q "$@" >&2
}

# ALTER on every run so a changed password or a half-finished earlier run converges.
psql_admin <<SQL
DO \$\$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$DB_USER') THEN
    CREATE ROLE $DB_USER LOGIN PASSWORD '$DB_PASSWORD';
  ELSE
    ALTER ROLE $DB_USER LOGIN PASSWORD '$DB_PASSWORD';
  END IF;
END
\$\$;
SELECT 'CREATE DATABASE $DB_NAME OWNER $DB_USER'
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '$DB_NAME')
\gexec
SQL

log "ready"
echo "export TEST_DATABASE_URL=postgres://$DB_USER:$DB_PASSWORD@$PG_HOST:$PG_PORT/$DB_NAME"
