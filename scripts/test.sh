#!/usr/bin/env bash
# usage: scripts/test.sh [extra cargo test arguments]
# Runs every test: starts private PostgreSQL and MariaDB servers (installing them from Debian's
# packages when missing, see scripts/db.sh), runs the whole workspace's tests against them, and
# stops the servers on exit.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
cd "$ROOT"

stop_servers() { bash "$ROOT/scripts/db.sh" stop || true; }
trap stop_servers EXIT

started=$(date +%s)
# Assigned first, so that a server that does not start stops the run here (set -e).
server_env=$(bash "$ROOT/scripts/db.sh" start)
eval "$server_env"
masked() { sed -E 's#(://[^:/@]+):[^@]*@#\1:****@#' <<<"$1"; }
echo "test.sh: servers up in $(( $(date +%s) - started ))s: $(masked "$EBB_TEST_POSTGRES_URL"), $(masked "$EBB_TEST_MYSQL_URL")" >&2

if cargo nextest --version >/dev/null 2>&1; then
  # The crates have no doctests (examples live in tests), so nextest runs everything.
  cargo nextest run --workspace --no-fail-fast "$@"
else
  cargo test --workspace --no-fail-fast "$@"
fi
