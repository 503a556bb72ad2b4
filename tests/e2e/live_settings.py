"""Settings for the server processes of tests/e2e/test_live.py: the test settings, with the wall
clock following the offset in the file TIEPCAN_TEST_CLOCK_FILE (tests/e2e/moved_clock.py)."""

import os
from pathlib import Path

from config.settings.test import *  # noqa: F403
from tests.e2e.moved_clock import follow_clock_file

if os.environ.get("TIEPCAN_TEST_CLOCK_FILE"):
    follow_clock_file(Path(os.environ["TIEPCAN_TEST_CLOCK_FILE"]))
