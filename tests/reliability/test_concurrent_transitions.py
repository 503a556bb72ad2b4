"""Officers in separate OS processes accept the same request at the same moment, round after
round: exactly one wins each round, every other gets the typed "changed by …" error naming the
winner, the audit trail holds one acceptance per request, and no process dies (issue #8, item 8).

PostgreSQL serialises the racers with the row lock (SELECT ... FOR UPDATE), SQLite with BEGIN
IMMEDIATE. Short in `make test`; TIEPCAN_SOAK=1 (`make soak`) runs 200 rounds."""

import multiprocessing
import queue
from collections import Counter, defaultdict

import pytest
from django.db import connection

from notifications.models import Notification
from requests_flow.choices import Role, State
from requests_flow.models import InformationRequest, RequestEvent
from tests.helpers import MONDAY_2026_03_02, file_online, make_user, member

from .racer import BARRIER_TIMEOUT, race_worker
from .support import SOAK, env_for_subprocess

pytestmark = pytest.mark.django_db(transaction=True)

# 4 racers on PostgreSQL, 2 on SQLite (one writer at a time: more would only queue longer).
RACERS = 4 if connection.vendor == "postgresql" else 2
ROUNDS = 200 if SOAK else 25
ACCEPT_AT = MONDAY_2026_03_02.replace(hour=10)


def officers(agency, django_user_model) -> list:
    return [
        member(make_user(django_user_model, f"canbo{i}", f"Cán bộ {i}"), agency, Role.FOCAL_OFFICER)
        for i in range(RACERS)
    ]


def received_requests(agency, citizen, count: int) -> list[int]:
    return [file_online(agency, citizen, MONDAY_2026_03_02).pk for _ in range(count)]


def run_racers(actor_ids: list[int], request_ids: list[int]) -> tuple[list, list[int]]:
    """Spawn one process per actor; return every outcome reported and the exit codes."""
    context = multiprocessing.get_context("spawn")  # fresh interpreters: nothing shared
    barrier, results = context.Barrier(len(actor_ids)), context.Queue()
    env = env_for_subprocess()
    processes = [
        context.Process(
            target=race_worker,
            args=(env, actor_id, request_ids, ACCEPT_AT.isoformat(), barrier, results),
        )
        for actor_id in actor_ids
    ]
    for process in processes:
        process.start()
    outcomes = []
    try:
        for _ in range(len(actor_ids) * len(request_ids)):
            outcomes.append(results.get(timeout=BARRIER_TIMEOUT + 60))
    except queue.Empty:
        pass  # a racer hung or died: the exit codes and the counts below say so
    for process in processes:
        process.join(timeout=60)
        if process.is_alive():
            process.kill()
            process.join()
    return outcomes, [process.exitcode for process in processes]


def test_one_winner_per_round_across_processes(agency, citizen, django_user_model):
    actors = {user.pk: user for user in officers(agency, django_user_model)}
    request_ids = received_requests(agency, citizen, ROUNDS)

    outcomes, exit_codes = run_racers(list(actors), request_ids)

    by_round = defaultdict(list)
    for round_no, actor_id, result, error_class, message in outcomes:
        by_round[round_no].append((actor_id, result, error_class, message))
    tally = Counter(result for _, _, result, _, _ in outcomes)
    print(
        f"{connection.vendor}: {RACERS} processes, rounds {len(by_round)}, "
        f"winners {tally['won']}, losers {tally['lost']}, errors {tally['error']}, "
        f"processes died {sum(code != 0 for code in exit_codes)}"
    )
    errors = [o for o in outcomes if o[2] == "error"]
    assert not errors, errors[:5]
    assert exit_codes == [0] * RACERS, "no racer process may die"
    assert len(by_round) == ROUNDS and len(outcomes) == ROUNDS * RACERS

    accepted_by = dict(
        RequestEvent.objects.filter(request_id__in=request_ids, action="accept").values_list(
            "request_id", "actor_id"
        )
    )
    assert RequestEvent.objects.filter(request_id__in=request_ids, action="accept").count() == (
        ROUNDS
    ), "exactly one acceptance in the audit trail per request"
    for round_no, request_id in enumerate(request_ids):
        reports = by_round[round_no]
        winners = [actor_id for actor_id, result, _, _ in reports if result == "won"]
        assert len(winners) == 1, (round_no, reports)
        assert accepted_by[request_id] == winners[0], "the audit names the process that won"
        for _actor_id, result, error_class, message in reports:
            if result == "lost":  # told who changed it, not a generic failure
                assert error_class == "ConcurrentChange", (round_no, reports)
                assert actors[winners[0]].display_name in message
    assert set(
        InformationRequest.objects.filter(pk__in=request_ids).values_list("state", flat=True)
    ) == {State.ACCEPTED}
    # The outbox holds the notifications of the one acceptance only.
    notified = Notification.objects.filter(request_id__in=request_ids, kind="accept")
    assert notified.values("event_id").distinct().count() == ROUNDS
    assert tally["won"] == ROUNDS and tally["lost"] == ROUNDS * (RACERS - 1)
