"""Validity, assignment, the "deadline checked" step and costs (Arts. 12, 26-27, 29-31, 33)."""

from datetime import date, datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from ..choices import Complexity
from ..costs import compute_costs, letter_lines
from ..deadlines import NOTICE_MILESTONE, compute_deadlines
from ..models import InformationRequest, Letter, LetterKind, Milestone, RuleSet
from ..permissions import agency_roles
from ..workdays import load_calendar
from .core import atomic, run_transition
from .errors import InvalidInput
from .letter_life import letter_draft


def rule_set_in_force(day: date) -> RuleSet:
    rule_set = RuleSet.objects.in_force_on(day).order_by("-effective_from").first()
    if rule_set is None:
        raise InvalidInput(
            {
                "valid_at": _("No legal rule set is in force on %(day)s.")
                % {"day": day.strftime("%d/%m/%Y")}
            }
        )
    return rule_set


@atomic
def request_accept(
    *, request: InformationRequest, actor, note: str = "", now: datetime | None = None
) -> InformationRequest:
    """The request is valid: the clock starts now, under the rule set in force today (frozen)."""
    now = now or timezone.now()
    rule_set = rule_set_in_force(timezone.localdate(now))
    return run_transition(
        request=request,
        actor=actor,
        action="accept",
        now=now,
        note=note,
        apply=lambda r: r.accept(valid_at=now, rule_set=rule_set),
        data={"rule_set": rule_set.code},
    )


@atomic
def request_assign(
    *, request: InformationRequest, actor, officer, note: str = "", now: datetime | None = None
) -> InformationRequest:
    """Give the request to a focal officer of the same agency (Art. 33(4); Decree 13 Art. 8)."""
    if officer is None or not agency_roles(officer, request.agency_id):
        raise InvalidInput({"officer": _("Choose an officer of this agency.")})
    return run_transition(
        request=request,
        actor=actor,
        action="assign",
        now=now,
        note=note,
        apply=lambda r: r.assign(officer=officer),
        data={"officer": officer.pk, "officer_name": officer.display_name},
    )


def refresh_next_due(request: InformationRequest) -> None:
    """Keep InformationRequest.next_due equal to the earliest unmet milestone (not saved here)."""
    request.next_due = (
        request.milestones.filter(met_at__isnull=True)
        .order_by("due_date")
        .values_list("due_date", flat=True)
        .first()
    )


def store_milestones(request: InformationRequest, *, calendar=None) -> list[Milestone]:
    """(Re)compute and store the request's milestones from its frozen rule set."""
    deadlines = compute_deadlines(
        valid_at=request.valid_at,
        channel=request.channel,
        complexity=request.complexity,
        rules=request.rule_set.to_rules(),
        calendar=calendar or load_calendar(),
        extension_days=request.extension_days or 0,
    )
    stored = []
    for m in deadlines.milestones:
        row, _created = Milestone.objects.update_or_create(
            request=request, kind=m.kind, defaults={"due_date": m.due, "basis": m.basis}
        )
        stored.append(row)
    refresh_next_due(request)
    return stored


def notify_time_limit(request: InformationRequest, *, actor, now: datetime) -> Letter:
    """Issue Form 03 at the deadline check, for the requests whose rule set has the notice
    milestone: complex ones received electronically, by post or by fax (Law 104 Arts. 30(4),
    31(2): a written notice of the time limit within 3 working days). Simple requests and those
    at the office get none (Art. 29 asks for no such notice). The slip states the time limit,
    the place and the form of provision (Art. 27), and costs only when there are any; it is the
    written notice, so its issue by the clerk meets the milestone (services.letter_issue). Call
    inside the classifying transaction."""
    return letter_draft(request=request, kind=LetterKind.RESOLUTION, actor=actor, now=now)


@atomic
def request_accept_and_take(
    *, request: InformationRequest, actor, complexity: str, now: datetime | None = None
) -> InformationRequest:
    """Accept, assign to oneself and check the deadline in one step (issue #15.11), for one who
    holds every role the three need: three audit rows, as if done on three screens; all or none
    (the complexity is checked before the request is accepted)."""
    if complexity not in Complexity.values:
        raise InvalidInput({"complexity": _("Choose simple or complex.")})
    accepted = request_accept(request=request, actor=actor, now=now)
    assigned = request_assign(request=accepted, actor=actor, officer=actor, now=now)
    return request_classify(request=assigned, actor=actor, complexity=complexity, now=now)


@atomic
def request_classify(
    *,
    request: InformationRequest,
    actor,
    complexity: str,
    note: str = "",
    now: datetime | None = None,
) -> InformationRequest:
    """The "deadline checked" step: simple or complex decides the milestones (Arts. 29-31)."""
    if complexity not in Complexity.values:
        raise InvalidInput({"complexity": _("Choose simple or complex.")})
    now = now or timezone.now()
    details: dict = {"complexity": complexity}

    def apply(r: InformationRequest) -> None:
        r.classify(complexity=complexity)
        milestones = store_milestones(r)
        # The audit row names each date and its article (filled before the row is written).
        details["milestones"] = [
            {"kind": m.kind, "due": m.due_date.isoformat(), "basis": m.basis} for m in milestones
        ]
        if any(m.kind == NOTICE_MILESTONE for m in milestones):
            details["letter"] = notify_time_limit(r, actor=actor, now=now).number_text

    return run_transition(
        request=request,
        actor=actor,
        action="classify",
        now=now,
        note=note,
        apply=apply,
        data=details,
    )


@atomic
def request_ask_payment(
    *,
    request: InformationRequest,
    actor,
    amount: int,
    due: date,
    note: str = "",
    now: datetime | None = None,
    lines: list | None = None,
) -> InformationRequest:
    """Form 03 with the actual costs; provision waits for payment (Art. 12(2); Circular 46).
    `lines` (costs.letter_lines) itemise the amount in Form 03; without them it is one line."""
    if not isinstance(amount, int) or amount <= 0:
        raise InvalidInput({"amount": _("The amount must be a positive number of đồng.")})
    now = now or timezone.now()
    if due < timezone.localdate(now):
        raise InvalidInput({"due": _("The payment deadline cannot be in the past.")})

    def apply(r: InformationRequest) -> None:
        r.ask_payment(amount=amount, due=due)
        r.cost_lines = list(lines or [])
        # Form 03 states the time limit too: for a request classified before Form 03 was issued
        # at the deadline check, this one is the written notice (Arts. 30(4), 31(2)); its issue
        # meets the notice milestone (services.letter_issue).

    updated = run_transition(
        request=request,
        actor=actor,
        action="ask_payment",
        now=now,
        note=note,
        apply=apply,
        data={"amount": amount, "due": due.isoformat()},
    )
    # Form 03 with the costs, the payment deadline and method: Circular 46 Art. 4(1)(a) records
    # the costs in Form 03, and Law 104 Art. 27 puts costs "(nếu có)" in the same notice. When a
    # Form 03 was already issued at the deadline check (with no cost line, since there were none
    # then), this one is not a second, competing notice: letter_draft makes it a supplement that
    # names the earlier slip's number and date and adds the costs, with the time limit still in
    # force (DOMAIN §7.1: an issued letter never changes; what follows is a new letter). The
    # notice milestone stays met at the first slip's issue.
    letter_draft(request=updated, kind=LetterKind.RESOLUTION, actor=actor, now=now)
    return updated


@atomic
def request_charge_costs(
    *,
    request: InformationRequest,
    actor,
    quantities: dict[str, int],
    postage: int,
    due: date | None,
    now: datetime | None = None,
) -> InformationRequest:
    """Ask for the actual costs worked out from the copies and postage (the rule set's tariff
    and the agency's area class; Circular 46), then as request_ask_payment."""
    if not due:
        raise InvalidInput({"due": _("Set the payment deadline.")})
    costs = compute_costs(
        rules=request.rule_set.to_rules(),
        area_class=request.agency.area_class,
        quantities=quantities,
        postage=postage,
    )
    return request_ask_payment(
        request=request,
        actor=actor,
        amount=costs.total,
        due=due,
        now=now,
        lines=letter_lines(costs),
    )


@atomic
def request_confirm_payment(
    *,
    request: InformationRequest,
    actor,
    paid_at: datetime | None = None,
    note: str = "",
    now: datetime | None = None,
) -> InformationRequest:
    now = now or timezone.now()
    paid = paid_at or now
    return run_transition(
        request=request,
        actor=actor,
        action="confirm_payment",
        now=now,
        note=note,
        apply=lambda r: r.confirm_payment(paid_at=paid),
        data={"paid_at": paid.isoformat()},
    )
