"""The deadline sweep: counts open milestones that are due soon or overdue, set-based.

Alerts to officers and supervisors are added by the notifications issue; this is the periodic
job they will hang on. It reads with two aggregate queries, whatever the number of requests."""

from datetime import datetime

from django.utils import timezone

from .choices import OPEN_STATES
from .models import Milestone
from .workdays import load_calendar


def sweep_deadlines(now: datetime | None = None) -> dict[str, int]:
    now = now or timezone.now()
    today = timezone.localdate(now)
    # "Due soon" = one working day or less remains (DOMAIN §4.2): due today or on the next
    # working day. Overdue from 00:00 of the day after the due date.
    due_soon_until = load_calendar().add_working_days(today, 1)
    open_milestones = Milestone.objects.filter(met_at__isnull=True, request__state__in=OPEN_STATES)
    from notifications.tasks import retry_undelivered

    return {
        "retried": retry_undelivered(),
        "overdue": open_milestones.filter(due_date__lt=today).count(),
        "due_soon": open_milestones.filter(
            due_date__gte=today, due_date__lte=due_soon_until
        ).count(),
    }
