"""The officer's inbox shows, per task, what the officer works from (register number linking to
the task, requester with a masked ID, channel, state, next deadline with its badge and "why?",
focal officer), sorts by due date and filters by due status and channel; and viewing it again
writes nothing to the database (bench/inbox_bench.py measures how fast it is)."""

import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from requests_flow.choices import Channel, State
from requests_flow.models import InformationRequest
from tests.helpers import CITIZEN_ID, signed_in

from .support import NS, TO_STATE, Flow, advance, open_task, url

pytestmark = pytest.mark.django_db

ROW = re.compile(r'<tr data-row-id="(\d+)">(.*?)</tr>', re.S)
CELL = re.compile(r"<td[^>]*>(.*?)</td>", re.S)


def rows(client, query: str = "") -> dict[int, list[str]]:
    """Task id -> the row's cells, in page order (dicts keep it)."""
    response = client.get(reverse(f"{NS}:inbox") + query)
    assert response.status_code == 200
    return {
        int(task_id): CELL.findall(body) for task_id, body in ROW.findall(response.content.decode())
    }


@pytest.fixture
def two_in_inbox(submit, staff):
    """Two requests being handled by the officer: one by post and overdue (due Sunday 1/3/2026,
    the clock is Monday 2/3/2026), one online and due later."""
    late = advance(submit(channel=Channel.POST), staff, *TO_STATE["in_progress"])
    later = advance(submit(), staff, *TO_STATE["in_progress"])
    # The deadline services keep next_due; moved here to make one request overdue.
    InformationRequest.objects.filter(pk=late.pk).update(next_due=date(2026, 3, 1))
    InformationRequest.objects.filter(pk=later.pk).update(next_due=date(2026, 3, 20))
    return late, later


def test_a_row_shows_what_the_officer_works_from(two_in_inbox, staff):
    late, _ = two_in_inbox
    task = open_task(late, Flow.handle)
    cells = rows(signed_in(staff["officer"]))[task.pk]
    number, requester, channel, state, due, officer = cells[:6]
    assert f'href="{url(task, "index")}"' in number and late.register_number in number
    assert late.requester_name in requester and late.masked_id_number in requester
    assert CITIZEN_ID not in requester  # the ID number is masked
    with translation.override("vi"):
        assert channel == str(Channel.POST.label)
        assert state == str(State.IN_PROGRESS.label)
    detail = reverse(f"{NS}:process_detail", args=[task.process_id])
    assert due.startswith("01/03/2026") and "tc-badge--overdue" in due
    assert f'href="{detail}#deadlines"' in due and "vì sao?" in due
    assert officer == staff["officer"].display_name


def test_sorted_by_due_date_and_filtered(two_in_inbox, staff):
    late, later = (open_task(r, Flow.handle).pk for r in two_in_inbox)
    client = signed_in(staff["officer"])
    assert list(rows(client, "?_orderby=next_due")) == [late, later]
    assert list(rows(client, "?_orderby=-next_due")) == [later, late]
    assert list(rows(client, "?due=overdue")) == [late]
    assert list(rows(client, "?channel=post")) == [late]
    assert sorted(rows(client, "?state=in_progress")) == sorted([late, later])
    assert list(rows(client, "?due=due_soon")) == []


def test_viewing_the_inbox_again_writes_nothing(two_in_inbox, staff):
    """viewflow remembers the last list in the session; an unchanged list is not saved again
    (a database write per page view otherwise)."""
    client = signed_in(staff["officer"])
    rows(client)
    with CaptureQueriesContext(connection) as queries:
        shown = rows(client)
    writes = [q["sql"] for q in queries if not q["sql"].lstrip().upper().startswith("SELECT")]
    print(f"queries on the second view: {len(queries)}, writes: {len(writes)}")
    assert len(shown) == 2
    assert writes == []


MENU_COUNT = r'href="{}">.*?mdc-list-item__meta">(\d+)<'


def menu_counts(client) -> dict[str, int]:
    """The numbers viewflow's menu shows beside Inbox and Queue."""
    page = client.get(reverse(f"{NS}:inbox")).content.decode()
    return {
        name: int(re.search(MENU_COUNT.format(reverse(f"{NS}:{name}")), page, re.S).group(1))
        for name in ("inbox", "queue")
    }


def test_menu_counts_only_the_officers_agencies(submit, staff, bo_foreign, other_agency):
    """The inbox and queue counts in the menu are those of the lists: an officer of agency B
    does not learn how many requests wait in agency A's queue."""
    for _ in range(3):
        submit()  # agency A: three validity reviews waiting in the queue
    submit(target=other_agency)  # agency B: one
    counts = {
        "A": menu_counts(signed_in(staff["officer"])),
        "B": menu_counts(signed_in(bo_foreign)),
    }
    print(f"menu counts: {counts}")
    assert counts == {"A": {"inbox": 0, "queue": 3}, "B": {"inbox": 0, "queue": 1}}


def test_the_pagination_summary_speaks_vietnamese(two_in_inbox, staff):
    """viewflow 2.4 hard-codes "1-2 of 2"; our override of its pagination translates it."""
    page = signed_in(staff["officer"]).get(reverse(f"{NS}:inbox")).content.decode()
    summary = re.search(r'class="vf-list__pagination-summary">(.*?)</span>', page, re.S)[1]
    assert summary.strip() == "1\N{EN DASH}2 trên tổng số 2"


def test_the_queues_bulk_actions_speak_vietnamese(submit, staff):
    """viewflow 2.4 hard-codes "Select all" and "GO" on lists with bulk actions (bulk assign)."""
    submit()
    page = signed_in(staff["officer"]).get(reverse(f"{NS}:queue")).content.decode()
    assert ">Chọn tất cả<" in page and ">Thực hiện<" in page
    assert ">Select all<" not in page and ">GO<" not in page


def test_the_bulk_assign_page_links_back_to_the_queue_without_inline_script(submit, staff):
    """viewflow's Back button works only through an inline onclick, which our CSP blocks."""
    request = submit()
    task = open_task(request, Flow.review)
    # The list's bulk form posts the selected rows; without _confirm the page asks first.
    response = signed_in(staff["officer"]).post(reverse(f"{NS}:tasks_assign"), {"pk": [task.pk]})
    assert response.status_code == 200
    page = response.content.decode()
    assert request.register_number in page or f"#{task.process_id}/{task.pk}" in page
    assert "onclick=" not in page
    assert f'href="{reverse(f"{NS}:queue")}"' in page


def test_a_flow_node_prints_as_its_translated_title():
    with translation.override("vi"):
        assert str(Flow.review) == "Kiểm tra tính hợp lệ"
    with translation.override("en"):
        assert str(Flow.review) == "Review validity"


def test_time_since_speaks_vietnamese():
    """Django's Vietnamese catalogue lacks the timesince strings; ours has them."""
    from datetime import timedelta

    from django.utils import timezone
    from django.utils.timesince import timesince

    with translation.override("vi"):
        assert (
            timesince(timezone.now() - timedelta(hours=2, minutes=5)) == "2\xa0giờ, 5\xa0phút"
        )  # no-break spaces, as Django writes them
