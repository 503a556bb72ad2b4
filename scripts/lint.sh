#!/usr/bin/env bash
# `make lint`, and the first stage of `make test`: checks of the code and its tooling rather than
# of behaviour, run once (not once per database): ruff, import-linter's contracts (the apps depend
# one way), bandit (medium and high findings fail; config in pyproject.toml), migrations complete,
# and tests/tooling (every string translated and the shipped catalogue compiled from it, exact
# pins and a lock in step with them, bandit's own control, the audit's refusal to pass when it
# checked nothing). pip-audit is `make audit` (see scripts/audit.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${VENV:-.venv}
export DJANGO_SETTINGS_MODULE=config.settings.test
unset DATABASE_URL REDIS_URL

echo "== ruff =="
"$VENV/bin/ruff" check .
"$VENV/bin/ruff" format --check .
echo "== import contracts (the apps depend one way: pyproject.toml [tool.importlinter]) =="
# No cache: the whole graph parses in a second or two, and no .import_linter_cache is left behind.
"$VENV/bin/lint-imports" --no-cache
echo "== bandit (medium and high findings fail) =="
"$VENV/bin/bandit" -q -c pyproject.toml -r . --severity-level medium
echo "== migrations are complete =="
"$VENV/bin/python" manage.py makemigrations --check --dry-run >/dev/null
echo "== tooling tests (translations, pins, lock, bandit, audit) =="
"$VENV/bin/python" -m pytest -q tests/tooling
