import pytest

from requests_flow.choices import Role
from tests.helpers import make_user, member

from .support import Desk


@pytest.fixture
def desk(agency, citizen, officer, head, leader) -> Desk:
    return Desk(agency, citizen, officer, head, leader)


@pytest.fixture
def supervisor(django_user_model, agency):
    return member(
        make_user(django_user_model, "giam_sat", "Hoàng Văn Sát"), agency, Role.SUPERVISOR
    )
