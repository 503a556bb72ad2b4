#!/usr/bin/env bash
# The whole test pass (`make test`). Starts every service it needs and stops them on exit,
# whatever happens.
#
# 1. scripts/lint.sh once (ruff, bandit, migrations, the tooling tests): a failure stops the run.
# 2. Two lanes side by side, one per core (each pytest process is single-threaded):
#    A: the suite on SQLite, then the date-sensitive tests again under a frozen clock at four
#       instants around UTC and local midnight (tests/frozen_clock.py);
#    B: the suite on a throwaway PostgreSQL + Redis, then the browser tests (Chromium).
#    Each lane's output goes to a log printed when the lanes are done, so the two do not mix.
# The script exits with the first non-zero stage's exit code, after a summary of every stage.
source "$(dirname "$0")/runner.sh"

PYTEST=("$PY" -m pytest -q)
# TIEPCAN_TEST_CLOCK="2026-12-04 21:00:00" (test-only, UTC): every pytest process runs with the
# machine's clock moved to that moment and ticking (libfaketime; PostgreSQL and Redis keep the
# real clock, which they do not share with the application), to prove the suite passes at an
# hour other than now without waiting for it. The move is an offset from the real clock: an
# absolute FAKETIME is read in each process's own TZ, and Django sets TZ for the processes a
# test starts, which would put them seven hours apart.
if [ -n "${TIEPCAN_TEST_CLOCK:-}" ]; then
  command -v faketime >/dev/null || { echo "TIEPCAN_TEST_CLOCK needs faketime (apt-get install faketime)" >&2; exit 2; }
  offset=$(( $(date -u -d "$TIEPCAN_TEST_CLOCK UTC" +%s) - $(date -u +%s) ))
  sign=""
  if [ "$offset" -ge 0 ]; then sign="+"; fi
  PYTEST=(faketime -f "${sign}${offset}s" "${PYTEST[@]}")
  echo "clock for the tests: $TIEPCAN_TEST_CLOCK UTC (faketime, ${offset}s), now $(date -u '+%F %T') UTC"
fi
SUITE=(-m "not e2e" --ignore=tests/e2e --ignore=tests/tooling)
# 16:59:59 and 17:00:01 UTC straddle local midnight (1 December local); 23:59:59 and 00:00:01
# local straddle a new year, when register numbers start again and the rule set's year changes.
FROZEN_INSTANTS=(
  2026-11-30T16:59:59+00:00
  2026-11-30T17:00:01+00:00
  2026-12-31T23:59:59+07:00
  2027-01-01T00:00:01+07:00
)

# The lanes' time limit, in seconds from their start: about four times what they take (some 13
# minutes side by side), well under CI's 90 minutes. A stage still running at the limit gets
# SIGINT, so pytest prints the test it was in, and the run fails with every lane's log printed
# instead of being killed by CI with none. (A single hung test is ended sooner, by pytest-timeout:
# pyproject.toml.)
LANES_LIMIT=${TIEPCAN_TEST_LANES_LIMIT:-3000}

results=$(mktemp -d -t tiepcan-test.XXXXXX)
stage() {  # stage NAME COMMAND...: run a stage, record its exit code and time, go on.
  local name=$1 t0=$SECONDS rc=0 left=$((lanes_deadline - SECONDS))
  shift
  echo "== $name =="
  if [ "$left" -le 0 ]; then
    rc=124
  else
    timeout --signal=INT --kill-after=60 "$left" "$@" || rc=$?
  fi
  if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
    echo "$name: stopped at the lanes' limit of ${LANES_LIMIT}s (TIEPCAN_TEST_LANES_LIMIT)"
  fi
  printf '%s\t%s\t%s\n' "$name" "$rc" $((SECONDS - t0)) >>"$results/stages"
}

lane_sqlite() {
  stage "suite on SQLite" "${PYTEST[@]}" "${SUITE[@]}"
  local instant
  for instant in "${FROZEN_INSTANTS[@]}"; do
    stage "frozen clock $instant" "${PYTEST[@]}" "${SUITE[@]}" --frozen-clock="$instant"
  done
}

lane_postgres() {
  stage "suite on PostgreSQL + Redis" \
    env DATABASE_URL="$DATABASE_URL" REDIS_URL="$REDIS_URL" "${PYTEST[@]}" "${SUITE[@]}"
  # Sync Playwright cannot share a process with pytest-asyncio's loop, and live_server needs
  # DJANGO_ALLOW_ASYNC_UNSAFE. Without pytest-asyncio, its asyncio_* ini options are unknown: the
  # -W keeps those two warnings quiet. On SQLite (a file shared with the live server's thread).
  # Exit code 5 (no tests collected) fails the run too.
  stage "browser tests (Chromium)" \
    env DJANGO_ALLOW_ASYNC_UNSAFE=true "${PYTEST[@]}" -p no:asyncio \
    -W "ignore:Unknown config option:pytest.PytestConfigWarning" tests/e2e
}

t0=$SECONDS
bash scripts/lint.sh
printf '%s\t%s\t%s\n' "lint (ruff, bandit, migrations, tooling)" 0 $((SECONDS - t0)) \
  >>"$results/stages"
echo "pip-audit: not run by make test (it needs PyPI's vulnerability service, which these" \
  "machines cannot reach); run 'make audit' where the network allows, e.g. a release pipeline."

echo "== starting PostgreSQL + Redis =="
start_services
echo "== lanes: A (SQLite, frozen clocks) and B (PostgreSQL + Redis, browser) side by side =="
lanes_deadline=$((SECONDS + LANES_LIMIT))
lane_sqlite >"$results/lane-a.log" 2>&1 &
lane_a=$!
lane_postgres >"$results/lane-b.log" 2>&1 &
lane_b=$!
wait "$lane_a" || true
wait "$lane_b" || true
echo "== lane A =="
cat "$results/lane-a.log"
echo "== lane B =="
cat "$results/lane-b.log"

echo "== summary =="
status=0
while IFS=$'\t' read -r name rc secs; do
  printf '%-42s exit %s  %ss\n' "$name" "$rc" "$secs"
  if [ "$rc" != 0 ] && [ "$status" = 0 ]; then status=$rc; fi
done <"$results/stages"
rm -rf "$results"
echo "total ${SECONDS}s, exit $status"
exit "$status"
