"""Deadline alerts: who is told of a MilestoneAlert and what they read, written once per alert.

The sweep (requests_flow.sweep) inserts the alert rows; notify_pending_alerts() then claims
batches of alerts not notified yet (notifications.alerts.claim_batch: two sweeps at once never
notify one alert twice, and a sweep killed mid-way leaves its unclaimed alerts to the next run)
and writes their notifications in the same transaction as the claim."""

from collections import defaultdict

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import OuterRef
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from notifications.alerts import claim_batch
from notifications.models import MilestoneAlert, Notification
from notifications.services import send_batch

from .choices import OPEN_STATES, Role
from .deadlines import milestone_label
from .models import (
    CORRECTION_MILESTONE,
    AgencyMembership,
    InformationRequest,
    answer_awaiting_issue,
)

BATCH_SIZE = 5000
ALERT_ROLES = (Role.FOCAL_HEAD, Role.SUPERVISOR)
KINDS = {
    MilestoneAlert.Level.DUE_SOON: "deadline_due_soon",
    MilestoneAlert.Level.OVERDUE: "deadline_overdue",
}


def recipients_by_agency(agency_ids: set[int]) -> dict[int, set[int]]:
    found: dict[int, set[int]] = defaultdict(set)
    rows = AgencyMembership.objects.filter(agency_id__in=agency_ids, role__in=ALERT_ROLES)
    for agency_id, user_id in rows.values_list("agency_id", "user_id"):
        found[agency_id].add(user_id)
    return found


def message(alert: MilestoneAlert, language: str) -> tuple[str, str, str]:
    """Title, body and link of one alert, in the recipient's language."""
    milestone = alert.milestone
    request = milestone.request
    with translation.override(language):
        facts = {
            "number": request.register_number,
            "milestone": milestone_label(milestone.kind),
            "date": milestone.due_date.strftime("%d/%m/%Y"),
        }
        if alert.level == MilestoneAlert.Level.OVERDUE:
            title = _("Request %(number)s: deadline passed") % facts
            body = _("The deadline “%(milestone)s” of request %(number)s was %(date)s.") % facts
        else:
            title = _("Request %(number)s: deadline due soon") % facts
            body = _("The deadline “%(milestone)s” of request %(number)s is %(date)s.") % facts
        body += "\n" + _("Agency: %(agency)s") % {"agency": request.agency.name}
    process = getattr(request, "process", None)
    url = reverse("informationrequest:process_detail", args=[process.pk]) if process else ""
    return title, body, url


def audiences_of(alerts: list[MilestoneAlert]) -> dict[int, set[int]]:
    """Alert id -> who is told: the agency's focal heads and supervisors, and the officer."""
    staff = recipients_by_agency({a.milestone.request.agency_id for a in alerts})
    audiences = {}
    for alert in alerts:
        request = alert.milestone.request
        audiences[alert.pk] = set(staff.get(request.agency_id, ()))
        if request.assigned_officer_id:
            audiences[alert.pk].add(request.assigned_officer_id)
    return audiences


def still_due(milestone, awaiting: set[int]) -> bool:
    """An open request's milestone, a correction's answer (due after provision, Art. 32), or
    that of a request whose answer waits for the clerk (`awaiting`: their ids)."""
    return (
        milestone.request.state in OPEN_STATES
        or milestone.kind == CORRECTION_MILESTONE
        or milestone.request_id in awaiting
    )


def answers_awaiting_issue(alerts: list[MilestoneAlert]) -> set[int]:
    """The requests of `alerts` whose answer is approved but not issued, in one query."""
    ids = {a.milestone.request_id for a in alerts}
    return set(
        InformationRequest.objects.filter(pk__in=ids)
        .filter(answer_awaiting_issue(OuterRef("pk")))
        .values_list("pk", flat=True)
    )


def notify_batch(alerts: list[MilestoneAlert]) -> list[Notification]:
    awaiting = answers_awaiting_issue(alerts)
    live = [a for a in alerts if a.milestone.met_at is None and still_due(a.milestone, awaiting)]
    audiences = audiences_of(live)
    languages = dict(
        get_user_model()
        .objects.filter(pk__in=set().union(*audiences.values()))
        .values_list("pk", "language")
    )
    rows = []
    for alert in live:
        texts = {}
        for user_id in sorted(audiences[alert.pk]):
            language = languages[user_id]
            if language not in texts:
                texts[language] = message(alert, language)
            title, body, url = texts[language]
            rows.append(
                Notification(
                    recipient_id=user_id,
                    request=alert.milestone.request,
                    kind=KINDS[alert.level],
                    title=title,
                    body=body,
                    url=url,
                )
            )
    return send_batch(rows)


def notify_pending_alerts(batch_size: int | None = None) -> int:
    """Write the notifications of every alert not notified yet; returns how many were written."""
    batch_size = batch_size or BATCH_SIZE
    written = 0
    while True:
        with transaction.atomic():
            alerts = claim_batch(batch_size)
            if not alerts:
                return written
            written += len(notify_batch(alerts))
