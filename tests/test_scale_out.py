"""The scale-out shape on one machine (PostgreSQL + Redis run): two ASGI servers and a task
worker share one database and one Redis; a request submitted through server A reaches, as a live
notification, an officer's WebSocket connected to server B."""

import base64
import http.cookiejar
import json
import os
import re
import socket
import subprocess
import sys
import urllib.parse
import urllib.request

import pytest

from requests_flow.choices import Role
from tests.helpers import make_user, member, session_cookie, signed_in
from tests.processes import ROOT, database_url_for_subprocess, free_port, start_daphne

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not os.environ.get("REDIS_URL"),
        reason="needs PostgreSQL and Redis (the second run of make test)",
    ),
]


def env_for_subprocess() -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": database_url_for_subprocess(),
        "PYTHONUNBUFFERED": "1",
    }


def ws_connect(port: int, cookie: str) -> socket.socket:
    """A minimal WebSocket client (RFC 6455): enough to read the server's text frames."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=20)
    key = base64.b64encode(os.urandom(16)).decode()
    sock.sendall(
        (
            f"GET /ws/notifications/ HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
            "Upgrade: websocket\r\nConnection: Upgrade\r\n"
            f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n"
            f"Origin: http://127.0.0.1:{port}\r\nCookie: {cookie}\r\n\r\n"
        ).encode()
    )
    head = b""
    while b"\r\n\r\n" not in head:
        head += sock.recv(1)
    assert b" 101 " in head.split(b"\r\n")[0], head
    return sock


def ws_frame(sock: socket.socket) -> tuple[int, bytes]:
    first, second = sock.recv(1), sock.recv(1)
    length = second[0] & 0x7F
    if length == 126:
        length = int.from_bytes(sock.recv(2), "big")
    elif length == 127:
        length = int.from_bytes(sock.recv(8), "big")
    data = b""
    while len(data) < length:
        data += sock.recv(length - len(data))
    return first[0] & 0x0F, data


def ws_read(sock: socket.socket) -> dict:
    """The next text frame; daphne's keep-alive pings (opcode 9) may come first."""
    opcode, data = ws_frame(sock)
    while opcode == 9:
        opcode, data = ws_frame(sock)
    assert opcode == 1, f"a text frame, not opcode {opcode}: {data!r}"
    return json.loads(data)


def test_an_action_on_server_a_reaches_a_socket_on_server_b(agency, django_user_model):
    officer = member(
        make_user(django_user_model, "minh", "Trần Văn Minh"), agency, Role.FOCAL_OFFICER
    )
    citizen = make_user(django_user_model, "hoa", "Nguyễn Thị Hoa")
    env = env_for_subprocess()
    port_a, port_b = free_port(), free_port()
    servers = [start_daphne(port_a, env), start_daphne(port_b, env)]
    try:
        socket_b = ws_connect(port_b, session_cookie(signed_in(officer)).decode())
        assert ws_read(socket_b)["type"] == "unread"

        citizen_client = signed_in(citizen)
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        base_a = f"http://127.0.0.1:{port_a}"
        jar.set_cookie(
            http.cookiejar.Cookie(
                0,
                "sessionid",
                citizen_client.cookies["sessionid"].value,
                None,
                False,
                "127.0.0.1",
                False,
                False,
                "/",
                True,
                False,
                None,
                True,
                None,
                None,
                {},
            )
        )
        page = opener.open(base_a + "/gui-yeu-cau/").read().decode()
        csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]
        token = re.search(r'name="token" value="([^"]+)"', page)[1]
        form = {
            "csrfmiddlewaretoken": csrf,
            "token": token,
            "agency": agency.pk,
            "requester_kind": "individual",
            "requester_name": "Nguyễn Thị Hoa",
            "requester_address": "Tổ 7",
            "id_document_type": "cccd",
            "id_number": "001190123456",
            "information_requested": "Quyết định 12/QĐ",
            "provision_form": "email",
            "copies": "1",
            "reason_purpose": "Tìm hiểu",
        }
        request = urllib.request.Request(  # noqa: S310 - http on loopback
            base_a + "/gui-yeu-cau/",
            data=urllib.parse.urlencode(form).encode(),
            headers={"Referer": base_a + "/gui-yeu-cau/"},
        )
        assert "/da-nhan/" in opener.open(request).url

        subprocess.run(
            [
                sys.executable,
                "manage.py",
                "db_worker",
                "--batch",
                "--no-startup-delay",
                "--no-reload",
            ],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            timeout=120,
        )
        message = ws_read(socket_b)
        assert message["type"] == "notification"
        assert "01/" in message["title"]
        socket_b.close()
    finally:
        for proc in servers:
            proc.kill()
            proc.wait()
