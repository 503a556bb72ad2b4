"""Counting requests by outcome, one rule for every place that counts: the public statistics
(portal.selectors_public), the Decree 13 Art. 12 report (register.report) and the supervision
dashboard (backoffice.dashboard_selectors). "On time": answered with every milestone met on or
before its due date (local date)."""

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.db.models.functions import TruncDate

from .choices import OPEN_STATES, State
from .deadlines import LOCAL_TZ
from .models import CORRECTION_MILESTONE, InformationRequest, Milestone


def late_milestones() -> QuerySet[Milestone]:
    """Milestones of the outer request not met, or met after their due date (local date). The
    answers to requests for correction come after the request's answer and are not part of it
    (an open one would otherwise turn a request answered on time into a late one)."""
    return (
        Milestone.objects.filter(request=OuterRef("pk"))
        .exclude(kind=CORRECTION_MILESTONE)
        .annotate(met_on=TruncDate("met_at", tzinfo=LOCAL_TZ))
        .filter(Q(met_at__isnull=True) | Q(met_on__gt=F("due_date")))
    )


def state_counts(requests: QuerySet[InformationRequest], **extra) -> dict[str, int]:
    """received, provided, refused, withdrawn, still_open and on_time of `requests` (by today's
    state) in one query; `extra` adds more aggregates to the same query."""
    answered = Q(state__in=[State.PROVIDED, State.REFUSED])
    return requests.aggregate(
        received=Count("pk"),
        provided=Count("pk", filter=Q(state=State.PROVIDED)),
        refused=Count("pk", filter=Q(state=State.REFUSED)),
        withdrawn=Count("pk", filter=Q(state=State.WITHDRAWN)),
        still_open=Count("pk", filter=Q(state__in=OPEN_STATES)),
        on_time=Count("pk", filter=answered & ~Exists(late_milestones())),
        **extra,
    )
