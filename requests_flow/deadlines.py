"""Statutory deadlines of a request (DOMAIN §4.2-4.3), as pure functions.

No clock reads and no queries: the caller passes the rules, the calendar and `now`. Counting:
- the period counts from the day a valid request is received, and that day is not counted
  (Civil Code Art. 147(2)): day 1 is the first working day after it, whether or not the day of
  receipt was a working day (DOMAIN §4.2, revised 2026-12). A rule set may choose the older
  reading (`"counting": "next_working_day"`): a request valid on a non-working day counts as
  received on the next working day, which is then not counted (one working day later);
- "N working days" ends on the N-th working day after the day counting starts from;
- "at once" (a period of 0) is due on the receipt day: the valid day, or the next working day;
- "N days" ends N calendar days later, moved to the next working day when that is not one
  (Civil Code Art. 148(5));
- a period ends at 24:00 local time of its last day (Art. 148(6)): overdue from 00:00 the next day.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _

from .choices import Complexity
from .rulesets import CALENDAR, NEXT_WORKING_DAY, WORKING, ExtensionRule, PeriodRule, Rules
from .workdays import WorkCalendar

LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")

ON_TRACK, DUE_SOON, OVERDUE, MET = "on_track", "due_soon", "overdue", "met"

# The milestone of the written notice of the time limit (Form 03): the rule set gives it to
# complex requests received electronically, by post or by fax (Law 104 Arts. 30(4), 31(2)).
NOTICE_MILESTONE = "notify_time_limit"


class DeadlineInputError(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class MilestoneDue:
    kind: str
    due: date
    basis: str
    rule: PeriodRule
    base_due: date  # before any extension
    extension: ExtensionRule | None = None
    extension_days: int = 0


@dataclass(frozen=True, slots=True)
class Deadlines:
    rules: Rules
    valid_at: datetime
    channel: str
    complexity: str
    received_on: date  # local day of receipt (the next day after the optional cut-off)
    receipt_day: date  # the first working day from received_on: "at once" is due on it
    counted_from: date  # day 1 of a period is the first working day after this one
    milestones: tuple[MilestoneDue, ...]
    extended: date | None = None  # the latest the final milestone can reach, when asked
    _calendar: WorkCalendar = field(repr=False, compare=False, default=None)

    def explanation(self) -> list[str]:
        return explain(self, self._calendar)

    def citizen_explanation(self) -> list[str]:
        """The same, without the staff-only mark of an unverified rule set (DOMAIN §4.4)."""
        return explain(self, self._calendar, for_staff=False)


def local_day(moment: datetime) -> date:
    if moment.tzinfo is None:
        raise DeadlineInputError("valid_at must carry a time zone")
    return moment.astimezone(LOCAL_TZ).date()


def received_on(valid_at: datetime, cutoff: time | None = None) -> date:
    """The local day of receipt; with the optional office-hours cut-off, a request that became
    valid after it counts as received the next day."""
    local = valid_at.astimezone(LOCAL_TZ)
    if cutoff is not None and local.time() >= cutoff:
        return local.date() + timedelta(days=1)
    return local.date()


def counting_start(rules: Rules, received: date, receipt: date) -> date:
    """The day a period counts after (Civil Code Art. 147(2)): the day of receipt itself under
    the literal reading (default), or the next working day under the older reading."""
    return receipt if rules.counting == NEXT_WORKING_DAY else received


def add_period(start: date, days: int, unit: str, calendar: WorkCalendar) -> date:
    if unit == WORKING:
        return calendar.add_working_days(start, days)
    if unit == CALENDAR:
        return calendar.next_working_day(start + timedelta(days=days))
    raise DeadlineInputError(f"unknown unit {unit!r}")


def compute_deadlines(
    *,
    valid_at: datetime,
    channel: str,
    complexity: str,
    rules: Rules,
    calendar: WorkCalendar,
    extension_days: int = 0,
    with_max_extension: bool = False,
    cutoff: time | None = None,
) -> Deadlines:
    """Milestones of one request. `extension_days` applies a granted extension to the final
    milestone; `with_max_extension` also reports the latest date the cap would allow."""
    if valid_at.tzinfo is None:
        raise DeadlineInputError("valid_at must carry a time zone")
    if not rules.effective_from <= local_day(valid_at) <= (rules.effective_to or date.max):
        raise DeadlineInputError("valid_at is outside the rule set's effective period")
    try:
        periods = rules.periods(channel, complexity)
    except KeyError as exc:
        raise DeadlineInputError(f"unknown channel or complexity: {exc}") from exc
    ext_rule = rules.extensions[channel]
    if not 0 <= extension_days <= ext_rule.max_days:
        raise DeadlineInputError("extension beyond the legal cap")
    received = received_on(valid_at, cutoff)
    receipt = calendar.next_working_day(received)
    start = counting_start(rules, received, receipt)
    milestones = []
    for i, period in enumerate(periods):
        due = (
            receipt
            if period.period == 0
            else add_period(start, period.period, period.unit, calendar)
        )
        is_final = i == len(periods) - 1
        if is_final and extension_days:
            extended_due = add_period(due, extension_days, ext_rule.unit, calendar)
            milestones.append(
                MilestoneDue(
                    period.kind, extended_due, period.basis, period, due, ext_rule, extension_days
                )
            )
        else:
            milestones.append(MilestoneDue(period.kind, due, period.basis, period, due))
    extended = None
    # Only complex requests may be extended (Arts. 29(2), 30(4), 31(2)).
    if with_max_extension and complexity == Complexity.COMPLEX:
        extended = add_period(milestones[-1].base_due, ext_rule.max_days, ext_rule.unit, calendar)
    return Deadlines(
        rules,
        valid_at,
        channel,
        complexity,
        received,
        receipt,
        start,
        tuple(milestones),
        extended,
        calendar,
    )


def milestone_status(
    *, due: date, now: datetime, calendar: WorkCalendar, met: bool = False, due_soon_days: int = 1
) -> str:
    """on_track, due_soon (at most `due_soon_days` working days remain), overdue (from 00:00 local
    of the day after `due`), or met."""
    if met:
        return MET
    today = local_day(now)
    if today > due:
        return OVERDUE
    if calendar.working_days_between(today, due) <= due_soon_days:
        return DUE_SOON
    return ON_TRACK


def _fmt(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def _weekday(day: date) -> str:
    names = [
        _("Monday"),
        _("Tuesday"),
        _("Wednesday"),
        _("Thursday"),
        _("Friday"),
        _("Saturday"),
        _("Sunday"),
    ]
    return names[day.weekday()]


def _walk(start: date, end: date, calendar: WorkCalendar) -> tuple[list[str], list[str]]:
    """Days in (start, end]: those counted, and those skipped with the reason."""
    counted, skipped = [], []
    day = start + timedelta(days=1)
    while day <= end:
        reason = calendar.day_off_reason(day)
        if reason is None:
            worked = calendar.working_reason(day)
            counted.append(f"{_fmt(day)} ({worked})" if worked else _fmt(day))
        else:
            skipped.append(f"{_fmt(day)} ({reason})")
        day += timedelta(days=1)
    return counted, skipped


def _projected_years(start: date, end: date, calendar: WorkCalendar) -> list[int]:
    """Years of the days in [start, end] whose days off no official notice has fixed yet."""
    return [y for y in range(start.year, end.year + 1) if calendar.is_projected(y)]


def _due_text(day: date, projected: list[int]) -> str:
    return f"{_fmt(day)} ({_('projected')})" if projected else _fmt(day)


def _projected_note(projected: list[int]) -> list[str]:
    """DOMAIN §4.1: a date counted over a projected year says so, to citizens and staff."""
    if not projected:
        return []
    return [
        _(
            "The days off of %(years)s are projected: no official notice has fixed them yet, "
            "so this date may change."
        )
        % {"years": ", ".join(str(y) for y in projected)}
    ]


def _explain_milestone(m: MilestoneDue, start: date, calendar: WorkCalendar) -> list[str]:
    unit = _("working days") if m.rule.unit == WORKING else _("days")
    projected = _projected_years(start, m.base_due, calendar)
    lines = [
        _("%(kind)s: %(n)s %(unit)s under %(basis)s, due %(due)s.")
        % {
            "kind": milestone_label(m.kind),
            "n": m.rule.period,
            "unit": unit,
            "basis": m.basis,
            "due": _due_text(m.base_due, projected),
        }
    ]
    if m.rule.period == 0:
        lines.append(_("Due on the receipt day itself (provided at once)."))
    counted, skipped = _walk(start, m.base_due, calendar)
    if m.rule.unit == WORKING:
        if counted:
            lines.append(_("Days counted: %s.") % ", ".join(counted))
    elif m.base_due != start + timedelta(days=m.rule.period):
        lines.append(
            _(
                "The last day falls on a non-working day, so the period ends on the next "
                "working day (Civil Code Art. 148(5))."
            )
        )
    if skipped:
        lines.append(_("Days skipped: %s.") % ", ".join(skipped))
    lines.extend(_projected_note(projected))
    if m.extension is not None:
        lines.extend(_explain_extension(m.base_due, m.extension_days, m.extension, m.due, calendar))
    return lines


def _explain_extension(
    base: date, days: int, rule: ExtensionRule, due: date, calendar: WorkCalendar
) -> list[str]:
    unit = _("working days") if rule.unit == WORKING else _("days")
    projected = _projected_years(base, due, calendar)
    lines = [
        _("Extended by %(n)s %(unit)s under %(basis)s: new due date %(due)s.")
        % {"n": days, "unit": unit, "basis": rule.basis, "due": _due_text(due, projected)}
    ]
    _counted, skipped = _walk(base, due, calendar)
    if rule.unit == CALENDAR and due != base + timedelta(days=days):
        lines.append(
            _(
                "The last day of the extension falls on a non-working day, so it ends on "
                "the next working day (Civil Code Art. 148(5))."
            )
        )
    if skipped and rule.unit == WORKING:
        lines.append(_("Days skipped: %s.") % ", ".join(skipped))
    # The base date's own year was noted with the milestone it extends.
    return lines + _projected_note([y for y in projected if y > base.year])


def _explain_start(deadlines: Deadlines, calendar: WorkCalendar, for_staff: bool) -> list[str]:
    valid_on = local_day(deadlines.valid_at)
    lines = [
        _("Rule set: %(title)s (%(citation)s).")
        % {"title": deadlines.rules.title, "citation": deadlines.rules.citation},
    ]
    if for_staff and not deadlines.rules.verified:  # shown to staff, never to citizens
        lines.append(_("Warning: this rule set has not been verified against the official text."))
    lines.append(
        _("Valid request received on %(weekday)s %(day)s.")
        % {"weekday": _weekday(valid_on), "day": _fmt(valid_on)}
    )
    received = deadlines.received_on
    if received != valid_on:
        lines.append(
            _("It became valid after office hours: it counts as received on %(day)s.")
            % {"day": _fmt(received)}
        )
    reason = calendar.day_off_reason(received)
    if reason and deadlines.counted_from != received:
        lines.append(
            _("That day is not a working day (%(reason)s): it counts as received on %(day)s.")
            % {"reason": reason, "day": _fmt(deadlines.counted_from)}
        )
    elif reason:
        lines.append(
            _(
                "That day is not a working day (%(reason)s); the period still counts from it: "
                "day 1 is the first working day after it."
            )
            % {"reason": reason}
        )
    lines.append(_("The receipt day itself is not counted (Civil Code Art. 147(2))."))
    return lines


def explain_milestone(
    deadlines: Deadlines, kind: str, calendar: WorkCalendar, *, for_staff: bool = True
) -> list[str]:
    """Why one milestone's date is what it is (for "why this date" beside a due date)."""
    milestone = next(m for m in deadlines.milestones if m.kind == kind)
    return _explain_start(deadlines, calendar, for_staff) + _explain_milestone(
        milestone, deadlines.counted_from, calendar
    )


def explain(deadlines: Deadlines, calendar: WorkCalendar, *, for_staff: bool = True) -> list[str]:
    """Why each date is what it is, in the user's language, line by line (DOMAIN §4.5)."""
    lines = _explain_start(deadlines, calendar, for_staff)
    for m in deadlines.milestones:
        lines.extend(_explain_milestone(m, deadlines.counted_from, calendar))
    if deadlines.extended is not None:
        rule = deadlines.rules.extensions[deadlines.channel]
        lines.extend(
            _explain_extension(
                deadlines.milestones[-1].base_due, rule.max_days, rule, deadlines.extended, calendar
            )
        )
    return lines


def correction_due(received_at: datetime, rule: PeriodRule, calendar: WorkCalendar) -> date:
    """When the answer to a request for correction is due (Law 104 Art. 32(2): "chậm nhất là 15
    ngày kể từ ngày nhận được yêu cầu"): counted from the local day of receipt, that day not
    counted (Civil Code Art. 147(2)), moved to the next working day (Art. 148(5))."""
    return add_period(local_day(received_at), rule.period, rule.unit, calendar)


def explain_correction(
    received_at: datetime,
    rules: Rules,
    calendar: WorkCalendar,
    *,
    for_staff: bool = True,
) -> list[str]:
    """ "Why this date" for the answer to a request for correction."""
    rule = rules.correction
    received = local_day(received_at)
    due = correction_due(received_at, rule, calendar)
    lines = [
        _("Rule set: %(title)s (%(citation)s).")
        % {"title": rules.title, "citation": rules.citation},
    ]
    if for_staff and not rules.verified:  # shown to staff, never to citizens
        lines.append(_("Warning: this rule set has not been verified against the official text."))
    lines.append(
        _("Request for correction received on %(weekday)s %(day)s.")
        % {"weekday": _weekday(received), "day": _fmt(received)}
    )
    lines.append(_("The receipt day itself is not counted (Civil Code Art. 147(2))."))
    milestone = MilestoneDue(rule.kind, due, rule.basis, rule, due)
    return lines + _explain_milestone(milestone, received, calendar)


def milestone_label(kind: str) -> str:
    labels = {
        "provide": _("Provide the information"),
        "notify_time_limit": _("Written notice of the time limit"),
        "provide_or_refuse": _("Provide or refuse in writing"),
        "correction_answer": _("Answer the request for correction"),
    }
    return labels.get(kind, kind)
