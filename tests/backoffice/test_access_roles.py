"""Who may do what: the intake page offers only the officer's own agencies, the inbox, queue and
archive show only the officer's agencies, only a leader of the request's agency approves, and
the slower of two takers is told who took the task."""

import re

import pytest
from django.urls import reverse

from requests_flow.choices import Role, State
from requests_flow.models import InformationRequest, RegisterCounter
from tests.helpers import grant, make_user, signed_in

from .support import (
    NS,
    TO_STATE,
    Flow,
    advance,
    intake_form,
    letter_trail,
    open_task,
    reload,
    trail,
    url,
    warnings_of,
)

pytestmark = pytest.mark.django_db


def test_request_entered_at_the_office_goes_to_review(bo_officer, agency):
    """The intake page records a post request in the register and starts its process."""
    response = signed_in(bo_officer).post(
        reverse(f"{NS}:start_intake:execute"), intake_form(agency)
    )
    assert response.status_code == 302
    request = InformationRequest.objects.get(agency=agency)
    assert (request.channel, request.entered_by, request.requester_user) == (
        "post",
        bo_officer,
        None,
    )
    assert trail(request) == ["receive"]
    assert letter_trail(request) == [("letter_draft", "receipt")]  # Form 02, for approval
    assert request.process.task_set.get(flow_task=Flow.start_intake).status == "DONE"
    open_task(request, Flow.review)


def test_intake_offers_only_the_officers_own_agencies(bo_foreign, agency, other_agency):
    client = signed_in(bo_foreign)
    response = client.post(reverse(f"{NS}:start_intake:execute"), intake_form(agency))
    assert response.status_code == 200
    assert "agency" in response.context["form"].errors
    assert list(response.context["form"].fields["agency"].queryset) == [other_agency]
    assert not InformationRequest.objects.filter(agency=agency).exists()


NUMBER = r"(?<![\d/]){}(?![\d])"


def test_lists_show_only_the_officers_agencies(submit, staff, bo_foreign, other_agency):
    a_requests = [advance(submit(), staff, *names) for names in TO_STATE.values()]
    # Agency B numbers its register from 901, so no number of A can be mistaken for one of B.
    RegisterCounter.objects.create(agency=other_agency, year=2026, last_number=900)
    b_staff = {"officer": bo_foreign, "head": bo_foreign, "leader": bo_foreign}
    b_taken = advance(submit(target=other_agency), b_staff, "accept", "assign")
    b_new = submit(target=other_agency)

    foreign = signed_in(bo_foreign)
    pages = {
        name: foreign.get(reverse(f"{NS}:{name}")).content.decode()
        for name in ("inbox", "queue", "archive")
    }
    for request in a_requests:
        for name, page in pages.items():
            assert not re.search(NUMBER.format(re.escape(request.register_number)), page), name
    assert b_taken.register_number in pages["inbox"]  # the deadline check is the foreign's
    assert b_new.register_number in pages["queue"]  # the validity review waits in the queue
    assert b_taken.register_number in pages["archive"]  # review and assignment done

    # The same lists do show agency A's requests to A's own officers.
    queue = signed_in(staff["leader"]).get(reverse(f"{NS}:queue")).content.decode()
    pending = next(r for r in a_requests if r.state == State.PENDING_APPROVAL)
    assert re.search(NUMBER.format(re.escape(pending.register_number)), queue)


@pytest.fixture
def pending(submit, staff):
    return advance(submit(), staff, *TO_STATE["pending_approval"])


def assert_still_pending(request, owner=None):
    request = reload(request)
    assert request.state == State.PENDING_APPROVAL
    assert list(request.decisions.values_list("status", flat=True)) == ["pending"]
    assert "approve" not in request.events.values_list("action", flat=True)
    task = open_task(request, Flow.approve)
    assert task.owner == owner


@pytest.mark.parametrize("who", ["officer", "head"])
def test_only_a_leader_approves(pending, staff, who):
    task = open_task(pending, Flow.approve)
    client = signed_in(staff[who])
    assert client.post(url(task, "assign")).status_code == 403
    assert client.post(url(task, "execute"), {"action": "approve"}).status_code == 403
    assert_still_pending(pending)

    # Once the leader has taken it, the task is theirs alone.
    assert signed_in(staff["leader"]).post(url(task, "assign")).status_code == 302
    late = client.post(url(task, "execute"), {"action": "approve"}, follow=True)
    assert "Phạm Quốc Hùng" in late.content.decode()  # "just taken by" the leader
    assert_still_pending(pending, owner=staff["leader"])


def test_a_leader_elsewhere_cannot_take_an_approval_here(pending, other_agency, bo_officer):
    """Groups are global, roles are per agency: a leader of B who is only an officer in A has
    the approval permission, but not for A's requests (neither the page nor the bulk take)."""
    grant(bo_officer, other_agency, Role.LEADER)
    client = signed_in(bo_officer)
    task = open_task(pending, Flow.approve)
    assert client.post(url(task, "assign")).status_code == 403
    bulk = client.post(reverse(f"{NS}:tasks_assign"), {"pk": [task.pk], "_confirm": "1"})
    assert bulk.status_code == 403
    assert client.post(url(task, "execute"), {"action": "approve"}).status_code == 403
    assert_still_pending(pending)


def test_the_slower_taker_is_told_who_took_the_task(submit, bo_officer, agency):
    colleague = grant(
        make_user(type(bo_officer), "khanh", "Hoàng Văn Khánh"), agency, Role.FOCAL_OFFICER
    )
    task = open_task(submit(), Flow.review)
    assert signed_in(colleague).post(url(task, "assign")).status_code == 302
    response = signed_in(bo_officer).post(url(task, "assign"))
    assert response.status_code == 302
    assert colleague.display_name in warnings_of(response)[0]
