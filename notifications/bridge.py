"""Live updates in the embedded default (`make run`, no Redis): the outbox bridge.

Without Redis the channel layer lives in the memory of one process, and pushes are sent by the
task worker, another process: they never reached a page (issue #15.1). So, when
settings.TIEPCAN_LIVE_POLL_SECONDS is set (the default without REDIS_URL), the ASGI process
runs one bridge: every few seconds it reads the notifications written since its last look (one
indexed query for the whole process, whatever the number of sockets) and hands each to the
in-memory layer as the worker's push would. With Redis the worker's pushes cross processes and
the bridge is off. Why not a local Redis started by runall: a fresh machine may not have it, and
the database, which every process already shares, is the outbox anyway (a push is only a hint)."""

import asyncio
import logging

from channels.db import database_sync_to_async
from channels.layers import get_channel_layer
from django.conf import settings

from .models import Notification
from .tasks import user_group

log = logging.getLogger(__name__)
BATCH = 500
_bridges: dict[asyncio.AbstractEventLoop, asyncio.Task] = {}


@database_sync_to_async
def latest_id() -> int:
    return Notification.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


@database_sync_to_async
def written_after(last_id: int) -> list[dict]:
    return list(
        Notification.objects.filter(pk__gt=last_id)
        .order_by("pk")
        .values("pk", "recipient_id", "title", "url")[:BATCH]
    )


async def relay(last_id: int) -> int:
    """Hand the notifications written after `last_id` to the layer; returns the new last id."""
    layer = get_channel_layer()
    for row in await written_after(last_id):
        message = {"type": "notification", "id": row["pk"], "title": row["title"]}
        await layer.group_send(user_group(row["recipient_id"]), {**message, "url": row["url"]})
        last_id = row["pk"]
    return last_id


async def run(seconds: float, last_id: int) -> None:
    while True:
        await asyncio.sleep(seconds)
        try:
            last_id = await relay(last_id)
        except Exception:  # a locked or restarting database: the next round tries again
            log.warning("the live-update bridge could not read new notifications", exc_info=True)


async def ensure_bridge() -> None:
    """Start this process's bridge once (per event loop), from the last notification written
    now: what came before is in each socket's unread snapshot, sent right after this."""
    seconds = settings.TIEPCAN_LIVE_POLL_SECONDS
    if not seconds:
        return
    loop = asyncio.get_running_loop()
    task = _bridges.get(loop)
    if task is None or task.done():
        for old in [k for k, t in _bridges.items() if t.done() or k.is_closed()]:
            del _bridges[old]
        _bridges[loop] = loop.create_task(run(seconds, await latest_id()), name="outbox-bridge")
