"""Complaints and lawsuits about a request (Law 104 Art. 14; Decree 13 Art. 12(4)(b) reports how
many were resolved): recorded by an officer in any state after submission, the law setting no
limit, and their outcome recorded when it is known. Neither changes the request's state."""

from datetime import date, datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from .. import limits
from ..models import Complaint, ComplaintKind, ComplaintOutcome, InformationRequest
from ..permissions import can_act
from .core import action_basis, atomic, lock_request, record_event, rules_for
from .errors import InvalidInput, NotPermitted


def _check_day(field: str, day: date | None, *, today: date, not_before: date) -> dict:
    if day is None:
        return {field: _("Enter the date.")}
    if day > today:
        return {field: _("The date cannot be in the future.")}
    if day < not_before:
        return {
            field: _("The date cannot be before %(day)s.")
            % {"day": not_before.strftime("%d/%m/%Y")}
        }
    return {}


@atomic
def complaint_record(
    *,
    request: InformationRequest,
    actor,
    kind: str,
    filed_on: date | None,
    summary: str = "",
    now: datetime | None = None,
) -> Complaint:
    """Record a complaint or lawsuit the requester filed about this request."""
    now = now or timezone.now()
    summary = summary.strip()
    errors: dict[str, str] = {}
    if kind not in ComplaintKind.values:
        errors["kind"] = _("Choose a complaint or a lawsuit.")
    received_on = timezone.localdate(request.received_at)
    errors |= _check_day(
        "filed_on", filed_on, today=timezone.localdate(now), not_before=received_on
    )
    if message := limits.too_long(summary, limits.OFFICER_TEXT):
        errors["summary"] = message
    if errors:
        raise InvalidInput(errors)
    current = lock_request(request.pk)
    if not can_act(actor, current, "complaint_record"):
        raise NotPermitted
    complaint = Complaint.objects.create(
        request=current,
        kind=kind,
        filed_on=filed_on,
        summary=summary,
        recorded_by=actor,
        recorded_at=now,
    )
    record_event(
        current,
        actor=actor,
        action="complaint_record",
        from_state=current.state,
        at=now,
        reason=summary,
        legal_basis=action_basis(rules_for(current, now), "complaint_record"),
        data={"complaint": complaint.pk, "kind": kind, "filed_on": filed_on.isoformat()},
    )
    return complaint


def _outcome_errors(complaint, outcome: str, outcome_on, note: str, now) -> dict[str, str]:
    errors: dict[str, str] = {}
    if outcome not in ComplaintOutcome.values:
        errors["outcome"] = _("Choose the outcome.")
    errors |= _check_day(
        "outcome_on", outcome_on, today=timezone.localdate(now), not_before=complaint.filed_on
    )
    if message := limits.too_long(note, limits.OFFICER_TEXT):
        errors["note"] = message
    return errors


@atomic
def complaint_record_outcome(
    *,
    complaint: Complaint,
    actor,
    outcome: str,
    outcome_on: date | None,
    note: str = "",
    now: datetime | None = None,
) -> Complaint:
    """How the complaint or lawsuit ended: resolved for or against the requester, or withdrawn.
    Recorded once (a later decision on appeal is a new complaint or lawsuit)."""
    now = now or timezone.now()
    note = note.strip()
    if errors := _outcome_errors(complaint, outcome, outcome_on, note, now):
        raise InvalidInput(errors)
    current = lock_request(complaint.request_id)
    if not can_act(actor, current, "complaint_outcome"):
        raise NotPermitted
    # Read again under the request's lock: two officers recording at once, one wins.
    row = Complaint.objects.get(pk=complaint.pk)
    if row.outcome:
        raise InvalidInput(
            {
                "outcome": _("Its outcome was already recorded: %(outcome)s (%(day)s).")
                % {"outcome": row.get_outcome_display(), "day": f"{row.outcome_on:%d/%m/%Y}"}
            }
        )
    row.outcome, row.outcome_on = outcome, outcome_on
    row.save(update_fields=["outcome", "outcome_on"])
    record_event(
        current,
        actor=actor,
        action="complaint_outcome",
        from_state=current.state,
        at=now,
        reason=note,
        legal_basis=action_basis(rules_for(current, now), "complaint_outcome"),
        data={
            "complaint": row.pk,
            "kind": row.kind,
            "outcome": outcome,
            "outcome_on": outcome_on.isoformat(),
        },
    )
    return row
