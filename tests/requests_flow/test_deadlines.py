"""Statutory deadlines against the shared reference cases and the counting rules of DOMAIN §4.2."""

import json
import os
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
import time_machine
from django.utils import timezone

from requests_flow.deadlines import (
    DUE_SOON,
    LOCAL_TZ,
    MET,
    ON_TRACK,
    OVERDUE,
    DeadlineInputError,
    compute_deadlines,
    local_day,
    milestone_status,
)
from requests_flow.models import CalendarOverride, RuleSet
from requests_flow.rulesets import rules_from_model
from requests_flow.workdays import WorkCalendar, build_calendar

# The shared reference cases sit beside the project (../shared), in CI as on developers' machines.
SHARED_DIR = Path(
    os.environ.get("TIEPCAN_SHARED_DIR", Path(__file__).resolve().parents[3] / "shared")
)
CASES_FILE = SHARED_DIR / "cases" / "deadlines.json"
CASES = json.loads(CASES_FILE.read_text())["cases"]


def rules_on(day: date):
    return rules_from_model(RuleSet.objects.in_force_on(day).get())


def compute(valid_at: datetime, channel: str, complexity: str, **kwargs):
    return compute_deadlines(
        valid_at=valid_at,
        channel=channel,
        complexity=complexity,
        rules=rules_on(local_day(valid_at)),
        calendar=build_calendar(),  # the package's days and the shipped overrides
        **kwargs,
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    "case", CASES, ids=lambda c: f"{c['valid_on']}-{c['channel']}-{c['complexity']}"
)
def test_reference_case(case):
    valid_at = datetime.fromisoformat(case["valid_on"] + "T10:00:00+07:00")
    result = compute(valid_at, case["channel"], case["complexity"], with_max_extension=True)
    assert result.receipt_day.isoformat() == case["receipt_day"]
    due = {m.kind: m.due.isoformat() for m in result.milestones}
    for kind in ("provide", "notify_time_limit", "provide_or_refuse"):
        if kind in case:
            assert due.pop(kind) == case[kind]
    assert due == {}, "no milestone beyond those of the case"
    if "extended" in case:
        assert result.extended.isoformat() == case["extended"]


@pytest.mark.django_db
def test_explanation_names_each_skipped_holiday_and_the_rule():
    """Tết 2026: the officer sees why 3 working days from Friday 13/2 end on Wednesday 25/2."""
    result = compute(datetime(2026, 2, 13, 10, tzinfo=LOCAL_TZ), "electronic", "simple")
    text = "\n".join(result.explanation())
    assert "104/2016/QH13" in text
    assert "khoản 3 Điều 30" in text
    assert "17/02/2026 (Tết Nguyên Đán)" in text
    assert "14/02/2026" in text and "25/02/2026" in text
    assert "23/02/2026, 24/02/2026, 25/02/2026" in text


@pytest.mark.django_db
def test_request_valid_on_a_holiday_counts_day_one_as_the_next_working_day_and_says_why():
    """Civil Code Art. 147(2) read literally: the holiday of receipt is not counted and day 1 is
    Thursday 3/9, so 3 working days end on Monday 7/9 (not Tuesday 8/9, DOMAIN §4.2)."""
    result = compute(datetime(2026, 9, 2, 15, tzinfo=LOCAL_TZ), "electronic", "simple")
    assert result.receipt_day == date(2026, 9, 3)
    assert result.counted_from == date(2026, 9, 2)
    assert result.milestones[0].due == date(2026, 9, 7)
    text = "\n".join(result.explanation())
    assert "Quốc khánh" in text and "03/09/2026, 04/09/2026, 07/09/2026" in text


@pytest.mark.django_db
def test_a_saturday_request_is_due_the_same_day_as_a_friday_one():
    friday = compute(datetime(2026, 3, 13, 10, tzinfo=LOCAL_TZ), "post", "simple")
    saturday = compute(datetime(2026, 3, 14, 10, tzinfo=LOCAL_TZ), "post", "simple")
    assert friday.milestones[0].due == saturday.milestones[0].due == date(2026, 3, 20)


@pytest.mark.django_db
def test_a_rule_set_may_choose_the_older_next_working_day_reading():
    """The older reading stays available as a rule-set option: one working day later."""
    valid_at = datetime(2026, 9, 2, 15, tzinfo=LOCAL_TZ)
    rule_set = RuleSet.objects.in_force_on(local_day(valid_at)).get()
    rule_set.rules = {**rule_set.rules, "counting": "next_working_day"}
    result = compute_deadlines(
        valid_at=valid_at,
        channel="electronic",
        complexity="simple",
        rules=rules_from_model(rule_set),
        calendar=build_calendar(),
    )
    assert result.counted_from == date(2026, 9, 3)
    assert result.milestones[0].due == date(2026, 9, 8)
    assert any("03/09/2026" in line for line in result.explanation())


@pytest.mark.django_db
def test_the_next_working_day_reading_on_the_saturday_case_of_the_reference_cases():
    """deadlines.json's Saturday case (valid Sat 14/3/2026, e-mail, simple: due Wed 18/3 read
    literally) under the other counting option: Monday 16/3 is the day of receipt and is not
    counted, so the three working days end on Thursday 19/3."""
    valid_at = datetime(2026, 3, 14, 10, tzinfo=LOCAL_TZ)
    rule_set = RuleSet.objects.in_force_on(local_day(valid_at)).get()
    literal = compute(valid_at, "electronic", "simple")
    rule_set.rules = {**rule_set.rules, "counting": "next_working_day"}
    later = compute_deadlines(
        valid_at=valid_at,
        channel="electronic",
        complexity="simple",
        rules=rules_from_model(rule_set),
        calendar=build_calendar(),
    )
    assert literal.milestones[0].due == date(2026, 3, 18)
    assert later.counted_from == date(2026, 3, 16)
    assert later.milestones[0].due == date(2026, 3, 19)


@pytest.mark.django_db
def test_the_2026_new_year_swap_ships_as_calendar_data_with_its_source():
    """Friday 2/1/2026 off, Saturday 10/1/2026 worked: the holidays package lacks the swap."""
    calendar = build_calendar()
    assert not calendar.is_working_day(date(2026, 1, 2))
    assert calendar.is_working_day(date(2026, 1, 10))
    result = compute(datetime(2026, 1, 9, 10, tzinfo=LOCAL_TZ), "electronic", "simple")
    assert result.milestones[0].due == date(2026, 1, 13)
    assert "10/01/2026 (Làm bù cho ngày nghỉ thứ Sáu 02/01/2026)" in "\n".join(result.explanation())
    basis = CalendarOverride.objects.values_list("legal_basis", flat=True)
    assert all(
        "25/12/2025" in b for b in basis.filter(date__in=[date(2026, 1, 2), date(2026, 1, 10)])
    )


@pytest.mark.django_db
def test_valid_at_late_evening_utc_counts_on_the_local_day():
    """23:30 UTC on Thursday 12/3 is already Friday 13/3 in Hà Nội time."""
    result = compute(datetime(2026, 3, 12, 23, 30, tzinfo=UTC), "electronic", "simple")
    assert result.receipt_day == date(2026, 3, 13)


@pytest.mark.django_db
def test_make_up_saturday_counts_as_a_working_day():
    """Saturday 22/8/2026 is worked in exchange for Monday 31/8 (2026 notice)."""
    result = compute(datetime(2026, 8, 20, 9, tzinfo=LOCAL_TZ), "electronic", "simple")
    # Counted: Fri 21/8, Sat 22/8 (worked), Mon 24/8. Without the swap it would be Tue 25/8.
    assert result.milestones[0].due == date(2026, 8, 24)
    lines = "\n".join(result.explanation())
    assert "22/08/2026 (" in lines and "31/08/2026" in lines


@pytest.mark.django_db
def test_extension_of_a_post_request_is_in_calendar_days_rolled_to_a_working_day():
    valid_at = datetime(2026, 2, 13, 10, tzinfo=LOCAL_TZ)
    result = compute(valid_at, "post", "complex", extension_days=15)
    final = result.milestones[-1]
    assert final.base_due == date(2026, 3, 13)
    assert final.due == date(2026, 3, 30)
    assert any("148" in line for line in result.explanation())


@pytest.mark.django_db
def test_in_person_extension_is_in_working_days():
    valid_at = datetime(2026, 3, 2, 9, tzinfo=LOCAL_TZ)
    result = compute(valid_at, "in_person", "complex", with_max_extension=True)
    assert result.milestones[-1].due == date(2026, 3, 16)
    assert result.extended == date(2026, 3, 30)


@pytest.mark.django_db
def test_simple_requests_have_no_extension():
    result = compute(
        datetime(2026, 3, 2, 9, tzinfo=LOCAL_TZ), "electronic", "simple", with_max_extension=True
    )
    assert result.extended is None


@pytest.mark.django_db
def test_requests_from_september_2026_use_the_unverified_new_law_and_say_so():
    result = compute(datetime(2026, 9, 10, 9, tzinfo=LOCAL_TZ), "electronic", "simple")
    assert not result.rules.verified
    assert result.rules.effective_from == date(2026, 9, 1)
    assert any("not been verified" in line or "chưa được" in line for line in result.explanation())


@pytest.mark.django_db
def test_bad_input_is_refused():
    rules = rules_on(date(2026, 3, 2))
    with pytest.raises(DeadlineInputError):
        compute_deadlines(
            valid_at=datetime(2026, 3, 2, 9),
            channel="electronic",
            complexity="simple",
            rules=rules,
            calendar=WorkCalendar(),
        )
    with pytest.raises(DeadlineInputError):
        compute_deadlines(
            valid_at=datetime(2026, 3, 2, 9, tzinfo=LOCAL_TZ),
            channel="pigeon",
            complexity="simple",
            rules=rules,
            calendar=WorkCalendar(),
        )
    with pytest.raises(DeadlineInputError):  # outside the rule set's period
        compute_deadlines(
            valid_at=datetime(2026, 10, 2, 9, tzinfo=LOCAL_TZ),
            channel="electronic",
            complexity="simple",
            rules=rules,
            calendar=WorkCalendar(),
        )
    with pytest.raises(DeadlineInputError):  # beyond the cap
        compute_deadlines(
            valid_at=datetime(2026, 3, 2, 9, tzinfo=LOCAL_TZ),
            channel="electronic",
            complexity="complex",
            rules=rules,
            calendar=WorkCalendar(),
            extension_days=16,
        )


class TestOverdueBoundary:
    """A milestone due on D is not overdue at 23:59:59 local on D, and is at 00:00:00 on D+1."""

    due = date(2026, 3, 13)  # a Friday

    def status_at(self, moment: datetime) -> str:
        with time_machine.travel(moment, tick=False):
            return milestone_status(due=self.due, now=timezone.now(), calendar=WorkCalendar())

    def test_last_second_of_the_due_day_is_not_overdue(self):
        assert self.status_at(datetime(2026, 3, 13, 23, 59, 59, tzinfo=LOCAL_TZ)) == DUE_SOON

    def test_midnight_after_the_due_day_is_overdue(self):
        assert self.status_at(datetime(2026, 3, 14, 0, 0, 0, tzinfo=LOCAL_TZ)) == OVERDUE

    def test_the_boundary_is_local_time_not_utc(self):
        # 17:00 UTC on the 13th is 00:00 on the 14th in Hà Nội.
        assert self.status_at(datetime(2026, 3, 13, 17, 0, 0, tzinfo=UTC)) == OVERDUE
        assert self.status_at(datetime(2026, 3, 13, 16, 59, 59, tzinfo=UTC)) == DUE_SOON

    def test_due_soon_means_one_working_day_or_less(self):
        # Thursday 12/3: one working day left -> due soon; Wednesday 11/3: two -> on track.
        assert self.status_at(datetime(2026, 3, 12, 8, tzinfo=LOCAL_TZ)) == DUE_SOON
        assert self.status_at(datetime(2026, 3, 11, 8, tzinfo=LOCAL_TZ)) == ON_TRACK

    def test_weekend_before_a_monday_deadline_is_due_soon(self):
        calendar = WorkCalendar()
        now = datetime(2026, 3, 14, 10, tzinfo=LOCAL_TZ) + timedelta(days=0)  # Saturday
        assert milestone_status(due=date(2026, 3, 16), now=now, calendar=calendar) == DUE_SOON

    def test_met_milestone_is_never_overdue(self):
        now = datetime(2026, 4, 1, tzinfo=LOCAL_TZ)
        assert milestone_status(due=self.due, now=now, calendar=WorkCalendar(), met=True) == MET
