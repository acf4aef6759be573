#!/usr/bin/env bash
# make run: migrate, seed the demo city if empty, run the periodic tick, serve.
set -euo pipefail
PY=.venv/bin/python
HOST=${HOST:-127.0.0.1}
PORT=${PORT:-8000}
export DJANGO_SETTINGS_MODULE=${DJANGO_SETTINGS_MODULE:-config.settings.dev}
mkdir -p var
$PY -m anjian migrate --noinput -v 0
$PY -m anjian seed --demo --if-empty
$PY -m anjian demo_accounts
$PY -m anjian tick --every 60 &
tick_pid=$!
trap 'kill $tick_pid 2>/dev/null || true' EXIT INT TERM
echo "安监平台：http://$HOST:$PORT/"
$PY -m anjian runserver "$HOST:$PORT"
