#!/usr/bin/env bash
# make bench: seed a scaled data set on SQLite and on a throwaway PostgreSQL, run every registered
# scenario on both, print one table (figure, floor = same work as raw SQL, ratio).
# BENCH_SCALE sets the number of enterprises the generator makes (default 2000).
set -euo pipefail
PY=.venv/bin/python
SCALE=${BENCH_SCALE:-2000}
export DJANGO_SETTINGS_MODULE=config.settings.dev
out=var/bench
mkdir -p "$out"

run_on() {
  local label=$1
  $PY -m anjian migrate --noinput -v 0
  $PY -m anjian seed --demo >/dev/null
  echo "== $label：生成规模 $SCALE 的数据"
  $PY -m anjian seed --scale "$SCALE"
  $PY -m anjian bench --scale "$SCALE" --json "$out/$label.json" >/dev/null
}

DATABASES_TO_RUN=${BENCH_DB:-sqlite postgresql}  # e.g. BENCH_DB=postgresql for the large runs
reports=()
for db in $DATABASES_TO_RUN; do
  if [ "$db" = sqlite ]; then
    rm -f "$out"/bench.sqlite3*
    DATABASE_URL="sqlite:///$out/bench.sqlite3" run_on sqlite
  else
    pgdir=$(mktemp -d /tmp/anjian-pgbench-XXXXXX)
    trap 'bash scripts/pg-throwaway.sh stop "$pgdir"' EXIT
    DATABASE_URL=$(bash scripts/pg-throwaway.sh start "$pgdir" 54339) run_on postgresql
  fi
  reports+=("$out/$db.json")
done

echo
$PY -m anjian bench --report "${reports[@]}"
