"""Test settings: SQLite in a temp file; DATABASE_URL / REDIS_URL switch to real services."""

import tempfile
from pathlib import Path

from config.env import env_int, env_str

from .base import *

SECRET_KEY = "test-only-key"  # noqa: S105 - used by the test suite only
DEBUG = False
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Test-only, public, non-secret key (see base.py).
TIEPCAN_DATA_KEY = TIEPCAN_DATA_KEY or DEV_ONLY_PUBLIC_DATA_KEY
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
if env_str("TIEPCAN_TEST_EMAIL_DIR"):
    # A worker started by a test as a subprocess: its e-mails go to files (one per message) in
    # this directory, which survive the process (locmem's outbox does not).
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = env_str("TIEPCAN_TEST_EMAIL_DIR")
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="tiepcan-media-"))
# seed_demo's test certificates: made once per test process, never in the project's var/.
TIEPCAN_DEMO_KEYS_DIR = Path(tempfile.mkdtemp(prefix="tiepcan-demo-keys-"))
if not env_str("DATABASE_URL"):
    # A file, not :memory:, so that threads and subprocesses in tests see the same database.
    DATABASES = {"default": sqlite_database(Path(tempfile.gettempdir()) / "tiepcan-test.sqlite3")}
    DATABASES["default"]["TEST"] = {
        "NAME": str(Path(tempfile.mkdtemp(prefix="tiepcan-db-")) / "test.sqlite3")
    }
LOGGING["root"]["level"] = "WARNING"
# The suite's pushes come from its own process; the bridge (notifications/bridge.py) is tested on
# its own and in the browser against `make run`'s processes.
TIEPCAN_LIVE_POLL_SECONDS = env_int("TIEPCAN_LIVE_POLL_SECONDS", 0)
