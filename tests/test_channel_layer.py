"""The configured channel layer works: in-memory by default, the real Redis when REDIS_URL is set
(the PostgreSQL + Redis run of `make test`)."""

import os

import pytest
from channels.layers import get_channel_layer
from django.conf import settings


def test_layer_follows_redis_url():
    backend = settings.CHANNEL_LAYERS["default"]["BACKEND"]
    if os.environ.get("REDIS_URL"):
        assert backend == "channels_redis.core.RedisChannelLayer"
        host = settings.CHANNEL_LAYERS["default"]["CONFIG"]["hosts"][0]
        assert host["max_connections"] > 100  # redis-py's default pool is too small
    else:
        assert backend == "channels.layers.InMemoryChannelLayer"


@pytest.mark.asyncio
async def test_a_group_message_reaches_a_member_channel():
    layer = get_channel_layer()
    channel = await layer.new_channel()
    await layer.group_add("agency-STP", channel)
    await layer.group_send("agency-STP", {"type": "notify", "text": "Yêu cầu mới 01/2026"})
    message = await layer.receive(channel)
    assert message == {"type": "notify", "text": "Yêu cầu mới 01/2026"}
    await layer.group_discard("agency-STP", channel)
