"""The receipt's "why these dates" marks a date counted over a year that no official notice has
fixed yet as projected ("dự kiến"); once an administrator confirms the year with the notice's
number, the mark is gone (DOMAIN §4.1, issue #14 item 2). The page's heading "Thời hạn dự kiến"
(expected dates) is another thing: the tests look for the explanation's own words."""

from datetime import datetime

import pytest
import time_machine
from django.urls import reverse

from requests_flow import services
from requests_flow.deadlines import LOCAL_TZ
from tests.helpers import make_user, signed_in

from .support import filed_online

pytestmark = pytest.mark.django_db

MARK = "Ngày nghỉ của năm 2027 là dự kiến"


def receipt(agency, citizen, when: datetime) -> str:
    with time_machine.travel(when, tick=False):
        request = filed_online(agency, citizen)
        page = signed_in(citizen).get(reverse("portal:received", args=[request.tracking_code]))
    assert page.status_code == 200
    return page.content.decode()


def test_the_receipt_marks_2027_dates_projected_until_the_year_is_confirmed(
    agency, citizen, django_user_model
):
    # Wednesday 30/12/2026: 3 working days end on Tuesday 5/1/2027 (1/1 is a holiday).
    december = datetime(2026, 12, 30, 10, 0, tzinfo=LOCAL_TZ)
    page = receipt(agency, citizen, december)
    assert "05/01/2027 (dự kiến)" in page
    assert MARK in page
    admin = make_user(django_user_model, "quantri", "Quản trị viên", is_superuser=True)
    services.calendar_year_confirm(
        actor=admin, year=2027, notice_number="1234/VPCP-KGVX", now=december
    )
    page = receipt(agency, citizen, december)
    assert "05/01/2027" in page
    assert "(dự kiến)" not in page and MARK not in page


def test_a_receipt_counted_within_2026_has_no_projected_date(agency, citizen):
    page = receipt(agency, citizen, datetime(2026, 10, 5, 10, 0, tzinfo=LOCAL_TZ))
    assert "(dự kiến)" not in page and "là dự kiến" not in page
