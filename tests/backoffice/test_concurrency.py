"""Two people (or two browser tabs) acting on the same task at the same moment, through the pages:
exactly one wins, the other is told so clearly (never a 500, never a 403 page), and the process
and the audit trail show one transition (DOMAIN §3).

PostgreSQL only: viewflow's process lock there is SELECT ... FOR UPDATE NOWAIT with retries, the
race these tests are about. Each racer is a thread with its own test client and connection."""

import pytest
from django.db import connection
from viewflow.workflow.status import STATUS

from requests_flow.choices import Role, State
from tests.helpers import grant, make_user, signed_in
from tests.racing import race

from .support import Flow, open_task, reload, trail, url, warnings_of

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL (set DATABASE_URL): races on viewflow's SELECT FOR UPDATE lock",
    ),
    pytest.mark.django_db(transaction=True),
]
ROUNDS = 4  # several races on fresh requests, so that both orders get their chance


def is_clear_refusal(response, process_pk) -> bool:
    """Sent back to the request's page with a warning, or the form again with a message."""
    if response.status_code == 302:
        detail = Flow.instance.reverse("process_detail", args=[process_pk])
        return response["Location"] == detail and len(warnings_of(response)) == 1
    if response.status_code == 200:
        return bool(response.context["form"].non_field_errors())
    return False


def post_all(clients, address: str, data: dict | None = None):
    """Each client POSTs (its own) data to the address at the same moment."""
    datas = data if isinstance(data, list) else [data or {}] * len(clients)
    return race(*[lambda c=c, d=d: c.post(address, d) for c, d in zip(clients, datas, strict=True)])


def accept_from_two_tabs(request, officer):
    task = open_task(request, Flow.review)
    tabs = [signed_in(officer), signed_in(officer)]
    assert tabs[0].post(url(task, "assign")).status_code == 302
    forms = [tab.get(url(task, "execute")).context["form"] for tab in tabs]
    posted = [{"decision": "accept", "version": form["version"].value()} for form in forms]
    outcomes = post_all(tabs, url(task, "execute"), posted)
    assert not [o for o in outcomes if isinstance(o, Exception)], outcomes

    task.refresh_from_db()
    assert task.status == STATUS.DONE
    wins = [o for o in outcomes if o.status_code == 302 and not warnings_of(o)]
    losses = [o for o in outcomes if is_clear_refusal(o, task.process_id)]
    assert len(wins) == 1 and len(losses) == 1, [o.status_code for o in outcomes]
    if losses[0].status_code == 302:  # the task was done by the same officer's other tab
        assert officer.display_name in warnings_of(losses[0])[0]

    request = reload(request)
    assert request.state == State.ACCEPTED
    assert trail(request) == ["receive", "accept"]
    reviews = request.process.task_set.filter(flow_task=Flow.review)
    assert list(reviews.values_list("status", flat=True)) == [STATUS.DONE]
    open_task(request, Flow.assign)


def test_two_tabs_accept_the_same_review_at_once(submit, bo_officer):
    for _ in range(ROUNDS):
        accept_from_two_tabs(submit(), bo_officer)


def take_at_once(request, officers):
    task = open_task(request, Flow.review)
    clients = {user.pk: signed_in(user) for user in officers}
    outcomes = dict(
        zip(clients, post_all(list(clients.values()), url(task, "assign")), strict=True)
    )
    assert not [o for o in outcomes.values() if isinstance(o, Exception)], outcomes

    task.refresh_from_db()
    assert task.status == STATUS.ASSIGNED and task.owner_id in clients
    loser = next(pk for pk in clients if pk != task.owner_id)
    assert outcomes[task.owner_id].status_code == 302
    # Not a 500: the slower one is sent to the request's page and told who took the task.
    assert outcomes[loser].status_code == 302, outcomes[loser].status_code
    assert trail(request) == ["receive"]
    assert reload(request).state == State.RECEIVED
    # The task is the winner's: the other's form changes nothing and says who has it.
    refused = clients[loser].post(url(task, "execute"), {"decision": "accept"}, follow=True)
    assert task.owner.full_name in refused.content.decode()
    assert reload(request).state == State.RECEIVED


def test_two_officers_take_the_same_queue_task_at_once(submit, bo_officer, agency):
    colleague = grant(
        make_user(type(bo_officer), "khanh", "Hoàng Văn Khánh"), agency, Role.FOCAL_OFFICER
    )
    for _ in range(ROUNDS):
        take_at_once(submit(), [bo_officer, colleague])
