"""A session that ends closes its live sockets: signing out closes that session's sockets, and
deactivating an account closes all of the user's (after commit). Here, in the delivery app that
owns the sockets, so accounts depends on no other app; connected in NotificationsConfig.ready."""

import asyncio
import hashlib
import logging

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.conf import settings
from django.contrib.auth.signals import user_logged_out
from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from .tasks import PUSH_TIMEOUT, user_group

log = logging.getLogger(__name__)


SESSION_END = "session.end"  # channel-layer message type: NotificationConsumer.session_end


@receiver(
    post_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="notifications.session_end.deactivated"
)
def close_sockets_of_deactivated(sender, instance, created, **kwargs):
    """Deactivating an account ends its sessions: Django's ModelBackend.get_user (which our
    backend keeps) refuses an inactive user on the next request, and this closes the live
    notification sockets it has open, once the change is committed."""
    if created or instance.is_active:
        return
    user_id = instance.pk
    transaction.on_commit(lambda: end_sockets(user_id))


def session_group(session_key: str) -> str:
    """The channel-layer group of one session's sockets (a hash: keys stay out of Redis)."""
    return "session." + hashlib.sha256(session_key.encode()).hexdigest()[:40]


@receiver(user_logged_out, dispatch_uid="notifications.session_end.signed_out")
def close_sockets_of_signed_out(sender, request, user, **kwargs):
    """Signing out closes that session's sockets (not the user's other devices); an open socket
    kept receiving pushes after sign-out (outside test, #17.9). Sent before Django flushes the
    session, so its key is still known."""
    key = getattr(getattr(request, "session", None), "session_key", None)
    if key:
        transaction.on_commit(lambda: end_group(session_group(key)))


def end_sockets(user_id: int) -> None:
    end_group(user_group(user_id))


def end_group(group: str) -> None:
    async def send() -> None:
        await asyncio.wait_for(
            get_channel_layer().group_send(group, {"type": SESSION_END}),
            timeout=PUSH_TIMEOUT,
        )

    try:
        async_to_sync(send)()
    except Exception:
        log.warning("could not close the sockets of %s", group)
