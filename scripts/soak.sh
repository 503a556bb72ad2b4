#!/usr/bin/env bash
# The long fault runs (`make soak`): tests/reliability with TIEPCAN_SOAK=1 on SQLite, then on a
# throwaway PostgreSQL + Redis. 4 processes x 200 rounds of concurrent transitions (2 on SQLite),
# 100 online submissions with the server killed at random moments, 10 connection drops at each
# point, and every hostile string through every field of the online form
# (TIEPCAN_HOSTILE_FULL=1). Prints every figure (pytest -s); exits non-zero if either run fails.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${VENV:-.venv}
PY=$VENV/bin/python
bash scripts/system-packages.sh

services_dir=""
cleanup() {
  local rc=$?
  if [ -n "$services_dir" ]; then
    bash scripts/services.sh stop "$services_dir" || echo "soak.sh: could not stop $services_dir" >&2
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

export DJANGO_SETTINGS_MODULE=config.settings.test TIEPCAN_SOAK=1 TIEPCAN_HOSTILE_FULL=1
unset DATABASE_URL REDIS_URL
PYTEST=("$PY" -m pytest -q -s -p no:playwright tests/reliability tests/security/test_hostile_strings.py)

status=0
echo "== soak on SQLite =="
rc=0
"${PYTEST[@]}" || rc=$?
status=$rc

echo "== starting PostgreSQL + Redis =="
eval "$(bash scripts/services.sh start)"
services_dir=$SERVICES_DIR
echo "== soak on PostgreSQL + Redis =="
rc=0
DATABASE_URL="$DATABASE_URL" REDIS_URL="$REDIS_URL" "${PYTEST[@]}" || rc=$?
if [ "$status" = 0 ]; then status=$rc; fi
exit "$status"
