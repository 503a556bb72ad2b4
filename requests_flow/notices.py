"""Who hears of which change and what they read, decided here, in the same transaction as the
change; notifications (the delivery app) stores the rows and delivers them (the outbox)."""

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from notifications.models import Notification
from notifications.services import recipient_languages, send

from . import actions
from .choices import DecisionKind, Role
from .models import AgencyMembership, ComplaintOutcome


def _role_users(agency_id: int, *roles: str) -> set[int]:
    return set(
        AgencyMembership.objects.filter(agency_id=agency_id, role__in=roles).values_list(
            "user_id", flat=True
        )
    )


def recipients(event) -> set[int]:
    """Who is told of the event: its action's audiences in requests_flow.actions (their meaning
    is documented there), as user ids."""
    request, found = event.request, set()
    for audience in actions.audiences(event.action):
        if audience == "requester" and request.requester_user_id:
            found.add(request.requester_user_id)
        elif audience == "assignee" and request.assigned_officer_id:
            found.add(request.assigned_officer_id)
        elif audience in ("assignee", "officers"):
            found |= _role_users(request.agency_id, Role.FOCAL_OFFICER, Role.FOCAL_HEAD)
        elif audience == "heads":
            found |= _role_users(request.agency_id, Role.FOCAL_HEAD)
        elif audience == "leaders":
            found |= _role_users(request.agency_id, Role.LEADER)
        elif audience == "clerks":
            found |= _role_users(request.agency_id, Role.CLERK)
    if not actions.tells_actor(event.action):
        found.discard(event.actor_id)  # nobody is told of what they did themselves
    return found


# An approval tells what was decided: "approve the decision" told a citizen nothing, and a refusal
# and a provision had the same title (issue #15.2).
OUTCOMES = {
    DecisionKind.PROVIDE: _lazy("The information was provided"),
    DecisionKind.REFUSE: _lazy("The request was refused"),
    DecisionKind.EXTEND: _lazy("The time limit was extended"),
}


def what_happened(event) -> str:
    if event.action == "approve" and event.data.get("kind") in OUTCOMES:
        return str(OUTCOMES[event.data["kind"]])
    if event.action == "complaint_outcome" and event.data.get("outcome") in ComplaintOutcome.values:
        return _("Complaint or lawsuit: %(outcome)s") % {
            "outcome": ComplaintOutcome(event.data["outcome"]).label
        }
    return actions.label(event.action)


def message(event, *, for_requester: bool, language: str) -> tuple[str, str, str]:
    """Title, body and link, in the recipient's language."""
    request = event.request
    with translation.override(language):
        title = _("Request %(number)s: %(what)s") % {
            "number": request.register_number,
            "what": what_happened(event),
        }
        lines = [
            _("Agency: %(agency)s") % {"agency": request.agency.name},
            _("State: %(state)s") % {"state": request.get_state_display()},
        ]
        if request.next_due:
            lines.append(
                _("Next deadline: %(date)s") % {"date": request.next_due.strftime("%d/%m/%Y")}
            )
        if event.reason and actions.tells_reason(event.action, to_requester=for_requester):
            lines.append(event.reason)
        if event.action == "ask_supplement":
            lines += [f"- {item}" for item in event.data.get("missing_items", [])]
        if event.action == "classify" and event.data.get("letter"):
            lines.append(
                _("Resolution slip (Form 03) %(number)s issued: it states the time limit.")
                % {"number": event.data["letter"]}
            )
    return title, "\n".join(lines), link(request, for_requester=for_requester)


def link(request, *, for_requester: bool) -> str:
    """Where a notification about `request` takes its reader: the requester to their page on the
    portal, staff to the request's page in the back office."""
    if for_requester:
        return reverse("portal:detail", args=[request.tracking_code])
    if hasattr(request, "process"):
        return reverse("informationrequest:process_detail", args=[request.process.pk])
    # Received online, its process not started yet: the task waits in the queue.
    return reverse("informationrequest:queue")


def target(notification) -> str:
    """The link of a stored notification, as of now: one written before its request's process
    started points to the queue, or (written before links were stored) nowhere; every item of
    the back office's list links to the request itself (issue #15)."""
    request = notification.request
    if request is None:
        return notification.url
    return link(request, for_requester=request.requester_user_id == notification.recipient_id)


def notify_event(event) -> list[Notification]:
    """Write the notifications of one audit event and queue their delivery (same transaction)."""
    rows, messages = [], {}
    for user_id, language in recipient_languages(recipients(event)):
        for_requester = user_id == event.request.requester_user_id
        if (for_requester, language) not in messages:
            messages[for_requester, language] = message(
                event, for_requester=for_requester, language=language
            )
        title, body, url = messages[for_requester, language]
        rows.append(
            Notification(
                recipient_id=user_id,
                request=event.request,
                event=event,
                kind=event.action,
                title=title,
                body=body,
                url=url,
            )
        )
    return send(rows)
