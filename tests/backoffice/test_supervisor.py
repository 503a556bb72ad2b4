"""The supervisor dashboard: who may read it (supervisor, leader, head of the focal unit of the
agency; superusers), its tiles, the due-soon and overdue list, the load per officer, the monthly
SVG charts, the tiles fragment for the live refresh, and a flat number of queries."""

import re
from datetime import datetime, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from requests_flow.choices import Role
from requests_flow.deadlines import LOCAL_TZ
from tests.helpers import grant, make_user, signed_in
from tests.letters.lifecycle import issue_all

from .support import TO_STATE, advance, reload

pytestmark = pytest.mark.django_db

URL = reverse("supervision:dashboard:index")
IN_PROGRESS = TO_STATE["in_progress"]


@pytest.fixture
def supervisor(role_groups, django_user_model, agency):
    user = make_user(django_user_model, "son", "Hoàng Văn Sơn")
    return grant(user, agency, Role.SUPERVISOR)


@pytest.fixture
def requests_a(submit, staff, other_agency):
    """Agency A: one request being handled (deadlines set), one just received, one provided
    today (its cover letter issued by the clerk: only then is it answered, DOMAIN §7.1);
    agency B: one received."""
    made = {
        "handled": advance(submit(), staff, *IN_PROGRESS),
        "received": reload(submit()),
        "provided": advance(submit(), staff, *TO_STATE["provided"]),
        "foreign": reload(submit(target=other_agency)),
    }
    issue_all(made["provided"])
    return {**made, "provided": reload(made["provided"])}


def tile(page: str, name: str) -> int:
    found = re.search(rf'data-tile="{name}"><span class="tc-tile__n">(\d+)<', page)
    assert found, name
    return int(found.group(1))


def tiles_of(client, **params) -> dict:
    response = client.get(URL, {**params, "fragment": "tiles"})
    assert response.status_code == 200
    page = response.content.decode()
    return {n: tile(page, n) for n in ("open", "due_soon", "overdue", "provided_on_time")}


# Access


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


def test_officer_without_a_supervising_role_gets_403(bo_officer):
    assert signed_in(bo_officer).get(URL).status_code == 403
    assert signed_in(bo_officer).get(URL, {"fragment": "tiles"}).status_code == 403


@pytest.mark.parametrize("who", ["head", "leader"])
def test_head_and_leader_may_read_it(staff, who):
    assert signed_in(staff[who]).get(URL).status_code == 200


def test_supervisor_sees_their_agency_only(supervisor, requests_a, agency, other_agency):
    client = signed_in(supervisor)
    page = client.get(URL).content.decode()
    assert agency.name in page
    assert other_agency.name not in page
    assert tiles_of(client)["open"] == 2  # not B's request
    assert client.get(URL, {"agency": other_agency.pk}).status_code == 404
    assert client.get(URL, {"agency": other_agency.pk, "fragment": "tiles"}).status_code == 404
    assert client.get(URL, {"agency": "x"}).status_code == 404


def test_another_agencys_head_sees_their_own_figures(bo_foreign, requests_a, agency):
    client = signed_in(bo_foreign)
    page = client.get(URL).content.decode()
    assert requests_a["handled"].register_number not in page
    assert agency.name not in page
    assert tiles_of(client)["open"] == 1
    assert client.get(URL, {"agency": agency.pk}).status_code == 404


def test_superuser_chooses_among_all_agencies(django_user_model, requests_a, agency, other_agency):
    admin = django_user_model.objects.create_superuser(username="root", password="pw-root")
    client = signed_in(admin)
    page = client.get(URL).content.decode()
    assert f'<option value="{agency.pk}"' in page and f'<option value="{other_agency.pk}"' in page
    assert tiles_of(client, agency=agency.pk)["open"] == 2
    assert tiles_of(client, agency=other_agency.pk)["open"] == 1


def test_posting_is_refused(supervisor):
    assert signed_in(supervisor).post(URL).status_code == 405


# Figures


def test_tiles_list_and_load_as_time_passes(supervisor, requests_a, bo_officer):
    handled = requests_a["handled"]
    assert handled.next_due is not None
    client = signed_in(supervisor)
    assert tiles_of(client) == {"open": 2, "due_soon": 0, "overdue": 0, "provided_on_time": 1}
    page = client.get(URL).content.decode()
    assert 'class="tc-attention"' not in page  # nothing due soon or overdue yet

    day_after = handled.next_due + timedelta(days=1)
    with time_machine.travel(
        datetime(day_after.year, day_after.month, day_after.day, 9, 0, tzinfo=LOCAL_TZ)
    ):
        client = signed_in(supervisor)  # days later: the idle officer session has ended
        assert tiles_of(client)["overdue"] == 1
        page = client.get(URL).content.decode()
    detail = reverse("informationrequest:process_detail", args=[reload(handled).process.pk])
    assert f'<a href="{detail}">{handled.register_number}</a>' in page
    assert f'href="{detail}#deadlines"' in page
    assert "tc-badge--overdue" in page
    attention = page.split('class="tc-attention"')[1].split("</table>")[0]
    assert bo_officer.full_name in attention
    assert requests_a["received"].register_number not in attention


def test_an_answer_waiting_for_the_clerk_is_still_due(supervisor, submit, staff):
    """Approved by the leader, the answer is not yet the requester's: until the clerk issues
    its letter the request counts as open, and as overdue once its deadline passes; issued, it
    is provided on time."""
    approved = advance(submit(), staff, *TO_STATE["provided"])
    client = signed_in(supervisor)
    assert tiles_of(client) == {"open": 1, "due_soon": 0, "overdue": 0, "provided_on_time": 0}

    late = approved.next_due + timedelta(days=1)
    with time_machine.travel(datetime(late.year, late.month, late.day, 9, 0, tzinfo=LOCAL_TZ)):
        client = signed_in(supervisor)  # days later: the idle officer session has ended
        assert tiles_of(client)["overdue"] == 1
        page = client.get(URL).content.decode()
    attention = page.split('class="tc-attention"')[1].split("</table>")[0]
    assert approved.register_number in attention

    issue_all(approved)
    client = signed_in(supervisor)
    assert tiles_of(client) == {"open": 0, "due_soon": 0, "overdue": 0, "provided_on_time": 1}


def test_due_soon_on_the_last_day(supervisor, requests_a):
    due = requests_a["handled"].next_due
    with time_machine.travel(datetime(due.year, due.month, due.day, 9, 0, tzinfo=LOCAL_TZ)):
        figures = tiles_of(signed_in(supervisor))
    assert figures["due_soon"] == 1 and figures["overdue"] == 0


def test_load_per_officer(supervisor, requests_a, submit, staff, bo_officer):
    advance(submit(), staff, "accept", "assign")
    page = signed_in(supervisor).get(URL).content.decode()
    load = page.split('class="tc-load"')[1].split("</table>")[0]
    row = r'<tr data-officer="(\d*)">\s*<td>([^<]*)</td><td class="tc-n">(\d+)<'
    rows = [(pk, name if pk else "", n) for pk, name, n in re.findall(row, load)]
    assert rows == [(str(bo_officer.pk), bo_officer.full_name, "2"), ("", "", "1")]


def test_one_bar_per_month_in_every_chart(supervisor, requests_a):
    page = signed_in(supervisor).get(URL).content.decode()
    charts = re.findall(r'<figure class="tc-chart" data-chart="(\w+)">(.*?)</figure>', page, re.S)
    assert [key for key, _svg in charts] == ["received", "provided", "refused", "on_time"]
    for key, svg in charts:
        assert svg.count('<rect class="tc-bar"') == 12, key
        months = re.findall(r'data-month="([\d-]+)"', svg)
        assert months[0] == "2025-04" and months[-1] == "2026-03", key
    march = {key: svg.split('data-month="2026-03"')[1] for key, svg in charts}
    assert re.search(r"<title>[^<]*: 3</title>", march["received"])  # A's three, not B's
    assert re.search(r"<title>[^<]*: 1</title>", march["provided"])
    assert re.search(r"<title>[^<]*: 100%</title>", march["on_time"])
    assert "<script" not in page.split('class="tc-charts"')[1].split("</main>")[0]


# The live fragment


def test_the_page_points_to_its_fragment(supervisor, agency):
    page = signed_in(supervisor).get(URL).content.decode()
    refresh = f"{URL}?agency={agency.pk}&amp;fragment=tiles"
    assert f'<section id="dashboard-tiles" class="tc-tiles" data-live-refresh="{refresh}"' in page


@pytest.mark.parametrize("how", ["query", "header"])
def test_the_fragment_is_the_tiles_only(supervisor, requests_a, how):
    client = signed_in(supervisor)
    if how == "query":
        response = client.get(URL, {"fragment": "tiles"})
    else:
        response = client.get(URL, headers={"HX-Request": "true"})
    page = response.content.decode().strip()
    assert response.status_code == 200
    assert page.startswith('<section id="dashboard-tiles"') and page.endswith("</section>")
    assert "<html" not in page and "tc-attention" not in page and "tc-chart" not in page
    assert tile(page, "open") == 2


# Queries


def fill(submit, staff, n: int):
    """n requests of A in varied states."""
    for i in range(n):
        request = submit()
        if i % 3 == 1:
            advance(request, staff, *IN_PROGRESS)
        elif i % 3 == 2:
            advance(request, staff, "accept", "assign")


def count_queries(client, **params) -> int:
    client.get(URL, params)  # warm the process-wide caches (calendar, content types)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL, params)
    assert response.status_code == 200
    return len(queries)


def test_queries_do_not_grow_with_the_requests(supervisor, submit, staff):
    client = signed_in(supervisor)
    fill(submit, staff, 10)
    few = count_queries(client), count_queries(client, fragment="tiles")
    fill(submit, staff, 90)
    due = max(r for r in staff["officer"].assigned_requests.values_list("next_due", flat=True) if r)
    with time_machine.travel(datetime(due.year, due.month, due.day, 9, 0, tzinfo=LOCAL_TZ)):
        client = signed_in(supervisor)  # days later: the idle officer session has ended
        many = count_queries(client), count_queries(client, fragment="tiles")
    print(f"\ndashboard queries: 10 requests {few}, 100 requests {many}")
    assert many == few
    assert few[0] <= 16 and few[1] <= 7  # measured 13 and 4 (session, user, memberships incl.)
