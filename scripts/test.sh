#!/usr/bin/env bash
# usage: scripts/test.sh [extra cargo test arguments]
# Runs every test: starts private PostgreSQL and MariaDB servers (installing them from Debian's
# packages when missing, see scripts/db.sh), runs the whole workspace's tests against them, then
# the binary's live walk on PostgreSQL 13 and 17, and stops the servers on exit. After the runner's summary it names every test that skipped part
# of its work (outside CI only: under CI=true such a test fails).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
cd "$ROOT"

if [ "${CI:-}" = true ]; then
  for switch in UPDATE_EXPECT EBB_RECORD_PRISMA; do
    if [ -n "${!switch:-}" ] && [ "${!switch}" != 0 ]; then
      echo "test.sh: $switch=${!switch} rewrites expected files, which is refused under CI=true" >&2
      exit 1
    fi
  done
fi

stop_servers() { bash "$ROOT/scripts/db.sh" stop || true; }
trap stop_servers EXIT

started=$(date +%s)
# Assigned first, so that a server that does not start stops the run here (set -e).
server_env=$(bash "$ROOT/scripts/db.sh" start)
eval "$server_env"
masked() { sed -E 's#(://[^:/@]+):[^@]*@#\1:****@#' <<<"$1"; }
echo "test.sh: servers up in $(( $(date +%s) - started ))s: $(masked "$EBB_TEST_POSTGRES_URL"), $(masked "$EBB_TEST_MYSQL_URL")" >&2

# Each test that cannot check all it claims appends "binary::test<TAB>reason" here.
mkdir -p "$ROOT/target"
export EBB_SKIP_LOG="$ROOT/target/ebb-skipped.tsv"
: >"$EBB_SKIP_LOG"

status=0
# The walk of the binary through crates/ebb/tests/live.rs on every other PostgreSQL version
# scripts/db.sh started (EBB_TEST_POSTGRES13_URL, …), each in the place of the first; then the
# whole workspace, whose runner summary closes the output.
for var in $(compgen -v | grep -E '^EBB_TEST_POSTGRES[0-9]+_URL$'); do
  echo "test.sh: crates/ebb/tests/live.rs on PostgreSQL ${var//[!0-9]/}" >&2
  if cargo nextest --version >/dev/null 2>&1; then
    EBB_TEST_POSTGRES_URL=${!var} cargo nextest run -p ebb --test live --no-fail-fast -E 'test(/postgres/)' || status=$?
  else
    EBB_TEST_POSTGRES_URL=${!var} cargo test -p ebb --test live --no-fail-fast postgres || status=$?
  fi
done

if cargo nextest --version >/dev/null 2>&1; then
  # The crates have no doctests (examples live in tests), so nextest runs everything.
  cargo nextest run --workspace --no-fail-fast "$@" || status=$?
else
  cargo test --workspace --no-fail-fast "$@" || status=$?
fi

if [ -s "$EBB_SKIP_LOG" ]; then
  skipped=$(cut -f1 "$EBB_SKIP_LOG" | sort -u | wc -l)
  echo
  echo "$skipped tests skipped part or all of what they check:"
  # One line per reason, with the tests it stopped.
  sort -u "$EBB_SKIP_LOG" | awk -F'\t' '{ tests[$2] = tests[$2] "\n    " $1; n[$2]++ }
    END { for (r in n) printf "  %d: %s%s\n", n[r], r, tests[r] }'
fi
exit "$status"
