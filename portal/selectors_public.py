"""Reads for the public access-to-information section (Decree 13 Arts. 6, 11): the agency, its
catalogue of published information and its statistics, each in a fixed number of queries."""

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from requests_flow.deadlines import LOCAL_TZ
from requests_flow.models import Agency, InformationRequest
from requests_flow.statistics import state_counts

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
