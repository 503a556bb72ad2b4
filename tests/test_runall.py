"""`make run`'s last step, for real: the ASGI server, the task worker and the scheduler start
together on an embedded SQLite database with the demo data, serve Vietnamese pages and the admin,
and all stop on Ctrl-C."""

import http.cookiejar
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from requests_flow.demo import DEMO_PASSWORD

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def children_of(pid: int) -> set[int]:
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.add(int(stat.parent.name))
    return found


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"


@pytest.fixture
def served(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "TIEPCAN_VAR_DIR": str(tmp_path),
        "PYTHONUNBUFFERED": "1",
    }
    manage = [sys.executable, "manage.py"]
    for step in (["migrate", "--noinput", "-v0"], ["seed_demo"]):
        subprocess.run(
            [*manage, *step], cwd=ROOT, env=env, check=True, capture_output=True, timeout=300
        )
    port = free_port()
    log = open(tmp_path / "run.log", "w+")  # noqa: SIM115 - closed in the fixture's teardown
    proc = subprocess.Popen(
        [*manage, "runall", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(120):
        try:
            urllib.request.urlopen(base + "/", timeout=2)  # noqa: S310 - loopback only
            break
        except OSError:
            time.sleep(0.5)
    yield base, proc, tmp_path / "run.log"
    if proc.poll() is None:
        proc.kill()
    log.close()


def test_make_run_serves_the_app_with_worker_and_scheduler_and_stops_cleanly(served):
    base, proc, log_path = served
    home = urllib.request.urlopen(base + "/", timeout=10).read().decode()  # noqa: S310
    assert '<html lang="vi">' in home
    assert "Sở Tư pháp tỉnh Tuyên Quang" in home
    assert urllib.request.urlopen(base + "/static/css/site.css").status == 200  # noqa: S310

    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    login = opener.open(base + "/admin/login/?next=/admin/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login)[1]
    form = urllib.parse.urlencode(
        {
            "username": "admin",
            "password": DEMO_PASSWORD,
            "csrfmiddlewaretoken": token,
            "next": "/admin/",
        }
    ).encode()
    admin_index = opener.open(base + "/admin/login/?next=/admin/", data=form).read().decode()
    assert "/admin/logout/" in admin_index
    assert "/admin/requests_flow/informationrequest/" in admin_index

    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        text = log_path.read_text()
        if "Starting worker" in text and "deadline sweep:" in text:
            break
        time.sleep(0.5)
    assert "Starting worker" in text, "the task worker is running"
    assert "deadline sweep:" in text, "the scheduler ran the deadline sweep"

    children = children_of(proc.pid)
    assert len(children) == 3
    proc.send_signal(signal.SIGINT)
    assert proc.wait(timeout=30) == 0
    time.sleep(0.5)
    assert not [pid for pid in children if alive(pid)], "Ctrl-C stops every process"
