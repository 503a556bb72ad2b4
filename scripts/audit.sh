#!/usr/bin/env bash
# Known vulnerabilities in the installed packages (pip-audit, run by `make lint` and scripts/test.sh).
#
# --strict: a package the vulnerability service could not look up FAILS the audit. Without it,
# pip-audit prints "No known vulnerabilities found" even when it could check nothing (no network,
# a mirror without PyPI's per-version JSON API): an audit that checked nothing must not pass.
# --skip-editable: our own package (tiep-can, installed with -e) is not on PyPI.
#
# .pip-audit-ignore (optional): one vulnerability id per line, then "# YYYY-MM-DD reason"; only
# for a finding that no upgrade of a pin can fix yet. Nothing is ignored today.
#
# --unreachable-ok (scripts/test.sh only): when the service cannot be reached at all (this
# project's CI machines reach PyPI's package index but not its per-version JSON API, where
# pip-audit reads advisories), print one loud "NOT RUN" line and exit 0 so that the suites still
# decide the run. That is NOT a pass: `make lint` keeps failing, and docs/security.md says so.
# A reachable service that reports a vulnerability fails either way.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${VENV:-.venv}

if [ "${1:-}" = "--unreachable-ok" ]; then
  probe=https://pypi.org/pypi/pip/24.0/json
  code=$(curl -s -o /dev/null -m 20 -w '%{http_code}' "$probe" || true)
  if [ "$code" != 200 ]; then
    echo "pip-audit NOT RUN: the vulnerability service is unreachable ($probe answered" \
      "'$code'); no package was checked. Run 'make lint' where PyPI's JSON API is reachable." >&2
    exit 0
  fi
fi

ignores=()
if [ -f .pip-audit-ignore ]; then
  while read -r id _; do
    [ -n "$id" ] && [ "${id:0:1}" != "#" ] && ignores+=(--ignore-vuln "$id")
  done < .pip-audit-ignore
fi

rc=0
timeout 600 "$VENV/bin/pip-audit" --local --strict --skip-editable --progress-spinner off \
  "${ignores[@]}" || rc=$?
if [ "$rc" != 0 ]; then
  echo "pip-audit FAILED (exit $rc): a known vulnerability, or the vulnerability service" \
    "(https://pypi.org/pypi/<name>/<version>/json) could not be reached for some package." >&2
fi
exit "$rc"
