"""The notification socket (outside test #17 items 9 and 14): sign-out closes an open socket,
and past an officer's idle limit the next push closes it instead of arriving; the Origin must
match exactly (scheme, host, port); a message that is not JSON is ignored; an unknown /ws/ path
is closed cleanly."""

from datetime import timedelta

import pytest
import time_machine
from asgiref.sync import sync_to_async
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.db import connections
from django.urls import reverse

from config.asgi import application
from notifications.models import Notification
from notifications.tasks import push
from tests.helpers import session_cookie, signed_in
from tests.security.test_login_protection import START, make_officer

PATH = "/ws/notifications/"
HOST = (b"host", b"testserver")
ORIGIN = (b"origin", b"http://testserver")
pytestmark = [
    pytest.mark.asyncio,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("own_channel_layer"),
]


async def _officer_client_cookie():
    """An officer, their signed-in client, and the Cookie header of its session."""
    officer = await make_officer()
    client = await sync_to_async(signed_in)(officer)
    return officer, client, (b"cookie", session_cookie(client))


async def signed_in_officer():
    _, client, cookie = await _officer_client_cookie()
    return client, cookie


async def signed_in_officer_with_user():
    officer, _, cookie = await _officer_client_cookie()
    return officer, cookie


@database_sync_to_async
def push_to(user, title: str) -> None:
    push(Notification.objects.create(recipient=user, kind="test", title=title, body="", url="/"))


async def open_socket(*headers, path=PATH) -> tuple[WebsocketCommunicator, bool, object]:
    socket = WebsocketCommunicator(application, path, headers=list(headers))
    connected, code = await socket.connect()
    return socket, connected, code


async def test_signing_out_closes_the_open_socket():
    client, cookie = await signed_in_officer()
    socket, connected, _ = await open_socket(ORIGIN, HOST, cookie)
    assert connected and (await socket.receive_json_from())["type"] == "unread"
    await database_sync_to_async(client.post)(reverse("logout"))
    assert await socket.receive_output(timeout=5) == {"type": "websocket.close", "code": 4001}
    await socket.disconnect()
    await sync_to_async(connections.close_all)()


async def test_an_officer_past_the_idle_limit_gets_no_more_pushes():
    with time_machine.travel(START, tick=False) as clock:
        officer_and_client = await signed_in_officer_with_user()
        officer, cookie = officer_and_client
        socket, connected, _ = await open_socket(ORIGIN, HOST, cookie)
        assert connected and (await socket.receive_json_from())["type"] == "unread"
        await push_to(officer, "Yêu cầu mới 01/2026")
        assert (await socket.receive_json_from(timeout=5))["type"] == "notification"
        clock.shift(timedelta(minutes=settings.OFFICER_IDLE_MINUTES + 1))
        await push_to(officer, "Yêu cầu mới 02/2026")
        closed = await socket.receive_output(timeout=5)
        await socket.disconnect()
    assert closed == {"type": "websocket.close", "code": 4001}
    await sync_to_async(connections.close_all)()


@pytest.mark.parametrize(
    ("origin", "allowed"),
    [
        (b"http://testserver", True),
        (b"http://testserver:80", True),
        (b"http://testserver:8080", False),
        (b"https://testserver", False),
        (b"http://evil.example", False),
        (b"null", False),
        (b"https://portal.example.vn", True),  # in CSRF_TRUSTED_ORIGINS (a TLS proxy in front)
    ],
)
async def test_the_origin_must_match_scheme_host_and_port(origin, allowed, settings):
    settings.CSRF_TRUSTED_ORIGINS = ["https://portal.example.vn"]
    _client, cookie = await signed_in_officer()
    socket, connected, _ = await open_socket((b"origin", origin), HOST, cookie)
    assert connected is allowed, origin
    if connected:
        await socket.disconnect()
    await sync_to_async(connections.close_all)()


async def test_a_message_that_is_not_json_is_ignored():
    _client, cookie = await signed_in_officer()
    socket, connected, _ = await open_socket(ORIGIN, HOST, cookie)
    assert connected and (await socket.receive_json_from())["type"] == "unread"
    await socket.send_to(text_data="{not json")
    await socket.send_to(bytes_data=b"\x00\x01")
    await socket.send_json_to({"type": "read", "id": 999999})
    answer = await socket.receive_json_from(timeout=5)  # the socket is still open and answers
    assert answer == {"type": "read", "id": 999999, "ok": False, "count": 0}
    await socket.disconnect()
    await sync_to_async(connections.close_all)()


async def test_an_unknown_path_is_closed_cleanly():
    _client, cookie = await signed_in_officer()
    _socket, connected, code = await open_socket(ORIGIN, HOST, cookie, path="/ws/khong-co/")
    assert connected is False and code == 4404
    await sync_to_async(connections.close_all)()
