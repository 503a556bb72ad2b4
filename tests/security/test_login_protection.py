"""Login protection (issue #8, item 4): lockout per account and per address (django-axes), officer
sessions that end after 30 minutes idle and 12 hours in all, logout and deactivation that end a
session, and the notification socket that follows the same rules."""

from datetime import datetime, timedelta

import pytest
import time_machine
from asgiref.sync import sync_to_async
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.db import connections
from django.test import Client
from django.urls import reverse

from config.asgi import application
from requests_flow.choices import Role
from requests_flow.deadlines import LOCAL_TZ
from requests_flow.models import Agency
from tests.helpers import grant, make_user, session_cookie, signed_in

START = datetime(2026, 3, 2, 8, 0, tzinfo=LOCAL_TZ)
LOCKED_TITLE = "Tạm thời không thể đăng nhập"  # the lockout page's title, in Vietnamese
CENTRE = "notifications:centre"  # a page for every signed-in person


def sign_in(client, username: str, password: str, address: str = "203.0.113.7", path="login"):
    return client.post(
        reverse(path), {"username": username, "password": password}, REMOTE_ADDR=address
    )


def is_signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def assert_locked(response) -> None:
    assert response.status_code == 429
    assert LOCKED_TITLE in response.content.decode()


@pytest.fixture
def citizen_by_email(django_user_model):
    return django_user_model.objects.create_user(
        username="hoa@example.vn", email="hoa@example.vn", password="pw-hoa", full_name="Hoa"
    )


@pytest.mark.django_db
def test_an_account_is_locked_after_five_failures_from_any_address(officer):
    client = Client()
    for attempt in range(settings.LOGIN_ACCOUNT_FAILURES - 1):
        response = sign_in(client, "minh", "wrong", address=f"198.51.100.{attempt}")
        assert response.status_code == 200, attempt  # the form again, with its error
    assert_locked(sign_in(client, "minh", "wrong", address="198.51.100.99"))

    refused = sign_in(client, "minh", "pw-minh", address="192.0.2.1")  # right password
    assert_locked(refused)
    assert not is_signed_in(client)
    tried = settings.LOGIN_ACCOUNT_FAILURES + 1
    print(f"account lockout: tried {tried} sign-ins, refused {tried}, the last with the password")


@pytest.mark.django_db
def test_the_lock_lifts_after_the_cool_off(officer):
    client = Client()
    with time_machine.travel(START, tick=False) as clock:
        for _ in range(settings.LOGIN_ACCOUNT_FAILURES):
            sign_in(client, "minh", "wrong")
        clock.shift(timedelta(minutes=settings.LOGIN_COOLOFF_MINUTES - 1))
        assert_locked(sign_in(client, "minh", "pw-minh"))
        # That refused attempt counted as a failure too: the cool-off starts again from it.
        clock.shift(timedelta(minutes=settings.LOGIN_COOLOFF_MINUTES + 1))
        assert sign_in(client, "minh", "pw-minh").status_code == 302
        assert is_signed_in(client)


@pytest.mark.django_db
def test_an_address_is_locked_after_twenty_failures_on_any_accounts(officer, head):
    attacker = Client()
    for n in range(settings.LOGIN_ADDRESS_FAILURES - 1):
        response = sign_in(attacker, f"guess{n}", "wrong", address="198.51.100.5")
        assert response.status_code == 200, n
    assert_locked(sign_in(attacker, "guess-last", "wrong", address="198.51.100.5"))

    # Even a real account with its password, from that address; the account itself is not locked.
    assert_locked(sign_in(Client(), "minh", "pw-minh", address="198.51.100.5"))
    elsewhere = Client()
    assert sign_in(elsewhere, "minh", "pw-minh", address="198.51.100.6").status_code == 302
    assert is_signed_in(elsewhere)
    print(f"address lockout: tried {settings.LOGIN_ADDRESS_FAILURES + 1}, refused all")


@pytest.mark.django_db
@pytest.mark.usefixtures("behind_one_proxy")
def test_the_address_is_the_one_the_proxy_wrote_not_one_the_client_made_up(officer):
    """Same notion of address as the rate limits (accounts.client.client_address)."""
    client = Client()
    for n in range(settings.LOGIN_ADDRESS_FAILURES):
        client.post(
            reverse("login"),
            {"username": f"guess{n}", "password": "wrong"},
            HTTP_X_FORWARDED_FOR=f"10.9.{n}.1, 198.51.100.5",  # made-up entry, then the proxy's
        )
    assert_locked(sign_in(Client(), "minh", "pw-minh", address="198.51.100.5"))


@pytest.mark.django_db
def test_changing_the_case_of_an_e_mail_address_does_not_escape_the_lock(citizen_by_email):
    client = Client()
    spellings = ["HOA@example.vn", "Hoa@Example.VN", " hoa@EXAMPLE.vn", "hoa@example.VN"]
    for n, spelling in enumerate(spellings):
        sign_in(client, spelling, "wrong", address=f"198.51.100.{n}")
    assert_locked(sign_in(client, "hoa@example.vn", "wrong", address="198.51.100.50"))
    assert_locked(sign_in(client, "hoa@example.vn", "pw-hoa", address="198.51.100.51"))


@pytest.mark.django_db
def test_the_admin_sign_in_is_protected_too(django_user_model):
    django_user_model.objects.create_superuser("quantri", "qt@example.vn", "pw-quantri")
    client = Client()
    for _ in range(settings.LOGIN_ACCOUNT_FAILURES - 1):
        assert sign_in(client, "quantri", "wrong", path="admin:login").status_code == 200
    assert_locked(sign_in(client, "quantri", "wrong", path="admin:login"))
    assert_locked(sign_in(client, "quantri", "pw-quantri", path="admin:login"))


@pytest.mark.asyncio
@pytest.mark.django_db(transaction=True)
async def test_the_lockout_works_through_the_asgi_handler_too(async_client):
    """daphne serves the site through Django's async handler, where axes' middleware takes
    another path: the lock must hold there as well."""
    await database_sync_to_async(make_user)(get_user_model(), "minh", "Trần Văn Minh")
    url, tries = reverse("login"), settings.LOGIN_ACCOUNT_FAILURES
    for _ in range(tries - 1):
        response = await async_client.post(url, {"username": "minh", "password": "wrong"})
        assert response.status_code == 200
    for password in ("wrong", "pw-minh"):
        response = await async_client.post(url, {"username": "minh", "password": password})
        assert_locked(response)
    await sync_to_async(connections.close_all)()


@pytest.mark.django_db
def test_the_lockout_page_is_in_english_for_english_readers(officer):
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    for _ in range(settings.LOGIN_ACCOUNT_FAILURES):
        response = sign_in(client, "minh", "wrong")
    assert response.status_code == 429
    assert "Signing in is blocked for a while" in response.content.decode()


# --- officer sessions ------------------------------------------------------------------------


@pytest.mark.django_db
def test_an_officer_is_signed_out_after_thirty_idle_minutes(officer):
    with time_machine.travel(START, tick=False) as clock:
        client = signed_in(officer)
        for _ in range(3):  # active: every 29 minutes for an hour and a half
            clock.shift(timedelta(minutes=settings.OFFICER_IDLE_MINUTES - 1))
            assert client.get(reverse(CENTRE)).status_code == 200
        key = client.session.session_key
        clock.shift(timedelta(minutes=settings.OFFICER_IDLE_MINUTES + 1))
        response = client.get(reverse(CENTRE))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login") + "?next=")
    assert not is_signed_in(client)
    assert not Session.objects.filter(session_key=key).exists()  # ended, not just ignored


@pytest.mark.django_db
def test_an_active_officer_is_signed_out_twelve_hours_after_signing_in(officer):
    with time_machine.travel(START, tick=False) as clock:
        client = signed_in(officer)
        step = timedelta(minutes=20)
        visits = 0
        while (visits + 1) * step <= timedelta(hours=settings.OFFICER_MAX_HOURS):
            clock.shift(step)
            assert client.get(reverse(CENTRE)).status_code == 200, visits
            visits += 1
        clock.shift(step)
        assert client.get(reverse(CENTRE)).status_code == 302
    assert not is_signed_in(client)
    print(f"absolute limit: {visits} visits in {settings.OFFICER_MAX_HOURS} h, then signed out")


@pytest.mark.django_db
def test_the_limits_come_from_the_settings(officer, settings):
    settings.OFFICER_IDLE_MINUTES = 5
    with time_machine.travel(START, tick=False) as clock:
        client = signed_in(officer)
        clock.shift(timedelta(minutes=6))
        assert client.get(reverse(CENTRE)).status_code == 302


@pytest.mark.django_db
def test_a_citizen_keeps_the_session_through_a_long_pause(citizen):
    with time_machine.travel(START, tick=False) as clock:
        client = signed_in(citizen)
        clock.shift(timedelta(hours=settings.OFFICER_MAX_HOURS + 1))
        assert client.get(reverse(CENTRE)).status_code == 200


@pytest.mark.django_db
def test_logging_out_ends_the_session(officer):
    client = signed_in(officer)
    stolen_cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert client.post(reverse("logout")).status_code == 200
    replay = Client()
    replay.cookies[settings.SESSION_COOKIE_NAME] = stolen_cookie
    assert replay.get(reverse(CENTRE)).status_code == 302
    assert not Session.objects.filter(session_key=stolen_cookie).exists()


@pytest.mark.django_db
def test_a_deactivated_officer_is_signed_out_at_the_next_request(officer):
    client = signed_in(officer)
    assert client.get(reverse(CENTRE)).status_code == 200
    officer.is_active = False
    officer.save()
    response = client.get(reverse(CENTRE))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


# --- the notification socket -----------------------------------------------------------------

ORIGIN = (b"origin", b"http://testserver")
HOST = (b"host", b"testserver")  # browsers always send it: the origin is checked against it


@sync_to_async
def socket_cookie(user) -> tuple[bytes, bytes]:
    return (b"cookie", session_cookie(signed_in(user)))


async def open_socket(cookie) -> tuple[WebsocketCommunicator, bool]:
    socket = WebsocketCommunicator(
        application, "/ws/notifications/", headers=[ORIGIN, HOST, cookie]
    )
    connected, _ = await socket.connect()
    return socket, connected


@database_sync_to_async
def deactivate(user) -> None:
    user.is_active = False
    user.save()


@database_sync_to_async
def make_officer():
    agency = Agency.objects.create(name="Sở Tư pháp", short_name="STP", place_name="Tuyên Quang")
    return grant(make_user(get_user_model(), "minh", "Trần Văn Minh"), agency, Role.FOCAL_OFFICER)


@pytest.mark.asyncio
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("own_channel_layer")
async def test_deactivating_an_officer_closes_the_open_socket_and_refuses_new_ones():
    officer = await make_officer()
    cookie = await socket_cookie(officer)
    socket, connected = await open_socket(cookie)
    assert connected
    assert (await socket.receive_json_from())["type"] == "unread"

    await deactivate(officer)
    closed = await socket.receive_output(timeout=5)
    assert closed == {"type": "websocket.close", "code": 4001}
    await socket.disconnect()  # the browser's side of the close: the consumer ends here
    refused, reconnected = await open_socket(cookie)
    assert reconnected is False
    await refused.disconnect()


@pytest.mark.asyncio
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("own_channel_layer")
async def test_an_idle_officer_session_cannot_open_the_socket():
    officer = await make_officer()
    with time_machine.travel(START, tick=False) as clock:
        cookie = await socket_cookie(officer)
        socket, connected = await open_socket(cookie)
        assert connected
        await socket.disconnect()
        clock.shift(timedelta(minutes=settings.OFFICER_IDLE_MINUTES + 1))
        refused, connected = await open_socket(cookie)
        await refused.disconnect()
    assert connected is False
