"""A hung test must fail the run with the place it hung, not hold `make test` until CI kills it
with no output (a CI run was once killed at its 90-minute limit with nothing printed after the
lanes started). pyproject.toml sets pytest-timeout for every test; scripts/test.sh limits the
lanes as a whole (TIEPCAN_TEST_LANES_LIMIT)."""

import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent.parent

HUNG_TEST = """
import threading


def test_waits_for_a_lock_nobody_releases():
    lock = threading.Lock()
    lock.acquire()
    lock.acquire()
"""


def test_a_hung_test_ends_with_every_threads_stack_under_the_projects_settings(tmp_path):
    (tmp_path / "test_hung.py").write_text(HUNG_TEST)
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-c", str(BASE_DIR / "pyproject.toml"),
         "--rootdir", str(tmp_path), "--timeout=3", str(tmp_path / "test_hung.py")],
        cwd=tmp_path, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "Timeout" in output
    # The thread method (the project's choice) prints each thread's stack, down to the line.
    assert "Stack of MainThread" in output
    assert "test_waits_for_a_lock_nobody_releases" in output and "lock.acquire()" in output
