"""Supply chain (issue #8, item 9): exact pins, bandit over our packages with no medium or high
finding, and a pip-audit step that fails when it cannot reach the vulnerability service (it must
never pass having checked nothing). These check tooling, not behaviour: `make lint` runs them
(scripts/lint.sh), once per `make test`. The audit itself is `make audit`, run where the
vulnerability service is reachable (a release pipeline); no machine here reaches it."""

import json
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VENV_BIN = Path(sys.executable).parent
OUR_PACKAGES = ("accounts", "config", "notifications", "portal", "requests_flow")


def run(args: list[str], env=None, timeout: int = 300) -> subprocess.CompletedProcess:
    return subprocess.run(
        args, cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )


def test_every_dependency_is_pinned_to_one_version():
    project = tomllib.loads((BASE_DIR / "pyproject.toml").read_text())["project"]
    requirements = project["dependencies"] + project["optional-dependencies"]["dev"]
    loose = [r for r in requirements if not re.fullmatch(r"[A-Za-z0-9_.\-\[\]]+==[\w.]+", r)]
    print(f"pins: tried {len(requirements)}, loose {len(loose)}")
    assert not loose
    names = {r.split("==")[0].split("[")[0].lower() for r in requirements}
    assert {"django-csp", "django-axes", "pip-audit", "bandit"} <= names


def bandit(*targets: str) -> dict:
    result = run(
        [str(VENV_BIN / "bandit"), "-q", "-c", "pyproject.toml", "-f", "json", "-r", *targets]
    )
    assert result.returncode in (0, 1), result.stderr
    return json.loads(result.stdout)


def test_bandit_finds_no_medium_or_high_issue_in_our_packages():
    report = bandit(".")
    scanned = [name for name in report["metrics"] if name != "_totals"]
    serious = [
        f"{r['filename']}:{r['line_number']} {r['test_id']} {r['issue_text']}"
        for r in report["results"]
        if r["issue_severity"] in ("MEDIUM", "HIGH")
    ]
    print(f"bandit: scanned {len(scanned)} files, {len(report['results'])} low findings reviewed")
    assert not serious, serious
    for package in OUR_PACKAGES:
        assert any(name.startswith(f"./{package}/") for name in scanned), package
    assert not any(name.startswith(("./tests/", "./.venv/", "./bench/")) for name in scanned)


def test_bandit_with_the_project_config_fails_on_a_high_finding(tmp_path):
    """The control: the same command does see a shell injection."""
    (tmp_path / "bad.py").write_text("import subprocess\nsubprocess.call(input(), shell=True)\n")
    result = run(
        [str(VENV_BIN / "bandit"), "-q", "-c", "pyproject.toml", "-ll", "-r", str(tmp_path)]
    )
    assert result.returncode == 1
    assert "B602" in result.stdout


def test_the_audit_fails_loudly_when_the_vulnerability_service_is_unreachable():
    # A proxy that refuses every connection: the same as no network to PyPI.
    refused = "http://127.0.0.1:9"
    env = {**os.environ, "HTTPS_PROXY": refused, "https_proxy": refused, "NO_PROXY": ""}
    result = run(["bash", "scripts/audit.sh"], env=env)
    assert result.returncode != 0
    assert "pip-audit FAILED" in result.stderr
    assert "No known vulnerabilities found" not in result.stdout
