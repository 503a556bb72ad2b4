"""The register costs a fixed number of queries: the selector, the page and the CSV export, with
10 and with 50 requests that have letters, milestones, refusals and complaints."""

from datetime import date

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from requests_flow.register.rows import register_rows
from requests_flow.register.scope import Period
from tests.helpers import signed_in

from .support import at

pytestmark = pytest.mark.django_db
MARCH = Period(date(2026, 3, 1), date(2026, 3, 31))
PARAMS = {"date_from": "2026-03-01", "date_to": "2026-03-31"}


def fill(desk, n: int) -> None:
    """n requests in turn open, handled (milestones), refused with a complaint, withdrawn."""
    for i in range(n):
        r = desk.receive(when=at(2 + i % 5, 9))
        kind = i % 4
        if kind == 1:
            desk.handle(r, 9)
        elif kind == 2:
            desk.complain(desk.refuse(r, 9, grounds=("c",), competent_agency="Sở Y tế"), 10)
        elif kind == 3:
            desk.withdraw(r, 9)


def count(call) -> int:
    call()  # warm per-process caches
    with CaptureQueriesContext(connection) as queries:
        call()
    return len(queries)


def costs(desk, agency, officer) -> dict[str, int]:
    client = signed_in(officer)
    query = {**PARAMS, "agency": agency.pk}
    export = reverse("records:register:export", args=["csv"])

    def page():
        assert client.get(reverse("records:register:index"), query).status_code == 200

    def csv():
        assert client.get(export, query).status_code == 200

    with time_machine.travel(at(31, 9), tick=False):
        return {
            "rows": count(lambda: register_rows(agency.pk, MARCH)),
            "page": count(page),
            "csv": count(csv),
        }


def test_query_count_is_flat(desk, agency, officer):
    fill(desk, 10)
    few = costs(desk, agency, officer)
    fill(desk, 40)
    many = costs(desk, agency, officer)
    print(f"\nregister queries: 10 requests {few}, 50 requests {many}")
    assert few == many
    # The requests and five prefetches (the officers' complaint records, issue #14 item 5).
    assert few["rows"] == 6
    # Measured 16 and 11 (session, user, memberships, permissions, menu included); margin 3.
    assert few["page"] <= 19 and few["csv"] <= 14
    assert len(register_rows(agency.pk, MARCH)) == 50
