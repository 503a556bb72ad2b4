"""Every branch of the request's process, driven through the back-office pages as the officer,
the head of the focal unit and the leader would: the final state, the audit trail in order, the
milestones, and the process finished (or cancelled)."""

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django.utils.translation import gettext, override
from viewflow.workflow.status import PROCESS, STATUS

from requests_flow import workflow
from requests_flow.choices import AreaClass, Channel, Complexity, State
from tests.letters.lifecycle import issue_all
from tests.portal.support import PDF

from .support import (
    Flow,
    letter_trail,
    open_task,
    open_tasks,
    reload,
    tasks_by_status,
    trail,
    warnings_of,
)

pytestmark = pytest.mark.django_db

HANDLED = ["receive", "accept", "assign", "classify"]
PROVIDED = ["record_handling", "submit_decision", "approve"]
TASKS = ["review", "assign", "check_deadline", "handle", "approve"]


def payment_due() -> str:
    """Ten days from today, typed day first as a Vietnamese officer types it."""
    return (timezone.localdate() + timedelta(days=10)).strftime("%d/%m/%Y")


def assert_closed(request, state: str, actions: list[str], *, status=PROCESS.DONE):
    request = reload(request)
    assert request.state == state
    assert trail(request) == actions
    assert open_tasks(request) == []
    assert request.process.status == status
    assert request.process.finished is not None
    return request


def assert_all_met(request):
    milestones = list(request.milestones.all())
    assert milestones, "the deadline check stored milestones"
    assert all(m.met_at is not None for m in milestones), milestones


def open_kinds(request) -> list[str]:
    return sorted(
        reload(request).milestones.filter(met_at__isnull=True).values_list("kind", flat=True)
    )


def issued(request, *still_open: str):
    """The answer approved is not yet the answer sent: its milestones (`still_open`) stay open
    until the clerk issues the letters (DOMAIN §7.1), then every one is met."""
    assert open_kinds(request) == sorted(still_open), "approved, not issued: nothing is met"
    issue_all(reload(request))
    request = reload(request)
    assert_all_met(request)
    return request


def test_simple_electronic_request_is_provided(submit, desk):
    request = submit()
    handle = desk.to_handling(request, Complexity.SIMPLE)
    assert handle.owner == desk.staff["officer"]
    # A well-formed PDF: response files get the portal's content check (requests_flow.uploads).
    answer = SimpleUploadedFile("tra-loi.pdf", PDF)
    desk.act("officer", request, Flow.handle, action="record", files=answer)
    assert reload(request).files.get().name == "tra-loi.pdf"
    desk.provide(request)

    request = assert_closed(request, State.PROVIDED, [*HANDLED, "record_handling", *PROVIDED])
    assert [m.kind for m in request.milestones.all()] == ["provide"]
    assert request.secrecy_reviewed_by == desk.staff["officer"]
    assert list(request.decisions.values_list("kind", "status")) == [("provide", "approved")]
    assert tasks_by_status(request, STATUS.DONE) == [*TASKS[:4], "handle", "approve"]
    # receive (citizen), accept, assign (head), classify, record_handling twice, submit, approve.
    steps = request.events.exclude(action__startswith="letter_").order_by("id")
    actors = list(steps.values_list("actor__username", flat=True))
    assert actors == ["hoa", "minh", "thu", "minh", "minh", "minh", "minh", "hung"]
    # Form 02 drafted with the online filing, the cover letter with the decision and approved
    # by the leader who approved it: both wait for the clerk.
    assert letter_trail(request) == [
        ("letter_draft", "receipt"),
        ("letter_draft", "cover"),
        ("letter_approve", "cover"),
    ]
    # Approved, the cover letter waits for the clerk; issued, it meets the provision deadline.
    issued(request, "provide")


def test_the_deadline_check_says_form_03_was_drafted_not_issued(submit, desk):
    """A complex request by post gets Form 03 as its written notice (Art. 31(2)): the officer is
    told it was drafted; it has no number until the clerk issues it (DOMAIN §7.1)."""
    request = submit(channel=Channel.POST, provision_form="post")
    desk.act("officer", request, Flow.review, decision="accept")
    desk.act("head", request, Flow.assign, officer=desk.staff["officer"].pk)
    response = desk.act("officer", request, Flow.check_deadline, complexity=Complexity.COMPLEX)
    told = [str(message) for message in get_messages(response.wsgi_request)]
    with override("vi"):
        drafted = gettext(
            "Deadlines checked and stored. A resolution slip (Form 03), the written notice "
            "of the time limit, was drafted: it reaches the requester once approved, signed "
            "and issued with its number."
        )
    assert drafted in told
    slip = reload(request).letters.get(kind="resolution")
    assert (slip.status, slip.number_text) == ("draft", "")


@pytest.mark.parametrize(
    ("area", "amount"),
    [
        (AreaClass.NORMAL, 10 * 3000 + 20000),
        # The area reduction applies to copying only; postage is charged in full.
        (AreaClass.DIFFICULT, 10 * 3000 * 70 // 100 + 20000),
        (AreaClass.ESPECIALLY_DIFFICULT, 10 * 3000 // 2 + 20000),
    ],
)
def test_complex_post_request_is_provided_after_payment(submit, desk, agency, area, amount):
    agency.area_class = area
    agency.save()
    request = submit(channel=Channel.POST, provision_form="post")
    desk.to_handling(request, Complexity.COMPLEX)
    desk.act(
        "officer",
        request,
        Flow.handle,
        action="payment",
        copy_bw_a4="10",
        postage="20000",
        payment_due=payment_due(),
    )
    waiting = reload(request)
    assert waiting.state == State.AWAITING_PAYMENT
    assert waiting.cost_amount == amount
    assert waiting.payment_due == timezone.localdate() + timedelta(days=10)
    # Form 03 is also the written notice of the time limit (Art. 31(2)): it meets the notice
    # milestone once the clerk issues it, not when drafted; provision is still due.
    assert open_kinds(waiting) == ["notify_time_limit", "provide_or_refuse"]
    issue_all(waiting)
    assert open_kinds(waiting) == ["provide_or_refuse"]
    assert open_task(request, Flow.await_payment).owner == desk.staff["officer"]

    desk.act("officer", request, Flow.await_payment, action="paid")
    assert reload(request).paid_at is not None
    desk.provide(request)

    request = assert_closed(
        request, State.PROVIDED, [*HANDLED, "ask_payment", "confirm_payment", *PROVIDED]
    )
    request = issued(request, "provide_or_refuse")
    assert request.cost_amount == amount


def test_extension_then_provision(submit, desk):
    request = submit()
    desk.to_handling(request, Complexity.COMPLEX)
    final = reload(request).milestones.get(kind="provide_or_refuse")
    desk.act(
        "officer", request, Flow.handle, action="extend", extension_days="15", reasons="Cần thêm."
    )
    desk.act("leader", request, Flow.approve, action="approve")

    extended = reload(request)
    assert extended.state == State.IN_PROGRESS
    assert extended.extension_days == 15
    moved = extended.milestones.get(kind="provide_or_refuse")
    assert moved.met_at is None
    assert moved.due_date >= final.due_date + timedelta(days=15)
    approve = extended.events.filter(action="approve").get()
    assert approve.data["new_due"] == moved.due_date.isoformat()
    assert "khoản 4 Điều 30" in approve.legal_basis
    assert open_task(request, Flow.handle).owner == desk.staff["officer"]

    desk.provide(request)
    request = assert_closed(
        request, State.PROVIDED, [*HANDLED, "submit_decision", "approve", *PROVIDED]
    )
    request = issued(request, "notify_time_limit", "provide_or_refuse")
    assert request.milestones.get(kind="provide_or_refuse").due_date == moved.due_date


def test_supplement_loop_then_accept(submit, desk, citizen):
    request = submit()
    desk.act(
        "officer",
        request,
        Flow.review,
        decision="supplement",
        missing_items="Số hiệu văn bản\n\n  Ngày ban hành  \n",
    )
    waiting = reload(request)
    assert waiting.state == State.NEEDS_SUPPLEMENT
    assert waiting.missing_items == ["Số hiệu văn bản", "Ngày ban hành"]
    assert waiting.valid_at is None and not waiting.milestones.exists()
    open_task(request, Flow.await_supplement)

    workflow.complete_supplement(request=waiting, actor=citizen, answer="Quyết định số 12/QĐ")
    assert reload(request).state == State.RECEIVED
    open_task(request, Flow.review)
    desk.act("officer", request, Flow.review, decision="accept")

    accepted = reload(request)
    assert accepted.state == State.ACCEPTED and accepted.valid_at is not None
    assert trail(request) == ["receive", "ask_supplement", "receive_supplement", "accept"]
    open_task(request, Flow.assign)
    assert tasks_by_status(request, STATUS.DONE) == ["review", "await_supplement", "review"]
    assert accepted.process.status == PROCESS.NEW


REASONS = "Thông tin không thuộc phạm vi được cung cấp."


@pytest.mark.parametrize(
    ("ground", "point"),
    [("a", "điểm a"), ("b", "điểm b"), ("c", "điểm c"), ("d", "điểm d"), ("dd", "điểm đ")],
)
def test_refusal_from_review_on_each_ground(submit, desk, ground, point):
    request = submit()
    extra = {"competent_agency": "Sở Tài chính tỉnh Tuyên Quang"} if ground == "c" else {}
    if ground == "b":  # the refusal names where it was published (issue #13 item 5)
        extra = {"published_where": "Cổng thông tin điện tử tỉnh Tuyên Quang"}
    desk.act(
        "officer",
        request,
        Flow.review,
        decision="refuse",
        grounds=[ground],
        reasons=REASONS,
        **extra,
    )
    assert reload(request).state == State.PENDING_APPROVAL
    desk.act("leader", request, Flow.approve, action="approve")

    request = assert_closed(request, State.REFUSED, ["receive", "submit_decision", "approve"])
    approve = request.events.get(action="approve")
    assert point in approve.legal_basis and "khoản 1 Điều 28" in approve.legal_basis
    assert approve.data["grounds"] == [ground]
    assert list(request.decisions.values_list("kind", "status", "grounds")) == [
        ("refuse", "approved", [ground])
    ]
    assert tasks_by_status(request, STATUS.DONE) == ["review", "approve"]


def test_refusal_on_ground_e_when_costs_are_not_paid(submit, desk):
    request = submit(channel=Channel.POST, provision_form="post")
    desk.to_handling(request, Complexity.COMPLEX)
    desk.act(
        "officer",
        request,
        Flow.handle,
        action="payment",
        copy_bw_a4="4",
        payment_due=payment_due(),
    )
    desk.act("officer", request, Flow.await_payment, action="unpaid")
    assert reload(request).decisions.get().grounds == ["e"]
    desk.act("leader", request, Flow.approve, action="approve")

    request = assert_closed(
        request, State.REFUSED, [*HANDLED, "ask_payment", "submit_decision", "approve"]
    )
    assert "điểm e" in request.events.get(action="approve").legal_basis
    request = issued(request, "notify_time_limit", "provide_or_refuse")
    assert request.paid_at is None


def test_redirect_to_the_competent_agency(submit, desk):
    """Not this agency's responsibility: refused on ground (c), naming the competent agency
    (Art. 26(3)), straight from the validity review."""
    request = submit()
    competent = "Sở Nông nghiệp và Môi trường tỉnh Tuyên Quang"
    desk.act(
        "officer",
        request,
        Flow.review,
        decision="refuse",
        grounds=["c"],
        reasons="Thông tin thuộc trách nhiệm cung cấp của cơ quan khác.",
        competent_agency=competent,
    )
    desk.act("leader", request, Flow.approve, action="approve", comment="Chuyển hướng.")

    request = assert_closed(request, State.REFUSED, ["receive", "submit_decision", "approve"])
    assert request.decisions.get().competent_agency == competent
    assert request.events.get(action="approve").data["competent_agency"] == competent
    assert request.valid_at is None and request.assigned_officer is None


def test_withdrawal_while_the_officer_handles(submit, desk, citizen):
    request = submit()
    handle = desk.to_handling(request, Complexity.SIMPLE)
    workflow.withdraw(request=reload(request), actor=citizen, reason="Không còn nhu cầu.")

    request = assert_closed(
        request, State.WITHDRAWN, [*HANDLED, "withdraw"], status=PROCESS.CANCELED
    )
    handle.refresh_from_db()
    assert handle.status == STATUS.CANCELED
    assert request.events.get(action="withdraw").actor == citizen

    # The officer's open form is now stale: posting it changes nothing and is no error page.
    client = desk.clients["officer"]
    response = client.post(
        handle.flow_task.reverse("execute", args=[handle.process_id, handle.pk]),
        {"action": "record", "coordination_note": "Đã liên hệ phòng lưu trữ."},
    )
    assert response.status_code == 302
    assert len(warnings_of(response)) == 1, "the officer is told nothing was changed"
    assert trail(request) == [*HANDLED, "withdraw"]


def test_leader_returns_the_draft_for_rework(submit, desk):
    request = submit()
    desk.to_handling(request, Complexity.SIMPLE)
    desk.act(
        "officer",
        request,
        Flow.handle,
        action="provide",
        secrecy_reviewed="on",
        summary="Bản nháp.",
    )
    desk.act("leader", request, Flow.approve, action="return", comment="Bổ sung trích yếu văn bản.")

    returned = reload(request)
    assert returned.state == State.IN_PROGRESS
    assert list(returned.decisions.values_list("status", "comment")) == [
        ("returned", "Bổ sung trích yếu văn bản.")
    ]
    assert open_task(request, Flow.handle).owner == desk.staff["officer"]
    assert returned.events.get(action="return_for_rework").reason == "Bổ sung trích yếu văn bản."

    desk.act("officer", request, Flow.handle, action="provide", summary="Bản đã sửa.")
    desk.act("leader", request, Flow.approve, action="approve")
    request = assert_closed(
        request,
        State.PROVIDED,
        [*HANDLED, *PROVIDED[:2], "return_for_rework", "submit_decision", "approve"],
    )
    assert tasks_by_status(request, STATUS.DONE) == [*TASKS, "handle", "approve"]
