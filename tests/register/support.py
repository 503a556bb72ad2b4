"""The days of the register tests: requests move through the real services (tests/helpers.py
Desk) on chosen days of March 2026 (Law 104/2016/QH13, the verified rule set), and every letter is
numbered by the services themselves."""

from datetime import datetime

from requests_flow.deadlines import LOCAL_TZ


def at(day: int, hour: int = 10, minute: int = 0) -> datetime:
    return datetime(2026, 3, day, hour, minute, tzinfo=LOCAL_TZ)
