"""Stored milestones: set at the "deadline checked" step, moved by calendar overrides (with an
audit row on each request that moved), and computed without touching the database."""

from datetime import date, datetime

import pytest

from requests_flow import services
from requests_flow.deadlines import LOCAL_TZ, compute_deadlines
from requests_flow.models import CalendarOverride, RuleSet
from requests_flow.rulesets import rules_from_model
from requests_flow.workdays import load_calendar
from tests.helpers import MONDAY_2026_03_02
from tests.letters.lifecycle import issue_all


@pytest.fixture
def handled(received, officer, head):
    """Valid on Monday 2/3/2026, complex: notice due 5/3, provide or refuse due 23/3."""
    at = MONDAY_2026_03_02
    request = services.request_accept(request=received, actor=officer, now=at)
    request = services.request_assign(request=request, actor=head, officer=officer, now=at)
    return services.request_classify(request=request, actor=officer, complexity="complex", now=at)


def dues(request) -> dict[str, date]:
    return dict(request.milestones.values_list("kind", "due_date"))


def test_classification_stores_each_milestone_with_its_article(handled):
    assert dues(handled) == {
        "notify_time_limit": date(2026, 3, 5),
        "provide_or_refuse": date(2026, 3, 23),
    }
    assert set(handled.milestones.values_list("basis", flat=True)) == {
        "khoản 4 Điều 30 Luật Tiếp cận thông tin 2016"
    }
    event = handled.events.get(action="classify")
    assert event.data["milestones"][1] == {
        "kind": "provide_or_refuse",
        "due": "2026-03-23",
        "basis": "khoản 4 Điều 30 Luật Tiếp cận thông tin 2016",
    }


def test_an_override_day_off_moves_open_requests_and_is_audited(handled, django_user_model):
    admin = django_user_model.objects.create_user(username="qt", full_name="Quản trị")
    _override, moved = services.calendar_override_save(
        actor=admin,
        day=date(2026, 3, 10),
        kind=CalendarOverride.Kind.DAY_OFF,
        reason="Nghỉ bầu cử đại biểu Quốc hội",
        legal_basis="Thông báo 12/TB-UBND",
    )
    assert moved == 1
    assert dues(handled) == {
        "notify_time_limit": date(2026, 3, 5),
        "provide_or_refuse": date(2026, 3, 24),
    }
    event = handled.events.get(action="deadline_recomputed")
    assert event.data["moved"] == {"provide_or_refuse": ["2026-03-23", "2026-03-24"]}
    assert event.reason == "Nghỉ bầu cử đại biểu Quốc hội"
    assert event.legal_basis == "Thông báo 12/TB-UBND"
    assert event.actor == admin

    moved_back = services.calendar_override_delete(actor=admin, day=date(2026, 3, 10))
    assert moved_back == 1
    assert dues(handled)["provide_or_refuse"] == date(2026, 3, 23)
    assert handled.events.filter(action="deadline_recomputed").count() == 2


def test_an_override_outside_the_period_moves_nothing_and_writes_nothing(handled, officer):
    _override, moved = services.calendar_override_save(
        actor=officer,
        day=date(2026, 6, 10),
        kind=CalendarOverride.Kind.DAY_OFF,
        reason="Nghỉ",
        legal_basis="TB",
    )
    assert moved == 0
    assert not handled.events.filter(action="deadline_recomputed").exists()


def test_closed_requests_keep_their_dates(handled, officer, leader):
    handled = services.request_record_handling(
        request=handled, actor=officer, secrecy_reviewed=True, now=MONDAY_2026_03_02
    )
    request = services.request_submit_decision(
        request=handled, actor=officer, kind="provide", now=MONDAY_2026_03_02
    )
    services.request_approve_provision(request=request, actor=leader, now=MONDAY_2026_03_02)
    services.calendar_override_save(
        actor=officer, day=date(2026, 3, 10), kind="day_off", reason="Nghỉ", legal_basis="TB"
    )
    assert dues(handled)["provide_or_refuse"] == date(2026, 3, 23)


def test_override_needs_reason_and_legal_basis(officer):
    with pytest.raises(services.InvalidInput) as exc:
        services.calendar_override_save(
            actor=officer, day=date(2026, 3, 10), kind="day_off", reason=" ", legal_basis=""
        )
    assert set(exc.value.errors) == {"reason", "legal_basis"}
    assert not CalendarOverride.objects.filter(date=date(2026, 3, 10)).exists()


@pytest.mark.django_db
def test_computing_milestones_runs_no_query(django_assert_num_queries):
    calendar = load_calendar()
    rules = rules_from_model(RuleSet.objects.get(code="law-104-2016"))
    valid_at = datetime(2026, 2, 13, 10, tzinfo=LOCAL_TZ)
    with django_assert_num_queries(0):
        for channel in ("in_person", "electronic", "post", "fax"):
            for complexity in ("simple", "complex"):
                result = compute_deadlines(
                    valid_at=valid_at,
                    channel=channel,
                    complexity=complexity,
                    rules=rules,
                    calendar=calendar,
                    with_max_extension=True,
                )
                result.explanation()


@pytest.mark.django_db
def test_the_calendar_is_loaded_once_and_reloaded_after_an_override(django_assert_num_queries):
    services_calendar = load_calendar()
    with django_assert_num_queries(0):
        assert load_calendar() is services_calendar
    CalendarOverride.objects.create(
        date=date(2026, 3, 10), kind="day_off", reason="Nghỉ", legal_basis="TB"
    )
    fresh = load_calendar()
    assert fresh is not services_calendar
    assert not fresh.is_working_day(date(2026, 3, 10))


def test_next_due_follows_the_earliest_unmet_milestone(handled, officer, django_user_model):
    """Task lists sort by InformationRequest.next_due; it must always match the milestones."""
    # Form 03, drafted at the deadline check, meets the notice milestone due 5/3 only when the
    # clerk issues it (Art. 30(4)): until then that is the earliest deadline.
    assert handled.milestones.get(kind="notify_time_limit").met_at is None
    assert handled.next_due == date(2026, 3, 5)
    issued = MONDAY_2026_03_02.replace(hour=15)
    issue_all(handled, now=issued)
    handled.refresh_from_db()
    assert handled.milestones.get(kind="notify_time_limit").met_at == issued
    assert handled.next_due == date(2026, 3, 23)
    paying = services.request_ask_payment(
        request=handled, actor=officer, amount=9000, due=date(2026, 3, 9), now=issued
    )
    assert paying.next_due == date(2026, 3, 23)
    admin = django_user_model.objects.create_user(username="qt2", full_name="Quản trị")
    services.calendar_override_save(
        actor=admin, day=date(2026, 3, 10), kind="day_off", reason="Nghỉ", legal_basis="TB"
    )
    paying.refresh_from_db()
    assert paying.next_due == date(2026, 3, 24)
