"""`manage.py seed_demo` (run by `make run` on every start): safe to run again, and it shows a
request in every state of the life cycle, each with a real audit trail."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from requests_flow.choices import State
from requests_flow.models import (
    Agency,
    AgencyMembership,
    Decision,
    InformationRequest,
    Letter,
    Milestone,
    RegisterCounter,
    RequestEvent,
)

pytestmark = pytest.mark.django_db

MODELS = [
    Agency,
    get_user_model(),
    AgencyMembership,
    InformationRequest,
    RequestEvent,
    Milestone,
    Decision,
    RegisterCounter,
    Letter,
]


def seed() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


def test_running_twice_leaves_the_same_rows():
    first_output = seed()
    first = counts()
    second_output = seed()
    assert counts() == first
    assert "10 new requests" in first_output
    assert "0 new requests" in second_output
    assert all(first[name] > 0 for name in first), first


def test_every_state_has_a_request_with_an_audit_trail():
    seed()
    for state in State.values:
        requests = InformationRequest.objects.filter(state=state)
        assert requests.exists(), f"no demo request in state {state}"
        for request in requests:
            trail = list(request.events.order_by("id").values_list("action", "to_state"))
            assert trail, f"{request.register_number} has no audit trail"
            assert trail[0] == ("receive", State.RECEIVED)
            assert trail[-1][1] == state  # the trail ends where the request is


def test_demo_accounts_can_act_in_their_roles():
    seed()
    user = get_user_model().objects.get(username="canbo")
    assert user.check_password("tiepcan-demo-2026")
    stp = Agency.objects.get(short_name="STP")
    assert set(AgencyMembership.objects.filter(agency=stp).values_list("role", flat=True)) == {
        "focal_officer",
        "focal_head",
        "leader",
        "supervisor",
        "clerk",
    }
    register = list(
        InformationRequest.objects.filter(agency=stp)
        .order_by("register_seq")
        .values_list("register_seq", flat=True)
    )
    assert register == list(range(1, len(register) + 1))  # no gaps, no duplicates


def test_demo_officers_are_not_staff_and_do_not_reach_the_admin(client):
    """Outside test #17.14: demo officers were is_staff and reached the (empty) admin index."""
    seed()
    officers = get_user_model().objects.filter(memberships__isnull=False, is_superuser=False)
    assert officers.exists() and not officers.filter(is_staff=True).exists()
    client.force_login(get_user_model().objects.get(username="canbo"))
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    assert get_user_model().objects.get(username="admin").is_staff
