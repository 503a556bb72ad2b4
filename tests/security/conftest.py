import pytest
from django.urls import get_resolver

from .actors import build_world


@pytest.fixture
def world(agency, other_agency, citizen, other_citizen, officer, head, leader, foreign_officer):
    return build_world(
        agency, other_agency, citizen, other_citizen, officer, head, leader, foreign_officer
    )


@pytest.fixture(autouse=True, scope="session")
def _urls_loaded():
    """viewflow names its nodes' URL namespaces when the site's URLs are first built."""
    get_resolver().url_patterns  # noqa: B018
