#!/usr/bin/env bash
# make run: migrate, seed the demo city if empty, collect static files, run the periodic tick,
# serve with gunicorn as production does (DEBUG off; `make run DEBUG=1` for debug pages and reload).
set -euo pipefail
PY=.venv/bin/python
HOST=${HOST:-127.0.0.1}
PORT=${PORT:-8000}
DEBUG=${DEBUG:-0}
export DEBUG
export DJANGO_SETTINGS_MODULE=${DJANGO_SETTINGS_MODULE:-config.settings.dev}
mkdir -p var
$PY -m anjian migrate --noinput -v 0
$PY -m anjian seed --demo --if-empty
$PY -m anjian demo_accounts
$PY -m anjian collectstatic --noinput -v 0
$PY -m anjian tick --every 60 &
tick_pid=$!
trap 'kill $tick_pid 2>/dev/null || true' EXIT INT TERM
reload=()
case "${DEBUG,,}" in 1 | true | yes | on) reload=(--reload) ;; esac
echo "安监平台：http://$HOST:$PORT/"
.venv/bin/gunicorn config.wsgi --bind "$HOST:$PORT" --workers "${WORKERS:-2}" --threads 4 \
  --worker-class gthread --timeout 60 --access-logfile - --no-control-socket "${reload[@]}"
