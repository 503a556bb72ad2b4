"""Item 1 of issue #8, the WebSocket row of the access matrix: ws/notifications/ refuses an
anonymous visitor and a foreign origin; every person of the matrix (after the flows of
tests/security/actors.py wrote real notifications) gets exactly their own unread list, a push
reaches only its recipient, and nobody marks another person's notification read."""

import pytest
from asgiref.sync import sync_to_async
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


@sync_to_async
def cookie_of(user) -> bytes:
    return session_cookie(signed_in(user))


@sync_to_async
def unread_ids(user) -> set[int]:
    mine = Notification.objects.filter(recipient=user, read_at__isnull=True)
    return set(mine.values_list("pk", flat=True))


@sync_to_async
def note_of_someone_else(user) -> Notification:
    return Notification.objects.exclude(recipient=user).first()


@sync_to_async
def read_at(note_id: int):
    return Notification.objects.get(pk=note_id).read_at


async def connected(headers, app=application) -> tuple[bool, WebsocketCommunicator]:
    communicator = WebsocketCommunicator(app, PATH, headers=headers)
    ok, _ = await communicator.connect()
    return ok, communicator


def with_hosts_of_production(settings):
    """The test settings allow every host; production's allows only its own (the origin check
    reads ALLOWED_HOSTS on each connection)."""
    settings.ALLOWED_HOSTS = ["testserver"]
    return application.application_mapping["websocket"]


async def test_each_person_hears_only_their_own_notifications(world, settings, capsys):
    refused, _ = await connected([ORIGIN, HOST])
    assert refused is False, "an anonymous visitor connected"
    cookie = (b"cookie", await cookie_of(world.users["citizen"]))
    production = with_hosts_of_production(settings)
    assert (await connected([ORIGIN, HOST, cookie], production))[0] is True
    foreign_origin, _ = await connected(
        [(b"origin", b"https://evil.example"), HOST, cookie], production
    )
    assert foreign_origin is False, "a page of another site connected with the citizen's cookie"

    sockets, tried = {}, 3
    for who, user in world.users.items():
        ok, ws = await connected([ORIGIN, HOST, (b"cookie", await cookie_of(user))])
        assert ok, who
        first = await ws.receive_json_from(timeout=5)
        own = await unread_ids(user)
        assert first["count"] == len(own), who
        assert {item["id"] for item in first["items"]} <= own, f"{who} got another's item"
        sockets[who] = ws
        tried += 1
    assert [await unread_ids(u) for u in world.users.values()] != [set()] * len(sockets)

    note = await Notification.objects.filter(recipient=world.users["citizen"]).afirst()
    await sync_to_async(push)(note)
    assert (await sockets["citizen"].receive_json_from(timeout=5))["id"] == note.pk
    for who, ws in sockets.items():
        if who != "citizen":
            assert await ws.receive_nothing(timeout=0.2), f"{who} heard the citizen's push"
            tried += 1

    for who, user in world.users.items():
        theirs = await note_of_someone_else(user)
        await sockets[who].send_json_to({"type": "read", "id": theirs.pk})
        answer = await sockets[who].receive_json_from(timeout=5)
        assert answer["ok"] is False and await read_at(theirs.pk) is None, who
        tried += 1
    for ws in sockets.values():
        await ws.disconnect()
    with capsys.disabled():
        print(
            f"\nnotification socket: tried {tried} (connections, pushes, reads), refused 2 + "
            f"{len(world.users)} foreign reads, leaked 0"
        )
