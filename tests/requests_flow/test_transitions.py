"""Every service of requests_flow.services: where it is allowed, what it writes, and that it leaves
the request and its audit trail untouched when it is refused (DOMAIN §3)."""

from datetime import date

import pytest

from requests_flow import services
from requests_flow.choices import OPEN_STATES, Complexity, Role, State
from tests.helpers import make_user, member
from tests.letters.lifecycle import issue_all

from .support import REFUSAL, at, event_count, only_new_event, reload, unchanged

LATER = at(3, 9)  # Tuesday 3/3/2026, after every step the Flow takes on Monday

# action -> (who normally does it, the call). Inputs are valid, so only state or role can refuse.
ACTIONS = {
    "ask_supplement": (
        "officer",
        lambda r, a, f: services.request_ask_supplement(
            request=r, actor=a, missing_items=["Bản sao CCCD"], now=LATER
        ),
    ),
    "receive_supplement": (
        "citizen",
        lambda r, a, f: services.request_receive_supplement(request=r, actor=a, now=LATER),
    ),
    "accept": ("officer", lambda r, a, f: services.request_accept(request=r, actor=a, now=LATER)),
    "assign": (
        "head",
        lambda r, a, f: services.request_assign(request=r, actor=a, officer=f.officer, now=LATER),
    ),
    "classify": (
        "head",
        lambda r, a, f: services.request_classify(
            request=r, actor=a, complexity="simple", now=LATER
        ),
    ),
    "ask_payment": (
        "head",
        lambda r, a, f: services.request_ask_payment(
            request=r, actor=a, amount=9_000, due=date(2026, 3, 10), now=LATER
        ),
    ),
    "confirm_payment": (
        "head",
        lambda r, a, f: services.request_confirm_payment(request=r, actor=a, now=LATER),
    ),
    "submit_provide": (
        "officer",
        lambda r, a, f: services.request_submit_decision(
            request=r, actor=a, kind="provide", summary="Gửi bản sao.", now=LATER
        ),
    ),
    "submit_refuse": (
        "officer",
        lambda r, a, f: services.request_submit_decision(
            request=r, actor=a, kind="refuse", now=LATER, **REFUSAL
        ),
    ),
    "submit_extend": (
        "officer",
        lambda r, a, f: services.request_submit_decision(
            request=r,
            actor=a,
            kind="extend",
            extension_days=5,
            reasons="Cần thêm thời gian.",
            now=LATER,
        ),
    ),
    "return_for_rework": (
        "leader",
        lambda r, a, f: services.request_return_for_rework(
            request=r, actor=a, comment="Bổ sung căn cứ.", now=LATER
        ),
    ),
    "approve_provision": (
        "leader",
        lambda r, a, f: services.request_approve_provision(request=r, actor=a, now=LATER),
    ),
    "approve_refusal": (
        "leader",
        lambda r, a, f: services.request_approve_refusal(request=r, actor=a, now=LATER),
    ),
    "extend": ("leader", lambda r, a, f: services.request_extend(request=r, actor=a, now=LATER)),
    "withdraw": (
        "citizen",
        lambda r, a, f: services.request_withdraw(request=r, actor=a, now=LATER),
    ),
}

# Where each action is allowed, per DOMAIN §3. The pending_approval request the Flow reaches
# holds a drafted provision, so approving a refusal or an extension there is refused.
REFUSABLE = set(OPEN_STATES) - {State.PENDING_APPROVAL}
ALLOWED = {
    "ask_supplement": {State.RECEIVED},
    "receive_supplement": {State.NEEDS_SUPPLEMENT},
    "accept": {State.RECEIVED},
    "assign": {State.ACCEPTED, State.ASSIGNED, State.IN_PROGRESS},
    "classify": {State.ASSIGNED},
    "ask_payment": {State.IN_PROGRESS},
    "confirm_payment": {State.AWAITING_PAYMENT},
    "submit_provide": {State.IN_PROGRESS},
    "submit_refuse": REFUSABLE,
    "submit_extend": {State.IN_PROGRESS},
    "return_for_rework": {State.PENDING_APPROVAL},
    "approve_provision": {State.PENDING_APPROVAL},
    "approve_refusal": set(),
    "extend": set(),
    "withdraw": set(OPEN_STATES),
}
CELLS = [(action, state) for action in ACTIONS for state in State.values]
AUDIT_ACTION = {"approve_provision": "approve", "approve_refusal": "approve", "extend": "approve"}
AUDIT_ACTION |= {a: "submit_decision" for a in ACTIONS if a.startswith("submit_")}


@pytest.fixture
def other_officer(django_user_model, agency):
    return member(make_user(django_user_model, "tam", "Vũ Minh Tâm"), agency, Role.FOCAL_OFFICER)


def act(flow, action, request, actor=None):
    persona, call = ACTIONS[action]
    return call(request, actor or getattr(flow, persona), flow)


@pytest.mark.parametrize(
    ("action", "state"),
    [c for c in CELLS if c[1] not in ALLOWED[c[0]]],
    ids=[f"{a}-from-{s}" for a, s in CELLS if s not in ALLOWED[a]],
)
def test_action_refused_outside_its_states_changes_nothing(flow, action, state):
    request = flow.reach(state)
    with unchanged(request), pytest.raises(services.ActionNotAllowed) as refused:
        act(flow, action, request)
    assert str(State(state).label) in refused.value.message


@pytest.mark.parametrize(
    ("action", "state"),
    [c for c in CELLS if c[1] in ALLOWED[c[0]]],
    ids=[f"{a}-from-{s}" for a, s in CELLS if s in ALLOWED[a]],
)
def test_action_allowed_in_its_states_writes_one_audit_row(flow, action, state):
    request = flow.reach(state)
    before = event_count(request)
    result = act(flow, action, request)
    event = only_new_event(request, before)
    assert reload(request).state == result.state == event.to_state
    assert event.from_state == state
    assert event.action == AUDIT_ACTION.get(action, action)


def test_stale_instance_is_refused_naming_who_changed_it(received, officer, head):
    services.request_accept(request=received, actor=officer, now=at(2, 10))
    assert received.state == State.RECEIVED  # what the head still has on screen
    with unchanged(received), pytest.raises(services.ConcurrentChange) as stale:
        services.request_ask_supplement(
            request=received, actor=head, missing_items=["Địa chỉ"], now=at(2, 11)
        )
    assert "Trần Văn Minh" in stale.value.message
    assert reload(received).state == State.ACCEPTED


def test_leader_approving_a_request_just_withdrawn_is_told_by_whom(flow):
    on_screen = flow.pending()
    services.request_withdraw(request=on_screen, actor=flow.citizen, now=at(3, 8))
    with unchanged(on_screen), pytest.raises(services.ConcurrentChange) as stale:
        act(flow, "approve_provision", on_screen)
    assert "Nguyễn Thị Hoa" in stale.value.message


@pytest.mark.parametrize("action", sorted(ACTIONS))
def test_officer_of_another_agency_may_not_act(flow, foreign_officer, action):
    state = next(iter(sorted(ALLOWED[action])), State.PENDING_APPROVAL)
    request = flow.reach(state)
    with unchanged(request), pytest.raises(services.NotPermitted):
        act(flow, action, request, actor=foreign_officer)


def test_citizen_cannot_accept_their_own_request(received, citizen):
    with unchanged(received), pytest.raises(services.NotPermitted):
        services.request_accept(request=received, actor=citizen, now=at(2, 10))


def test_another_citizen_cannot_withdraw_or_complete(flow, other_citizen):
    request = flow.needs_supplement()
    for action in ("withdraw", "receive_supplement"):
        with unchanged(request), pytest.raises(services.NotPermitted):
            act(flow, action, request, actor=other_citizen)


@pytest.mark.parametrize("persona", ["officer", "head"])
def test_only_a_leader_approves(flow, persona):
    request = flow.pending()
    with unchanged(request), pytest.raises(services.NotPermitted):
        act(flow, "approve_provision", request, actor=getattr(flow, persona))
    assert act(flow, "approve_provision", request).state == State.PROVIDED


@pytest.mark.parametrize("state", [State.PROVIDED, State.REFUSED, State.WITHDRAWN])
@pytest.mark.parametrize("persona", ["citizen", "officer"])
def test_withdrawal_from_a_final_state_is_refused(flow, state, persona):
    request = flow.reach(state)
    with unchanged(request), pytest.raises(services.ActionNotAllowed):
        act(flow, "withdraw", request, actor=getattr(flow, persona))


def test_receive_records_the_request_in_the_register(received, citizen):
    assert (received.state, received.register_number) == (State.RECEIVED, "01/2026")
    assert (received.requester_user, received.entered_by) == (citizen, None)
    assert received.received_at == at(2, 9) and received.valid_at is None
    event = only_new_event(received, 0, letters=("letter_draft",))  # Form 02
    assert (event.actor, event.action, event.from_state, event.to_state) == (
        citizen,
        "receive",
        "",
        State.RECEIVED,
    )
    assert "khoản 1 Điều 26" in event.legal_basis and event.data["register_number"] == "01/2026"


def test_walk_through_the_completion_loop(received, citizen, officer):
    asked = services.request_ask_supplement(
        request=received,
        actor=officer,
        missing_items=[" Số hiệu văn bản ", ""],
        note="gọi điện",
        now=at(2, 10),
    )
    event = only_new_event(received, 1, letters=("letter_draft",))  # the notice asking for it
    assert asked.state == State.NEEDS_SUPPLEMENT and asked.missing_items == ["Số hiệu văn bản"]
    assert asked.valid_at is None  # the clock has not started (Art. 26(2))
    assert (event.actor, event.action, event.note) == (officer, "ask_supplement", "gọi điện")
    assert (event.from_state, event.to_state) == (State.RECEIVED, State.NEEDS_SUPPLEMENT)
    assert "khoản 2 Điều 26" in event.legal_basis
    assert event.data == {"missing_items": ["Số hiệu văn bản"]}

    back = services.request_receive_supplement(
        request=asked, actor=citizen, answer="Quyết định số 12/QĐ-UBND", now=at(2, 11)
    )
    event = only_new_event(received, 2, letters=())
    assert back.state == State.RECEIVED and back.missing_items == []
    assert (event.actor, event.action, event.reason) == (
        citizen,
        "receive_supplement",
        "Quyết định số 12/QĐ-UBND",
    )
    assert (event.from_state, event.to_state) == (State.NEEDS_SUPPLEMENT, State.RECEIVED)
    assert "khoản 2 Điều 26" in event.legal_basis


def test_accept_starts_the_clock_under_the_rule_set_in_force(received, officer):
    accepted = services.request_accept(request=received, actor=officer, note="đủ", now=at(2, 10))
    event = only_new_event(received, 1)
    assert accepted.state == State.ACCEPTED
    assert accepted.valid_at == at(2, 10)
    assert accepted.rule_set.code == "law-104-2016" and accepted.rule_set.verified
    assert (event.actor, event.action, event.from_state, event.to_state) == (
        officer,
        "accept",
        State.RECEIVED,
        State.ACCEPTED,
    )
    assert "Điều 27" in event.legal_basis and event.at == at(2, 10)


def test_assign_then_reassign_keeps_handling(flow, other_officer):
    assigned = flow.assigned()
    event = only_new_event(assigned, 2)
    assert assigned.state == State.ASSIGNED and assigned.assigned_officer == flow.officer
    assert (event.actor, event.action) == (flow.head, "assign")
    assert "khoản 4 Điều 33" in event.legal_basis
    handling = services.request_classify(
        request=assigned, actor=flow.officer, complexity=Complexity.SIMPLE, now=at(2, 12)
    )
    moved = services.request_assign(
        request=handling, actor=flow.leader, officer=other_officer, now=at(2, 13)
    )
    event = only_new_event(moved, 4)
    assert moved.state == State.IN_PROGRESS and moved.assigned_officer == other_officer
    assert (event.from_state, event.to_state) == (State.IN_PROGRESS, State.IN_PROGRESS)
    assert event.data["officer_name"] == "Vũ Minh Tâm"


def test_classify_checks_the_deadline_and_stores_each_milestone(flow):
    assigned = flow.assigned()
    handling = services.request_classify(
        request=assigned, actor=flow.officer, complexity=Complexity.COMPLEX, now=at(2, 12)
    )
    event = only_new_event(assigned, 3, letters=("letter_draft",))  # Form 03
    assert (handling.state, handling.complexity) == (State.IN_PROGRESS, Complexity.COMPLEX)
    stored = list(handling.milestones.values_list("kind", "due_date", "basis", "met_at"))
    # A complex request by e-mail: Form 03, drafted at this step, is the written notice of the
    # time limit (Art. 30(4)); the notice milestone stays open until the clerk issues the slip.
    assert [(kind, due, met) for kind, due, _basis, met in stored] == [
        ("notify_time_limit", date(2026, 3, 5), None),
        ("provide_or_refuse", date(2026, 3, 23), None),
    ]
    assert reload(handling).next_due == date(2026, 3, 5)
    assert all(basis.startswith("khoản 4 Điều 30") for *_, basis, _met in stored)
    assert (event.actor, event.action, event.from_state) == (flow.officer, "classify", "assigned")
    assert "Điều 29, 30, 31" in event.legal_basis
    assert [m["due"] for m in event.data["milestones"]] == ["2026-03-05", "2026-03-23"]
    assert event.data["letter"] == handling.letters.get(kind="resolution").number_text
    issue_all(handling, now=at(3, 9))  # the clerk issues Form 03 the next morning: notice met
    met = dict(handling.milestones.values_list("kind", "met_at"))
    assert met == {"notify_time_limit": at(3, 9), "provide_or_refuse": None}
    assert reload(handling).next_due == date(2026, 3, 23)
    with unchanged(handling), pytest.raises(services.InvalidInput) as invalid:
        services.request_classify(request=handling, actor=flow.head, complexity="urgent")
    assert invalid.value.errors["complexity"]


def test_assign_to_someone_outside_the_agency_is_invalid(flow, foreign_officer):
    accepted = flow.accepted()
    with unchanged(accepted), pytest.raises(services.InvalidInput) as invalid:
        services.request_assign(request=accepted, actor=flow.head, officer=foreign_officer)
    assert invalid.value.errors["officer"]
