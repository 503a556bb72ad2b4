"""Calendar overrides (official days off and make-up working days) and what they move, and the
confirmation of a year's calendar by its official notice.

When an administrator adds, changes or removes an override, every open request whose stored dates
move is recomputed, and each gets an audit row saying what moved and why (DOMAIN §4.1). Confirming
a year moves no date: it only stops its dates being explained as projected ("dự kiến").
"""

from datetime import date, datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from ..choices import OPEN_STATES
from ..models import (
    CalendarOverride,
    CalendarYear,
    CalendarYearEvent,
    InformationRequest,
    Milestone,
)
from ..workdays import FIRST_YEAR, build_calendar
from .core import atomic, record_event
from .corrections import corrections_recompute
from .errors import InvalidInput
from .handling import store_milestones


def _recompute_open_requests(*, actor, reason: str, legal_basis: str, now: datetime) -> int:
    """Recompute the milestones of open requests that have any; returns how many moved."""
    # Built from this transaction's view of the overrides, never from the process cache: the
    # change is not committed yet (signals.py drops the cache once it is).
    calendar = build_calendar()
    moved = 0
    request_ids = (
        Milestone.objects.filter(met_at__isnull=True, request__state__in=OPEN_STATES)
        .values_list("request_id", flat=True)
        .distinct()
    )
    requests = (
        InformationRequest.objects.filter(pk__in=list(request_ids))
        .select_related("rule_set")
        .select_for_update(of=("self",))
        .order_by("pk")
    )
    for request in requests:
        before = {m.kind: m.due_date for m in request.milestones.all()}
        after = {m.kind: m.due_date for m in store_milestones(request, calendar=calendar)}
        request.save(update_fields=["next_due"])
        changes = {
            k: [before[k].isoformat(), after[k].isoformat()]
            for k in after
            if k in before and before[k] != after[k]
        }
        if changes:
            moved += 1
            record_event(
                request,
                actor=actor,
                action="deadline_recomputed",
                from_state=request.state,
                at=now,
                reason=reason,
                legal_basis=legal_basis,
                data={"moved": changes},
            )
    return moved + corrections_recompute(
        calendar=calendar, actor=actor, reason=reason, legal_basis=legal_basis, now=now
    )


@atomic
def calendar_override_save(
    *, actor, day: date, kind: str, reason: str, legal_basis: str, now: datetime | None = None
) -> tuple[CalendarOverride, int]:
    """Create or change the override for `day`; returns it and how many requests moved."""
    errors = {}
    if kind not in CalendarOverride.Kind.values:
        errors["kind"] = _("Choose day off or working day.")
    if not reason.strip():
        errors["reason"] = _("Give the reason (e.g. the holiday or the swap).")
    if not legal_basis.strip():
        errors["legal_basis"] = _("Give the legal basis (the notice or decision).")
    if errors:
        raise InvalidInput(errors)
    override, _created = CalendarOverride.objects.update_or_create(
        date=day,
        defaults={"kind": kind, "reason": reason, "legal_basis": legal_basis, "created_by": actor},
    )
    moved = _recompute_open_requests(
        actor=actor, reason=reason, legal_basis=legal_basis, now=now or timezone.now()
    )
    return override, moved


@atomic
def calendar_override_delete(*, actor, day: date, now: datetime | None = None) -> int:
    """Remove the override for `day`; returns how many requests moved back."""
    override = CalendarOverride.objects.filter(date=day).first()
    if override is None:
        raise InvalidInput({"date": _("There is no override on that date.")})
    reason = _("Override removed: %(reason)s") % {"reason": override.reason}
    override.delete()
    return _recompute_open_requests(
        actor=actor, reason=reason, legal_basis=override.legal_basis, now=now or timezone.now()
    )


NOTICE_NUMBER_MAX = 100
NOTICE_MAX = 500


def _confirmation_errors(year: int, notice_number: str, notice: str, today: date) -> dict:
    errors = {}
    # A notice fixes the coming year at the latest (usually in the autumn before it).
    if not FIRST_YEAR <= year <= today.year + 1:
        errors["year"] = _("Choose a year from %(first)s to %(last)s.") % {
            "first": FIRST_YEAR,
            "last": today.year + 1,
        }
    if not notice_number:
        errors["notice_number"] = _(
            "Give the number of the official notice that fixes this year's days off "
            "(e.g. 9859/VPCP-KGVX)."
        )
    elif len(notice_number) > NOTICE_NUMBER_MAX:
        errors["notice_number"] = _("The notice number is too long.")
    if len(notice) > NOTICE_MAX:
        errors["notice"] = _("Keep the description of the notice under 500 characters.")
    return errors


@atomic
def calendar_year_confirm(
    *, actor, year: int, notice_number: str, notice: str = "", now: datetime | None = None
) -> CalendarYear:
    """Record that an official notice fixes `year`'s days off (DOMAIN §4.1): the notice's number,
    who and when, and an audit row. Confirming again (a corrected number) is recorded too."""
    now = now or timezone.now()
    notice_number, notice = notice_number.strip(), notice.strip()
    errors = _confirmation_errors(year, notice_number, notice, timezone.localdate(now))
    if errors:
        raise InvalidInput(errors)
    row, _created = CalendarYear.objects.select_for_update().update_or_create(
        year=year,
        defaults={
            "confirmed": True,
            "notice_number": notice_number,
            "notice": notice,
            "confirmed_by": actor,
            "confirmed_at": now,
        },
    )
    CalendarYearEvent.objects.create(
        year=year,
        action="confirmed",
        notice_number=notice_number,
        notice=notice,
        actor=actor,
        at=now,
    )
    return row
