"""`manage.py deadlines` as an administrator or reviewer runs it, in a real subprocess."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.requests_flow.test_deadlines import CASES

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def migrated_db(django_db_setup, django_db_blocker):
    """The subprocess uses the test database that pytest-django created (same settings)."""
    from django.db import connection

    with django_db_blocker.unblock():
        name = connection.settings_dict["NAME"]
    return name


def run_on_test_db(migrated_db, *args):
    from django.db import connection

    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    if connection.vendor == "sqlite":
        env["DATABASE_URL"] = f"sqlite:///{migrated_db}"
    else:
        base = os.environ["DATABASE_URL"].rsplit("/", 1)[0]
        env["DATABASE_URL"] = f"{base}/{migrated_db}"
    return subprocess.run(
        [sys.executable, "manage.py", "deadlines", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "case", CASES, ids=lambda c: f"{c['valid_on']}-{c['channel']}-{c['complexity']}"
)
def test_reference_cases_through_the_command(migrated_db, case):
    proc = run_on_test_db(
        migrated_db,
        "--valid-at",
        case["valid_on"] + "T10:00:00+07:00",
        "--channel",
        case["channel"],
        "--complexity",
        case["complexity"],
        "--extend",
        "--format",
        "json",
    )
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert out["receipt_day"] == case["receipt_day"]
    got = {m["kind"]: m["due"] for m in out["milestones"]}
    for kind in ("provide", "notify_time_limit", "provide_or_refuse"):
        if kind in case:
            assert got[kind] == case[kind]
    if "extended" in case:
        assert out["extended"] == case["extended"]
    assert all(m["basis"] for m in out["milestones"])
    assert out["explanation"]


@pytest.mark.django_db(transaction=True)
def test_text_output_is_vietnamese_for_people(migrated_db):
    proc = run_on_test_db(
        migrated_db,
        "--valid-at",
        "2026-02-13T10:00:00+07:00",
        "--channel",
        "electronic",
        "--complexity",
        "complex",
        "--extend",
    )
    assert proc.returncode == 0, proc.stderr
    assert "13/03/2026" in proc.stdout and "30/03/2026" in proc.stdout
    assert "Tết Nguyên Đán" in proc.stdout
    assert "khoản 4 Điều 30" in proc.stdout
    assert "đã xác nhận / confirmed" in proc.stdout


@pytest.mark.django_db(transaction=True)
def test_each_milestone_says_its_citation_and_whether_it_is_confirmed(migrated_db):
    """A request under the 2026 law: the law's name alone, not confirmed; the JSON keeps its
    keys and adds basis_confirmed (issue #14 item 7)."""
    args = ["--valid-at", "2026-09-10T10:00:00+07:00", "--channel", "post"]
    text = run_on_test_db(migrated_db, *args, "--complexity", "complex")
    assert text.returncode == 0, text.stderr
    assert (
        "(Luật Tiếp cận thông tin (sửa đổi) có hiệu lực từ ngày 01/9/2026; chưa xác nhận / "
        "not confirmed)" in text.stdout
    )
    out = json.loads(
        run_on_test_db(migrated_db, *args, "--complexity", "simple", "--format", "json").stdout
    )
    [milestone] = out["milestones"]
    assert set(milestone) == {"kind", "due", "basis", "basis_confirmed"}
    assert milestone["basis_confirmed"] is False and "2016" not in milestone["basis"]
    assert set(out) == {
        "rule_set",
        "rule_set_verified",
        "receipt_day",
        "milestones",
        "extended",
        "explanation",
    }


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "args, words",
    [
        (
            [
                "--valid-at",
                "2026-02-13T10:00:00+07:00",
                "--channel",
                "email",
                "--complexity",
                "simple",
            ],
            "unknown channel",
        ),
        (
            ["--valid-at", "13/02/2026", "--channel", "electronic", "--complexity", "simple"],
            "invalid date",
        ),
        (
            [
                "--valid-at",
                "2018-06-30T10:00:00+07:00",
                "--channel",
                "electronic",
                "--complexity",
                "simple",
            ],
            "before 1/7/2018",
        ),
        (
            ["--valid-at", "2026-02-13", "--channel", "electronic", "--complexity", "hard"],
            "unknown complexity",
        ),
    ],
)
def test_bad_input_exits_non_zero_with_one_line_and_no_traceback(migrated_db, args, words):
    proc = run_on_test_db(migrated_db, *args)
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and words in lines[0]
