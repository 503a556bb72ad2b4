"""A wall clock the browser test moves in its server processes (tests/e2e/test_live.py).

A file holds an offset in seconds from the real time. In a server process (started through
tests/e2e/live_settings.py) follow_clock_file() sets the wall clock (time.time, datetime.now,
date.today: time-machine) to the real time plus that offset at start-up and whenever the file
changes, and lets it run on from there. The monotonic clock is left alone, so asyncio and Twisted
timers (Redis reads, socket pings) never see a jump. Why not libfaketime: see test_live.py."""

import threading
import time
from pathlib import Path

import time_machine
from time_machine import escape_hatch

POLL_SECONDS = 0.1


def read_offset(path: Path) -> float:
    try:
        return float(path.read_text())
    except (OSError, ValueError):
        return 0.0


def write_offset(path: Path, seconds: float) -> None:
    """From the test: atomic (a process never reads a half-written file), and returns once every
    process has had time to read it."""
    tmp = path.with_suffix(".tmp")
    tmp.write_text(f"{seconds:.3f}\n")
    tmp.replace(path)
    time.sleep(3 * POLL_SECONDS)


def follow_clock_file(path: Path) -> None:
    """Start the faked clock and keep it at real time + the file's offset (a daemon thread)."""
    offset = read_offset(path)
    coordinates = time_machine.travel(time.time() + offset, tick=True).start()

    def follow() -> None:
        nonlocal offset
        while True:
            # time.sleep, not Event.wait: under libfaketime (TIEPCAN_TEST_CLOCK runs) a timed
            # wait on a lock never returns (its deadline is read from the faked monotonic clock
            # but awaited on the real one), and the clock would never move.
            time.sleep(POLL_SECONDS)
            wanted = read_offset(path)
            if wanted != offset:
                coordinates.move_to(escape_hatch.time.time() + wanted)
                offset = wanted

    threading.Thread(target=follow, name="moved-clock", daemon=True).start()
