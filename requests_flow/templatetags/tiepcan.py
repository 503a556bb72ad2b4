from django import template
from django.utils import timezone
from django.utils.translation import gettext as _

from ..selectors import unverified_rule_sets_in_force

register = template.Library()


@register.simple_tag
def unverified_rule_sets():
    """Rule sets in force that nobody has verified: admin and supervisor pages warn about them."""
    return list(unverified_rule_sets_in_force(timezone.localdate()))


@register.simple_tag
def why_this_date(milestone) -> list[str]:
    """`{% why_this_date milestone as lines %}`: the explanation shown beside a due date."""
    from ..selectors import milestone_explanation

    return milestone_explanation(milestone)


@register.filter
def milestone_label(kind: str) -> str:
    from ..deadlines import milestone_label as label

    return label(kind)


@register.inclusion_tag("backoffice/_badge.html")
def status_badge(status: str):
    from ..deadlines import DUE_SOON, MET, OVERDUE

    labels = {OVERDUE: _("overdue"), DUE_SOON: _("due soon"), MET: _("met")}
    return {"status": status, "label": labels.get(status, "")}


@register.simple_tag
def milestone_badge(milestone):
    """The due-soon / overdue badge of a stored milestone, as of now."""
    from django.template.loader import render_to_string

    from ..deadlines import milestone_status
    from ..workdays import load_calendar

    status = milestone_status(
        due=milestone.due_date,
        now=timezone.now(),
        calendar=load_calendar(),
        met=milestone.met_at is not None,
    )
    return render_to_string("backoffice/_badge.html", status_badge(status))
