"""Back-office fixtures: the personas of tests/conftest.py with their role groups (viewflow checks
permissions from the groups; services.membership_grant keeps membership and group in step), a
request filed online through the process, and a fixed, ticking clock."""

from datetime import datetime

import pytest
import time_machine
from django.urls import get_resolver

from requests_flow import workflow
from requests_flow.choices import Channel, Role
from requests_flow.deadlines import LOCAL_TZ
from tests.helpers import ensure_role_groups, grant, request_data

from .support import Desk

# Monday 2/3/2026 09:00 local time: Law 104/2016/QH13 (the verified rule set), away from holidays.
START = datetime(2026, 3, 2, 9, 0, tzinfo=LOCAL_TZ)


@pytest.fixture(autouse=True)
def _clock():
    """Every back-office test starts on the same Monday morning; time still passes."""
    with time_machine.travel(START, tick=True):
        yield


@pytest.fixture(autouse=True, scope="session")
def _urls_loaded():
    """viewflow gives a node its URL namespace when the site's URLs are first built; load them,
    so task.flow_task.reverse() works before the first request of the test process."""
    get_resolver().url_patterns  # noqa: B018


@pytest.fixture
def role_groups(db):
    """The role groups (tests/conftest.py puts them back after a transactional flush)."""
    ensure_role_groups()


@pytest.fixture
def bo_officer(role_groups, officer, agency):
    return grant(officer, agency, Role.FOCAL_OFFICER)


@pytest.fixture
def bo_head(role_groups, head, agency):
    return grant(head, agency, Role.FOCAL_HEAD)


@pytest.fixture
def bo_leader(role_groups, leader, agency):
    return grant(leader, agency, Role.LEADER)


@pytest.fixture
def bo_foreign(role_groups, foreign_officer, other_agency):
    """Officer, head and leader of agency B, with every group: still nothing to do with A."""
    return grant(foreign_officer, other_agency, Role.FOCAL_OFFICER, Role.FOCAL_HEAD, Role.LEADER)


@pytest.fixture
def staff(bo_officer, bo_head, bo_leader):
    return {"officer": bo_officer, "head": bo_head, "leader": bo_leader}


@pytest.fixture
def submit(agency, citizen, officer):
    """A request recorded through workflow.submit_request, its process waiting at the validity
    review: filed online by the citizen, or (other channels) entered by the officer. `target`:
    another agency than `agency`."""

    def submit_(channel=Channel.ELECTRONIC, target=None, **data):
        online = channel == Channel.ELECTRONIC
        return workflow.submit_request(
            agency=target or agency,
            data=request_data(**data),
            channel=channel,
            actor=citizen if online else officer,
            requester_user=citizen if online else None,
        )

    return submit_


@pytest.fixture
def desk(staff) -> Desk:
    return Desk(staff)
