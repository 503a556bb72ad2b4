from django import template
from django.utils import timezone

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
