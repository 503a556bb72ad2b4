"""Refusal (Law Art. 28; DOMAIN §5): a closed list of grounds, written reasons, the competent
agency for ground (c); possible from received and from any later open state."""

import pytest

from requests_flow import services
from requests_flow.choices import DecisionKind, DecisionStatus, RefusalGround, State
from requests_flow.models import RuleSet
from requests_flow.rulesets import rules_from_model

from .support import at, event_count, reload, steps, unchanged

REASONS = "Thông tin đã được cung cấp cho ông/bà hai lần (Công văn số 15/STP)."
COMPETENT = "Sở Xây dựng tỉnh Tuyên Quang"


def draft_refusal(flow, request, **decision):
    return services.request_submit_decision(
        request=request, actor=flow.officer, kind=DecisionKind.REFUSE, now=at(3, 9), **decision
    )


@pytest.mark.parametrize(
    ("decision", "field"),
    [
        ({"grounds": [], "reasons": REASONS}, "grounds"),
        ({"reasons": REASONS}, "grounds"),
        ({"grounds": ["z"], "reasons": REASONS}, "grounds"),
        ({"grounds": ["đ"], "reasons": REASONS}, "grounds"),  # stored as "dd"
        ({"grounds": ["a", "f"], "reasons": REASONS}, "grounds"),
        ({"grounds": ["a"], "reasons": ""}, "reasons"),
        ({"grounds": ["d"], "reasons": "   \n"}, "reasons"),
        ({"grounds": ["c"], "reasons": REASONS}, "competent_agency"),
        ({"grounds": ["a", "c"], "reasons": REASONS, "competent_agency": "  "}, "competent_agency"),
    ],
    ids=[
        "empty-grounds",
        "no-grounds",
        "unknown-ground",
        "unstored-spelling",
        "one-unknown-among-known",
        "no-reasons",
        "blank-reasons",
        "c-without-agency",
        "c-with-blank-agency",
    ],
)
def test_an_incomplete_refusal_is_invalid_and_changes_nothing(flow, decision, field):
    handling = flow.in_progress()
    with unchanged(handling), pytest.raises(services.InvalidInput) as invalid:
        draft_refusal(flow, handling, **decision)
    assert list(invalid.value.errors) == [field]
    assert invalid.value.errors[field].strip()
    assert invalid.value.errors[field] in invalid.value.message


def test_every_problem_is_reported_at_once(received, flow):
    with unchanged(received), pytest.raises(services.InvalidInput) as invalid:
        draft_refusal(flow, received, grounds=["c"], reasons="")
    assert set(invalid.value.errors) == {"reasons", "competent_agency"}
    with unchanged(received), pytest.raises(services.InvalidInput) as invalid:
        draft_refusal(flow, received, grounds=[], reasons="")
    assert set(invalid.value.errors) == {"grounds", "reasons"}


def test_a_request_for_another_agency_is_refused_from_received(received, flow):
    pending = draft_refusal(
        flow,
        received,
        grounds=[RefusalGround.C],
        reasons="Quy hoạch xây dựng do Sở Xây dựng quản lý.",
        competent_agency=COMPETENT,
    )
    assert pending.state == State.PENDING_APPROVAL
    assert pending.valid_at is None  # never accepted: no clock, no milestones
    refused = services.request_approve_refusal(request=pending, actor=flow.leader, now=at(3, 10))
    assert (refused.state, refused.closed_at) == (State.REFUSED, at(3, 10))
    decision = refused.decisions.get()
    assert decision.status == DecisionStatus.APPROVED
    assert (decision.grounds, decision.competent_agency) == (["c"], COMPETENT)
    trail = list(refused.events.order_by("id").values_list("action", "from_state", "to_state"))
    assert trail == [
        ("receive", "", State.RECEIVED),
        ("letter_draft", State.RECEIVED, State.RECEIVED),  # Form 02
        ("submit_decision", State.RECEIVED, State.PENDING_APPROVAL),
        ("letter_draft", State.PENDING_APPROVAL, State.PENDING_APPROVAL),  # Form 05
        ("approve", State.PENDING_APPROVAL, State.REFUSED),
        ("letter_approve", State.REFUSED, State.REFUSED),  # by the leader, with the refusal
    ]


def test_the_closed_list_is_the_one_of_article_28(db):
    rules = rules_from_model(RuleSet.objects.get(code="law-104-2016"))
    assert [g.code for g in rules.refusal_grounds] == ["a", "b", "c", "d", "dd", "e"]
    assert set(RefusalGround.values) == {g.code for g in rules.refusal_grounds}
    assert rules.ground("dd").basis.startswith("điểm đ khoản 1 Điều 28")


# Where each ground is typically decided: (c) on receipt, (e) while the costs are unpaid.
GROUND_STATE = {"c": State.RECEIVED, "e": State.AWAITING_PAYMENT}


@pytest.mark.parametrize("code", RefusalGround.values)
def test_every_ground_of_the_closed_list_can_be_refused_end_to_end(flow, code):
    request = flow.reach(GROUND_STATE.get(code, State.IN_PROGRESS))
    before = event_count(request)
    competent = COMPETENT if code == "c" else ""
    # Ground (b): the letter names where the information was published (issue #13 item 5).
    published = "Cổng thông tin điện tử tỉnh Tuyên Quang" if code == "b" else ""
    pending = draft_refusal(
        flow,
        request,
        grounds=[code],
        reasons=REASONS,
        competent_agency=competent,
        published_where=published,
    )
    refused = services.request_approve_refusal(
        request=pending, actor=flow.leader, comment="Ký ban hành.", now=at(3, 10)
    )
    assert reload(request).state == refused.state == State.REFUSED
    decision = refused.decisions.get()
    assert (decision.grounds, decision.reasons, decision.status) == (
        [code],
        REASONS,
        DecisionStatus.APPROVED,
    )
    submitted, approved = steps(refused)[before:]
    assert (submitted.reason, submitted.data["grounds"]) == (REASONS, [code])
    assert (approved.actor, approved.data["grounds"]) == (flow.leader, [code])
    with unchanged(refused), pytest.raises(services.ActionNotAllowed):
        draft_refusal(
            flow,
            refused,
            grounds=[code],
            reasons=REASONS,
            competent_agency=competent,
            published_where=published,
        )


def test_several_grounds_together(flow):
    pending = draft_refusal(flow, flow.in_progress(), grounds=["a", "dd"], reasons=REASONS)
    refused = services.request_approve_refusal(request=pending, actor=flow.leader, now=at(3, 10))
    assert refused.decisions.get().grounds == ["a", "dd"]
