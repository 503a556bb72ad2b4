"""Real server processes for tests: free loopback ports, a throwaway redis-server, daphne.

Shared by the scale-out test (two ASGI servers on PostgreSQL + Redis) and the live browser test
(tests/e2e/test_live.py: one ASGI server, a task worker and Redis on the test database)."""

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.db import connection

ROOT = Path(__file__).resolve().parents[1]
NO_PERSISTENCE = ["--save", "", "--appendonly", "no"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int, proc: subprocess.Popen, what: str, seconds: float = 20) -> None:
    """Until something accepts connections on the port; fails early if the process died."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{what} exited with code {proc.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError(f"{what} did not listen on port {port} within {seconds:.0f} s")


def database_url_for_subprocess() -> str:
    """The URL of the database this test uses, for a subprocess (SQLite file or PostgreSQL)."""
    name = connection.settings_dict["NAME"]
    if connection.vendor == "sqlite":
        return f"sqlite:///{name}"
    base = os.environ["DATABASE_URL"].rsplit("/", 1)[0]
    return f"{base}/{name}"


def start_daphne(
    port: int, env: dict, app: str = "config.asgi:application", log=subprocess.DEVNULL
) -> subprocess.Popen:
    proc = subprocess.Popen(
        [sys.executable, "-m", "daphne", "-b", "127.0.0.1", "-p", str(port), app],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=log,
    )
    wait_for_port(port, proc, "daphne")
    return proc


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def real_clock_env() -> dict:
    """The environment without libfaketime (TIEPCAN_TEST_CLOCK runs): a service keeps the real
    clock, as on a server; redis-server's allocator hangs with the library preloaded."""
    return {k: v for k, v in os.environ.items() if k not in ("LD_PRELOAD", "FAKETIME")}


@contextmanager
def redis_server(workdir: Path) -> Iterator[str]:
    """A redis-server of our own on a free port, without persistence; yields its URL."""
    binary = shutil.which("redis-server")
    if binary is None:
        raise RuntimeError("redis-server is missing: apt-get install redis-server")
    port = free_port()
    proc = subprocess.Popen(
        [
            binary,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            *NO_PERSISTENCE,
            "--dir",
            str(workdir),
        ],
        env=real_clock_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_port(port, proc, "redis-server")
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        stop(proc)
