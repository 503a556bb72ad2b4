#!/usr/bin/env bash
# The whole test pass (`make test`): SQLite, then PostgreSQL + Redis, then the browser tests.
# Starts every service it needs and stops them on exit, whatever happens.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${VENV:-.venv}/bin/python
bash scripts/system-packages.sh

services_dir=""
cleanup() { [ -n "$services_dir" ] && bash scripts/services.sh stop "$services_dir"; }
trap cleanup EXIT

echo "== ruff =="
"${VENV:-.venv}/bin/ruff" check .

echo "== migrations are complete =="
DJANGO_SETTINGS_MODULE=config.settings.test "$PY" manage.py makemigrations --check --dry-run >/dev/null

echo "== suite on SQLite =="
"$PY" -m pytest -q -m "not e2e" --ignore=tests/e2e

echo "== suite on PostgreSQL + Redis =="
eval "$(bash scripts/services.sh start)"
services_dir=$SERVICES_DIR
export PG_BIN
DATABASE_URL=$DATABASE_URL REDIS_URL=$REDIS_URL "$PY" -m pytest -q -m "not e2e" --ignore=tests/e2e

echo "== browser tests (Chromium) =="
# Sync Playwright cannot share a process with pytest-asyncio's loop, and live_server needs this.
DJANGO_ALLOW_ASYNC_UNSAFE=true "$PY" -m pytest -q tests/e2e -p no:asyncio
