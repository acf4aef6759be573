#!/usr/bin/env bash
# make test: lint, checks, the suite on SQLite, again on a throwaway PostgreSQL, the production
# start (collectstatic, gunicorn with the production settings), then the browser tests.
set -euo pipefail
PY=.venv/bin/python
export DJANGO_SETTINGS_MODULE=config.settings.test
export PYTHONHASHSEED=0
mkdir -p var/test-artifacts
status=0

step() { echo; echo "==> $*"; }

step "ruff"
.venv/bin/ruff check .
.venv/bin/ruff format --check .

step "import-linter"
.venv/bin/lint-imports

step "mypy"
.venv/bin/mypy

step "Django 检查与迁移一致性"
$PY -m anjian check --fail-level WARNING
$PY -m anjian makemigrations --check --dry-run
DJANGO_SETTINGS_MODULE=config.settings.production SECRET_KEY="$(python3 -c 'import secrets;print(secrets.token_urlsafe(64))')" \
  ALLOWED_HOSTS=anjian.example.org ANJIAN_FIELD_KEYS="$($PY -c 'from cryptography.fernet import Fernet;print(Fernet.generate_key().decode())')" \
  ANJIAN_AUDIT_KEY="$(python3 -c 'import secrets;print(secrets.token_urlsafe(32))')" \
  $PY -m anjian check --deploy --fail-level WARNING

step "测试（SQLite）"
unset DATABASE_URL
$PY -m pytest -m "not e2e and not production" -n 2 -q "$@"

step "测试（PostgreSQL）"
pgdir=$(mktemp -d /tmp/anjian-pg-XXXXXX)
trap 'bash scripts/pg-throwaway.sh stop "$pgdir"' EXIT
DATABASE_URL=$(bash scripts/pg-throwaway.sh start "$pgdir" 54329)
export DATABASE_URL
$PY -m pytest -m "not e2e and not production" -n 2 -q "$@"
bash scripts/pg-throwaway.sh stop "$pgdir"
unset DATABASE_URL

step "生产启动（collectstatic 与 gunicorn，生产配置）"
$PY -m pytest -m production -p no:xdist -q tests/test_production.py

step "浏览器测试（Chromium）"
$PY -m pytest -m e2e -q "$@"
