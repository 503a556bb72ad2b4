"""Delivery of notifications by the task worker: e-mail once per notification, then a WebSocket
push as a hint (a page that reconnects reads its unread notifications from the database)."""

import asyncio
import logging
from datetime import timedelta

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django_tasks import task

from .models import Notification

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 5


def send_lease() -> timedelta:
    """How long a claimed e-mail is left to its worker ."""
    return timedelta(seconds=settings.NOTIFICATION_SEND_LEASE_SECONDS)


def user_group(user_id: int) -> str:
    return f"user.{user_id}"


@task()
def deliver_notification(notification_id: int) -> bool:
    """Send the e-mail unless it was sent already (idempotent by notification id)."""
    return deliver(notification_id)


@task()
def deliver_notifications(notification_ids: list[int]) -> int:
    """A batch (the deadline sweep's): each one delivered once, as deliver_notification does. One
    failing e-mail does not stop the rest; retry_undelivered queues it again later."""
    sent = 0
    for pk in notification_ids:
        try:
            sent += deliver(pk)
        except Exception:
            log.warning("delivery of notification %s failed; it will be retried", pk)
    return sent


def claim(notification_id: int, now) -> tuple[Notification, bool] | None:
    """Lock the row and take the e-mail for this worker: (note, must_email), or None when it was
    sent already or another worker claimed it less than the send lease ago."""
    with transaction.atomic():
        note = (
            # Lock only the notification row (its request is a nullable join).
            Notification.objects.select_for_update(of=("self",))
            .select_related("recipient", "request")
            .get(pk=notification_id)
        )
        if note.emailed_at is not None:
            return None
        if not note.recipient.email:
            return note, False
        if note.email_claimed_at is not None and note.email_claimed_at > now - send_lease():
            return None
        note.email_claimed_at = now
        note.attempts += 1
        note.save(update_fields=["email_claimed_at", "attempts"])
    return note, True


def deliver(notification_id: int) -> bool:
    """E-mail it once if the recipient has an address, then push it (officers created by an
    administrator may have no e-mail: they still hear of their work live). True if e-mailed.

    Claim, send, confirm: the claim (committed before sending) keeps a second worker, or a task
    queued twice, from sending while this one does; a worker killed after claiming leaves a
    claim that expires after the send lease, and retry_undelivered then queues the e-mail again.
    The one window left is a kill after the mail server accepted the message and before the
    confirming UPDATE: that message is sent again, with the same Message-ID (see send_email)."""
    claimed = claim(notification_id, timezone.now())
    if claimed is None:
        return False
    note, must_email = claimed
    emailed = must_email and send_email(note)
    push(note)
    return emailed


def message_id(note: Notification) -> str:
    """The same Message-ID for every attempt of one notification, so that a mail system which
    deduplicates by Message-ID shows a resent copy once."""
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2].strip("> ") or "localhost"
    return f"<notification.{note.pk}@{domain}>"


def send_email(note: Notification) -> bool:
    """The template triplet in the recipient's language; marked sent once the server took it."""
    # A mail client has no current page: the link is absolute (settings.TIEPCAN_PUBLIC_URL).
    link = settings.TIEPCAN_PUBLIC_URL + note.url if note.url.startswith("/") else note.url
    context = {"note": note, "request": note.request, "link": link}
    with translation.override(note.recipient.language):
        mail = EmailMultiAlternatives(
            subject=render_to_string("notifications/email/subject.txt", context).strip(),
            body=render_to_string("notifications/email/body.txt", context),
            to=[note.recipient.email],
            headers={"Message-ID": message_id(note)},
        )
        html = render_to_string("notifications/email/body.html", context)
    mail.attach_alternative(html, "text/html")
    mail.send()
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


def retry_undelivered(limit: int = 500, now=None) -> int:
    """Queue again the e-mails not sent yet: never claimed and older than the send lease (their task
    was lost, or is stuck RUNNING in the queue after its worker was killed: django-tasks-db does
    not requeue those), or claimed by a worker that never confirmed (killed, or the mail server
    failed), with exponential backoff: after attempt n, wait lease x 2^(n-1) (5, 10, 20, 40 min
    with the default lease) so that a mail server that is down is not hammered. Run by every
    deadline sweep, i.e. every minute; after MAX_ATTEMPTS the notification stays in the centre."""
    now = now or timezone.now()
    waiting = Q(email_claimed_at__isnull=True, created_at__lt=now - send_lease())
    for attempt in range(1, MAX_ATTEMPTS):
        # attempts is raised with every claim; <= 1 also covers a claim written without it.
        same = Q(attempts__lte=1) if attempt == 1 else Q(attempts=attempt)
        waiting |= same & Q(email_claimed_at__lt=now - send_lease() * 2 ** (attempt - 1))
    ids = list(
        Notification.objects.filter(
            waiting, emailed_at__isnull=True, attempts__lt=MAX_ATTEMPTS, recipient__email__gt=""
        ).values_list("pk", flat=True)[:limit]
    )
    for pk in ids:
        deliver_notification.enqueue(pk)
    return len(ids)
