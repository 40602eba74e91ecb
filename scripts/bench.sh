#!/usr/bin/env bash
# usage: scripts/bench.sh [RUNS]
# Times ebb against Prisma 7.10.1 (through ../shared/prisma-oracle, or $PRISMA_ORACLE) on the
# same inputs in the same run, and prints Markdown rows for BENCHMARKS.md. Wall-clock medians of
# RUNS runs (default 5) each, whole commands as a user runs them.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-5}
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
  local ratio="-"
  [ "$3" != "-" ] && ratio=$(awk -v a="$2" -v b="$3" 'BEGIN { printf "%.0fx", b / a }')
  printf '| %s | %s ms | %s ms | %s |\n' "$1" "$2" "$3" "$ratio"
}

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
