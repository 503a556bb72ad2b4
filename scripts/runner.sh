# Sourced by scripts/test.sh and scripts/soak.sh (not run on its own): the project root as the
# working directory, the venv's Python, the Debian packages the runs need, the test settings
# whatever the caller's shell has, and `start_services`, whose PostgreSQL + Redis are stopped on
# exit whatever happens.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
VENV=${VENV:-.venv}
PY=$VENV/bin/python
bash scripts/system-packages.sh

export DJANGO_SETTINGS_MODULE=config.settings.test
unset DATABASE_URL REDIS_URL DJANGO_ALLOW_ASYNC_UNSAFE

services_dir=""
cleanup() {
  local rc=$?
  if [ -n "$services_dir" ]; then
    bash scripts/services.sh stop "$services_dir" || echo "$0: could not stop $services_dir" >&2
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Start a throwaway PostgreSQL + Redis; sets DATABASE_URL, REDIS_URL and exports PG_BIN. A failed
# start ends the script (set -e).
start_services() {
  local services_env
  services_env=$(bash scripts/services.sh start)
  eval "$services_env"
  services_dir=$SERVICES_DIR
  export PG_BIN
  echo "PostgreSQL $DATABASE_URL, Redis $REDIS_URL (in $services_dir)"
}
