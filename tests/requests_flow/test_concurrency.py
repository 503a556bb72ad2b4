"""Two people acting on the same request at the same moment: exactly one wins, the other is told who
changed it, and the audit trail never shows a double transition (DOMAIN §3). Register numbers taken
at the same moment stay distinct and consecutive (DOMAIN §7).

On PostgreSQL the services take a row lock (SELECT ... FOR UPDATE); on SQLite, BEGIN IMMEDIATE
serialises the writers. Each race runs in real threads with their own database connections, so
the tests need committed data (transaction=True)."""

import pytest
from django.db import connection

from requests_flow import services
from requests_flow.choices import State
from requests_flow.models import InformationRequest, RegisterCounter, RequestEvent
from tests.helpers import MONDAY_2026_03_02, file_online
from tests.racing import race

from .support import at, steps

needs_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL (set DATABASE_URL): races on row locks taken with SELECT FOR UPDATE",
)
needs_sqlite = pytest.mark.skipif(
    connection.vendor != "sqlite",
    reason="SQLite variant: writers serialised by BEGIN IMMEDIATE",
)
transactional = pytest.mark.django_db(transaction=True)
ROUNDS = 5  # several races on fresh requests, so that both interleavings get their chance


def accept(request, actor):
    return lambda: services.request_accept(request=request, actor=actor, now=at(2, 10))


def ask_supplement(request, actor):
    return lambda: services.request_ask_supplement(
        request=request, actor=actor, missing_items=["Số hiệu văn bản"], now=at(2, 10)
    )


def assert_exactly_one_wins(received, outcomes, winners_by_index):
    wins = [i for i, o in enumerate(outcomes) if isinstance(o, InformationRequest)]
    losses = [i for i, o in enumerate(outcomes) if isinstance(o, services.ConcurrentChange)]
    assert len(wins) == 1 and len(losses) == len(outcomes) - 1, outcomes
    winner, new_state = winners_by_index[wins[0]]
    for i in losses:
        assert winner.display_name in outcomes[i].message
    assert InformationRequest.objects.get(pk=received.pk).state == new_state
    trail = [(e.action, e.actor_id, e.to_state) for e in steps(received)]
    assert trail[0][0] == "receive"
    assert trail[1:] == [(trail[1][0], winner.pk, new_state)]
    # The loser's letter, had it drafted one, went with its transaction.
    drafted = sorted(received.letters.values_list("kind", flat=True))
    assert drafted == (
        ["receipt", "supplement"] if trail[1][0] == "ask_supplement" else ["receipt"]
    )
    return trail[1][0]


@pytest.mark.postgres
@needs_postgres
@transactional
def test_two_officers_accepting_at_once_on_postgres(agency, citizen, officer, head):
    for n in range(ROUNDS):
        received = file_request(agency, citizen)
        outcomes = race(accept(received, officer), accept(received, head))
        action = assert_exactly_one_wins(
            received, outcomes, [(officer, State.ACCEPTED), (head, State.ACCEPTED)]
        )
        assert action == "accept", f"round {n}"
        assert RequestEvent.objects.filter(request=received, action="accept").count() == 1


@pytest.mark.postgres
@needs_postgres
@transactional
def test_accept_racing_ask_supplement_on_postgres(agency, citizen, officer, head):
    for _ in range(ROUNDS):
        received = file_request(agency, citizen)
        outcomes = race(accept(received, officer), ask_supplement(received, head))
        action = assert_exactly_one_wins(
            received, outcomes, [(officer, State.ACCEPTED), (head, State.NEEDS_SUPPLEMENT)]
        )
        assert action in {"accept", "ask_supplement"}
        assert len(steps(received)) == 2


@needs_sqlite
@transactional
def test_two_officers_accepting_at_once_on_sqlite(agency, citizen, officer, head):
    received = file_request(agency, citizen)
    outcomes = race(accept(received, officer), accept(received, head))
    assert_exactly_one_wins(received, outcomes, [(officer, State.ACCEPTED), (head, State.ACCEPTED)])
    assert RequestEvent.objects.filter(request=received, action="accept").count() == 1


@needs_sqlite
@transactional
def test_accept_racing_ask_supplement_on_sqlite(agency, citizen, officer, head):
    received = file_request(agency, citizen)
    outcomes = race(ask_supplement(received, head), accept(received, officer))
    assert_exactly_one_wins(
        received, outcomes, [(head, State.NEEDS_SUPPLEMENT), (officer, State.ACCEPTED)]
    )


def file_request(agency, citizen):
    return file_online(agency, citizen, MONDAY_2026_03_02)


def ten_receipts_at_once(agency, other_agency, citizen):
    file_request(other_agency, citizen)  # another agency's register is separate
    outcomes = race(*[lambda: file_request(agency, citizen)] * 10)
    assert all(isinstance(o, InformationRequest) for o in outcomes), outcomes
    numbers = sorted(
        InformationRequest.objects.filter(agency=agency).values_list("register_seq", flat=True)
    )
    assert numbers == list(range(1, 11))
    assert sorted(o.register_number for o in outcomes) == [f"{n:02d}/2026" for n in range(1, 11)]
    assert RegisterCounter.objects.get(agency=agency, year=2026).last_number == 10
    assert RegisterCounter.objects.get(agency=other_agency, year=2026).last_number == 1


@pytest.mark.postgres
@needs_postgres
@transactional
def test_ten_requests_received_at_once_get_consecutive_numbers_on_postgres(
    agency, other_agency, citizen
):
    ten_receipts_at_once(agency, other_agency, citizen)


@needs_sqlite
@transactional
def test_ten_requests_received_at_once_get_consecutive_numbers_on_sqlite(
    agency, other_agency, citizen
):
    ten_receipts_at_once(agency, other_agency, citizen)
