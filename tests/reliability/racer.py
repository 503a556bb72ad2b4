"""One racer of tests/reliability/test_concurrent_transitions.py: a separate OS process (spawned,
its own interpreter, Django and database connection) that, round after round, reads a request,
waits at the barrier for the other racers, and tries to accept it through the service."""

import os
import threading
from datetime import datetime

BARRIER_TIMEOUT = 120


def race_worker(env: dict, actor_id: int, request_ids: list, now_iso: str, barrier, results):
    """Report (round, actor, outcome, error class, message) for every round; "error" is anything
    that is not the typed service error a loser must get."""
    os.environ.update(env)
    import django

    django.setup()
    from django.contrib.auth import get_user_model

    from requests_flow import services
    from requests_flow.models import InformationRequest

    actor = get_user_model().objects.get(pk=actor_id)
    now = datetime.fromisoformat(now_iso)
    for round_no, request_id in enumerate(request_ids):
        request = InformationRequest.objects.get(pk=request_id)  # read before anyone acts
        try:
            barrier.wait(timeout=BARRIER_TIMEOUT)
        except threading.BrokenBarrierError:
            results.put((round_no, actor_id, "error", "BrokenBarrierError", "a racer is missing"))
            return
        try:
            services.request_accept(request=request, actor=actor, now=now)
            outcome = (round_no, actor_id, "won", "", "")
        except services.ServiceError as exc:
            outcome = (round_no, actor_id, "lost", type(exc).__name__, exc.message)
        except Exception as exc:  # reported, and the test fails on it
            outcome = (round_no, actor_id, "error", type(exc).__name__, str(exc))
        results.put(outcome)
