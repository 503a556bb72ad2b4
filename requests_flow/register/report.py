"""The figures of the report on providing information on request (Decree 13 Art. 12(4)(b)): for an
agency (and, when asked, every agency below it) and the requests received in a period (local
dates), by their state today, in a fixed number of queries (five) whatever the number of requests.

- received, provided ("resolved"), refused, withdrawn, still open, and how many open requests
  are past a deadline today;
- on time / late: requests_flow.statistics.state_counts, the same rule as the public statistics
  (provided or refused with every milestone met on or before its due date);
- refused by Art. 28(1) ground (a request refused on two grounds counts under each);
- complaints and lawsuits of these requests (Law 104 Art. 14), as the officers recorded them:
  those resolved (decided for or against the requester: what Art. 12(4)(b) counts, "đã được giải
  quyết"), by kind and by outcome; then every one recorded, withdrawn and still awaiting an
  outcome, labelled as such. The complaints requesters reported through the portal (their
  "complaint_recorded" statements) are counted apart: a statement is not yet a record.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from ..choices import OPEN_STATES, DecisionKind, DecisionStatus, RefusalGround, State
from ..models import (
    Agency,
    Complaint,
    ComplaintKind,
    ComplaintOutcome,
    Decision,
    InformationRequest,
    RequestEvent,
)
from ..models.followups import RESOLVED_OUTCOMES
from ..statistics import state_counts
from .rows import COMPLAINT, ground_code
from .scope import Period, with_descendants


@dataclass(frozen=True)
class ReportFigures:
    agency: Agency
    period: Period
    with_children: bool
    agency_names: tuple[str, ...]  # every agency counted, the reporting one first
    received: int
    provided: int
    refused: int
    withdrawn: int
    still_open: int
    overdue_open: int
    on_time: int
    by_ground: tuple[tuple[str, str, int], ...]  # (code as printed, ground, requests)
    complaints: int  # statements of requesters (portal), not records
    requests_with_complaints: int
    complaint_records: dict[str, int]  # the aggregates of _complaint_records

    @property
    def answered(self) -> int:
        return self.provided + self.refused

    @property
    def late(self) -> int:
        return self.answered - self.on_time

    def lines(self) -> list[tuple[str, int, int]]:
        """(label, figure, indent) in the order of the report."""
        lines = [
            (_("Requests received"), self.received, 0),
            (_("Resolved: information provided"), self.provided, 0),
            (_("Refused"), self.refused, 0),
        ]
        lines += [
            (_("ground %(code)s: %(ground)s") % {"code": code, "ground": ground}, count, 1)
            for code, ground, count in self.by_ground
        ]
        lines += [
            (_("Withdrawn by the requester"), self.withdrawn, 0),
            (_("Still being handled"), self.still_open, 0),
            (_("of which past a deadline today"), self.overdue_open, 1),
            (_("Answered (provided or refused) on time"), self.on_time, 0),
            (_("Answered late"), self.late, 0),
        ]
        return lines + self.complaint_lines()

    def complaint_lines(self) -> list[tuple[str, int, int]]:
        c = self.complaint_records
        return [
            (_("Complaints and lawsuits resolved"), c["resolved"], 0),
            (_("complaints resolved"), c["complaints_resolved"], 1),
            (_("lawsuits resolved"), c["lawsuits_resolved"], 1),
            (_("resolved in favour of the requester"), c["for_requester"], 1),
            (_("resolved against the requester"), c["against_requester"], 1),
            (_("Complaints and lawsuits recorded (resolved or not)"), c["recorded"], 0),
            (_("withdrawn"), c["withdrawn"], 1),
            (_("awaiting an outcome"), c["pending"], 1),
            (_("Complaints reported by requesters through the portal"), self.complaints, 0),
            (_("Requests with a complaint reported"), self.requests_with_complaints, 0),
        ]


def report_requests(agency_ids: list[int], period: Period):
    start, end = period.bounds()
    return InformationRequest.objects.filter(
        agency_id__in=agency_ids, received_at__gte=start, received_at__lt=end
    )


def _by_ground(requests) -> tuple[tuple[str, str, int], ...]:
    counts: Counter = Counter()
    decisions = Decision.objects.filter(
        request__in=requests,
        request__state=State.REFUSED,
        kind=DecisionKind.REFUSE,
        status=DecisionStatus.APPROVED,
    ).values_list("request_id", "grounds")
    seen = set()
    for request_id, grounds in decisions.order_by("request_id", "-decided_at", "-id"):
        if request_id not in seen:  # the decision that refused it (the latest approved one)
            seen.add(request_id)
            counts.update(set(grounds))
    return tuple(
        (ground_code(code), _ground_text(code, str(label)), counts[code])
        for code, label in RefusalGround.choices
    )


def _ground_text(code: str, label: str) -> str:
    """The ground's label without its leading "(a) "."""
    prefix = f"({ground_code(code)}) "
    return label[len(prefix) :] if label.startswith(prefix) else label


def _complaint_records(requests) -> dict[str, int]:
    resolved = Q(outcome__in=RESOLVED_OUTCOMES)
    return Complaint.objects.filter(request__in=requests).aggregate(
        recorded=Count("pk"),
        resolved=Count("pk", filter=resolved),
        complaints_resolved=Count("pk", filter=resolved & Q(kind=ComplaintKind.COMPLAINT)),
        lawsuits_resolved=Count("pk", filter=resolved & Q(kind=ComplaintKind.LAWSUIT)),
        for_requester=Count("pk", filter=Q(outcome=ComplaintOutcome.FOR_REQUESTER)),
        against_requester=Count("pk", filter=Q(outcome=ComplaintOutcome.AGAINST_REQUESTER)),
        withdrawn=Count("pk", filter=Q(outcome=ComplaintOutcome.WITHDRAWN)),
        pending=Count("pk", filter=Q(outcome="")),
    )


def report_figures(
    agency: Agency, period: Period, *, today: date, with_children: bool = False
) -> ReportFigures:
    ids = with_descendants(agency) if with_children else [agency.pk]
    requests = report_requests(ids, period)
    counts = state_counts(
        requests,
        overdue_open=Count("pk", filter=Q(state__in=OPEN_STATES, next_due__lt=today)),
    )
    complaints = RequestEvent.objects.filter(request__in=requests, action=COMPLAINT).aggregate(
        events=Count("pk"), requests=Count("request", distinct=True)
    )
    names = dict(Agency.objects.filter(pk__in=ids).values_list("pk", "name"))
    return ReportFigures(
        agency=agency,
        period=period,
        with_children=with_children,
        agency_names=tuple(names[pk] for pk in ids if pk in names),
        by_ground=_by_ground(requests),
        complaints=complaints["events"],
        requests_with_complaints=complaints["requests"],
        complaint_records=_complaint_records(requests),
        **counts,
    )
