"""What the fault tests share: the size of a run (short in `make test`, long under
TIEPCAN_SOAK=1), the test database's address for other processes, and starting a real ASGI
server that a test may kill."""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
SOAK = os.environ.get("TIEPCAN_SOAK", "") == "1"
# Generous: the machine running the suite may be slow and shared; these bound a hang, not a speed.
START_TIMEOUT = 120
CALL_TIMEOUT = 120
ASGI_APP = ["config.asgi:application"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def database_url_of_test() -> str:
    """The address of the database this test runs on (pytest-django's test database), for a
    process started by the test."""
    name = connection.settings_dict["NAME"]
    if connection.vendor == "sqlite":
        return f"sqlite:///{name}"
    base = os.environ["DATABASE_URL"].rsplit("/", 1)[0]
    return f"{base}/{name}"


def env_for_subprocess(**extra: str) -> dict:
    """The test settings against the test database and the test's MEDIA_ROOT."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.reliability.server_settings",
        "DATABASE_URL": database_url_of_test(),
        "TIEPCAN_TEST_MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "PYTHONUNBUFFERED": "1",
        **extra,
    }


def wait_for_port(port: int, proc: subprocess.Popen, timeout: float = START_TIMEOUT) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the server exited with {proc.returncode} while starting")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"the server did not listen on {port} within {timeout} s")


def start_server(port: int, env: dict, log) -> subprocess.Popen:
    """daphne serving the project, as in production (one process, killable with SIGKILL)."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "daphne", "-b", "127.0.0.1", "-p", str(port), *ASGI_APP],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        wait_for_port(port, proc)
    except RuntimeError:
        proc.kill()
        proc.wait()
        raise
    return proc
