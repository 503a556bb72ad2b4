"""Delivery of notifications by the task worker: e-mail once per notification, then a WebSocket
push as a hint (a page that reconnects reads its unread notifications from the database)."""

import asyncio
import logging

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django_tasks import task

from .models import Notification

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 5


def user_group(user_id: int) -> str:
    return f"user.{user_id}"


@task()
def deliver_notification(notification_id: int) -> bool:
    """Send the e-mail unless it was sent already (idempotent by notification id)."""
    return deliver(notification_id)


@task()
def deliver_notifications(notification_ids: list[int]) -> int:
    """A batch (the deadline sweep's): each one delivered once, as deliver_notification does."""
    return sum(deliver(pk) for pk in notification_ids)


def deliver(notification_id: int) -> bool:
    """E-mail it once if the recipient has an address, then push it (officers created by an
    administrator may have no e-mail: they still hear of their work live). True if e-mailed."""
    with transaction.atomic():
        note = (
            # Lock only the notification row (its request is a nullable join).
            Notification.objects.select_for_update(of=("self",))
            .select_related("recipient", "request")
            .get(pk=notification_id)
        )
        if note.emailed_at is not None:
            return False
        if note.recipient.email:
            note.attempts += 1
            note.save(update_fields=["attempts"])
    emailed = bool(note.recipient.email) and send_email(note)
    push(note)
    return emailed


def send_email(note: Notification) -> bool:
    context = {"note": note, "request": note.request}
    mail = EmailMultiAlternatives(
        subject=render_to_string("notifications/email/subject.txt", context).strip(),
        body=render_to_string("notifications/email/body.txt", context),
        to=[note.recipient.email],
    )
    mail.attach_alternative(render_to_string("notifications/email/body.html", context), "text/html")
    mail.send()
    # Marked after sending: a worker killed in between sends it again on retry (at least once);
    # one killed after marking never sends it twice.
    Notification.objects.filter(pk=note.pk, emailed_at__isnull=True).update(
        emailed_at=timezone.now()
    )
    return True


PUSH_TIMEOUT = 2.0  # seconds: a hung Redis must not hold the worker


def push(note: Notification) -> None:
    """Best effort: the channel layer may drop messages, and Redis may be down or hung."""

    async def send() -> None:
        await asyncio.wait_for(
            get_channel_layer().group_send(
                user_group(note.recipient_id),
                {"type": "notification", "id": note.pk, "title": note.title, "url": note.url},
            ),
            timeout=PUSH_TIMEOUT,
        )

    try:
        async_to_sync(send)()
    except Exception:
        log.warning("push of notification %s failed", note.pk)


def retry_undelivered(limit: int = 500) -> int:
    """Queue again the e-mails not sent yet (after a worker crash or a mail outage)."""
    stale = timezone.now() - timezone.timedelta(minutes=5)
    ids = list(
        Notification.objects.filter(
            emailed_at__isnull=True,
            attempts__lt=MAX_ATTEMPTS,
            created_at__lt=stale,
            recipient__email__gt="",
        ).values_list("pk", flat=True)[:limit]
    )
    for pk in ids:
        deliver_notification.enqueue(pk)
    return len(ids)
