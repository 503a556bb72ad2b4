"""A public non-business unit takes requests only under a law that covers it (the 2026 law, from
1/9/2026; issue #14 item 1): a citizen asking one online before then is told why, on the agency
field, with what they typed kept."""

from datetime import datetime

import pytest
import time_machine
from django.urls import reverse

from requests_flow.choices import AgencyKind
from requests_flow.deadlines import LOCAL_TZ
from requests_flow.models import Agency, InformationRequest
from tests.helpers import signed_in

from .support import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def hospital(agency):
    return Agency.objects.create(
        name="Bệnh viện Đa khoa tỉnh Tuyên Quang",
        short_name="BVDK",
        place_name="Tuyên Quang",
        parent=agency,
        kind=AgencyKind.PUBLIC_SERVICE_UNIT,
    )


def test_a_public_non_business_unit_is_asked_only_under_the_2026_law(citizen, hospital, staff):
    with time_machine.travel(datetime(2026, 8, 31, 9, 0, tzinfo=LOCAL_TZ), tick=False):
        response = signed_in(citizen).post(reverse("portal:submit"), form_data(hospital))
    assert response.status_code == 200
    message = " ".join(response.context["form"].errors["agency"])
    assert "không áp dụng cho Bệnh viện Đa khoa tỉnh Tuyên Quang" in message
    assert "đơn vị sự nghiệp công lập" in message
    assert "Quyết định số 15/QĐ-UBND" in response.content.decode()  # what was typed is kept
    assert not InformationRequest.objects.exists()
    with time_machine.travel(datetime(2026, 9, 1, 9, 0, tzinfo=LOCAL_TZ), tick=False):
        response = signed_in(citizen).post(reverse("portal:submit"), form_data(hospital))
    assert response.status_code == 302
    assert InformationRequest.objects.get().agency == hospital
