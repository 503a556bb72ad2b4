"""The back-office pages cost a fixed number of queries, whatever the number of rows: the lists
(inbox, queue, archive) with 10 rows and with a full page, and the request page with a short and a
long history. Set TIEPCAN_QUERY_1000=1 to also check 1,000 requests (slow)."""

import os

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from requests_flow import services, workflow
from requests_flow.choices import Channel, Complexity
from tests.helpers import signed_in

from .support import NS, TO_STATE, Flow, advance, reload

pytestmark = pytest.mark.django_db

# Budgets: the counts measured (lists 10, request page 22; the same with 10 and 100 rows, on SQLite
# and PostgreSQL; they include the session, user, permissions, memberships and the toolbar's unread
# notification count) plus a margin of 3. The lists cost 3 fewer since the unverified-rule-set
# warning is cached per process and an unchanged session is no longer saved on every list view.
# A page above its budget does per-row or wasteful work: look for a missing select_related or
# prefetch_related before raising a number.
# detail: +letters; +complaints and corrections (one prefetch each, issue #14 items 4-5).
BUDGET = {"inbox": 13, "queue": 13, "archive": 13, "detail": 27}
GROWTH = 1  # a page with many rows may cost at most this many queries more than with 10


def count_queries(client, address: str) -> int:
    client.get(address)  # warm caches that live for the whole process (calendar, content types)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(address)
    assert response.status_code == 200, address
    return len(queries)


def fill(submit, staff, n: int, offset: int = 0):
    """n requests waiting in the officer's queue (validity review) and n in their inbox (being
    handled), with channels and complexities that vary from row to row."""
    channels = [Channel.ELECTRONIC, Channel.POST, Channel.IN_PERSON, Channel.FAX]
    for i in range(offset, offset + n):
        submit(channel=channels[i % 4])
        request = advance(submit(channel=channels[(i + 1) % 4]), staff, "accept", "assign")
        complexity = Complexity.SIMPLE if i % 2 else Complexity.COMPLEX
        officer = staff["officer"]
        workflow.perform_task(
            request=request,
            node=Flow.check_deadline,
            user=officer,
            perform=lambda r, c=complexity, o=officer: services.request_classify(
                request=r, actor=o, complexity=c
            ),
        )


def list_counts(client) -> dict:
    return {
        name: count_queries(client, reverse(f"{NS}:{name}")) for name in BUDGET if name != "detail"
    }


def test_lists_cost_the_same_with_many_rows(submit, staff):
    client = signed_in(staff["officer"])
    fill(submit, staff, 10)
    few = list_counts(client)
    fill(submit, staff, 90, offset=10)
    many = list_counts(client)
    print(f"\nlist queries: 10 rows {few}, 100 rows {many}")
    for name in few:
        assert many[name] <= few[name] + GROWTH, (name, few[name], many[name])
        assert many[name] <= BUDGET[name], (name, many[name])
    if os.environ.get("TIEPCAN_QUERY_1000"):
        fill(submit, staff, 900, offset=100)
        thousand = list_counts(client)
        print(f"list queries: 1000 rows {thousand}")
        for name in few:
            assert thousand[name] <= few[name] + GROWTH, (name, few[name], thousand[name])


def lengthen(request, officer, n: int):
    """n more rounds of handling on the request: each a note and a file (one audit row, one
    file, one more handle task in the process)."""
    for i in range(n):
        workflow.perform_task(
            request=request,
            node=Flow.handle,
            user=officer,
            perform=lambda r, i=i: services.request_record_handling(
                request=r,
                actor=officer,
                coordination_note=f"Lần phối hợp {i}",
                files=[(f"tai-lieu-{i}.txt", f"Nội dung {i}".encode())],
            ),
        )


def test_request_page_costs_the_same_with_a_long_history(submit, staff):
    officer = staff["officer"]
    request = advance(submit(), staff, *TO_STATE["in_progress"])
    client = signed_in(officer)
    address = reverse(f"{NS}:process_detail", args=[reload(request).process.pk])
    lengthen(request, officer, 10)
    few = count_queries(client, address)
    lengthen(request, officer, 90)
    many = count_queries(client, address)
    print(f"\nrequest page queries: 10 rounds {few}, 100 rounds {many}")
    assert reload(request).events.count() > 100
    assert many <= few + GROWTH, (few, many)
    assert many <= BUDGET["detail"], many
