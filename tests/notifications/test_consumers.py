"""The live-notification socket: signed-in users only, the unread list on every (re)connect (a
push is only a hint, ARCHITECTURE §3), pushes reach their recipient and nobody else, and "read"
marks only the person's own notification. Runs on the in-memory layer and on Redis."""

import asyncio
import os

import pytest
import pytest_asyncio
from asgiref.sync import sync_to_async
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator

from config.asgi import application
from notifications.models import Notification
from notifications.tasks import push
from tests.helpers import session_cookie, signed_in

PATH = "/ws/notifications/"
ORIGIN = (b"origin", b"http://testserver")
HOST = (b"host", b"testserver")  # browsers always send it: the origin is checked against it
pytestmark = [
    pytest.mark.asyncio,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("own_channel_layer"),
]


@database_sync_to_async
def make_user(username: str):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_user(
        username=username, password="pw-" + username, full_name=username.title()
    )


@database_sync_to_async
def notify(user, title: str, url: str = "/thong-bao/") -> Notification:
    return Notification.objects.create(recipient=user, kind="test", title=title, body="", url=url)


@database_sync_to_async
def read_at(note: Notification):
    return Notification.objects.get(pk=note.pk).read_at


@sync_to_async
def cookie_of(user) -> bytes:
    return session_cookie(signed_in(user))


async def connect(user=None) -> WebsocketCommunicator:
    headers = [ORIGIN, HOST]
    if user is not None:
        headers.append((b"cookie", await cookie_of(user)))
    communicator = WebsocketCommunicator(application, PATH, headers=headers)
    connected, _ = await communicator.connect()
    assert connected
    return communicator


async def test_a_signed_in_user_connects_and_gets_the_unread_list():
    hoa = await make_user("hoa")
    older = await notify(hoa, "Yêu cầu 01/2026 đã được tiếp nhận")
    newer = await notify(hoa, "Yêu cầu 01/2026 cần bổ sung", url="/yeu-cau/ABC/")
    read = await notify(hoa, "Đã đọc")
    read.read_at = read.created_at
    await database_sync_to_async(read.save)()

    ws = await connect(hoa)
    message = await ws.receive_json_from()
    assert message["type"] == "unread" and message["count"] == 2
    assert [item["id"] for item in message["items"]] == [newer.pk, older.pk]
    assert message["items"][0]["url"] == "/yeu-cau/ABC/"
    assert set(message["items"][0]) == {"id", "title", "url", "created_at"}
    await ws.disconnect()


async def test_the_unread_list_holds_at_most_twenty_items_but_counts_all():
    hoa = await make_user("hoa")
    for n in range(23):
        await notify(hoa, f"Thông báo {n}")
    ws = await connect(hoa)
    message = await ws.receive_json_from()
    assert message["count"] == 23 and len(message["items"]) == 20
    await ws.disconnect()


async def test_an_anonymous_visitor_is_refused():
    communicator = WebsocketCommunicator(application, PATH, headers=[ORIGIN, HOST])
    connected, _ = await communicator.connect()
    assert connected is False
    await communicator.disconnect()  # let the refused consumer finish inside this test's loop


async def test_a_pushed_notification_arrives():
    hoa = await make_user("hoa")
    ws = await connect(hoa)
    assert (await ws.receive_json_from())["count"] == 0
    note = await notify(hoa, "Yêu cầu 01/2026 đã được chấp nhận", url="/yeu-cau/ABC/")
    await sync_to_async(push)(note)
    message = await ws.receive_json_from(timeout=5)
    assert message == {
        "type": "notification",
        "id": note.pk,
        "title": "Yêu cầu 01/2026 đã được chấp nhận",
        "url": "/yeu-cau/ABC/",
    }
    await ws.disconnect()


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="the Redis layer's idle read only")
async def test_a_socket_idle_longer_than_the_layers_wait_still_hears_a_push():
    """channels_redis waits 5 s per BZPOPMIN; with redis-py 8's default 5 s read timeout an idle
    consumer died. Idle 7 s, then a push must still arrive."""
    hoa = await make_user("hoa")
    ws = await connect(hoa)
    await ws.receive_json_from()
    await asyncio.sleep(7)
    note = await notify(hoa, "Sau 7 giây")
    await sync_to_async(push)(note)
    assert (await ws.receive_json_from(timeout=5))["id"] == note.pk
    await ws.disconnect()


async def test_a_notification_created_while_away_is_in_the_list_on_reconnect():
    hoa = await make_user("hoa")
    ws = await connect(hoa)
    assert (await ws.receive_json_from())["count"] == 0
    await ws.disconnect()
    note = await notify(hoa, "Yêu cầu 01/2026: đã có quyết định")
    await sync_to_async(push)(note)  # nobody listens: the hint is lost, the row is not
    ws = await connect(hoa)
    message = await ws.receive_json_from()
    assert message["count"] == 1 and message["items"][0]["id"] == note.pk
    assert await ws.receive_nothing()
    await ws.disconnect()


async def test_one_user_never_receives_another_users_events():
    hoa, dung = await make_user("hoa"), await make_user("dung")
    await notify(hoa, "Riêng của Hoa")
    ws_hoa, ws_dung = await connect(hoa), await connect(dung)
    assert (await ws_hoa.receive_json_from())["count"] == 1
    assert (await ws_dung.receive_json_from())["count"] == 0  # not Hoa's unread list either
    note = await Notification.objects.aget(recipient=hoa)
    await sync_to_async(push)(note)
    assert (await ws_hoa.receive_json_from(timeout=5))["id"] == note.pk
    assert await ws_dung.receive_nothing(timeout=0.5)
    await ws_hoa.disconnect()
    await ws_dung.disconnect()


async def test_read_marks_only_the_users_own_notification():
    hoa, dung = await make_user("hoa"), await make_user("dung")
    mine = await notify(hoa, "Của Hoa")
    theirs = await notify(dung, "Của Dũng")
    ws = await connect(hoa)
    await ws.receive_json_from()

    await ws.send_json_to({"type": "read", "id": theirs.pk})
    assert await ws.receive_json_from() == {
        "type": "read",
        "id": theirs.pk,
        "ok": False,
        "count": 1,
    }
    assert await read_at(theirs) is None

    await ws.send_json_to({"type": "read", "id": mine.pk})
    assert await ws.receive_json_from() == {"type": "read", "id": mine.pk, "ok": True, "count": 0}
    assert await read_at(mine) is not None

    await ws.send_json_to({"type": "read", "id": "1 OR 1=1"})  # ignored, no reply
    assert await ws.receive_nothing()
    await ws.disconnect()


@pytest_asyncio.fixture
async def bridge_on(settings):
    """The embedded mode's outbox bridge (notifications/bridge.py), stopped after the test."""
    from notifications import bridge

    settings.TIEPCAN_LIVE_POLL_SECONDS = 0.2
    yield
    for task in bridge._bridges.values():
        task.cancel()
    await asyncio.gather(*bridge._bridges.values(), return_exceptions=True)
    bridge._bridges.clear()


async def test_without_a_shared_layer_the_bridge_brings_what_another_process_wrote(bridge_on):
    """`make run` without Redis: the worker's push cannot reach the web process; a notification
    written by any process reaches the socket through the bridge, once, and only its recipient."""
    hoa, minh = await make_user("hoa"), await make_user("minh")
    ws_hoa, ws_minh = await connect(hoa), await connect(minh)
    assert (await ws_hoa.receive_json_from())["type"] == "unread"
    await ws_minh.receive_json_from()

    note = await notify(hoa, "Yêu cầu 01/2026: Đã cung cấp thông tin")  # no push(): another process
    message = await ws_hoa.receive_json_from(timeout=5)
    assert message == {"type": "notification", "id": note.pk, "title": note.title, "url": note.url}
    assert await ws_hoa.receive_nothing(timeout=0.6)  # not twice
    assert await ws_minh.receive_nothing(timeout=0.1)
    await ws_hoa.disconnect()
    await ws_minh.disconnect()
