"""What every WebSocket test needs (a pytest plugin of tests/conftest.py): `own_channel_layer`.

Each async test runs in an event loop of its own, but the channel layer is a process-wide
singleton whose Redis pools, receive lock and receive buffers belong to the loop that made them.
A test that reused another loop's layer, or left a socket's consumer waiting on Redis when its
loop closed, hung the loop's teardown for good on PostgreSQL + Redis (asyncio cancels the
leftover tasks and waits for them; a CI run was killed at its 90-minute limit there). So a socket
test gets a layer of its own, closes its pools inside its own loop, and closes the ORM connection
of asgiref's worker thread (or PostgreSQL refuses to drop the test database at the end). Every
socket the test opened and left open (one the server refused or closed, say) is disconnected
before that, so that no consumer outlives its test."""

import pytest_asyncio
from asgiref.sync import sync_to_async
from channels import DEFAULT_CHANNEL_LAYER
from channels.layers import channel_layers
from channels.testing import WebsocketCommunicator
from django.db import connections


@pytest_asyncio.fixture
async def own_channel_layer(monkeypatch):
    opened: list[WebsocketCommunicator] = []
    make = WebsocketCommunicator.__init__

    def recorded(self, *args, **kwargs):
        make(self, *args, **kwargs)
        opened.append(self)

    monkeypatch.setattr(WebsocketCommunicator, "__init__", recorded)
    channel_layers.backends.pop(DEFAULT_CHANNEL_LAYER, None)
    yield
    for socket in opened:
        if not socket.future.done():
            await socket.disconnect()  # waits a second for the consumer, then cancels it
    layer = channel_layers.backends.pop(DEFAULT_CHANNEL_LAYER, None)
    if hasattr(layer, "close_pools"):
        await layer.close_pools()
    await sync_to_async(connections.close_all)()
