"""One screen instead of three (issue #15.11): one who may accept, assign and check the deadline
does all three on the validity review, and a queue task shows the request before it is taken."""

import pytest
from viewflow.workflow.status import STATUS

from requests_flow import services
from requests_flow.choices import Complexity, State
from requests_flow.services.errors import InvalidInput
from tests.helpers import signed_in

from .support import Flow, open_task, reload, take, trail, url, version_of

pytestmark = pytest.mark.django_db


def test_the_head_accepts_takes_and_checks_the_deadline_on_the_review(submit, staff):
    request = submit()
    head = staff["head"]
    client = signed_in(head)
    task = open_task(request, Flow.review)
    take(client, task)
    page = client.get(url(task, "execute"))
    assert "Giao cho tôi và xác định thời hạn ngay" in page.content.decode()

    response = client.post(
        url(task, "execute"),
        {
            "decision": "accept",
            "take": "on",
            "complexity": Complexity.SIMPLE,
            "version": version_of(client, task),
        },
    )

    assert response.status_code == 302
    request = reload(request)
    assert request.state == State.IN_PROGRESS
    assert request.assigned_officer == head
    assert trail(request)[-3:] == ["accept", "assign", "classify"]
    assert request.milestones.exists(), "the deadline check stored the milestones"
    handle = open_task(request, Flow.handle)
    assert handle.owner == head and handle.status == STATUS.ASSIGNED


def test_without_the_complexity_nothing_is_done_and_the_choice_is_kept(submit, staff):
    request = submit()
    client = signed_in(staff["head"])
    task = open_task(request, Flow.review)
    take(client, task)
    response = client.post(
        url(task, "execute"),
        {"decision": "accept", "take": "on", "version": version_of(client, task)},
    )

    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["complexity"] == ["Chọn đơn giản hoặc phức tạp."]
    assert form["take"].value() is True and form["decision"].value() == "accept"
    assert reload(request).state == State.RECEIVED
    assert trail(request) == ["receive"]


def test_a_focal_officer_without_the_assigning_role_reviews_as_before(submit, staff):
    request = submit()
    client = signed_in(staff["officer"])
    task = open_task(request, Flow.review)
    take(client, task)
    form = client.get(url(task, "execute")).context["form"]
    assert "take" not in form.fields and "complexity" not in form.fields


def test_the_service_does_all_three_or_nothing(submit, staff):
    request = submit()
    with pytest.raises(InvalidInput):
        services.request_accept_and_take(request=request, actor=staff["head"], complexity="")
    assert reload(request).state == State.RECEIVED
    # Someone who may not assign: the acceptance is rolled back with the refused assignment.
    with pytest.raises(services.NotPermitted):
        services.request_accept_and_take(
            request=request, actor=staff["officer"], complexity=Complexity.SIMPLE
        )
    assert reload(request).state == State.RECEIVED and trail(request) == ["receive"]


def test_the_take_page_shows_the_request_before_it_is_taken(submit, staff):
    request = submit()
    client = signed_in(staff["officer"])
    task = open_task(request, Flow.review)
    page = client.get(url(task, "assign")).content.decode()
    assert request.register_number in page
    assert request.information_requested in page
    assert "Nhận và mở" in page
    assert reload(request).process.task_set.get(pk=task.pk).status == STATUS.NEW
