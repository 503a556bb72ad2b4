"""Properties of the working-day calendar over 2018-2030 (hypothesis), and its data sources."""

from datetime import date, timedelta

import holidays
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from requests_flow.workdays import Override, WorkCalendar

CALENDAR = WorkCalendar()
days = st.dates(min_value=date(2018, 7, 1), max_value=date(2030, 12, 31))
periods = st.integers(min_value=0, max_value=60)


def package_days_off(year_from=2018, year_to=2031) -> set[date]:
    return set(holidays.country_holidays("VN", years=range(year_from, year_to + 1)).keys())


DAYS_OFF = package_days_off()


@settings(max_examples=300, deadline=None)
@given(start=days, n=st.integers(min_value=1, max_value=60))
def test_adding_working_days_lands_on_a_working_day(start, n):
    end = CALENDAR.add_working_days(start, n)
    assert CALENDAR.is_working_day(end)
    assert end > start


@settings(max_examples=300, deadline=None)
@given(start=days, n=periods)
def test_result_grows_with_n(start, n):
    assert CALENDAR.add_working_days(start, n + 1) > CALENDAR.add_working_days(start, n)


@settings(max_examples=200, deadline=None)
@given(start=days, n=st.integers(min_value=1, max_value=40))
def test_no_counted_day_is_a_weekend_or_holiday_unless_made_up(start, n):
    end = CALENDAR.add_working_days(start, n)
    counted = [
        start + timedelta(days=i)
        for i in range(1, (end - start).days + 1)
        if CALENDAR.is_working_day(start + timedelta(days=i))
    ]
    assert len(counted) == n and counted[-1] == end
    for day in counted:
        assert day not in DAYS_OFF
        if day.weekday() >= 5:
            assert CALENDAR.working_reason(day), f"{day} is a weekend day counted without a swap"


@settings(max_examples=200, deadline=None)
@given(start=days, n=periods)
def test_working_days_between_inverts_add(start, n):
    assert CALENDAR.working_days_between(start, CALENDAR.add_working_days(start, n)) == n


@settings(max_examples=100, deadline=None)
@given(start=days, n=st.integers(min_value=1, max_value=40), off=st.integers(1, 40))
def test_an_override_day_off_is_never_counted(start, n, off):
    day_off = start + timedelta(days=off)
    calendar = WorkCalendar((Override(day_off, True, "Nghỉ đột xuất", "QĐ thử"),))
    end = calendar.add_working_days(start, n)
    assert calendar.day_off_reason(day_off) == "Nghỉ đột xuất"
    assert end != day_off
    plain_end = CALENDAR.add_working_days(start, n)
    if CALENDAR.is_working_day(day_off) and day_off <= plain_end:
        assert end == CALENDAR.add_working_days(start, n + 1)
    else:
        assert end == plain_end


@pytest.mark.parametrize(
    "worked, for_day",
    [
        (date(2019, 1, 5), "31/12/2018"),  # the swap crosses the year boundary
        (date(2024, 5, 4), "29/04/2024"),
        (date(2025, 4, 26), "02/05/2025"),
        (date(2026, 8, 22), "31/08/2026"),
    ],
)
def test_published_make_up_saturdays_are_working_days(worked, for_day):
    assert worked.weekday() == 5
    assert CALENDAR.is_working_day(worked)
    assert for_day in CALENDAR.working_reason(worked)


@pytest.mark.parametrize(
    "day_off, name",
    [
        (date(2026, 2, 17), "Tết Nguyên Đán"),
        (date(2026, 4, 27), "Giỗ Tổ Hùng Vương"),  # substitute for Sunday 26/4 (Art. 111(3))
        (date(2026, 8, 31), "Ngày nghỉ"),  # bridge day for 2/9, worked back on Saturday 22/8
        (date(2026, 11, 24), "Văn hóa"),  # Vietnamese Culture Day, from 2026
        (date(2025, 5, 2), "Ngày nghỉ"),
    ],
)
def test_lunar_and_official_days_off_come_from_the_package(day_off, name):
    assert not CALENDAR.is_working_day(day_off)
    assert name in CALENDAR.day_off_reason(day_off)


def test_a_working_day_override_makes_a_saturday_count():
    saturday = date(2026, 3, 14)
    calendar = WorkCalendar((Override(saturday, False, "Làm bù", "TB 1/TB-UBND"),))
    assert calendar.is_working_day(saturday)
    assert calendar.add_working_days(date(2026, 3, 13), 1) == saturday
    assert calendar.working_reason(saturday) == "Làm bù"


def test_make_up_days_are_the_packages_weekend_workdays_each_named_with_its_day_off():
    """Issue #14 item 2: the worked weekend days come from the holidays package's own
    `weekend_workdays`, not from reading holiday names; each explanation names the day off."""
    package = holidays.country_holidays("VN", years=range(2018, 2028), language="vi")
    calendar = WorkCalendar()
    made_up = sorted(d for d in package.weekend_workdays if 2018 <= d.year <= 2027)
    assert date(2019, 1, 5) in made_up and date(2025, 4, 26) in made_up
    for day in made_up:
        assert calendar.is_working_day(day), day
        assert calendar.working_reason(day).startswith("ngày làm bù cho ngày nghỉ "), day
    assert calendar.working_reason(date(2025, 4, 26)).endswith("02/05/2025")
