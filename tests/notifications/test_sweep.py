"""Deadline alerts (DOMAIN §4.2): each milestone is announced "due soon" once one working day or
less remains and "overdue" from 00:00 local the day after its due date — once per level, to the
assigned officer, the focal heads and the supervisors of the agency, however often the sweep runs,
however many sweeps run at once, and after a sweep killed half-way."""

import threading
from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.db import close_old_connections, connection
from django.test.utils import CaptureQueriesContext

from notifications import services as notification_services
from notifications.models import MilestoneAlert, Notification
from requests_flow import alert_notices, sweep
from requests_flow.choices import Role, State
from requests_flow.deadlines import LOCAL_TZ
from requests_flow.models import InformationRequest, Milestone
from requests_flow.sweep import sweep_deadlines
from requests_flow.workdays import load_calendar
from tests.helpers import CITIZEN_ID, make_user, member

FRIDAY = date(2026, 3, 6)  # due date used below; Monday 9/3 is the next working day after it


def local(*args) -> datetime:
    return datetime(*args, tzinfo=LOCAL_TZ)


def make_requests(agency, due_dates, *, state=State.IN_PROGRESS, officer=None, met=False):
    start = InformationRequest.objects.filter(agency=agency).count()
    requests = InformationRequest.objects.bulk_create(
        InformationRequest(
            agency=agency,
            register_year=2026,
            register_seq=start + i + 1,
            requester_name="Nguyễn Thị Hoa",
            requester_address="Tuyên Quang",
            id_document_type="cccd",
            id_number=CITIZEN_ID,
            information_requested="Quyết định",
            provision_form="email",
            reason_purpose="Tìm hiểu",
            channel="electronic",
            received_at=local(2026, 2, 2, 9),
            state=state,
            assigned_officer=officer,
        )
        for i in range(len(due_dates))
    )
    return Milestone.objects.bulk_create(
        Milestone(
            request=r,
            kind="provide",
            due_date=d,
            basis="Art. 29",
            met_at=local(2026, 3, 1) if met else None,
        )
        for r, d in zip(requests, due_dates, strict=True)
    )


@pytest.fixture
def staff(django_user_model, agency, officer, head, leader):
    boss = member(make_user(django_user_model, "giam", "Vũ Giám Sát"), agency, Role.SUPERVISOR)
    return {"officer": officer, "head": head, "leader": leader, "supervisor": boss}


def stub_enqueue(monkeypatch) -> list[int]:
    queued: list[int] = []

    class Stub:
        enqueue = staticmethod(queued.extend)

    monkeypatch.setattr(notification_services, "deliver_notifications", Stub)
    return queued


def levels() -> set[tuple[int, str]]:
    return set(MilestoneAlert.objects.values_list("milestone_id", "level"))


def notes() -> list[tuple]:
    return sorted(
        Notification.objects.values_list("recipient_id", "request_id", "kind", "title", "body")
    )


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (local(2026, 3, 4, 23, 59, 59), set()),  # Wed: two working days remain
        (local(2026, 3, 5, 0, 0), {"due_soon"}),  # Thu: one working day remains
        (local(2026, 3, 6, 23, 59, 59), {"due_soon"}),  # the due date itself, last second
        (local(2026, 3, 7, 0, 0), {"due_soon", "overdue"}),  # 00:00 local on D+1
    ],
)
def test_levels_at_the_exact_boundaries(agency, staff, moment, expected):
    make_requests(agency, [FRIDAY], officer=staff["officer"])
    if "overdue" in expected:  # the due-soon alert was given the day before
        sweep_deadlines(local(2026, 3, 6, 9))
    with time_machine.travel(moment, tick=False):
        sweep_deadlines()
    assert {level for _, level in levels()} == expected
    if expected:
        kinds = set(Notification.objects.values_list("kind", flat=True))
        assert kinds == {f"deadline_{level}" for level in expected}


def test_a_weekend_counts_as_no_working_day(agency, staff):
    (monday,) = make_requests(agency, [date(2026, 3, 9)])
    sweep_deadlines(local(2026, 3, 5, 23, 59, 59))  # Thursday: Friday still to work
    assert not levels()
    sweep_deadlines(local(2026, 3, 6, 0, 0))  # Friday: Monday is the next working day
    assert levels() == {(monday.pk, "due_soon")}


def test_the_right_people_are_told_with_the_key_facts(agency, other_agency, staff):
    for user in staff.values():
        user.language = "en"  # as chosen with the language switch
        user.save()
    make_requests(agency, [FRIDAY], officer=staff["officer"])
    counts = sweep_deadlines(local(2026, 3, 7, 8))
    assert counts["overdue"] == 1 and counts["alerts_created"] == 1
    told = set(Notification.objects.values_list("recipient__username", flat=True))
    assert told == {"minh", "thu", "giam"}  # officer, focal head, supervisor; not the leader
    note = Notification.objects.first()
    assert note.event is None and note.kind == "deadline_overdue"
    assert "01/2026" in note.title and "06/03/2026" in note.body
    assert "Provide the information" in note.body  # the milestone's name, in their language
    assert note.url == ""  # no viewflow process for this request


def test_a_sweep_every_minute_for_an_hour_alerts_once(agency, staff, monkeypatch):
    queued = stub_enqueue(monkeypatch)
    make_requests(agency, [FRIDAY, date(2026, 3, 5), date(2026, 3, 20)], officer=staff["officer"])
    start = local(2026, 3, 5, 23, 30)  # crosses midnight: Thursday's milestone becomes overdue
    for minute in range(60):
        with time_machine.travel(start + timedelta(minutes=minute), tick=False):
            sweep_deadlines()
    assert len(levels()) == MilestoneAlert.objects.count() == 3  # 2 due soon + 1 overdue
    assert Notification.objects.count() == 3 * 3
    assert sorted(queued) == sorted(Notification.objects.values_list("pk", flat=True))


def test_met_milestones_and_closed_requests_never_alert(agency, staff):
    make_requests(agency, [FRIDAY], met=True)
    make_requests(agency, [FRIDAY], state=State.PROVIDED)
    make_requests(agency, [FRIDAY], state=State.WITHDRAWN)
    counts = sweep_deadlines(local(2026, 3, 9, 9))
    assert counts["overdue"] == counts["alerts_created"] == 0
    assert not MilestoneAlert.objects.exists() and not Notification.objects.exists()


@pytest.mark.parametrize("where", ["alerts", "notifications"])
def test_an_interrupted_sweep_rerun_ends_like_a_clean_run(agency, staff, monkeypatch, where):
    make_requests(agency, [FRIDAY] * 4 + [date(2026, 3, 9)] * 3, officer=staff["officer"])
    monkeypatch.setattr(sweep, "BATCH_SIZE", 1)
    now = local(2026, 3, 7, 9)
    target = (
        (MilestoneAlert.objects, "bulk_create")
        if where == "alerts"
        else (alert_notices, "notify_batch")
    )
    original, calls = getattr(*target), []

    def dies_on_second_batch(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("killed")
        return original(*args, **kwargs)

    with monkeypatch.context() as patch:
        patch.setattr(*target, dies_on_second_batch)
        with pytest.raises(RuntimeError):
            sweep_deadlines(now)
    assert 0 < MilestoneAlert.objects.count() < 7 or where == "notifications"
    sweep_deadlines(now)
    after_restart = (levels(), notes())
    Notification.objects.all().delete()
    MilestoneAlert.objects.all().delete()
    sweep_deadlines(now)
    assert (levels(), notes()) == after_restart
    assert len(after_restart[0]) == 7 and len(after_restart[1]) == 7 * 3


def count_queries(agency, n: int) -> tuple[int, int]:
    """(statements other than INSERT, INSERT statements) of one sweep over n due milestones."""
    Notification.objects.all().delete()
    MilestoneAlert.objects.all().delete()
    Milestone.objects.all().delete()
    InformationRequest.objects.all().delete()
    make_requests(agency, [FRIDAY] * n)
    load_calendar()  # cached per process: keep its one query out of the comparison
    with CaptureQueriesContext(connection) as captured:
        counts = sweep_deadlines(local(2026, 3, 7, 9))
    assert counts["alerts_created"] == n
    inserts = sum(q["sql"].startswith("INSERT") for q in captured)
    return len(captured) - inserts, inserts


def test_queries_grow_with_batches_not_rows(agency, staff, monkeypatch):
    stub_enqueue(monkeypatch)  # a real enqueue is one INSERT per notification
    selects, inserts = count_queries(agency, 50)
    assert selects <= 22 and inserts <= 3  # fixed budget of a sweep with one batch per step
    selects_500, inserts_500 = count_queries(agency, 500)
    assert selects_500 == selects
    if connection.vendor == "postgresql":
        assert inserts_500 == inserts
    else:  # SQLite caps a statement at 999 parameters: Django splits a bulk INSERT
        assert inserts_500 <= -(-500 * 4 // 999) + -(-500 * 2 * 11 // 999) + 2
    monkeypatch.setattr(sweep, "BATCH_SIZE", 100)
    selects_5, _ = count_queries(agency, 500)
    assert selects < selects_5 <= 5 * selects


@pytest.mark.django_db(transaction=True)
def test_two_sweeps_at_once_write_each_alert_and_notification_once(agency, staff):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises writers, there is no race to test")
    make_requests(agency, [FRIDAY] * 300 + [date(2026, 3, 9)] * 300, officer=staff["officer"])
    barrier, errors = threading.Barrier(4), []

    def run():
        try:
            barrier.wait()
            sweep_deadlines(local(2026, 3, 7, 9))
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert MilestoneAlert.objects.count() == 600
    assert Notification.objects.count() == 600 * 3
    assert not MilestoneAlert.objects.filter(claim__isnull=True).exists()
    per_alert = Notification.objects.values("recipient", "request", "kind").distinct().count()
    assert per_alert == 600 * 3
