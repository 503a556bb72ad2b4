"""Who sees which register: officers and supervisors of the agency; another agency's officer gets
404 for the agency on every page and export, and their own register never shows its rows."""

from urllib.parse import urlencode

import pytest
import time_machine
from django.urls import reverse

from tests.helpers import CITIZEN_ID, signed_in

from .support import at

pytestmark = pytest.mark.django_db
PERIOD = {"date_from": "2026-03-01", "date_to": "2026-03-31"}
REGISTER = "records:register:index"


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(at(31, 9), tick=False):
        yield


def register_page(client, **params):
    return client.get(reverse(REGISTER), {**PERIOD, **params})


def test_officer_and_supervisor_see_the_register(desk, agency, officer, supervisor):
    r = desk.receive()
    for user in (officer, supervisor):
        response = register_page(signed_in(user), agency=agency.pk)
        assert response.status_code == 200
        assert [row.register_number for row in response.context["rows"]] == [r.register_number]
        page = response.content.decode()
        assert "Nguyễn Thị Hoa" in page and "••••••••••56" in page
        assert CITIZEN_ID not in page
        assert reverse("records:register:export", args=["pdf"]) in page


def test_defaults_are_the_first_agency_and_this_year(desk, agency, officer):
    desk.receive()
    response = signed_in(officer).get(reverse(REGISTER))
    assert response.status_code == 200
    assert response.context["form"].cleaned_data["agency"] == agency
    assert len(response.context["rows"]) == 1


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "pdf"])
def test_other_agency_officer_cannot_export_it(desk, agency, foreign_officer, fmt):
    desk.receive()
    url = reverse("records:register:export", args=[fmt])
    query = urlencode({**PERIOD, "agency": agency.pk})
    assert signed_in(foreign_officer).get(f"{url}?{query}").status_code == 404


def test_other_agency_officer_gets_404_and_sees_only_their_rows(
    desk, agency, other_agency, foreign_officer
):
    desk.receive()
    theirs = desk.receive(agency=other_agency, requester_name="Lò Văn Pá")
    client = signed_in(foreign_officer)
    assert register_page(client, agency=agency.pk).status_code == 404
    assert register_page(client, agency="not-a-number").status_code == 404
    response = register_page(client)  # their own agency by default
    assert response.status_code == 200
    assert [row.requester for row in response.context["rows"]] == [theirs.requester_name]
    assert "Nguyễn Thị Hoa" not in response.content.decode()
    choices = [str(value) for value, _label in response.context["form"].fields["agency"].choices]
    assert str(agency.pk) not in choices


def test_other_agency_officer_cannot_read_or_export_its_report(agency, foreign_officer):
    client = signed_in(foreign_officer)
    assert client.get(reverse("records:report:index"), {"agency": agency.pk}).status_code == 404
    data = {**PERIOD, "agency": agency.pk}
    for fmt in ("pdf", "xlsx"):
        assert client.post(reverse("records:report:export", args=[fmt]), data).status_code == 404
    url = reverse("records:report:export", args=["pdf"])
    assert client.get(url, data).status_code == 405  # the typed texts travel by POST only


def test_people_without_a_role_are_kept_out(client, citizen):
    assert client.get(reverse(REGISTER)).status_code == 302  # to the sign-in page
    as_citizen = signed_in(citizen)
    assert as_citizen.get(reverse(REGISTER)).status_code == 403
    assert as_citizen.get(reverse("records:report:index")).status_code == 403
    url = reverse("records:register:export", args=["csv"])
    assert as_citizen.get(url).status_code == 403


def test_menu_entry_for_officers(officer):
    page = signed_in(officer).get(reverse(REGISTER)).content.decode()
    assert reverse("records:report:index") in page
