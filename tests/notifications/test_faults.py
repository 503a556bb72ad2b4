"""Redis refused or hung: submissions and transitions never touch it, and the worker's push gives
up quickly while the e-mail still goes; the notification waits in the database for the page."""

import socket
import threading
import time

import pytest
from django.core import mail

from notifications.models import Notification
from notifications.tasks import deliver_notification
from requests_flow import services
from tests.helpers import MONDAY_2026_03_02, file_online


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def hung_redis():
    """A TCP server that accepts connections and never answers: Redis stopped with SIGSTOP
    looks like this to a client."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(50)
    held = []
    stop = threading.Event()

    def accept():
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(server.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"redis://127.0.0.1:{server.getsockname()[1]}/0"
    stop.set()
    thread.join()
    for conn in held:
        conn.close()
    server.close()


def redis_layer(url: str) -> dict:
    return {
        "default": {"BACKEND": "channels_redis.core.RedisChannelLayer", "CONFIG": {"hosts": [url]}}
    }


@pytest.fixture
def staffed(agency, citizen, officer):
    citizen.email = "hoa@example.vn"
    citizen.save()
    return file_online(agency, citizen, MONDAY_2026_03_02)


@pytest.fixture(autouse=True)
def _fresh_channel_layer():
    """The layer is cached per process: rebuild it from the settings of each test."""
    from channels.layers import channel_layers

    channel_layers.backends.clear()
    yield
    channel_layers.backends.clear()


@pytest.mark.parametrize("kind", ["refused", "hung"])
def test_transitions_and_delivery_survive_redis_down(kind, staffed, officer, settings, hung_redis):
    url = f"redis://127.0.0.1:{free_port()}/0" if kind == "refused" else hung_redis
    settings.CHANNEL_LAYERS = redis_layer(url)
    t0 = time.monotonic()
    accepted = services.request_accept(request=staffed, actor=officer, now=MONDAY_2026_03_02)
    assert time.monotonic() - t0 < 1.0, "a transition must not wait for Redis"
    note = Notification.objects.get(
        request=accepted, kind="accept", recipient=staffed.requester_user
    )
    mail.outbox.clear()
    t0 = time.monotonic()
    assert deliver_notification.call(note.pk) is True
    assert time.monotonic() - t0 < 5.0, "the push gives up; the worker is not held"
    assert len(mail.outbox) == 1
