"""Reads for the public access-to-information section (Decree 13 Arts. 6, 11): the agency, its
catalogue of published information and its statistics, each in a fixed number of queries."""

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.db.models.functions import TruncDate
from django.shortcuts import get_object_or_404

from requests_flow.choices import OPEN_STATES, State
from requests_flow.deadlines import LOCAL_TZ
from requests_flow.models import Agency, InformationRequest, Milestone

from .models import PublishedItem


def public_agency(short_name: str) -> Agency:
    """The active agency with this short name, or 404 (unknown and inactive alike)."""
    return get_object_or_404(
        Agency.objects.select_related("parent"), short_name=short_name, is_active=True
    )


def published_items(agency: Agency, today: date) -> QuerySet[PublishedItem]:
    """The agency's catalogue entries published today: started, and not yet ended. Newest first."""
    return PublishedItem.objects.filter(
        Q(published_until__isnull=True) | Q(published_until__gte=today),
        agency=agency,
        published_from__lte=today,
    ).order_by("-published_from", "-issued_on", "-id")


def _year_bounds(year: int) -> tuple[datetime, datetime]:
    return datetime(year, 1, 1, tzinfo=LOCAL_TZ), datetime(year + 1, 1, 1, tzinfo=LOCAL_TZ)


def statistics_years(agency: Agency) -> list[int]:
    """Years (local time) in which the agency received at least one request, latest first."""
    moments = InformationRequest.objects.filter(agency=agency).datetimes(
        "received_at", "year", order="DESC", tzinfo=LOCAL_TZ
    )
    return [moment.year for moment in moments]


@dataclass(frozen=True)
class RequestStatistics:
    year: int
    received: int
    provided: int
    refused: int
    withdrawn: int
    still_open: int
    on_time: int

    @property
    def answered(self) -> int:
        return self.provided + self.refused


def late_milestones() -> QuerySet[Milestone]:
    """Milestones of the outer request not met, or met after their due date (local date)."""
    return (
        Milestone.objects.filter(request=OuterRef("pk"))
        .annotate(met_on=TruncDate("met_at", tzinfo=LOCAL_TZ))
        .filter(Q(met_at__isnull=True) | Q(met_on__gt=F("due_date")))
    )


def request_statistics(agency: Agency, year: int) -> RequestStatistics:
    """Requests the agency itself (not its child agencies) received in `year`, by today's state,
    in one query. On time: provided or refused, with every milestone met on or before its due
    date (a request refused before its deadlines were set has none, and counts as on time)."""
    start, end = _year_bounds(year)
    counts = state_counts(
        InformationRequest.objects.filter(
            agency=agency, received_at__gte=start, received_at__lt=end
        )
    )
    return RequestStatistics(year=year, **counts)


def state_counts(requests: QuerySet[InformationRequest], **extra) -> dict[str, int]:
    """received, provided, refused, withdrawn, still_open and on_time of `requests` (by today's
    state) in one query; `extra` adds more aggregates to the same query. Also used by the
    Decree 13 Art. 12 report (requests_flow.register.report)."""
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
