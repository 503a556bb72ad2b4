"""The supervisor dashboard asks an administrator, from 1 November (local date), to confirm the
next year's working calendar while no official notice confirms it; the administrator confirms it
on a back-office page with the notice's number (who and when recorded, audited). Others are
told an administrator must do it, and may not open the page (DOMAIN §4.1, issue #14 item 2)."""

from datetime import datetime

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.urls import reverse

from requests_flow.choices import Role
from requests_flow.deadlines import LOCAL_TZ
from requests_flow.models import CalendarYear, CalendarYearEvent
from requests_flow.roles import ADMINISTRATOR, ROLE_GROUPS
from tests.helpers import grant, make_user, signed_in

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("supervision:dashboard:index")
CONFIRM = reverse("supervision:dashboard:calendar_confirm")
PROMPT_2027 = 'data-calendar-year="2027"'
# Local midnight is 17:00 UTC the day before: these instants have different UTC and local dates.
FIRST_NOVEMBER = datetime(2026, 11, 1, 0, 30, tzinfo=LOCAL_TZ)
LAST_OCTOBER = datetime(2026, 10, 31, 23, 30, tzinfo=LOCAL_TZ)


@pytest.fixture
def administrator(django_user_model, agency):
    """An administrator as the demo has them: a superuser in the administrators' group."""
    user = make_user(
        django_user_model, "quantri", "Quản trị viên", is_superuser=True, is_staff=True
    )
    user.groups.add(Group.objects.get(name=ROLE_GROUPS[ADMINISTRATOR][0]))
    return user


@pytest.fixture
def supervisor(role_groups, django_user_model, agency):
    return grant(make_user(django_user_model, "son", "Hoàng Văn Sơn"), agency, Role.SUPERVISOR)


def dashboard(user, when: datetime) -> str:
    with time_machine.travel(when, tick=False):
        response = signed_in(user).get(DASHBOARD)
    assert response.status_code == 200
    return response.content.decode()


def test_the_dashboard_asks_an_administrator_from_1_november_local_time(administrator):
    page = dashboard(administrator, FIRST_NOVEMBER)
    assert PROMPT_2027 in page
    assert "Lịch làm việc năm 2027 chưa được xác nhận" in page
    assert f'href="{CONFIRM}?year=2027"' in page
    assert PROMPT_2027 not in dashboard(administrator, LAST_OCTOBER)


def test_a_supervisor_is_told_an_administrator_must_confirm_and_may_not(supervisor):
    page = dashboard(supervisor, FIRST_NOVEMBER)
    assert PROMPT_2027 in page
    assert "Quản trị viên cần xác nhận" in page
    assert CONFIRM not in page
    assert signed_in(supervisor).get(CONFIRM).status_code == 403
    assert (
        signed_in(supervisor).post(CONFIRM, {"year": 2027, "notice_number": "1/TB"}).status_code
        == 403
    )
    assert not CalendarYear.objects.filter(year=2027).exists()


def test_confirming_records_the_notice_who_and_when_and_stops_the_prompt(administrator):
    with time_machine.travel(FIRST_NOVEMBER, tick=False):
        client = signed_in(administrator)  # signed in that day (sessions expire)
        form = client.get(CONFIRM, {"year": 2027})
        assert form.status_code == 200
        assert "08/02/2027: Mùng ba Tết Nguyên Đán" in form.content.decode()  # to check
        response = client.post(
            CONFIRM,
            {"year": 2027, "notice_number": "1234/VPCP-KGVX", "notice": "Tết 2027: 4/2-10/2"},
        )
    assert response.status_code == 302 and response["Location"] == DASHBOARD
    row = CalendarYear.objects.get(year=2027)
    assert (row.confirmed, row.notice_number, row.confirmed_by) == (
        True,
        "1234/VPCP-KGVX",
        administrator,
    )
    assert row.confirmed_at == FIRST_NOVEMBER
    event = CalendarYearEvent.objects.get(year=2027)
    assert (event.action, event.notice_number, event.actor, event.at) == (
        "confirmed",
        "1234/VPCP-KGVX",
        administrator,
        FIRST_NOVEMBER,
    )
    assert PROMPT_2027 not in dashboard(administrator, FIRST_NOVEMBER)


def test_an_administrator_by_role_group_may_confirm(role_groups, django_user_model, agency):
    """Not a superuser: the permission comes from the administrators' group (migration 0020)."""
    user = grant(make_user(django_user_model, "an", "Đỗ Văn An"), agency, Role.SUPERVISOR)
    user.groups.add(Group.objects.get(name=ROLE_GROUPS[ADMINISTRATOR][0]))
    assert f'href="{CONFIRM}?year=2027"' in dashboard(user, FIRST_NOVEMBER)
    with time_machine.travel(FIRST_NOVEMBER, tick=False):
        response = signed_in(user).post(CONFIRM, {"year": 2027, "notice_number": "9/TB-BNV"})
    assert response.status_code == 302
    assert CalendarYear.objects.get(year=2027).confirmed_by == user


def test_an_empty_notice_number_re_renders_in_vietnamese_keeping_the_text(administrator):
    with time_machine.travel(FIRST_NOVEMBER, tick=False):
        response = signed_in(administrator).post(
            CONFIRM, {"year": 2027, "notice_number": "  ", "notice": "Tết Đinh Mùi 2027"}
        )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Nhập số hiệu văn bản chính thức ấn định ngày nghỉ của năm này" in page
    assert "Tết Đinh Mùi 2027" in page
    assert not CalendarYear.objects.filter(year=2027).exists()
    assert not CalendarYearEvent.objects.exists()


def test_a_year_out_of_range_is_refused_without_computing_it(administrator):
    with time_machine.travel(FIRST_NOVEMBER, tick=False):
        client = signed_in(administrator)
        assert client.get(CONFIRM, {"year": 99999}).status_code == 200
        response = client.post(CONFIRM, {"year": 99999, "notice_number": "1/TB"})
    assert response.status_code == 200
    assert "Chọn một năm từ 2018 đến 2027." in response.content.decode()
    assert not CalendarYear.objects.filter(year=99999).exists()
