"""Reads for the citizen's pages: only their own requests, in a fixed number of queries."""

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone

from requests_flow.actions import CITIZEN_TIMELINE
from requests_flow.choices import Complexity, DecisionStatus
from requests_flow.deadlines import compute_deadlines
from requests_flow.models import (
    CorrectionRequest,
    Decision,
    InformationRequest,
    Letter,
    LetterStatus,
    RequestEvent,
    RuleSet,
)
from requests_flow.workdays import load_calendar


def citizen_requests(user) -> QuerySet[InformationRequest]:
    return (
        InformationRequest.objects.filter(requester_user=user)
        .select_related("agency")
        .order_by("-received_at")
    )


def citizen_request(queryset, **lookup) -> InformationRequest:
    """One request with what its citizen page shows, or 404 (never says whose it is)."""
    request = (
        queryset.select_related("agency", "rule_set")
        .prefetch_related(
            "milestones",
            "attachments",
            "files",
            Prefetch(
                "events",
                queryset=RequestEvent.objects.filter(action__in=CITIZEN_TIMELINE).order_by(
                    "at", "id"
                ),
            ),
            Prefetch("decisions", queryset=Decision.objects.filter(status=DecisionStatus.APPROVED)),
            "complaints",
            # Issued letters only: a draft or a letter awaiting signature or number is never
            # shown to the requester (DOMAIN §7.1), whatever page includes the request's body.
            Prefetch(
                "letters",
                queryset=Letter.objects.filter(status=LetterStatus.ISSUED).order_by(
                    "issued_at", "id"
                ),
            ),
            Prefetch(
                "corrections",
                queryset=CorrectionRequest.objects.select_related("milestone", "letter"),
            ),
        )
        .filter(**lookup)
        .first()
    )
    if request is None:
        raise Http404
    return request


def provisional_deadlines(request: InformationRequest) -> list:
    """The dates the law gives if the request is found valid as received (for the receipt page):
    one set for simple and one for complex information, with their explanations."""
    day = timezone.localdate(request.received_at)
    rule_set = RuleSet.objects.in_force_on(day).order_by("-effective_from").first()
    if rule_set is None:
        return []
    rules, calendar = rule_set.to_rules(), load_calendar()
    return [
        (
            label,
            compute_deadlines(
                valid_at=request.received_at,
                channel=request.channel,
                complexity=complexity,
                rules=rules,
                calendar=calendar,
            ),
        )
        for complexity, label in Complexity.choices
    ]
