#!/usr/bin/env bash
# The whole test pass (`make test`): SQLite, then PostgreSQL + Redis, then the browser tests.
# Starts every service it needs and stops them on exit, whatever happens.
# ruff and the migrations check stop the run at once; the three pytest runs all run, and the
# script exits with the first non-zero pytest exit code (after a summary of every stage).
source "$(dirname "$0")/runner.sh"

# pytest-playwright is installed (dev extra) but unused: the browser tests launch Debian's
# Chromium from tests/e2e/conftest.py. Its plugin would parametrize tests by browser_name and
# delete ./test-results on every run, so it stays off.
PYTEST=("$PY" -m pytest -q -p no:playwright)

status=0
summary=()
stage() {  # stage NAME COMMAND...: run a pytest stage, record its exit code, go on.
  local name=$1 t0=$SECONDS rc=0
  shift
  echo "== $name =="
  "$@" || rc=$?
  summary+=("$(printf '%-32s exit %s  %ss' "$name" "$rc" $((SECONDS - t0)))")
  if [ "$rc" != 0 ] && [ "$status" = 0 ]; then status=$rc; fi
}

echo "== ruff =="
"$VENV/bin/ruff" check .

echo "== bandit (medium and high findings fail) =="
"$VENV/bin/bandit" -q -c pyproject.toml -r . --severity-level medium

echo "== migrations are complete =="
"$PY" manage.py makemigrations --check --dry-run >/dev/null

# Known vulnerabilities: fails on a finding; when the service cannot be reached at all it says
# "NOT RUN" loudly and the run goes on (see scripts/audit.sh; `make lint` fails then).
stage "pip-audit (known vulnerabilities)" bash scripts/audit.sh --unreachable-ok

stage "suite on SQLite" "${PYTEST[@]}" -m "not e2e" --ignore=tests/e2e

echo "== starting PostgreSQL + Redis =="
start_services
stage "suite on PostgreSQL + Redis" \
  env DATABASE_URL="$DATABASE_URL" REDIS_URL="$REDIS_URL" \
  "${PYTEST[@]}" -m "not e2e" --ignore=tests/e2e

# Sync Playwright cannot share a process with pytest-asyncio's loop, and live_server needs
# DJANGO_ALLOW_ASYNC_UNSAFE. Without pytest-asyncio, its asyncio_* ini options are unknown: the
# -W keeps those two warnings quiet. On SQLite (a file shared with the live server's thread).
# Exit code 5 (no tests collected) fails the run too.
stage "browser tests (Chromium)" \
  env DJANGO_ALLOW_ASYNC_UNSAFE=true "${PYTEST[@]}" -p no:asyncio \
  -W "ignore:Unknown config option:pytest.PytestConfigWarning" tests/e2e

echo "== summary =="
printf '%s\n' "${summary[@]}"
echo "total ${SECONDS}s, exit $status"
exit "$status"
