"""The audit trail is tamper-evident (issue #8 item 7): every row carries the hash of the one before
it; the application cannot change or remove a row; on PostgreSQL a trigger refuses it to anyone
who cannot drop the trigger; `manage.py audit_verify` names the first broken link."""

import itertools
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction
from django.db.models import ProtectedError

from requests_flow.audit_chain import GENESIS, row_digest, verify
from requests_flow.models import AppendOnlyError, RequestEvent
from tests.helpers import MONDAY_2026_03_02, file_online
from tests.letters.lifecycle import issue_all
from tests.racing import race

TABLE = RequestEvent._meta.db_table
on_sqlite = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="SQLite variant: no trigger, raw SQL reaches the rows"
)
on_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL (set DATABASE_URL): the append-only trigger",
)


def file_requests(agency, citizen, count: int) -> list:
    return [file_online(agency, citizen, MONDAY_2026_03_02) for _ in range(count)]


def verify_command() -> str:
    """audit_verify's output line; its CommandError (non-zero exit) propagates."""
    out = StringIO()
    call_command("audit_verify", "--chunk", "2", stdout=out)  # small pages: the paging is walked
    return out.getvalue().strip()


def broken_line() -> str:
    with pytest.raises(CommandError) as refused:
        verify_command()
    line = str(refused.value)
    assert "\n" not in line
    return line


def chain() -> list[RequestEvent]:
    return list(RequestEvent.objects.order_by("seq"))


@pytest.mark.django_db
def test_an_intact_chain_is_reported_ok_with_its_count(agency, citizen):
    file_requests(agency, citizen, 3)
    rows = chain()
    assert [r.seq for r in rows] == list(range(1, len(rows) + 1))
    assert rows[0].prev_hash == GENESIS
    for before, row in itertools.pairwise(rows):
        assert row.prev_hash == before.row_hash
    assert all(r.row_hash == row_digest(r.__dict__) for r in rows)
    line = verify_command()
    print(f"audit_verify: {line}")
    assert line == f"OK: {len(rows)} audit rows, chain intact"


@pytest.mark.django_db
def test_the_application_cannot_change_or_remove_an_audit_row(agency, citizen):
    (info,) = file_requests(agency, citizen, 1)
    event = info.events.get(action="receive")
    attempts = {
        "save": lambda: event.save(),
        "delete": lambda: event.delete(),
        "queryset update": lambda: RequestEvent.objects.filter(pk=event.pk).update(reason="x"),
        "queryset delete": lambda: RequestEvent.objects.filter(pk=event.pk).delete(),
        "bulk_update": lambda: RequestEvent.objects.bulk_update([event], ["reason"]),
        "bulk_create": lambda: RequestEvent.objects.bulk_create([RequestEvent(request=info)]),
        "create outside the chain": lambda: RequestEvent.objects.create(
            request=info, at=event.at, action="receive", seq=99, prev_hash=GENESIS
        ),
        "delete the request": lambda: type(info).objects.filter(pk=info.pk).delete(),
        "delete the actor": lambda: citizen.delete(),
    }
    refused = []
    for name, attempt in attempts.items():
        with pytest.raises((AppendOnlyError, ProtectedError)), transaction.atomic():
            attempt()
        refused.append(name)
    print(f"ORM paths tried {len(attempts)}, refused {len(refused)}")
    assert refused == list(attempts)
    assert verify_command() == "OK: 2 audit rows, chain intact"  # received, receipt drafted


def alter_third_row(rows) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE requests_flow_requestevent SET reason = %s WHERE id = %s",
            ["sửa lén", rows[2].pk],
        )


def remove_notifications_of(event_id: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM notifications_notification WHERE event_id = %s", [event_id])


@on_sqlite
@pytest.mark.django_db
def test_a_row_altered_in_the_database_is_the_first_broken_link_on_sqlite(agency, citizen):
    file_requests(agency, citizen, 5)
    rows = chain()
    alter_third_row(rows)
    line = broken_line()
    print(f"audit_verify: {line}")
    assert f"row id {rows[2].pk} (seq 3," in line and "content altered" in line
    assert f"expected row_hash {rows[2].row_hash[:16]}" in line


@on_sqlite
@pytest.mark.django_db
def test_a_row_removed_in_the_middle_or_at_the_end_is_reported_on_sqlite(agency, citizen):
    file_requests(agency, citizen, 5)
    rows = chain()
    remove_notifications_of(rows[-1].pk)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM requests_flow_requestevent WHERE id = %s", [rows[-1].pk])
    assert "rows removed from the end" in broken_line()
    remove_notifications_of(rows[1].pk)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM requests_flow_requestevent WHERE id = %s", [rows[1].pk])
    line = broken_line()
    print(f"audit_verify: {line}")
    assert f"row id {rows[2].pk} (seq 3," in line and "expected seq 2" in line


@pytest.mark.postgres
@on_postgres
@pytest.mark.django_db
def test_the_trigger_refuses_update_and_delete_then_verify_finds_what_the_owner_did(
    agency, citizen
):
    file_requests(agency, citizen, 5)
    rows = chain()
    statements = [
        ("UPDATE requests_flow_requestevent SET reason = 'x' WHERE id = %s", [rows[2].pk]),
        ("DELETE FROM requests_flow_requestevent WHERE id = %s", [rows[1].pk]),
    ]
    refused = 0
    for sql, params in statements:
        remove_notifications_of(rows[1].pk)
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            connection.cursor().execute(sql, params)
        refused += 1
    print(f"raw SQL on the audit table tried {len(statements)}, refused {refused}")
    assert verify_command().startswith(f"OK: {len(rows)} ")
    # The table owner may switch the trigger off (the test's transaction undoes it): the chain
    # still shows what was done.
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # ALTER TABLE refuses pending checks
        cursor.execute(f"ALTER TABLE {TABLE} DISABLE TRIGGER {TABLE}_append_only")
        cursor.execute(*statements[0])
    assert f"row id {rows[2].pk} (seq 3," in broken_line()
    with connection.cursor() as cursor:
        cursor.execute(*statements[1])
    line = broken_line()
    print(f"audit_verify: {line}")
    assert f"row id {rows[2].pk} (seq 3," in line and "expected seq 2" in line


@pytest.mark.django_db(transaction=True)
def test_rows_written_at_the_same_moment_join_one_unbroken_chain(agency, citizen):
    racers = 4 if connection.vendor == "postgresql" else 2
    outcomes = race(*[lambda: file_requests(agency, citizen, 3) for _ in range(racers)])
    assert not [o for o in outcomes if isinstance(o, Exception)], outcomes
    verdict = verify()
    print(f"{racers} writers at once: {verdict.checked} rows chained, broken: {verdict.broken!r}")
    # Each filing writes two rows: the request received, its receipt drafted (DOMAIN §7.1).
    assert verdict.checked == racers * 3 * 2 and not verdict.broken


@pytest.mark.django_db(transaction=True)
def test_the_migration_chains_rows_written_before_it(agency, citizen):
    for info in file_requests(agency, citizen, 3):
        # Issued: a draft has no number, which the letters' table before migration 0025 needs.
        issue_all(info, now=MONDAY_2026_03_02)
    before = [(r.pk, r.seq, r.row_hash) for r in chain()]
    try:
        call_command("migrate", "requests_flow", "0006", verbosity=0)
    finally:
        call_command("migrate", verbosity=0)  # every app: others' migrations depend on these
    assert [(r.pk, r.seq, r.row_hash) for r in chain()] == before
    assert verify_command() == f"OK: {len(before)} audit rows, chain intact"
