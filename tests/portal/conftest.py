"""Portal fixtures: rate limits start empty in every test, and the agency's staff with their
role groups (the back office checks them)."""

import pytest
from django.test import Client

from tests.helpers import grant, signed_in

from .support import staff_of


@pytest.fixture
def staff(agency, officer, head, leader) -> dict:
    return staff_of(agency, officer, head, leader)


@pytest.fixture
def foreign_staff(other_agency, foreign_officer):
    """Officer, head and leader of another agency, with every role group."""
    return grant(foreign_officer, other_agency, "focal_officer", "focal_head", "leader")


@pytest.fixture
def as_citizen(citizen) -> Client:
    return signed_in(citizen)


@pytest.fixture
def as_other(other_citizen) -> Client:
    return signed_in(other_citizen)
