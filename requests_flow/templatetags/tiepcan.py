import re

from django import template
from django.utils import timezone
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from .. import actions
from ..choices import RefusalGround, State
from ..deadlines import DUE_SOON, MET, OVERDUE, milestone_status
from ..deadlines import milestone_label as label
from ..notices import what_happened
from ..selectors import milestone_explanation, unverified_rule_sets_warning
from ..workdays import load_calendar

register = template.Library()


@register.simple_tag
def unverified_rule_sets():
    """Rule sets in force that nobody has verified: admin and supervisor pages warn about them."""
    return unverified_rule_sets_warning(timezone.localdate())


@register.simple_tag
def why_this_date(milestone, audience: str = "staff") -> list[str]:
    """`{% why_this_date milestone as lines %}`: the explanation shown beside a due date;
    `{% why_this_date milestone "citizen" as lines %}` leaves out the staff-only warning that
    the rule set is unverified (DOMAIN §4.4)."""
    return milestone_explanation(milestone, for_staff=audience != "citizen")


@register.filter
def milestone_label(kind: str) -> str:
    return label(kind)


def badge(status: str) -> str:
    """The due-soon / overdue / met badge as HTML ("" when on track)."""
    labels = {OVERDUE: _("overdue"), DUE_SOON: _("due soon"), MET: _("met")}
    if status not in labels:
        return ""
    return format_html('<span class="tc-badge tc-badge--{}">{}</span>', status, labels[status])


register.simple_tag(badge, name="status_badge")


@register.simple_tag
def milestone_badge(milestone):
    """The due-soon / overdue badge of a stored milestone, as of now."""
    status = milestone_status(
        due=milestone.due_date,
        now=timezone.now(),
        calendar=load_calendar(),
        met=milestone.met_at is not None,
    )
    return badge(status)


@register.filter
def action_label(action: str) -> str:
    return actions.label(action)


@register.filter
def state_label(state: str) -> str:
    return State(state).label if state in State.values else state


@register.filter
def event_title(event) -> str:
    """What happened, as the e-mails say it: an approval names its outcome (provided, refused,
    extended) instead of "approve the decision" (issue #15.10)."""
    return what_happened(event)


@register.filter
def refusal_grounds(decision) -> list[str]:
    """The statutory wording of each ground a refusal relies on (Art. 28(1))."""
    return [
        RefusalGround(code).label for code in decision.grounds or () if code in RefusalGround.values
    ]


@register.filter
def citizen_reason(event) -> str:
    """The reason the requester reads on their timeline: their own words, and withdrawals."""
    return event.reason if event.action in actions.CITIZEN_REASONS else ""


# viewflow's task lists draw their selection checkboxes without a label (axe: label). The
# inbox and queue templates pass the rendered list through label_selection_boxes, which names
# each row's box after the row's first link (the register number) and the header's box as
# selecting the whole page. Attributes are added; viewflow's markup is otherwise left as it is.
_ROW = re.compile(r'(<tr data-row-id="\d+">)(.*?</tr>)', re.S)
_FIRST_LINK = re.compile(r"<a [^>]*>([^<]+)</a>")
_BOX = '<input type="checkbox" class="mdc-checkbox__native-control"'


@register.filter
def label_selection_boxes(html) -> str:
    def row(match: re.Match) -> str:
        link = _FIRST_LINK.search(match.group(2))
        # The link's text is already escaped HTML; the translated words are escaped here.
        label = escape(_("Select the task of request %(number)s") % {"number": "\x00"})
        label = label.replace("\x00", link.group(1) if link else "")
        return match.group(1) + match.group(2).replace(_BOX, f'{_BOX} aria-label="{label}"', 1)

    html = _ROW.sub(row, str(html))
    everything = escape(_("Select all tasks on this page"))
    html = html.replace(f"{_BOX}/>", f'{_BOX} aria-label="{everything}"/>', 1)
    # Only escaped text and the already-safe rendered list are joined here.
    return mark_safe(html)  # noqa: S308  # nosec B308 B703
