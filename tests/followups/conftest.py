import pytest

from tests.helpers import Desk, make_user, member

from .support import at


@pytest.fixture
def desk(agency, citizen, officer, head, leader) -> Desk:
    return Desk(agency, citizen, officer, head, leader, at=at)


@pytest.fixture
def supervisor(django_user_model, agency):
    from requests_flow.choices import Role

    return member(
        make_user(django_user_model, "giam_sat", "Hoàng Văn Sát"), agency, Role.SUPERVISOR
    )
