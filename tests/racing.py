"""Running calls at the same moment, for the race tests (PostgreSQL row locks, SQLite's
BEGIN IMMEDIATE)."""

import threading

from django.db import connection


def race(*calls):
    """Start every call at the same moment, each in its own thread and database connection;
    return what each returned or raised, in order."""
    barrier = threading.Barrier(len(calls))
    outcomes: list = [None] * len(calls)

    def run(i, call):
        try:
            connection.ensure_connection()  # connect first, so the calls start together
            barrier.wait(timeout=30)
            outcomes[i] = call()
        except Exception as exc:  # a 500 in the test client is raised here
            outcomes[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a racer hung"
    return outcomes
