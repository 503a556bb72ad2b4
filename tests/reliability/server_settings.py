"""The test settings for a process a fault test starts (server, client, racer): the same
database (DATABASE_URL) and the same MEDIA_ROOT as the test, so the test can check what the
process wrote."""

import os
from pathlib import Path

from config.settings.test import *  # noqa: F403

if os.environ.get("TIEPCAN_TEST_MEDIA_ROOT"):
    MEDIA_ROOT = Path(os.environ["TIEPCAN_TEST_MEDIA_ROOT"])
