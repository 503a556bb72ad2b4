"""Live notifications over a WebSocket (ARCHITECTURE §3: a push is only a hint).

On connect the page receives the unread notifications from the database, so a client that was
away (or whose push the channel layer dropped) loses nothing; afterwards group messages of type
"notification" are relayed as hints. The client may mark one of its own notifications read.
"""

import json
from importlib import import_module

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer, AsyncWebsocketConsumer
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.utils import timezone

from accounts.sessions import is_officer, officer_session_expired

from .bridge import ensure_bridge
from .models import Notification
from .session_end import session_group
from .tasks import user_group

UNREAD_ITEMS = 20


@database_sync_to_async
def session_refused(user, session) -> bool:
    """An inactive account never gets here (channels' get_user refuses it, as Django's does); an
    officer whose session is past its idle or absolute limit is refused like on a page."""
    return not user.is_active or (is_officer(user) and officer_session_expired(session))


@database_sync_to_async
def session_ended(user, session_key: str | None) -> bool:
    """The session as stored now: signed out (flushed, or another user), or an officer's past
    its idle or absolute limit. The scope's copy was read at connect and never changes."""
    if not session_key:
        return False
    stored = import_module(settings.SESSION_ENGINE).SessionStore(session_key).load()
    if str(stored.get(SESSION_KEY)) != str(user.pk):
        return True
    return is_officer(user) and officer_session_expired(stored)


@database_sync_to_async
def unread_snapshot(user_id: int) -> dict:
    unread = Notification.objects.filter(recipient_id=user_id, read_at__isnull=True)
    items = [
        {
            "id": note["id"],
            "title": note["title"],
            "url": note["url"],
            "created_at": note["created_at"].isoformat(),
        }
        for note in unread.order_by("-created_at", "-id").values(
            "id", "title", "url", "created_at"
        )[:UNREAD_ITEMS]
    ]
    return {"type": "unread", "count": unread.count(), "items": items}


@database_sync_to_async
def mark_read(user_id: int, note_id: int) -> bool:
    """Only the user's own notification; marking one already read changes nothing."""
    return bool(
        Notification.objects.filter(pk=note_id, recipient_id=user_id, read_at__isnull=True).update(
            read_at=timezone.now()
        )
    )


@database_sync_to_async
def unread_count(user_id: int) -> int:
    return Notification.objects.filter(recipient_id=user_id, read_at__isnull=True).count()


class NotificationConsumer(AsyncJsonWebsocketConsumer):
    async def connect(self):
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self.close()
            return
        if await session_refused(user, self.scope.get("session", {})):
            await self.close()
            return
        self.user_id = user.pk
        self.session_key = getattr(self.scope.get("session"), "session_key", None)
        self.groups_joined = [user_group(self.user_id)]
        if self.session_key:
            self.groups_joined.append(session_group(self.session_key))
        for group in self.groups_joined:
            await self.channel_layer.group_add(group, self.channel_name)
        await ensure_bridge()  # embedded mode only: the worker's pushes cannot reach this process
        await self.accept()
        await self.send_json(await unread_snapshot(self.user_id))

    async def disconnect(self, code):
        for group in getattr(self, "groups_joined", []):
            await self.channel_layer.group_discard(group, self.channel_name)

    async def receive(self, text_data=None, bytes_data=None, **kwargs):
        if text_data:  # a binary frame is ignored too
            await self.receive_json(await self.decode_json(text_data), **kwargs)

    @classmethod
    async def decode_json(cls, text_data):
        """A message that is not JSON is ignored, not a server error that closes the socket
        with 1011 (outside test, #17.14)."""
        try:
            return json.loads(text_data)
        except (TypeError, ValueError):
            return None

    async def receive_json(self, content, **kwargs):
        if not isinstance(content, dict) or content.get("type") != "read":
            return
        note_id = content.get("id")
        if not isinstance(note_id, int) or isinstance(note_id, bool):
            return
        changed = await mark_read(self.user_id, note_id)
        await self.send_json(
            {
                "type": "read",
                "id": note_id,
                "ok": changed,
                "count": await unread_count(self.user_id),
            }
        )

    async def session_end(self, event):
        """The account was deactivated or this session signed out (accounts.sessions)."""
        await self.close(code=4001)

    async def notification(self, event):
        """A group message {"type": "notification", ...}: relayed as a hint, unless the session
        ended without a sign-out request (an officer's idle or absolute limit): then the socket
        closes instead (outside test, #17.9). Sign-out closes it at once (session_end)."""
        if await session_ended(self.scope["user"], self.session_key):
            await self.close(code=4001)
            return
        message = {"type": "notification"}
        for key in ("id", "title", "url", "agency"):
            if key in event:
                message[key] = event[key]
        await self.send_json(message)


class UnknownPathConsumer(AsyncWebsocketConsumer):
    """Any other /ws/ path: closed at once with 4404 (it answered 500 before)."""

    async def connect(self):
        await self.close(code=4404)
