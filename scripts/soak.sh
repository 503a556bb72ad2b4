#!/usr/bin/env bash
# The long fault runs (`make soak`): tests/reliability with TIEPCAN_SOAK=1 on SQLite, then on a
# throwaway PostgreSQL + Redis. 4 processes x 200 rounds of concurrent transitions (2 on SQLite),
# 100 online submissions with the server killed at random moments, 10 connection drops at each
# point, and every hostile string through every field of the online form
# (TIEPCAN_HOSTILE_FULL=1). Prints every figure (pytest -s); exits non-zero if either run fails.
source "$(dirname "$0")/runner.sh"

export TIEPCAN_SOAK=1 TIEPCAN_HOSTILE_FULL=1
PYTEST=("$PY" -m pytest -q -s tests/reliability tests/security/test_hostile_strings.py)

status=0
echo "== soak on SQLite =="
rc=0
"${PYTEST[@]}" || rc=$?
status=$rc

echo "== starting PostgreSQL + Redis =="
start_services
echo "== soak on PostgreSQL + Redis =="
rc=0
DATABASE_URL="$DATABASE_URL" REDIS_URL="$REDIS_URL" "${PYTEST[@]}" || rc=$?
if [ "$status" = 0 ]; then status=$rc; fi
exit "$status"
