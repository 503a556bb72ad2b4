"""Where people land after signing in, and what the online form offers first (issue #15)."""

import pytest
from django.urls import reverse

from requests_flow.choices import Role
from tests.helpers import grant, make_user, signed_in

pytestmark = pytest.mark.django_db


def test_each_person_lands_where_their_work_is(agency, citizen, officer, django_user_model):
    watcher = grant(make_user(django_user_model, "son", "Hoàng Văn Sơn"), agency, Role.SUPERVISOR)
    after = reverse("portal:after_login")
    landing = {
        "supervisor": signed_in(watcher).get(after)["Location"],
        "officer": signed_in(officer).get(after)["Location"],
        "citizen": signed_in(citizen).get(after)["Location"],
    }
    assert landing == {
        "supervisor": "/backoffice/supervision/dashboard/",  # not the process kanban
        "officer": "/backoffice/",
        "citizen": reverse("portal:my_requests"),
    }


def test_the_online_form_offers_to_send_the_information_by_e_mail(citizen):
    page = signed_in(citizen).get(reverse("portal:submit")).content.decode()
    assert '<option value="email" selected>' in page
