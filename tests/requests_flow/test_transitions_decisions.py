"""Costs, decisions, approval, rework, extension and withdrawal: what each allowed transition
writes, and the rules that refuse it (Arts. 12, 25, 28-31; Circular 46 Art. 4; DOMAIN §3)."""

from datetime import date

import pytest
from django.utils import translation

from requests_flow import services
from requests_flow.choices import Complexity, DecisionKind, DecisionStatus, State
from requests_flow.models import LetterKind, LetterStatus
from tests.letters.lifecycle import issue_all

from .support import EXTENSION, REFUSAL, at, event_count, only_new_event, reload, unchanged

UNSIGNED = [LetterStatus.DRAFT, LetterStatus.APPROVED]

FINAL_DUE = date(2026, 3, 23)  # 15 working days after Monday 2/3/2026 (Art. 30(4))


def milestones(request) -> dict:
    return {m.kind: (m.due_date, m.met_at) for m in reload(request).milestones.all()}


def test_asking_for_costs_waits_for_payment_and_notifies_the_time_limit(flow):
    handling = flow.in_progress()
    # The clerk issues the Form 03 of the deadline check: the notice is met then (Art. 30(4)).
    issue_all(handling, now=at(2, 12, 45))
    before = event_count(handling)
    asked = services.request_ask_payment(
        request=handling, actor=flow.officer, amount=45_000, due=date(2026, 3, 12), now=at(2, 13)
    )
    event = only_new_event(handling, before, letters=("letter_draft",))
    assert asked.state == State.AWAITING_PAYMENT
    assert (asked.cost_amount, asked.payment_due) == (45_000, date(2026, 3, 12))
    # The notice milestone stays met at the first slip's issue; the costs' slip is a new draft.
    assert milestones(asked)["notify_time_limit"] == (date(2026, 3, 5), at(2, 12, 45))
    assert milestones(asked)["provide_or_refuse"] == (FINAL_DUE, None)
    assert (event.actor, event.action, event.to_state) == (flow.officer, "ask_payment", asked.state)
    assert "khoản 2 Điều 12" in event.legal_basis and event.data["amount"] == 45_000


@pytest.mark.parametrize(
    ("amount", "due", "field"),
    [(0, date(2026, 3, 12), "amount"), (45_000, date(2026, 3, 1), "due")],
)
def test_costs_need_a_positive_amount_and_a_future_deadline(flow, amount, due, field):
    handling = flow.in_progress()
    with unchanged(handling), pytest.raises(services.InvalidInput) as invalid:
        services.request_ask_payment(
            request=handling, actor=flow.officer, amount=amount, due=due, now=at(2, 13)
        )
    assert invalid.value.errors[field]


def test_provision_waits_until_the_costs_are_paid(flow):
    waiting = flow.awaiting_payment()
    with unchanged(waiting), pytest.raises(services.ActionNotAllowed):
        flow.pending(DecisionKind.PROVIDE, base=waiting)
    before = event_count(waiting)
    paid = services.request_confirm_payment(
        request=waiting, actor=flow.officer, paid_at=at(3, 8), now=at(3, 9)
    )
    event = only_new_event(waiting, before, letters=())
    assert (paid.state, paid.paid_at) == (State.IN_PROGRESS, at(3, 8))
    assert (event.actor, event.action, event.from_state) == (
        flow.officer,
        "confirm_payment",
        State.AWAITING_PAYMENT,
    )
    assert "khoản 2 Điều 12" in event.legal_basis
    assert flow.pending(DecisionKind.PROVIDE, base=paid).state == State.PENDING_APPROVAL


@pytest.mark.parametrize(
    ("kind", "decision", "reason"),
    [
        (DecisionKind.PROVIDE, {}, "Dự thảo quyết định."),
        (DecisionKind.REFUSE, REFUSAL, REFUSAL["reasons"]),
        (DecisionKind.EXTEND, EXTENSION, EXTENSION["reasons"]),
    ],
)
def test_a_drafted_decision_waits_for_the_leader(flow, kind, decision, reason):
    handling = flow.in_progress()
    before = event_count(handling)
    pending = flow.pending(kind, base=handling, **decision)
    event = only_new_event(handling, before, letters=("letter_draft",))
    assert pending.state == State.PENDING_APPROVAL
    assert pending.state_before_approval == State.IN_PROGRESS
    draft = pending.decisions.get()
    assert (draft.kind, draft.status, draft.drafted_by) == (
        kind,
        DecisionStatus.PENDING,
        flow.officer,
    )
    assert draft.grounds == decision.get("grounds", [])
    assert draft.extension_days == decision.get("extension_days")
    assert (event.actor, event.action, event.reason) == (flow.officer, "submit_decision", reason)
    assert (event.from_state, event.to_state) == (State.IN_PROGRESS, State.PENDING_APPROVAL)
    assert "Thông tư 46/2018" in event.legal_basis and event.data["kind"] == kind


def test_approved_provision_closes_the_request_and_meets_its_milestones(flow):
    waiting = flow.awaiting_payment()
    issue_all(waiting, now=at(2, 13, 30))  # both Form 03 slips: the deadline check's, the costs'
    paid = services.request_confirm_payment(request=waiting, actor=flow.officer, now=at(3, 9))
    pending = flow.pending(DecisionKind.PROVIDE, base=paid)
    before = event_count(pending)
    done = services.request_approve_provision(
        request=pending, actor=flow.leader, comment="Đồng ý.", now=at(4, 16)
    )
    event = only_new_event(pending, before, letters=("letter_approve",))
    assert (done.state, done.closed_at, done.is_final) == (State.PROVIDED, at(4, 16), True)
    # Approved, the cover letter has not reached the requester: the final deadline is still due.
    assert milestones(done) == {
        "notify_time_limit": (date(2026, 3, 5), at(2, 13, 30)),  # met by Form 03's issue
        "provide_or_refuse": (FINAL_DUE, None),
    }
    assert reload(done).next_due == FINAL_DUE
    issue_all(done, now=at(5, 9))  # the clerk issues the cover letter the next morning
    assert milestones(done)["provide_or_refuse"] == (FINAL_DUE, at(5, 9))
    assert reload(done).next_due is None
    decision = done.decisions.get()
    assert (decision.status, decision.decided_by) == (DecisionStatus.APPROVED, flow.leader)
    assert (event.actor, event.action, event.reason) == (flow.leader, "approve", "Đồng ý.")
    assert (event.from_state, event.to_state) == (State.PENDING_APPROVAL, State.PROVIDED)
    assert "Điều 25" in event.legal_basis


def test_approved_refusal_is_final_with_its_grounds(flow):
    handling = flow.in_progress()
    issue_all(handling, now=at(2, 13))  # the Form 03 of the deadline check
    pending = flow.pending(
        DecisionKind.REFUSE,
        base=handling,
        grounds=["c"],
        reasons="Thuộc Sở Xây dựng.",
        competent_agency="Sở Xây dựng tỉnh Tuyên Quang",
    )
    before = event_count(pending)
    refused = services.request_approve_refusal(request=pending, actor=flow.leader, now=at(3, 9))
    event = only_new_event(pending, before, letters=("letter_approve",))
    assert (refused.state, refused.closed_at) == (State.REFUSED, at(3, 9))
    # Approved, the refusal is not yet issued: the final deadline stays open until it is.
    assert milestones(refused)["provide_or_refuse"] == (FINAL_DUE, None)
    issue_all(refused, now=at(4, 10))
    # The refusal's issue meets what was open; the notice was met by Form 03's issue.
    assert milestones(refused) == {
        "notify_time_limit": (date(2026, 3, 5), at(2, 13)),
        "provide_or_refuse": (FINAL_DUE, at(4, 10)),
    }
    assert event.data["grounds"] == ["c"]
    assert event.data["competent_agency"] == "Sở Xây dựng tỉnh Tuyên Quang"
    assert (event.from_state, event.to_state) == (State.PENDING_APPROVAL, State.REFUSED)
    assert event.legal_basis == "điểm c khoản 1 Điều 28 Luật Tiếp cận thông tin 2016"


@pytest.mark.parametrize("base_state", [State.RECEIVED, State.AWAITING_PAYMENT, State.IN_PROGRESS])
def test_return_for_rework_goes_back_to_where_the_draft_came_from(flow, base_state):
    pending = flow.pending(DecisionKind.REFUSE, base=flow.reach(base_state))
    assert pending.state_before_approval == base_state
    before = event_count(pending)
    back = services.request_return_for_rework(
        request=pending, actor=flow.leader, comment="Nêu rõ căn cứ.", now=at(3, 9)
    )
    event = only_new_event(pending, before, letters=("letter_cancel",))
    assert back.state == base_state
    decision = back.decisions.get()
    assert (decision.status, decision.comment) == (DecisionStatus.RETURNED, "Nêu rõ căn cứ.")
    assert decision.decided_by == flow.leader
    assert (event.actor, event.action, event.reason) == (
        flow.leader,
        "return_for_rework",
        "Nêu rõ căn cứ.",
    )
    assert (event.from_state, event.to_state) == (State.PENDING_APPROVAL, base_state)
    assert "Nghị định 30/2020" in event.legal_basis


def test_rework_needs_a_comment(flow):
    pending = flow.pending()
    with unchanged(pending), pytest.raises(services.InvalidInput) as invalid:
        services.request_return_for_rework(request=pending, actor=flow.leader, comment=" ")
    assert invalid.value.errors["comment"]


def test_approved_extension_moves_the_final_milestone_once(flow):
    handling = flow.in_progress()
    issue_all(handling, now=at(2, 13))  # the Form 03 of the deadline check
    pending = flow.pending(DecisionKind.EXTEND, base=handling, extension_days=15)
    before = event_count(pending)
    extended = services.request_extend(request=pending, actor=flow.leader, now=at(3, 9))
    event = only_new_event(pending, before, letters=("letter_approve",))
    assert extended.state == State.IN_PROGRESS
    assert (extended.extension_days, extended.extended_at) == (15, at(3, 9))
    # 15 calendar days after 23/3 (Art. 30(4)), at the approval (the extension letter not yet
    # issued); the notice milestone (met by the issue of Form 03) does not move.
    assert milestones(extended) == {
        "notify_time_limit": (date(2026, 3, 5), at(2, 13)),
        "provide_or_refuse": (date(2026, 4, 7), None),
    }
    assert extended.decisions.get().status == DecisionStatus.APPROVED
    assert (event.actor, event.action, event.to_state) == (
        flow.leader,
        "approve",
        State.IN_PROGRESS,
    )
    assert "khoản 4 Điều 30" in event.legal_basis and event.data["new_due"] == "2026-04-07"
    with unchanged(extended), pytest.raises(services.InvalidInput) as again:
        flow.pending(DecisionKind.EXTEND, base=extended, extension_days=1)
    assert again.value.errors["extension_days"]


def submit_extension(request, flow, days, now):
    return services.request_submit_decision(
        request=request,
        actor=flow.officer,
        kind="extend",
        extension_days=days,
        reasons=EXTENSION["reasons"],
        now=now,
    )


@pytest.mark.parametrize(
    ("complexity", "days", "now"),
    [
        (Complexity.SIMPLE, 3, at(3, 9)),  # only complex requests
        (Complexity.COMPLEX, 16, at(3, 9)),  # beyond the 15-day cap of Art. 30(4)
        (Complexity.COMPLEX, 0, at(3, 9)),
        (Complexity.COMPLEX, 5, at(24, 8)),  # after the current deadline of 23/3
    ],
    ids=["simple", "over-cap", "zero-days", "after-deadline"],
)
def test_extension_is_refused_outside_the_rules(flow, complexity, days, now):
    handling = flow.in_progress(complexity)
    with unchanged(handling), pytest.raises(services.InvalidInput) as invalid:
        submit_extension(handling, flow, days, now)
    assert invalid.value.errors["extension_days"]


def test_extension_on_the_last_day_is_still_in_time(flow):
    pending = submit_extension(flow.in_progress(), flow, 15, at(23, 23, 59))
    assert pending.state == State.PENDING_APPROVAL


def test_extension_approved_after_the_deadline_is_refused(flow):
    pending = submit_extension(flow.in_progress(), flow, 15, at(20, 16))
    with unchanged(pending), pytest.raises(services.InvalidInput) as late:
        services.request_extend(request=pending, actor=flow.leader, now=at(24, 8))
    assert late.value.errors["extension_days"]


def test_withdrawal_closes_the_request_and_drops_the_pending_draft(flow):
    pending = flow.pending()
    before = event_count(pending)
    unsigned = set(pending.letters.filter(status__in=UNSIGNED).values_list("kind", flat=True))
    assert {LetterKind.COVER, LetterKind.RECEIPT} <= unsigned  # the decision's, and Form 02
    gone = services.request_withdraw(
        request=pending, actor=flow.citizen, reason="Đã có thông tin.", now=at(3, 9)
    )
    event = only_new_event(pending, before, letters=("letter_cancel",) * len(unsigned))
    assert not gone.letters.filter(status__in=UNSIGNED).exists()
    assert (gone.state, gone.closed_at) == (State.WITHDRAWN, at(3, 9))
    assert gone.decisions.get().status == DecisionStatus.RETURNED
    assert (event.actor, event.action, event.reason) == (
        flow.citizen,
        "withdraw",
        "Đã có thông tin.",
    )
    assert (event.from_state, event.to_state) == (State.PENDING_APPROVAL, State.WITHDRAWN)
    assert event.legal_basis == ""  # the rule set cites no article for a withdrawal


def test_a_stale_page_after_a_reassignment_gets_the_conflict_not_a_silent_overwrite(
    received, officer, head, django_user_model
):
    """The head reassigns while the officer's page still shows the old assignee: the officer's
    action on what they saw is refused and names the head."""
    from requests_flow.choices import Role
    from tests.helpers import member

    second = member(
        django_user_model.objects.create_user(username="an", full_name="Vũ Văn An"),
        received.agency,
        Role.FOCAL_OFFICER,
    )
    accepted = services.request_accept(request=received, actor=officer, now=at(2, 9))
    assigned = services.request_assign(request=accepted, actor=head, officer=officer, now=at(2, 10))
    services.request_assign(request=assigned, actor=head, officer=second, now=at(2, 11))
    with pytest.raises(services.ConcurrentChange) as exc:
        services.request_classify(
            request=assigned, actor=officer, complexity="simple", now=at(2, 12)
        )
    assert "Lê Thị Thu" in exc.value.message


def test_costs_are_worked_out_from_copies_and_postage_by_the_service(flow):
    """The handling screen passes what it counted; the service prices it with the rule set's
    tariff and the agency's area (the view computes nothing)."""
    handling = flow.in_progress()
    rules = handling.rule_set.rules
    price = int(rules["prices"]["copy_bw_a4"]["price"])
    percent = int(rules.get("area_reductions", {}).get(handling.agency.area_class, 100))
    with pytest.raises(services.InvalidInput) as missing:
        services.request_charge_costs(
            request=handling, actor=flow.officer, quantities={}, postage=0, due=None
        )
    assert "due" in missing.value.errors
    asked = services.request_charge_costs(
        request=handling,
        actor=flow.officer,
        quantities={"copy_bw_a4": 30},
        postage=12_000,
        due=date(2026, 3, 12),
        now=at(2, 13),
    )
    assert asked.state == State.AWAITING_PAYMENT
    assert asked.cost_amount == (30 * price * percent + 50) // 100 + 12_000


def test_approving_routes_to_the_decision_that_waits_and_refuses_when_none_does(flow):
    handling = flow.in_progress()
    with pytest.raises(services.InvalidInput):
        services.request_approve_pending(request=handling, actor=flow.leader)
    pending = services.request_submit_decision(
        request=handling, actor=flow.officer, kind=DecisionKind.REFUSE, **REFUSAL
    )
    done = services.request_approve_pending(request=pending, actor=flow.leader, comment="Đồng ý.")
    assert done.state == State.REFUSED


def test_an_unpaid_refusal_is_written_in_vietnamese_whatever_the_officers_language(flow):
    """The reason goes into the letter (Decree 30 Art. 8: Vietnamese), not the screen's language."""
    waiting = flow.awaiting_payment()
    with translation.override("en"):
        drafted = services.request_refuse_unpaid(request=waiting, actor=flow.officer, now=at(9))
    decision = drafted.decisions.get(status=DecisionStatus.PENDING)
    assert (decision.kind, decision.grounds) == (DecisionKind.REFUSE, ["e"])
    assert decision.reasons == "Người yêu cầu không thanh toán chi phí thực tế trong thời hạn."
