#!/usr/bin/env bash
# usage: scripts/db.sh start|stop|env|status
# Private PostgreSQL and MariaDB servers for the tests, on 127.0.0.1 only:
#   PostgreSQL on port $EBB_TEST_PG_PORT (default 55432), MariaDB on $EBB_TEST_MYSQL_PORT (53306).
# Data lives under $EBB_TEST_DB_DIR (default <repo>/target/test-db); it is throw-away, so the
# servers run with fsync and durable flushing off.
#   start   install the Debian packages when missing (as root), initialise, start (reusing
#           servers that already run); prints `export` lines for the URLs.
#   env     print the `export` lines (EBB_TEST_POSTGRES_URL, EBB_TEST_MYSQL_URL).
#   status  exit 0 when both servers answer.
#   stop    stop both servers.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
DIR=${EBB_TEST_DB_DIR:-$ROOT/target/test-db}
PG_PORT=${EBB_TEST_PG_PORT:-55432}
MY_PORT=${EBB_TEST_MYSQL_PORT:-53306}
PG_URL="postgresql://postgres@127.0.0.1:$PG_PORT/postgres"
MY_USER=ebb
# Distinct from every other name in the URL, so that tests can grep output for it.
MY_PASSWORD=ebb-test-pw-4417
MY_URL="mysql://$MY_USER:$MY_PASSWORD@127.0.0.1:$MY_PORT/ebb"
say() { echo "db.sh: $*" >&2; }
die() { say "$*"; exit 1; }

as_root() { [ "$(id -u)" = 0 ]; }

# ---- packages -------------------------------------------------------------------------------
install_missing() {
  local missing=()
  # PostGIS: real schemas use its types (the corpus has one), and Debian 12's PostgreSQL is 15.
  for pkg in postgresql postgresql-15-postgis-3 mariadb-server mariadb-client; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  command -v setfacl >/dev/null || missing+=(acl)
  [ ${#missing[@]} -eq 0 ] && return 0
  as_root || die "missing Debian packages: ${missing[*]} (run as root, or install them)"
  say "installing ${missing[*]} with apt-get ..."
  mkdir -p "$DIR"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}") \
    </dev/null >"$DIR/apt.log" 2>&1 || { tail -20 "$DIR/apt.log" >&2; die "apt-get install failed (log: $DIR/apt.log)"; }
}

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }

# ---- PostgreSQL -----------------------------------------------------------------------------
PG=$DIR/postgres
PG_DATA=$PG/data

as_pg() { if as_root; then runuser -u postgres -- "$@"; else "$@"; fi; }

pg_running() {
  [ -f "$PG_DATA/postmaster.pid" ] || return 1
  local pid port
  { read -r pid; read -r _; read -r _; read -r port; } <"$PG_DATA/postmaster.pid" || return 1
  [ "$port" = "$PG_PORT" ] && kill -0 "$pid" 2>/dev/null \
    && [ "$(cut -d' ' -f3 "/proc/$pid/stat" 2>/dev/null)" != Z ]
}

# The postgres OS user must reach $PG: grant search-only permission (x) on the folders in the
# way (e.g. root's home, mode 700) instead of opening them up.
pg_reach() {
  as_root || return 0
  chown postgres:postgres "$PG"
  chmod 700 "$PG"
  as_pg test -w "$PG" && return 0
  local p="" part
  IFS=/ read -r -a parts <<<"${PG#/}"
  for part in "${parts[@]}"; do
    p=$p/$part
    as_pg test -x "$p" || setfacl -m u:postgres:x "$p"
  done
  as_pg test -w "$PG" || die "the postgres user cannot write $PG; set EBB_TEST_DB_DIR to a folder it can reach"
}

pg_start() {
  pg_running && return 0
  local bin; bin=$(pg_bin)
  [ -x "$bin/initdb" ] || die "PostgreSQL server binaries not found under /usr/lib/postgresql"
  mkdir -p "$PG"
  pg_reach
  if ! [ -f "$PG_DATA/PG_VERSION" ]; then
    as_pg "$bin/initdb" -D "$PG_DATA" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 --no-sync \
      >"$PG/initdb.log" 2>&1 || { cat "$PG/initdb.log" >&2; die "initdb failed"; }
  fi
  # A server left behind on another port, or a stale pid file: pg_ctl sorts it out.
  as_pg "$bin/pg_ctl" -D "$PG_DATA" -m fast -w stop >/dev/null 2>&1 || true
  # A stale socket lock (after kill -9) blocks the start when no process holds the port.
  rm -f "$PG/.s.PGSQL.$PG_PORT.lock"
  as_pg "$bin/pg_ctl" -D "$PG_DATA" -l "$PG/log.txt" -w -t 60 \
    -o "-p $PG_PORT -c listen_addresses=127.0.0.1 -k '$PG' -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    start >/dev/null || { tail -20 "$PG/log.txt" >&2; die "could not start PostgreSQL on 127.0.0.1:$PG_PORT"; }
}

pg_stop() {
  [ -f "$PG_DATA/postmaster.pid" ] || return 0
  as_pg "$(pg_bin)/pg_ctl" -D "$PG_DATA" -m fast -w stop >/dev/null 2>&1 || true
}

# ---- MariaDB --------------------------------------------------------------------------------
MY=$DIR/mariadb
MY_DATA=$MY/data
MY_SOCK=$MY/mysqld.sock
MY_PID=$MY/mysqld.pid

my_pid() { [ -f "$MY_PID" ] && cat "$MY_PID"; }

my_running() {
  local pid; pid=$(my_pid) || return 1
  kill -0 "$pid" 2>/dev/null && [ "$(cut -d' ' -f3 "/proc/$pid/stat" 2>/dev/null)" != Z ] || return 1
  mariadb-admin --no-defaults --protocol=socket --socket="$MY_SOCK" -uroot ping >/dev/null 2>&1
}

my_start() {
  my_running && return 0
  mkdir -p "$MY"
  local user=(); as_root && { user=(--user=root); }
  if ! [ -d "$MY_DATA/mysql" ]; then
    rm -rf "$MY_DATA"
    mariadb-install-db --no-defaults --datadir="$MY_DATA" "${user[@]}" --auth-root-authentication-method=normal \
      --skip-test-db >"$MY/install.log" 2>&1 || { cat "$MY/install.log" >&2; die "mariadb-install-db failed"; }
  fi
  # A pid file whose process is gone would make the wait below trust the wrong process.
  rm -f "$MY_PID" "$MY_SOCK" "$MY_SOCK.lock"
  # Its own folder for temporary tables, not the machine's /tmp that other servers share.
  mkdir -p "$MY/tmp"
  setsid -f mariadbd --no-defaults --datadir="$MY_DATA" "${user[@]}" --bind-address=127.0.0.1 --port="$MY_PORT" \
    --socket="$MY_SOCK" --pid-file="$MY_PID" --log-error="$MY/error.log" --skip-name-resolve --tmpdir="$MY/tmp" \
    --innodb-flush-log-at-trx-commit=0 --innodb-doublewrite=0 --innodb-flush-method=nosync \
    --innodb-buffer-pool-size=64M --skip-log-bin </dev/null >/dev/null 2>&1
  local i
  for i in $(seq 1 150); do
    my_running && break
    sleep 0.1
  done
  my_running || { tail -20 "$MY/error.log" >&2; die "could not start MariaDB on 127.0.0.1:$MY_PORT"; }
  # A login over TCP from 127.0.0.1 is not root@localhost: the tests use their own user.
  mariadb --no-defaults --protocol=socket --socket="$MY_SOCK" -uroot <<SQL || die "could not create the test user"
CREATE OR REPLACE USER '$MY_USER'@'%' IDENTIFIED BY '$MY_PASSWORD';
GRANT ALL PRIVILEGES ON *.* TO '$MY_USER'@'%' WITH GRANT OPTION;
CREATE DATABASE IF NOT EXISTS ebb;
SQL
}

my_stop() {
  local pid; pid=$(my_pid) || return 0
  kill "$pid" 2>/dev/null || return 0
  local i
  for i in $(seq 1 100); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.1
  done
  kill -9 "$pid" 2>/dev/null || true
}

print_env() {
  echo "export EBB_TEST_POSTGRES_URL='$PG_URL'"
  echo "export EBB_TEST_MYSQL_URL='$MY_URL'"
}

case "${1:-}" in
  start)
    install_missing
    mkdir -p "$DIR"
    # Serialise concurrent starts (two test runs at once).
    exec 9>"$DIR/.start.lock"
    flock 9
    pg_start 9>&-
    my_start 9>&-
    print_env
    ;;
  stop) pg_stop; my_stop ;;
  env) print_env ;;
  status) pg_running && my_running ;;
  *) echo "usage: scripts/db.sh start|stop|env|status" >&2; exit 2 ;;
esac
