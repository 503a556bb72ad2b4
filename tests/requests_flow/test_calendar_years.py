"""Calendar truth (DOMAIN §4.1, issue #14 item 2): the official calendars of 2018-2026 as the
Government's notices fixed them, and years no notice has fixed yet explained as projected
("dự kiến") until an administrator confirms them with the notice's number (audited)."""

from datetime import date, datetime, timedelta

import pytest
from django.template import Context, Template
from django.utils import translation

from requests_flow import services
from requests_flow.deadlines import LOCAL_TZ, compute_deadlines
from requests_flow.models import CalendarYear, CalendarYearEvent, RuleSet
from requests_flow.rulesets import rules_from_model
from requests_flow.workdays import build_calendar
from tests.helpers import file_online, make_user

pytestmark = pytest.mark.django_db


def d(day: int, month: int, year: int) -> date:
    return date(year, month, day)


# Every weekday off and every worked weekend day of 2018-2026, from the notices cited by
# migration 0020 (and 0012 for 1/2026) plus the fixed days of Labour Code Art. 112 and the
# make-up days of Art. 111(3). The calendar (holidays 0.108 + the shipped overrides) must give
# exactly these: the package lacks no other official swap of these years.
OFFICIAL = {
    2018: (  # Thông báo 573/TB-VPCP; 31/12/2018 swapped for 5/1/2019 (6519/VPCP-KGVX)
        [d(1, 1, 2018), d(14, 2, 2018), d(15, 2, 2018), d(16, 2, 2018), d(19, 2, 2018),
         d(20, 2, 2018), d(25, 4, 2018), d(30, 4, 2018), d(1, 5, 2018), d(3, 9, 2018),
         d(31, 12, 2018)],
        [],
    ),
    2019: (  # 6519/VPCP-KGVX, 3238/TB-LĐTBXH
        [d(1, 1, 2019), d(4, 2, 2019), d(5, 2, 2019), d(6, 2, 2019), d(7, 2, 2019),
         d(8, 2, 2019), d(15, 4, 2019), d(29, 4, 2019), d(30, 4, 2019), d(1, 5, 2019),
         d(2, 9, 2019)],
        [d(5, 1, 2019), d(4, 5, 2019)],
    ),
    2020: (  # 4544/TB-LĐTBXH
        [d(1, 1, 2020), d(23, 1, 2020), d(24, 1, 2020), d(27, 1, 2020), d(28, 1, 2020),
         d(29, 1, 2020), d(2, 4, 2020), d(30, 4, 2020), d(1, 5, 2020), d(2, 9, 2020)],
        [],
    ),
    2021: (  # 4875/TB-LĐTBXH
        [d(1, 1, 2021), d(10, 2, 2021), d(11, 2, 2021), d(12, 2, 2021), d(15, 2, 2021),
         d(16, 2, 2021), d(21, 4, 2021), d(30, 4, 2021), d(3, 5, 2021), d(2, 9, 2021),
         d(3, 9, 2021)],
        [],
    ),
    2022: (  # 245/VPCP-KGVX
        [d(3, 1, 2022), d(31, 1, 2022), d(1, 2, 2022), d(2, 2, 2022), d(3, 2, 2022),
         d(4, 2, 2022), d(11, 4, 2022), d(2, 5, 2022), d(3, 5, 2022), d(1, 9, 2022),
         d(2, 9, 2022)],
        [],
    ),
    2023: (  # 8056/VPCP-KGVX
        [d(2, 1, 2023), d(20, 1, 2023), d(23, 1, 2023), d(24, 1, 2023), d(25, 1, 2023),
         d(26, 1, 2023), d(1, 5, 2023), d(2, 5, 2023), d(3, 5, 2023), d(1, 9, 2023),
         d(4, 9, 2023)],
        [],
    ),
    2024: (  # 8662/VPCP-KGVX, 5014/TB-LĐTBXH, 2450/VPCP-KGVX
        [d(1, 1, 2024), d(8, 2, 2024), d(9, 2, 2024), d(12, 2, 2024), d(13, 2, 2024),
         d(14, 2, 2024), d(18, 4, 2024), d(29, 4, 2024), d(30, 4, 2024), d(1, 5, 2024),
         d(2, 9, 2024), d(3, 9, 2024)],
        [d(4, 5, 2024)],
    ),
    2025: (  # 8726/VPCP-KGVX, 6150/TB-LĐTBXH
        [d(1, 1, 2025), d(27, 1, 2025), d(28, 1, 2025), d(29, 1, 2025), d(30, 1, 2025),
         d(31, 1, 2025), d(7, 4, 2025), d(30, 4, 2025), d(1, 5, 2025), d(2, 5, 2025),
         d(1, 9, 2025), d(2, 9, 2025)],
        [d(26, 4, 2025)],
    ),
    2026: (  # 12729/VPCP-KGVX, 9859/VPCP-KGVX; 24/11 (Resolution 80-NQ/TW)
        [d(1, 1, 2026), d(2, 1, 2026), d(16, 2, 2026), d(17, 2, 2026), d(18, 2, 2026),
         d(19, 2, 2026), d(20, 2, 2026), d(27, 4, 2026), d(30, 4, 2026), d(1, 5, 2026),
         d(31, 8, 2026), d(1, 9, 2026), d(2, 9, 2026), d(24, 11, 2026)],
        [d(10, 1, 2026), d(22, 8, 2026)],
    ),
}  # fmt: skip


@pytest.mark.parametrize("year", sorted(OFFICIAL))
def test_the_calendar_matches_the_official_notices(year):
    calendar = build_calendar()
    days = [date(year, 1, 1) + timedelta(days=i) for i in range(366)]
    days = [day for day in days if day.year == year]
    weekdays_off = [x for x in days if x.weekday() < 5 and not calendar.is_working_day(x)]
    weekends_worked = [x for x in days if x.weekday() >= 5 and calendar.is_working_day(x)]
    assert (weekdays_off, weekends_worked) == OFFICIAL[year]


def test_2018_to_2026_are_confirmed_with_their_notices_and_2027_is_projected():
    rows = CalendarYear.objects.filter(confirmed=True)
    confirmed = dict(rows.values_list("year", "notice_number"))
    assert sorted(confirmed) == list(range(2018, 2027))
    assert "12729/VPCP-KGVX" in confirmed[2026]  # the New Year swap's document
    calendar = build_calendar()
    assert not any(calendar.is_projected(y) for y in range(2018, 2027))
    assert calendar.is_projected(2027) and calendar.is_projected(2030)


def explanations(valid_at: datetime) -> tuple[str, str]:
    """(citizen's, staff's) explanation of an e-mailed simple request, in Vietnamese."""
    rule_set = RuleSet.objects.in_force_on(valid_at.date()).get()
    result = compute_deadlines(
        valid_at=valid_at,
        channel="electronic",
        complexity="simple",
        rules=rules_from_model(rule_set),
        calendar=build_calendar(),
    )
    with translation.override("vi"):
        return "\n".join(result.citizen_explanation()), "\n".join(result.explanation())


# Wednesday 30/12/2026: 3 working days are 31/12, 4/1 and 5/1/2027 (1/1 is a holiday).
INTO_2027 = datetime(2026, 12, 30, 10, 0, tzinfo=LOCAL_TZ)
WITHIN_2026 = datetime(2026, 3, 2, 10, 0, tzinfo=LOCAL_TZ)


def test_a_deadline_counted_over_2027_is_explained_as_projected_to_citizens_and_staff():
    for text in explanations(INTO_2027):
        assert "hạn ngày 05/01/2027 (dự kiến)" in text
        assert "Ngày nghỉ của năm 2027 là dự kiến" in text
    for text in explanations(WITHIN_2026):
        assert "dự kiến" not in text


@pytest.mark.parametrize("audience", ["staff", "citizen"])
def test_why_this_date_beside_a_stored_2027_milestone_says_projected(
    agency, citizen, officer, head, audience
):
    """What the back office's request page and the citizen's page show beside the due date."""
    at = INTO_2027
    request = file_online(agency, citizen, now=at)
    request = services.request_accept(request=request, actor=officer, now=at)
    request = services.request_assign(request=request, actor=head, officer=officer, now=at)
    request = services.request_classify(request=request, actor=officer, complexity="simple", now=at)
    template = Template(
        "{% load tiepcan %}{% why_this_date m audience as lines %}{{ lines|join:' | ' }}"
    )
    with translation.override("vi"):
        text = template.render(Context({"m": request.milestones.get(), "audience": audience}))
    assert "05/01/2027 (dự kiến)" in text
    assert "Ngày nghỉ của năm 2027 là dự kiến" in text


def test_confirming_2027_records_the_notice_and_who_and_removes_the_mark(django_user_model):
    admin = make_user(django_user_model, "quantri", "Quản trị viên", is_superuser=True)
    at = datetime(2026, 11, 20, 9, 0, tzinfo=LOCAL_TZ)
    services.calendar_year_confirm(
        actor=admin, year=2027, notice_number=" 1234/VPCP-KGVX ", notice="Tết 2027", now=at
    )
    row = CalendarYear.objects.get(year=2027)
    assert (row.confirmed, row.notice_number, row.confirmed_by, row.confirmed_at) == (
        True,
        "1234/VPCP-KGVX",
        admin,
        at,
    )
    event = CalendarYearEvent.objects.get(year=2027)
    assert (event.action, event.notice_number, event.actor, event.at) == (
        "confirmed",
        "1234/VPCP-KGVX",
        admin,
        at,
    )
    for text in explanations(INTO_2027):
        assert "dự kiến" not in text
        assert "05/01/2027" in text


def test_a_confirmation_without_a_notice_number_is_refused_and_leaves_no_trace(django_user_model):
    admin = make_user(django_user_model, "quantri", "Quản trị viên", is_superuser=True)
    at = datetime(2026, 11, 20, 9, 0, tzinfo=LOCAL_TZ)
    with pytest.raises(services.InvalidInput) as refused:
        services.calendar_year_confirm(actor=admin, year=2027, notice_number="  ", now=at)
    assert set(refused.value.errors) == {"notice_number"}
    with pytest.raises(services.InvalidInput) as too_far:
        services.calendar_year_confirm(actor=admin, year=2029, notice_number="1/TB", now=at)
    assert set(too_far.value.errors) == {"year"}
    assert not CalendarYear.objects.filter(year__in=[2027, 2029]).exists()
    assert not CalendarYearEvent.objects.exists()
