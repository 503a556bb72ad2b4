"""Reads for pages (HackSoft style): each returns what a page needs in a fixed number of queries."""

from django.db.models import QuerySet

from .models import Agency, RuleSet


def public_agencies() -> QuerySet[Agency]:
    return Agency.objects.filter(is_active=True).select_related("parent").order_by("name")


def unverified_rule_sets_in_force(day) -> QuerySet[RuleSet]:
    """Rule sets in force (today or later) that nobody has checked against the official text."""
    from django.db.models import Q

    return RuleSet.objects.filter(verified=False).filter(
        Q(effective_to__isnull=True) | Q(effective_to__gte=day)
    )
