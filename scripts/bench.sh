#!/usr/bin/env bash
# usage: scripts/bench.sh [RUNS] [validate|describe|migrate|all]
# Times ebb against Prisma 7.10.1 (through ../shared/prisma-oracle, or $PRISMA_ORACLE) on the
# same inputs in the same run, and prints Markdown rows for BENCHMARKS.md. Wall-clock medians of
# RUNS runs (default 5) each, whole commands as a user runs them. `describe` starts the test
# servers (scripts/db.sh) and stops them at the end. `migrate` times the migration workflow on
# the example project (SQLite), each run on a fresh copy prepared outside the timing.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-5}
WHAT=${2:-all}
ORACLE=${PRISMA_ORACLE:-$(cd .. && pwd)/shared/prisma-oracle}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

cargo build -q --release -p ebb -p schema-gen
TARGET=$(cd "${CARGO_TARGET_DIR:-target}" && pwd)
EBB=$TARGET/release/ebb

# Median wall-clock milliseconds of RUNS runs of a command (output discarded).
median_ms() {
  local times=() start end
  for _ in $(seq "$RUNS"); do
    start=$(date +%s%N)
    "$@" >/dev/null 2>&1 || { echo "bench.sh: command failed: $*" >&2; "$@" >&2 || true; exit 1; }
    end=$(date +%s%N)
    times+=($(( (end - start) / 1000 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk -v n="$RUNS" 'NR == int((n + 1) / 2) { printf "%.1f", $1 / 1000 }'
}

have_oracle() { [ -x "$ORACLE/prisma" ] && "$ORACLE/setup.sh" >/dev/null 2>&1; }

row() {   # name, ebb ms, prisma ms or "-"
  local ratio="-" prisma="-"
  if [ "$3" != "-" ]; then
    ratio=$(awk -v a="$2" -v b="$3" 'BEGIN { printf "%.0fx", b / a }')
    prisma="$3 ms"
  fi
  printf '| %s | %s ms | %s | %s |\n' "$1" "$2" "$prisma" "$ratio"
}

bench_validate() {
echo "| case | ebb | Prisma 7.10.1 | Prisma / ebb |"
echo "|---|---|---|---|"
for models in 500 5000; do
  mkdir -p "$WORK/$models"
  "$TARGET/release/schema-gen" "$models" --seed 1 >"$WORK/$models/schema.prisma"
  ebb_ms=$(cd "$WORK/$models" && median_ms "$EBB" validate --schema schema.prisma)
  prisma_ms="-"
  if have_oracle; then
    prisma_ms=$(cd "$WORK/$models" && median_ms "$ORACLE/prisma" validate --schema schema.prisma)
  fi
  row "\`validate\`, generated schema of $models models ($(wc -l <"$WORK/$models/schema.prisma") lines)" "$ebb_ms" "$prisma_ms"
done
}

# Statements the PostgreSQL server logged so far (log_statement=all on the bench database).
pg_logged() { grep -cE 'LOG:  (statement|execute)' "$PG_LOG" 2>/dev/null || true; }

# Runs a command once and prints how many statements PostgreSQL logged meanwhile.
pg_count() {
  local before after
  before=$(pg_logged)
  "$@" >/dev/null 2>&1 || { echo "bench.sh: command failed: $*" >&2; exit 1; }
  sleep 0.2
  after=$(pg_logged)
  echo $(( after - before ))
}

# A database of 1,000 tables (a generated schema applied with ebb), then `migrate diff` from
# the live database to the same schema with --exit-code: one describe, and a check that no
# phantom difference shows (exit 0).
bench_describe() {
  eval "$(bash scripts/db.sh start)"
  trap 'bash scripts/db.sh stop; rm -rf "$WORK"' EXIT
  PG_LOG=$PWD/target/test-db/postgres/log.txt
  local pg_admin=$EBB_TEST_POSTGRES_URL
  local pg_url=${pg_admin%/*}/ebb_bench my_url=${EBB_TEST_MYSQL_URL%/*}/ebb_bench
  echo "| describe 1,000 tables | ebb | Prisma 7.10.1 | Prisma / ebb | statements ebb / Prisma |"
  echo "|---|---|---|---|---|"
  for provider in postgresql mysql sqlite; do
    local dir=$WORK/describe-$provider url
    mkdir -p "$dir"
    "$TARGET/release/schema-gen" 1000 --provider "$provider" --seed 1 >"$dir/schema.prisma"
    case $provider in
      postgresql)
        url=$pg_url
        psql -q "$pg_admin" -c 'DROP DATABASE IF EXISTS ebb_bench' -c 'CREATE DATABASE ebb_bench' \
          -c "ALTER DATABASE ebb_bench SET log_statement = 'all'" >/dev/null 2>&1 ;;
      mysql)
        url=$my_url
        "$EBB" db execute --url "${EBB_TEST_MYSQL_URL}" --stdin >/dev/null \
          <<<'DROP DATABASE IF EXISTS ebb_bench; CREATE DATABASE ebb_bench;' 2>/dev/null ;;
      sqlite) url=file:./bench.db; rm -f "$dir/bench.db" ;;
    esac
    printf 'import { defineConfig } from "prisma/config";\nexport default defineConfig({ datasource: { url: "%s" } });\n' "$url" \
      >"$dir/prisma.config.ts"
    (cd "$dir" && "$EBB" migrate diff --from-empty --to-schema schema.prisma --script -o up.sql \
      && "$EBB" db execute --file up.sql >/dev/null) 2>/dev/null
    local args=(migrate diff --from-config-datasource --to-schema schema.prisma --exit-code)
    local ebb_ms prisma_ms="-" ebb_n="-" prisma_n="-" ratio="-"
    ebb_ms=$(cd "$dir" && median_ms "$EBB" "${args[@]}")
    if [ "$provider" != mysql ] && have_oracle; then
      prisma_ms=$(cd "$dir" && median_ms "$ORACLE/prisma" "${args[@]}")
      ratio=$(awk -v a="$ebb_ms" -v b="$prisma_ms" 'BEGIN { printf "%.0fx", b / a }')
    fi
    if [ "$provider" = postgresql ]; then
      ebb_n=$(cd "$dir" && pg_count "$EBB" "${args[@]}")
      [ "$prisma_ms" != "-" ] && prisma_n=$(cd "$dir" && pg_count "$ORACLE/prisma" "${args[@]}")
    fi
    printf '| %s | %s ms | %s ms | %s | %s / %s |\n' "$provider" "$ebb_ms" "$prisma_ms" "$ratio" "$ebb_n" "$prisma_n"
  done
}

# Median wall-clock milliseconds of RUNS runs of a command, each run in a fresh copy of the
# folder $1 (prepared outside the timing), the command run in the copy.
median_ms_fresh() {
  local template=$1 times=() start end
  shift
  for i in $(seq "$RUNS"); do
    rm -rf "$WORK/run" && cp -r "$template" "$WORK/run"
    start=$(date +%s%N)
    (cd "$WORK/run" && "$@" >/dev/null 2>&1) || { echo "bench.sh: command failed: $*" >&2; (cd "$WORK/run" && "$@" >&2) || true; exit 1; }
    end=$(date +%s%N)
    times+=($(( (end - start) / 1000 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk -v n="$RUNS" 'NR == int((n + 1) / 2) { printf "%.1f", $1 / 1000 }'
}

bench_migrate() {
  # The example blog project with its `init` applied (state `applied`), then a schema with one
  # model more (state `changed`); `two` holds both migrations, applied.
  local applied=$WORK/applied changed=$WORK/changed two=$WORK/two
  cp -r examples/blog "$applied" && rm -f "$applied"/*.db
  (cd "$applied" && "$EBB" migrate deploy >/dev/null 2>&1)
  cp -r "$applied" "$changed"
  printf '\nmodel Note {\n  id   Int    @id @default(autoincrement())\n  body String\n}\n' >>"$changed/schema.prisma"
  cp -r "$changed" "$two"
  (cd "$two" && "$EBB" migrate dev --name add_note >/dev/null 2>&1)
  local down_file
  down_file=$(cd "$two" && ls migrations/*_add_note/down.sql)
  local fresh=$WORK/fresh
  cp -r "$two" "$fresh" && rm -f "$fresh"/*.db
  local oracle=no
  have_oracle && oracle=yes
  echo "| SQLite, example project | ebb | Prisma 7.10.1 | Prisma / ebb |"
  echo "|---|---|---|---|"
  local e p
  e=$(median_ms_fresh "$changed" "$EBB" migrate dev --name add_note)
  p=-; [ $oracle = yes ] && p=$(median_ms_fresh "$changed" "$ORACLE/prisma" migrate dev --name add_note)
  row "\`migrate dev --name add_note\` (ebb also writes and proves down.sql)" "$e" "$p"
  e=$(median_ms_fresh "$fresh" "$EBB" migrate deploy)
  p=-; [ $oracle = yes ] && p=$(median_ms_fresh "$fresh" "$ORACLE/prisma" migrate deploy)
  row "\`migrate deploy\` of two migrations to a new database" "$e" "$p"
  e=$(median_ms_fresh "$two" "$EBB" migrate status)
  p=-; [ $oracle = yes ] && p=$(median_ms_fresh "$two" "$ORACLE/prisma" migrate status)
  row "\`migrate status\`" "$e" "$p"
  e=$(median_ms_fresh "$two" "$EBB" migrate down --force)
  p=-; [ $oracle = yes ] && p=$(median_ms_fresh "$two" "$ORACLE/prisma" db execute --file "$down_file")
  row "roll back the latest migration: ebb \`migrate down --force\`; Prisma \`db execute --file down.sql\` (records nothing)" "$e" "$p"
  e=$(median_ms_fresh "$two" "$EBB" migrate check)
  row "\`migrate check\` (2 migrations, up and down on a shadow database)" "$e" "-"
}

case $WHAT in
  validate) bench_validate ;;
  describe) bench_describe ;;
  migrate) bench_migrate ;;
  all) bench_validate; echo; bench_describe; echo; bench_migrate ;;
  *) echo "usage: scripts/bench.sh [RUNS] [validate|describe|migrate|all]" >&2; exit 2 ;;
esac
