"""The database connection is cut while a transition runs inside its transaction (PostgreSQL):
the caller gets a database error at once (no hang), nothing of the attempt is left (state, audit
row, notifications, queued tasks, the letter's draft), and the same action succeeds after
reconnecting (issue #8, item 8).

To stop the transition at a known point, the test holds a real PostgreSQL lock that the
transition needs there, waits until pg_stat_activity shows the transition's backend waiting on
it, and terminates that backend with pg_terminate_backend, as a crashed database server, a
failover or a network cut would."""

import threading
import time
from contextlib import contextmanager

import pytest
from django.db import DatabaseError, close_old_connections, connection, transaction
from django_tasks_db.models import DBTaskResult

from notifications.models import Notification
from requests_flow import services
from requests_flow.choices import State
from requests_flow.models import InformationRequest, Letter, LetterCounter, RequestEvent
from tests.helpers import MONDAY_2026_03_02, file_online

from .support import CALL_TIMEOUT, SOAK

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL (set DATABASE_URL): terminates a backend with "
        "pg_terminate_backend",
    ),
    pytest.mark.django_db(transaction=True),
]
ROUNDS = 10 if SOAK else 1
ASK_AT = MONDAY_2026_03_02.replace(hour=11)

# Where the transition is stopped: the lock the test holds, and how the statement the blocked
# backend runs (pg_stat_activity.query) begins when it is terminated.
PAUSE_POINTS = {
    # Before any write: another transaction holds the request's row (SELECT ... FOR UPDATE).
    "at the row lock": (
        "SELECT id FROM requests_flow_informationrequest WHERE id = %(request)s FOR UPDATE",
        'SELECT "requests_flow_informationrequest"',
    ),
    # After the request row, the audit row and the notifications are written: the first task
    # row (the e-mail delivery) cannot be inserted while the queue table is locked.
    "after the audit and notification rows": (
        f"LOCK TABLE {DBTaskResult._meta.db_table} IN EXCLUSIVE MODE",
        f'INSERT INTO "{DBTaskResult._meta.db_table}"',
    ),
    # Everything written, the commit running: Django's foreign keys are checked at COMMIT
    # (DEFERRABLE INITIALLY DEFERRED), and the check of the actor's row waits for our lock.
    "at COMMIT": ("SELECT id FROM accounts_user WHERE id = %(actor)s FOR UPDATE", "COMMIT"),
}


def footprint(request_id: int, agency_id: int) -> dict:
    """Everything an ask-for-completion writes."""
    request = InformationRequest.objects.get(pk=request_id)
    return {
        "state": request.state,
        "updated_at": request.updated_at,
        "missing_items": request.missing_items,
        "audit rows": RequestEvent.objects.filter(request_id=request_id).count(),
        "notifications": Notification.objects.filter(request_id=request_id).count(),
        "letters": Letter.objects.filter(request_id=request_id).count(),
        "letter numbers": list(
            LetterCounter.objects.filter(agency_id=agency_id).values_list("last_number", flat=True)
        ),
        "queued tasks": DBTaskResult.objects.count(),
    }


class Transition(threading.Thread):
    """An officer asking for completion, in its own thread and database connection. After the
    first attempt it waits to be told whether to retry; a retry reconnects as Django does between
    two requests and tries again."""

    def __init__(self, request_id: int, actor):
        super().__init__(daemon=True)
        self.request_id, self.actor = request_id, actor
        self.backend_pid: int | None = None
        self.connected, self.first_done, self.go_on = (threading.Event() for _ in range(3))
        self.first = self.second = None
        self.retry_wanted = False

    def attempt(self):
        try:
            request = InformationRequest.objects.get(pk=self.request_id)
            return services.request_ask_supplement(
                request=request, actor=self.actor, missing_items=["Bản sao CCCD"], now=ASK_AT
            )
        except Exception as exc:  # the test inspects what the caller would get
            return exc

    def run(self):
        try:
            connection.ensure_connection()
            self.backend_pid = connection.connection.info.backend_pid
            self.connected.set()
            self.first = self.attempt()
            self.first_done.set()
            if self.go_on.wait(timeout=CALL_TIMEOUT) and self.retry_wanted:
                close_old_connections()  # what Django does at the start of the next request
                self.second = self.attempt()
        finally:
            connection.close()

    def retry(self):
        self.retry_wanted = True
        self.finish()
        return self.second

    def finish(self) -> None:
        self.go_on.set()
        self.join(CALL_TIMEOUT)
        assert not self.is_alive(), "the transition's thread hangs"


def wait_until_blocked(pid: int) -> str:
    """The query the backend is waiting on a lock in (pg_stat_activity)."""
    deadline = time.monotonic() + CALL_TIMEOUT
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            # Inside a transaction the statistics views are a snapshot: take a fresh one.
            cursor.execute("SELECT pg_stat_clear_snapshot()")
            cursor.execute(
                "SELECT wait_event_type, query FROM pg_stat_activity WHERE pid = %s", [pid]
            )
            row = cursor.fetchone()
            if row and row[0] == "Lock":
                return row[1]
            time.sleep(0.05)
    raise AssertionError(f"backend {pid} never waited on the test's lock")


@contextmanager
def transition_thread(request_id: int, actor):
    """The thread ends with the test, whatever fails: its connection must not outlive it."""
    transition = Transition(request_id, actor)
    try:
        yield transition
    finally:
        if transition.is_alive():
            transition.finish()


def drop_mid_transition(transition: Transition, point: str) -> None:
    """Start the transition, stop it at `point`, cut its connection; return once the caller has
    its answer (the thread then waits to be told to retry)."""
    lock_sql, expected_query = PAUSE_POINTS[point]
    request_id, actor_id = transition.request_id, transition.actor.pk
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(lock_sql % {"request": request_id, "actor": actor_id})
        transition.start()
        assert transition.connected.wait(CALL_TIMEOUT)
        blocked_in = wait_until_blocked(transition.backend_pid)
        assert blocked_in.startswith(expected_query), blocked_in[:200]
        cursor.execute("SELECT pg_terminate_backend(%s)", [transition.backend_pid])
        assert transition.first_done.wait(CALL_TIMEOUT), "the caller hangs after the drop"


def receive(agency, citizen) -> InformationRequest:
    return file_online(agency, citizen, MONDAY_2026_03_02)


@pytest.mark.parametrize("point", PAUSE_POINTS)
def test_connection_dropped_mid_transition(point, agency, citizen, officer):
    errors = half_applied = retried = 0
    for _ in range(ROUNDS):
        received = receive(agency, citizen)
        before = footprint(received.pk, agency.pk)

        with transition_thread(received.pk, officer) as transition:
            drop_mid_transition(transition, point)
            first = transition.first
            errors += isinstance(first, DatabaseError)
            assert isinstance(first, DatabaseError), f"a database error to report: {first!r}"
            after_drop = footprint(received.pk, agency.pk)
            half_applied += after_drop != before
            assert after_drop == before, "nothing of the dropped attempt remains"
            second = transition.retry()
        retried += isinstance(second, InformationRequest)
        assert isinstance(second, InformationRequest), f"the retry succeeds: {second!r}"
        after_retry = footprint(received.pk, agency.pk)
        assert after_retry["state"] == State.NEEDS_SUPPLEMENT
        # The step's audit row and its letter's draft (letter_draft); a draft takes no number
        # (the clerk gives it at issue).
        assert after_retry["audit rows"] == before["audit rows"] + 2
        assert after_retry["letters"] == before["letters"] + 1
        assert after_retry["letter numbers"] == before["letter numbers"]
    print(
        f"connection dropped {point}: drops {ROUNDS}, clean errors {errors}, "
        f"half-applied {half_applied}, hangs 0, retries succeeded {retried} "
        f"(the caller got {type(first).__name__})"
    )
