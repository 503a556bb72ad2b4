"""Reads of the supervisor dashboard, each one aggregate query whatever the number of requests:
the tiles, the due-soon and overdue list, the load per officer and the monthly volumes.

"On time" is the public statistics' rule (requests_flow.statistics.late_milestones): answered with
every milestone met on or before its due date. "Due soon" is the lists' rule: the next deadline
is today or the next working day (requests_flow.backoffice.lists.TaskFilter)."""

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.functions import TruncMonth

from ..choices import OPEN_STATES, State
from ..deadlines import LOCAL_TZ
from ..models import InformationRequest, answer_awaiting_issue
from ..statistics import late_milestones
from ..workdays import load_calendar

ATTENTION_ROWS = 100
MONTHS = 12


def month_start(day: date, back: int = 0) -> date:
    """The first day of the month `back` months before `day`'s month."""
    index = day.year * 12 + day.month - 1 - back
    return date(index // 12, index % 12 + 1, 1)


def local_midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=LOCAL_TZ)


def soon_limit(today: date) -> date:
    return load_calendar().add_working_days(today, 1)


def still_due() -> Q:
    """Open, or answered but its answer not yet issued by the clerk (its deadline is met only
    then: services.letter_issue.meet_milestones)."""
    return Q(state__in=OPEN_STATES) | answer_awaiting_issue(OuterRef("pk"))


def open_requests(agency_id: int):
    return InformationRequest.objects.filter(still_due(), agency_id=agency_id)


@dataclass(frozen=True)
class Tiles:
    open: int
    due_soon: int
    overdue: int
    provided: int  # this month
    provided_on_time: int  # this month


def tiles(agency_id: int, today: date) -> Tiles:
    """The four live figures, in one query."""
    is_open = still_due()
    provided = Q(state=State.PROVIDED, closed_at__gte=local_midnight(month_start(today)))
    counts = InformationRequest.objects.filter(agency_id=agency_id).aggregate(
        open=Count("pk", filter=is_open),
        due_soon=Count(
            "pk", filter=is_open & Q(next_due__gte=today, next_due__lte=soon_limit(today))
        ),
        overdue=Count("pk", filter=is_open & Q(next_due__lt=today)),
        provided=Count("pk", filter=provided),
        provided_on_time=Count("pk", filter=provided & ~Exists(late_milestones())),
    )
    return Tiles(**counts)


def needing_attention(agency_id: int, today: date) -> list[InformationRequest]:
    """Open requests whose next deadline is past or due soon, earliest first (one query)."""
    return list(
        open_requests(agency_id)
        .filter(next_due__lte=soon_limit(today))
        .select_related("assigned_officer", "process")
        .order_by("next_due", "register_year", "register_seq")[:ATTENTION_ROWS]
    )


def officer_load(agency_id: int, today: date) -> list[dict]:
    """Open requests per assigned officer, busiest first; unassigned ones under None."""
    rows = (
        open_requests(agency_id)
        .values("assigned_officer_id", "assigned_officer__full_name", "assigned_officer__username")
        .annotate(open=Count("pk"), overdue=Count("pk", filter=Q(next_due__lt=today)))
        .order_by("-open", "assigned_officer__full_name")
    )
    return [
        {
            "officer_id": row["assigned_officer_id"],
            "name": row["assigned_officer__full_name"] or row["assigned_officer__username"],
            "open": row["open"],
            "overdue": row["overdue"],
        }
        for row in rows
    ]


@dataclass(frozen=True)
class Month:
    start: date
    received: int = 0
    provided: int = 0
    refused: int = 0
    on_time: int = 0

    @property
    def answered(self) -> int:
        return self.provided + self.refused

    @property
    def on_time_rate(self) -> float | None:
        """Percent of the requests answered in the month that were answered on time."""
        return 100 * self.on_time / self.answered if self.answered else None


def _by_month(queryset, field: str, **aggregates) -> dict[date, dict]:
    rows = (
        queryset.annotate(month=TruncMonth(field, tzinfo=LOCAL_TZ))
        .values("month")
        .annotate(**aggregates)
        .order_by("month")
    )
    return {_as_date(row.pop("month")): row for row in rows}


def _as_date(value) -> date:
    if isinstance(value, datetime):
        return value.astimezone(LOCAL_TZ).date() if value.tzinfo else value.date()
    return value


def monthly(agency_id: int, today: date) -> list[Month]:
    """The last twelve months (this one included), oldest first: requests received in the month,
    and provided or refused (closed) in the month with how many of those were on time. Two
    queries."""
    first = month_start(today, MONTHS - 1)
    since = local_midnight(first)
    requests = InformationRequest.objects.filter(agency_id=agency_id)
    received = _by_month(requests.filter(received_at__gte=since), "received_at", n=Count("pk"))
    answered = Q(state__in=[State.PROVIDED, State.REFUSED])
    closed = _by_month(
        requests.filter(answered, closed_at__gte=since),
        "closed_at",
        provided=Count("pk", filter=Q(state=State.PROVIDED)),
        refused=Count("pk", filter=Q(state=State.REFUSED)),
        on_time=Count("pk", filter=~Exists(late_milestones())),
    )
    months = []
    for back in range(MONTHS - 1, -1, -1):
        start = month_start(today, back)
        months.append(
            Month(
                start=start,
                received=received.get(start, {}).get("n", 0),
                **closed.get(start, {}),
            )
        )
    return months
