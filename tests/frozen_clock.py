"""`pytest --frozen-clock=INSTANT`: run the date-sensitive tests with the clock stopped at INSTANT.

`make test` runs them again at four instants around local and UTC midnight (scripts/test.sh), so
a test or a product path that mixes the UTC date with the local (Asia/Ho_Chi_Minh) date fails on
every machine at any hour, not only between 17:00 and 24:00 UTC. The date-sensitive tests are
those in CLOCK_SENSITIVE (or marked `clock`): register, report, access report, deadlines, sweep,
letters, dashboard, notifications, public statistics, payment due dates.
"""

from datetime import datetime
from pathlib import Path

import pytest
import time_machine

TESTS = Path(__file__).resolve().parent
CLOCK_SENSITIVE = [
    "audit/test_access_log.py",
    "audit/test_access_report.py",
    "backoffice/test_calendar_confirm.py",
    "backoffice/test_flow_branches.py",
    "backoffice/test_forms.py",
    "backoffice/test_supervisor.py",
    "letters/test_issue.py",
    "notifications/test_outbox.py",
    "notifications/test_sweep.py",
    "portal/test_public.py",
    "register",
    "requests_flow/test_deadline_command.py",
    "requests_flow/test_deadlines.py",
    "requests_flow/test_stored_milestones.py",
    "requests_flow/test_why_this_date.py",
    "security/test_pdata_retention.py",
]


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--frozen-clock",
        metavar="INSTANT",
        help="run only the date-sensitive tests, with the clock stopped at this ISO 8601 instant "
        "(with its offset, e.g. 2026-11-30T16:59:59+00:00)",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "clock: date-sensitive; run again under a frozen clock")
    instant = config.getoption("--frozen-clock")
    if instant:
        moment = datetime.fromisoformat(instant)
        if moment.tzinfo is None:
            raise pytest.UsageError("--frozen-clock needs an offset, e.g. +00:00 or +07:00")
        config._frozen_clock = moment


def _is_clock_sensitive(item: pytest.Item) -> bool:
    if item.get_closest_marker("clock") is not None:
        return True
    relative = Path(item.path).resolve().relative_to(TESTS).as_posix()
    return any(relative == p or relative.startswith(p + "/") for p in CLOCK_SENSITIVE)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if _is_clock_sensitive(item):
            item.add_marker(pytest.mark.clock)
    if getattr(config, "_frozen_clock", None) is None:
        return
    kept = [item for item in items if _is_clock_sensitive(item)]
    config.hook.pytest_deselected(items=[item for item in items if item not in kept])
    items[:] = kept


@pytest.fixture(autouse=True)
def _frozen_clock(request: pytest.FixtureRequest):
    """Stopped, not ticking: every "now" a test reads is the same instant, so a day boundary
    cannot fall between two reads and make a result depend on the test's speed."""
    moment = getattr(request.config, "_frozen_clock", None)
    if moment is None:
        yield
        return
    with time_machine.travel(moment, tick=False):
        yield
