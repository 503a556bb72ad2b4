"""The deadline sweep (DOMAIN §4.2), run every minute by `manage.py scheduler`. Set-based:

1. for each level ("overdue": due before today; "due soon": due today or on the next working
   day, i.e. one working day or less remains), select in batches, by primary key, the open
   milestones without an alert of that level (NOT EXISTS) and insert their MilestoneAlert rows
   with ON CONFLICT DO NOTHING — the unique (milestone, level) makes concurrent or restarted
   sweeps converge on the same rows;
2. notify the alerts not notified yet (alert_notices: claimed once, in batches);
3. count what is currently in each level, and queue again undelivered e-mails.

Queries grow with the number of batches, never with the number of milestones."""

from datetime import datetime

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from notifications.models import MilestoneAlert
from notifications.tasks import retry_undelivered

from .alert_notices import notify_pending_alerts
from .choices import OPEN_STATES
from .models import CORRECTION_MILESTONE, Milestone, answer_awaiting_issue
from .workdays import load_calendar

BATCH_SIZE = 5000


def level_filters(now: datetime) -> dict[str, Q]:
    today = timezone.localdate(now)
    due_soon_until = load_calendar().add_working_days(today, 1)
    return {
        "overdue": Q(due_date__lt=today),
        "due_soon": Q(due_date__gte=today, due_date__lte=due_soon_until),
    }


def open_milestones():
    # The answer to a request for correction falls due after provision, when the request itself
    # is closed (Law 104 Art. 32(2)): it is alerted whatever the request's state. So is an
    # answer approved but not yet issued by the clerk: its deadline is met only at issue.
    return Milestone.objects.filter(met_at__isnull=True).filter(
        Q(request__state__in=OPEN_STATES)
        | Q(kind=CORRECTION_MILESTONE)
        | answer_awaiting_issue(OuterRef("request"))
    )


def create_alerts(level: str, condition: Q, batch_size: int) -> int:
    """Insert the missing alerts of one level, batch by batch; returns how many were inserted."""
    missing = (
        open_milestones()
        .filter(condition)
        .exclude(Exists(MilestoneAlert.objects.filter(milestone=OuterRef("pk"), level=level)))
        .order_by("pk")
    )
    created, last_pk = 0, 0
    while True:
        ids = list(missing.filter(pk__gt=last_pk).values_list("pk", flat=True)[:batch_size])
        if not ids:
            return created
        with transaction.atomic():
            before = MilestoneAlert.objects.filter(milestone_id__in=ids, level=level).count()
            MilestoneAlert.objects.bulk_create(
                [MilestoneAlert(milestone_id=pk, level=level) for pk in ids],
                ignore_conflicts=True,
            )
            after = MilestoneAlert.objects.filter(milestone_id__in=ids, level=level).count()
        created += after - before
        last_pk = ids[-1]


def sweep_deadlines(now: datetime | None = None) -> dict[str, int]:
    now = now or timezone.now()
    filters = level_filters(now)
    alerts_created = sum(
        create_alerts(level, condition, BATCH_SIZE) for level, condition in filters.items()
    )
    notifications = notify_pending_alerts(BATCH_SIZE)
    return {
        "retried": retry_undelivered(),
        "overdue": open_milestones().filter(filters["overdue"]).count(),
        "due_soon": open_milestones().filter(filters["due_soon"]).count(),
        "alerts_created": alerts_created,
        "notifications": notifications,
    }
