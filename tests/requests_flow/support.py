"""Helpers shared by the request-flow tests: fixed moments, reloading from the database, "nothing
changed" checks, and a Flow that drives the `received` request forward through the services."""

from contextlib import contextmanager
from datetime import date, datetime

from requests_flow import services
from requests_flow.choices import Complexity, DecisionKind, State
from requests_flow.deadlines import LOCAL_TZ
from requests_flow.models import InformationRequest, RequestEvent

# Written fields a transition may change; a refused action must leave every one of them as it was.
FIELDS = (
    "missing_items",
    "valid_at",
    "rule_set_id",
    "assigned_officer_id",
    "complexity",
    "cost_amount",
    "payment_due",
    "paid_at",
    "extended_at",
    "extension_days",
    "closed_at",
    "state_before_approval",
)

REFUSAL = {"grounds": ["a"], "reasons": "Tài liệu thuộc danh mục bí mật nhà nước (Điều 6)."}
# An extension states its reason: the notice (Form 04) prints it.
EXTENSION = {"extension_days": 15, "reasons": "Cần lấy ý kiến của Sở Xây dựng về các bản vẽ."}


def at(day: int, hour: int = 10, minute: int = 0) -> datetime:
    """A moment in March 2026, local time: Law 104/2016/QH13 (the verified rule set) applies."""
    return datetime(2026, 3, day, hour, minute, tzinfo=LOCAL_TZ)


def reload(request) -> InformationRequest:
    return InformationRequest.objects.get(pk=request.pk)


def steps(request) -> list[RequestEvent]:
    """The request's audit rows of its steps, oldest first: without the rows of its letters'
    life (letter_draft, letter_approve, letter_cancel…, DOMAIN §7.1), which a step may add."""
    rows = RequestEvent.objects.filter(request_id=request.pk).exclude(action__startswith="letter_")
    return list(rows.order_by("id"))


def event_count(request) -> int:
    """How many steps the audit trail holds (see `steps`)."""
    return len(steps(request))


def snapshot(request) -> dict:
    row = reload(request)
    return {
        "state": row.state,
        "events": RequestEvent.objects.filter(request_id=row.pk).count(),  # every row
        "fields": {name: getattr(row, name) for name in FIELDS},
        "decisions": list(row.decisions.order_by("id").values_list("kind", "status")),
        "milestones": list(
            row.milestones.order_by("kind").values_list("kind", "due_date", "met_at")
        ),
    }


@contextmanager
def unchanged(request):
    """The row, its decisions, milestones and audit trail are the same after the block."""
    before = snapshot(request)
    yield
    assert snapshot(request) == before


def only_new_event(request, events_before: int, letters: tuple | None = None) -> RequestEvent:
    """The one audit row of the step after `events_before` steps. `letters`: the rows of the
    letters' life the step wrote beside it (e.g. ("letter_draft",)), checked when given."""
    done = steps(request)
    assert len(done) == events_before + 1, "exactly one new audit row"
    if letters is not None:  # written in the step's transaction, at its moment
        since = done[-2].pk if len(done) > 1 else 0
        rows = RequestEvent.objects.filter(
            request_id=request.pk, pk__gt=since, at=done[-1].at, action__startswith="letter_"
        )
        assert list(rows.order_by("id").values_list("action", flat=True)) == list(letters)
    return done[-1]


class Flow:
    """Moves the citizen's `received` request (filed Monday 2/3/2026 09:00) forward, one step an
    hour on the same day, with the persona who normally acts. Each Flow reaches one state once."""

    def __init__(self, received, citizen, officer, head, leader):
        self.received = received
        self.citizen, self.officer, self.head, self.leader = citizen, officer, head, leader

    def needs_supplement(self):
        return services.request_ask_supplement(
            request=self.received, actor=self.officer, missing_items=["Số hiệu văn bản"], now=at(2)
        )

    def accepted(self):
        return services.request_accept(request=self.received, actor=self.officer, now=at(2, 10))

    def assigned(self):
        return services.request_assign(
            request=self.accepted(), actor=self.head, officer=self.officer, now=at(2, 11)
        )

    def in_progress(self, complexity: str = Complexity.COMPLEX):
        """Classified, and the secrecy review recorded (provision needs it, Decree 13 Art. 7)."""
        classified = services.request_classify(
            request=self.assigned(), actor=self.officer, complexity=complexity, now=at(2, 12)
        )
        return services.request_record_handling(
            request=classified, actor=self.officer, secrecy_reviewed=True, now=at(2, 12, 30)
        )

    def awaiting_payment(self, base=None):
        return services.request_ask_payment(
            request=base or self.in_progress(),
            actor=self.officer,
            amount=45_000,
            due=date(2026, 3, 12),
            now=at(2, 13),
        )

    def pending(self, kind: str = DecisionKind.PROVIDE, base=None, **decision):
        if kind == DecisionKind.REFUSE and not decision:
            decision = REFUSAL
        if kind == DecisionKind.EXTEND:
            decision = {**EXTENSION, **decision}
        return services.request_submit_decision(
            request=base or self.in_progress(),
            actor=self.officer,
            kind=kind,
            summary="Dự thảo quyết định.",
            now=at(2, 14),
            **decision,
        )

    def provided(self):
        return services.request_approve_provision(
            request=self.pending(), actor=self.leader, now=at(2, 15)
        )

    def refused(self):
        return services.request_approve_refusal(
            request=self.pending(DecisionKind.REFUSE, base=self.received),
            actor=self.leader,
            now=at(2, 15),
        )

    def withdrawn(self):
        return services.request_withdraw(request=self.received, actor=self.citizen, now=at(2, 15))

    def reach(self, state: str):
        """A request in `state`; pending_approval holds a provision drafted while in progress."""
        if state == State.RECEIVED:
            return self.received
        return getattr(self, "pending" if state == State.PENDING_APPROVAL else state)()
