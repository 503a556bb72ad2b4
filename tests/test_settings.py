"""Settings: production fails closed and passes check --deploy; SQLite is set for concurrency."""

import base64
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

BASE_DIR = Path(__file__).resolve().parent.parent
PROD_VARIABLES = (
    "DJANGO_SECRET_KEY",
    "DJANGO_ALLOWED_HOSTS",
    "TIEPCAN_PUBLIC_URL",
    "DATABASE_URL",
    "TIEPCAN_DATA_KEY",
)


def clean_env(tmp_path: Path, **values: str) -> dict[str, str]:
    """The caller's environment without anything that configures Django, plus `values`."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "TIEPCAN_")) and key not in ("DATABASE_URL", "REDIS_URL")
    }
    env["TIEPCAN_VAR_DIR"] = str(tmp_path / "var")
    env.update(values)
    return env


def prod_env(tmp_path: Path) -> dict[str, str]:
    return clean_env(
        tmp_path,
        DJANGO_SETTINGS_MODULE="config.settings.prod",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(64),  # 86 random characters
        DJANGO_ALLOWED_HOSTS="tiepcan.example.vn",
        TIEPCAN_PUBLIC_URL="https://tiepcan.example.vn",
        DATABASE_URL=f"sqlite:///{tmp_path / 'x.sqlite3'}",
        TIEPCAN_DATA_KEY=base64.b64encode(secrets.token_bytes(32)).decode(),
    )


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_prod_settings_pass_check_deploy_without_warnings(tmp_path):
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], prod_env(tmp_path))

    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "WARNING" not in output
    assert "System check identified no issues (0 silenced)." in output


@pytest.mark.parametrize("missing", PROD_VARIABLES)
def test_prod_settings_refuse_to_start_without(missing, tmp_path):
    env = prod_env(tmp_path)
    del env[missing]

    result = run(["manage.py", "check", "--deploy"], env)

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert f"Set the environment variable {missing}" in result.stderr
    for present in set(PROD_VARIABLES) - {missing}:
        assert f"variable {present}" not in result.stderr


@pytest.mark.parametrize("blank", PROD_VARIABLES)
def test_prod_settings_treat_a_blank_variable_as_missing(blank, tmp_path):
    env = prod_env(tmp_path)
    env[blank] = "  "

    result = run(["manage.py", "check", "--deploy"], env)

    assert result.returncode != 0
    assert f"Set the environment variable {blank}" in result.stderr


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("TIEPCAN_DATA_KEY", "c2hvcnQ=", "TIEPCAN_DATA_KEY must be 32 bytes in base64"),
        ("TIEPCAN_DATA_KEY", "not base64 at all!", "TIEPCAN_DATA_KEY must be 32 bytes in base64"),
        ("TIEPCAN_DATA_KEY", settings.DEV_ONLY_PUBLIC_DATA_KEY, "the public development key"),
        ("TIEPCAN_HASH_KEY", "c2hvcnQ=", "TIEPCAN_HASH_KEY must be 32 bytes in base64"),
        ("TIEPCAN_DATA_KEYS_OLD", "0:c2hvcnQ=", "TIEPCAN_DATA_KEYS_OLD must be 32 bytes"),
    ],
)
def test_prod_settings_refuse_a_bad_personal_data_key(variable, value, message, tmp_path):
    env = {**prod_env(tmp_path), variable: value}

    result = run(["manage.py", "check", "--deploy"], env)

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and message in result.stderr
    assert value not in result.stderr.replace(message, "")  # a key is never echoed


@pytest.mark.django_db
def test_sqlite_runs_in_wal_mode_with_immediate_transactions():
    if connection.vendor != "sqlite":
        pytest.skip(f"SQLite only; this run uses {connection.vendor} (DATABASE_URL)")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        (journal_mode,) = cursor.fetchone()

    assert journal_mode.lower() == "wal"
    assert settings.DATABASES["default"]["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert connection.transaction_mode == "IMMEDIATE"


def test_dev_settings_sqlite_runs_in_wal_mode_with_immediate_transactions(tmp_path):
    """`make run`'s database: the dev settings with no DATABASE_URL, in a throwaway VAR_DIR."""
    script = (
        "import django; django.setup()\n"
        "from django.db import connection\n"
        "with connection.cursor() as c:\n"
        "    c.execute('PRAGMA journal_mode'); print(connection.vendor, c.fetchone()[0])\n"
        "print(connection.settings_dict['OPTIONS']['transaction_mode'])\n"
    )
    env = clean_env(tmp_path, DJANGO_SETTINGS_MODULE="config.settings.dev")

    result = run(["-c", script], env)

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["sqlite", "wal", "IMMEDIATE"]
    assert (tmp_path / "var" / "db.sqlite3").exists()


def test_dev_settings_sign_with_the_demo_keys_once_seed_demo_wrote_them(tmp_path):
    """`make run` after `seed_demo` signs digitally; the environment's own keys still win."""
    script = (
        "from django.conf import settings as s\n"
        "print(s.TIEPCAN_SIGNING_KEYS or '-', ','.join(s.TIEPCAN_SIGNING_TRUST_ROOTS) or '-')\n"
    )
    env = clean_env(tmp_path, DJANGO_SETTINGS_MODULE="config.settings.dev")
    folder = tmp_path / "var" / "demo-keys"

    assert run(["-c", script], env).stdout.split() == ["-", "-"]  # before the first seed_demo
    folder.mkdir(parents=True)
    (folder / "keys.json").write_text("{}")
    (folder / "ca.pem").write_text("")
    assert run(["-c", script], env).stdout.split() == [
        str(folder / "keys.json"),
        str(folder / "ca.pem"),
    ]
    env.update(TIEPCAN_SIGNING_KEYS="/etc/tiepcan/keys.json", TIEPCAN_SIGNING_TRUST_ROOTS="/r.pem")
    assert run(["-c", script], env).stdout.split() == ["/etc/tiepcan/keys.json", "/r.pem"]


def test_locale_and_time_zone():
    assert settings.TIME_ZONE == "Asia/Ho_Chi_Minh"
    assert settings.LANGUAGE_CODE == "vi"
    assert "en" in dict(settings.LANGUAGES)
    assert "vi" in dict(settings.LANGUAGES)
    assert settings.USE_TZ
    assert settings.USE_I18N
