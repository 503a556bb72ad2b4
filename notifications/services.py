"""The delivery app's entry: other apps decide who is told what and hand the rows here; they are
written in the caller's transaction with their delivery tasks (the outbox), and the worker
e-mails and pushes them after commit (notifications.tasks)."""

from django.contrib.auth import get_user_model

from .models import Notification
from .tasks import deliver_notification, deliver_notifications


def recipient_languages(user_ids) -> list[tuple[int, str]]:
    """(user id, language of their messages), by user id."""
    return list(
        get_user_model()
        .objects.filter(pk__in=user_ids)
        .order_by("pk")
        .values_list("pk", "language")
    )


def send(rows: list[Notification]) -> list[Notification]:
    """Write the notifications and queue one delivery task each."""
    created = Notification.objects.bulk_create(rows)
    for row in created:
        deliver_notification.enqueue(row.pk)
    return created


def send_batch(rows: list[Notification]) -> list[Notification]:
    """Write the notifications and queue one delivery task for all of them: a deadline sweep may
    announce thousands at once."""
    created = Notification.objects.bulk_create(rows)
    if created:
        deliver_notifications.enqueue([row.pk for row in created])
    return created
