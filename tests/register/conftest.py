import pytest

from requests_flow.choices import Role
from tests.helpers import Desk, make_user, member

from .support import at


@pytest.fixture
def desk(agency, citizen, officer, head, leader) -> Desk:
    """The citizen files online; the agency's officer, head and leader do the rest, on days of
    March 2026."""
    return Desk(agency, citizen, officer, head, leader, at=at)


@pytest.fixture
def supervisor(django_user_model, agency):
    return member(
        make_user(django_user_model, "giam_sat", "Hoàng Văn Sát"), agency, Role.SUPERVISOR
    )
