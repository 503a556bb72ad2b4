import pytest

from .support import Flow


@pytest.fixture
def flow(received, citizen, officer, head, leader) -> Flow:
    return Flow(received, citizen, officer, head, leader)
