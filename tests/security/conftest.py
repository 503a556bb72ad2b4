import pytest
from django.core.cache import cache

from .actors import build_world


@pytest.fixture(autouse=True)
def _empty_rate_limits():
    """The rate limits count in Django's cache: no test may inherit another's hits."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def world(agency, other_agency, citizen, other_citizen, officer, head, leader, foreign_officer):
    return build_world(
        agency, other_agency, citizen, other_citizen, officer, head, leader, foreign_officer
    )
