#!/usr/bin/env bash
# Known vulnerabilities in the installed packages (pip-audit): `make audit`, run where PyPI's
# per-version JSON API is reachable (a release pipeline). No machine of this project reaches it,
# so neither `make lint` nor `make test` runs it; `make test` says so in one line. No offline
# copy of an advisory database either: an old one gives false comfort.

# --strict: a package the vulnerability service could not look up FAILS the audit. Without it,
# pip-audit prints "No known vulnerabilities found" even when it could check nothing (no network,
# a mirror without PyPI's per-version JSON API): an audit that checked nothing must not pass.
# --skip-editable: our own package (tiep-can, installed with -e) is not on PyPI.

# .pip-audit-ignore (optional): one vulnerability id per line, then "# YYYY-MM-DD reason"; only
# for a finding that no upgrade of a pin can fix yet. Nothing is ignored today.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${VENV:-.venv}

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
