"""Reads for pages (HackSoft style): each returns what a page needs in a fixed number of queries."""

import threading
import time

from django.db.models import Prefetch, Q, QuerySet

from .choices import Channel
from .deadlines import compute_deadlines, explain_correction, explain_milestone
from .models import (
    CORRECTION_MILESTONE,
    Agency,
    CorrectionRequest,
    Decision,
    InformationRequest,
    RequestEvent,
    RuleSet,
)
from .rulesets import Rules, rules_from_model
from .workdays import load_calendar


def public_agencies() -> QuerySet[Agency]:
    return Agency.objects.filter(is_active=True).select_related("parent").order_by("name")


# The unverified-rule-set warning is on every back-office page; rule sets change a few times a
# year. Kept per process for this long, and dropped at once when a rule set is saved or deleted in
# this process (signals.py); another process's edit shows within this delay.
RULE_SET_WARNING_SECONDS = 60
_warning_lock = threading.Lock()
_warning_cache: tuple[float, object, list[RuleSet]] | None = None


def unverified_rule_sets_warning(day) -> list[RuleSet]:
    """unverified_rule_sets_in_force(day) as a list, from the process's cache when fresh."""
    global _warning_cache
    with _warning_lock:
        cached = _warning_cache
    if cached and cached[1] == day and time.monotonic() - cached[0] < RULE_SET_WARNING_SECONDS:
        return cached[2]
    rule_sets = list(unverified_rule_sets_in_force(day))
    with _warning_lock:
        _warning_cache = (time.monotonic(), day, rule_sets)
    return rule_sets


def drop_rule_set_warning_cache() -> None:
    global _warning_cache
    with _warning_lock:
        _warning_cache = None


def unverified_rule_sets_in_force(day) -> QuerySet[RuleSet]:
    """Rule sets in force (today or later) that nobody has checked against the official text."""
    return RuleSet.objects.filter(verified=False).filter(
        Q(effective_to__isnull=True) | Q(effective_to__gte=day)
    )


def law_in_force(day) -> Rules | None:
    """The rule set in force on `day`, with its citations (what a request received that day is
    received under)."""
    rule_set = RuleSet.objects.in_force_on(day).order_by("-effective_from").first()
    return rule_set.to_rules() if rule_set else None


def accepted_channels(day) -> list[str]:
    """The channels the law in force on `day` accepts, in the order of Channel."""
    rules = law_in_force(day)
    return [c for c in Channel.values if rules is None or rules.accepts_channel(c)]


def milestone_explanation(milestone, *, for_staff: bool = True) -> list[str]:
    """ "Why this date" for a stored milestone (DOMAIN §4.5): the rule set and article, the receipt
    day, each day counted or skipped and why, and any extension. One function for every page."""
    request = milestone.request
    calendar = load_calendar()
    if milestone.kind == CORRECTION_MILESTONE:
        return explain_correction(
            milestone.correction.received_at,
            rules_from_model(request.rule_set),
            calendar,
            for_staff=for_staff,
        )
    deadlines = compute_deadlines(
        valid_at=request.valid_at,
        channel=request.channel,
        complexity=request.complexity,
        # The periods and their bases only: an explanation prints none of the letters'
        # citations, so it skips reading them (a query per milestone on the request's page).
        rules=rules_from_model(request.rule_set),
        calendar=calendar,
        extension_days=request.extension_days or 0,
    )
    return explain_milestone(deadlines, milestone.kind, calendar, for_staff=for_staff)


def request_for_page(request_id: int):
    """A request with everything its staff page shows, in a fixed number of queries."""
    return (
        InformationRequest.objects.select_related(
            "agency",
            "rule_set",
            "assigned_officer",
            "entered_by",
            "requester_user",
            "secrecy_reviewed_by",
        )
        .prefetch_related(
            "milestones",
            "members",
            "files",
            "attachments",
            Prefetch(
                "decisions", queryset=Decision.objects.select_related("drafted_by", "decided_by")
            ),
            Prefetch("events", queryset=RequestEvent.objects.select_related("actor")),
            "complaints",
            Prefetch(
                "corrections",
                queryset=CorrectionRequest.objects.select_related(
                    "milestone", "letter"
                ).prefetch_related("files"),
            ),
        )
        .get(pk=request_id)
    )


def identity_for_review(request) -> dict:
    """The ONE screen that shows ID numbers in full (DOMAIN §8): the validity review, where the
    officer compares them with the identity documents and checks ground (d) of Art. 28. Earlier
    requests of the same agency with the same number (as requester or member) are found through
    the keyed hash, never by decrypting every row."""
    numbers = [request.id_number_hash] + [m.id_number_hash for m in request.members.all()]
    numbers = [h for h in numbers if h]
    earlier = (
        InformationRequest.objects.filter(agency_id=request.agency_id)
        .filter(Q(id_number_hash__in=numbers) | Q(members__id_number_hash__in=numbers))
        .exclude(pk=request.pk)
        .distinct()
        .order_by("-received_at")[:20]
    )
    return {
        "id_document": request.get_id_document_type_display(),
        "id_number": request.id_number,
        "members": [
            (m.full_name, m.get_id_document_type_display(), m.id_number)
            for m in request.members.all()
        ],
        "earlier": list(earlier),
    }
