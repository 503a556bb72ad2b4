"""Live notifications in a real browser, against real processes (issue #7, acceptance):

1. a focal officer has the queue open (a new request's first task, "review validity", waits in
   the queue of the agency's focal officers); a citizen submits Form 01a in another browser
   context; the request's row appears in the officer's list, and the badge and the sidebar's
   queue count go from 0 to 1, without a reload;
2. the supervisor has the dashboard open while the request is due today; time moves past its
   deadline, the deadline sweep runs; the tiles and the "due soon and overdue" list show it
   overdue, without a reload.

Why real processes and not pytest-django's live_server: that is a WSGI thread (no WebSocket) with
an in-process channel layer. Here daphne serves pages and sockets, `manage.py db_worker` delivers
the notifications and pushes them through a Redis channel layer of our own (redis-server), and
`manage.py scheduler --once` sweeps: all on this test's database (a SQLite file in `make test`;
what the test creates is committed, transaction=True).

Moving time: the dashboard and the sweep read the clock of their own process, so the server
processes run with tests/e2e/live_settings.py, whose clock (time-machine) follows an offset the
test writes to a file (tests/e2e/moved_clock.py); the monotonic clock stays real. libfaketime
(LD_PRELOAD) was tried first and dropped: with FAKETIME_DONT_FAKE_MONOTONIC=1, Python 3.11's
time.sleep fails with EINVAL (libfaketime 0.9.10) and daphne answered each request in seconds;
with the monotonic clock faked too, every asyncio timer in daphne expires at a jump, the Redis
read of the open socket's consumer times out and the socket drops (the page then reconnects and
refreshes, which would hide a lost push). The jump to the deadline day happens before the
supervisor signs in (through the form, so the session's times are the faked clock's), and the
last one is 91 seconds (23:59 to 00:00:30 the next day): the session is neither idle nor old by
the officer rules of accounts.sessions. Each page must get its update on its first socket.
"""

import os
import re
import subprocess
import sys
import time
from datetime import datetime, timedelta
from datetime import time as day_time
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, Page, expect

from requests_flow.actions import CITIZEN_TIMELINE
from requests_flow.choices import Role
from requests_flow.deadlines import LOCAL_TZ
from requests_flow.models import InformationRequest
from tests.backoffice.support import advance
from tests.helpers import STAFF, make_agency, people_of
from tests.portal.support import filed_online
from tests.processes import (
    ROOT,
    database_url_for_subprocess,
    free_port,
    redis_server,
    start_daphne,
    stop,
)

from .conftest import DESKTOP, signed_in_page
from .moved_clock import write_offset

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PASSWORD = "mat-khau-song-2026"
LIVE = 20_000  # ms: a push goes page -> database -> worker -> Redis -> daphne -> page
QUEUE = "/backoffice/informationrequest/queue/"
DASHBOARD = "/backoffice/supervision/dashboard/"
WORKER = [sys.executable, "manage.py", "db_worker"]
STEPS = ("accept", "assign", "classify")
SOCKETS: dict[int, list] = {}
# Set on the page once it is open; a reload or navigation would lose it.
MARK = "window.__tiepcanNoReload = true"
UNCHANGED = "() => window.__tiepcanNoReload === true"


class Clock:
    """The wall clock of the server processes: an offset from the real time, in a file that
    tests/e2e/moved_clock.py follows in each of them."""

    def __init__(self, path: Path):
        self.path = path
        self.set_offset(0)

    def set_offset(self, seconds: float) -> None:
        write_offset(self.path, seconds)

    def move_to(self, moment: datetime) -> None:
        self.set_offset(moment.timestamp() - time.time())


@pytest.fixture
def desk(django_user_model) -> dict:
    agency = make_agency()
    people = [
        *STAFF,
        ("supervisor", "son", "Hoàng Văn Sơn", [Role.SUPERVISOR]),
        ("citizen", "hoa", "Nguyễn Thị Hoa", []),
    ]
    return {"agency": agency, **people_of(agency, django_user_model, people, PASSWORD, email=True)}


@pytest.fixture
def stack(tmp_path):
    """Redis, then daphne and the task worker under the faked clock, on this test's database."""
    clock = Clock(tmp_path / "faketime")
    with redis_server(tmp_path) as redis_url:
        env = {
            **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
            "DJANGO_SETTINGS_MODULE": "tests.e2e.live_settings",
            "DATABASE_URL": database_url_for_subprocess(),
            "REDIS_URL": redis_url,
            "PYTHONUNBUFFERED": "1",
            "TIEPCAN_TEST_CLOCK_FILE": str(clock.path),
        }
        port = free_port()
        logs = {name: open(tmp_path / f"{name}.log", "w+") for name in ("web", "worker")}  # noqa: SIM115
        web = start_daphne(port, env, "tests.e2e.live_asgi:application", logs["web"])
        worker = subprocess.Popen(
            [*WORKER, "--interval", "0.2", "--no-reload", "--no-startup-delay"],
            cwd=ROOT,
            env=env,
            stdout=logs["worker"],
            stderr=subprocess.STDOUT,
        )
        try:
            yield {"base": f"http://127.0.0.1:{port}", "clock": clock, "env": env, "logs": logs}
        finally:
            for proc in (worker, web):  # before the test's database is flushed
                stop(proc)
            for log in logs.values():
                log.close()


def open_live(page: Page, url: str, go) -> None:
    """Run go() (which loads the page at `url`) and wait until the page's socket has delivered
    the unread snapshot (live.js then writes the count into the badge's data-count): from then
    on, pushes reach the page."""
    page.on("websocket", lambda socket: sockets_of(page).append(socket))
    go()
    expect(page).to_have_url(re.compile(re.escape(url)))
    expect(page.locator("#notif-badge")).to_have_attribute("data-count", re.compile(r"^\d+$"))
    page.evaluate(MARK)


def sockets_of(page: Page) -> list:
    """The notification sockets the page opened since open_live (a reconnect adds one)."""
    return SOCKETS.setdefault(id(page), [])


def one_socket_throughout(page: Page) -> bool:
    """The update came as a push on the page's first socket, not by reconnecting (live.js also
    refreshes fragments after a reconnect, which would hide a lost push)."""
    sockets = [s for s in sockets_of(page) if s.url.endswith("/ws/notifications/")]
    return len(sockets) == 1 and not sockets[0].is_closed()


def submit_request(page: Page, base: str, agency) -> InformationRequest:
    page.goto(base + reverse("portal:submit"))
    page.locator("#id_agency").select_option(label=agency.name)
    page.locator("#id_requester_address").fill("Tổ 7, phường Hà Giang 1, tỉnh Tuyên Quang")
    page.locator("#id_id_document_type").select_option("cccd")
    page.locator("#id_id_number").fill("001190123456")
    page.locator("#id_information_requested").fill("Quyết định số 15/QĐ-UBND ngày 10/01/2025")
    page.locator("#id_provision_form").select_option("email")
    page.locator("#id_reason_purpose").fill("Tìm hiểu quyền lợi của gia đình")
    page.locator("main form button.primary").first.click()
    expect(page).to_have_url(re.compile(r"/da-nhan/$"))
    return InformationRequest.objects.get()


def sweep(env: dict) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", "scheduler", "--once"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return done.stdout


def test_new_work_and_overdue_requests_appear_live(chromium: Browser, desk, stack, screenshots_dir):
    started = time.monotonic()
    info = officer_sees_new_work(chromium, desk, stack, screenshots_dir)
    first_part = time.monotonic() - started
    fetches = supervisor_sees_overdue(chromium, desk, stack, screenshots_dir, info)
    print(
        f"live: new request in the queue and badge 0 -> 1 after {first_part:.1f} s; "
        f"2 requests overdue on the dashboard after {time.monotonic() - started:.1f} s in all; "
        f"2 pushes in one burst, {fetches} fetches for 2 refreshed URLs"
    )


def officer_sees_new_work(chromium: Browser, desk, stack, shots) -> InformationRequest:
    base = stack["base"]
    officer = signed_in_page(chromium, base, desk["officer"])
    open_live(officer, base + QUEUE, lambda: officer.goto(base + QUEUE))
    rows, badge = officer.locator("#task-list-rows"), officer.locator("#notif-badge")
    expect(badge).to_be_hidden()
    expect(rows.locator("tbody tr")).to_have_count(0)
    # The sidebar's queue count (viewflow's menu, in templates/backoffice/flow_menu.html).
    queued = officer.locator("#tc-flow-menu a[href$='/queue/'] .mdc-list-item__meta")
    expect(queued).to_have_text("0")

    citizen = signed_in_page(chromium, base, desk["citizen"])
    info = submit_request(citizen, base, desk["agency"])
    link = rows.get_by_role("link", name=info.register_number, exact=True)
    expect(link).to_be_visible(timeout=LIVE)
    expect(badge).to_have_text("1", timeout=LIVE)
    expect(rows.locator("tbody tr")).to_have_count(1)
    expect(queued).to_have_text("1")  # issue #15: it stayed at 0 until a reload
    assert officer.evaluate(UNCHANGED), "the officer's page was reloaded"
    assert one_socket_throughout(officer), sockets_of(officer)
    officer.screenshot(path=str(shots / "live-queue-new-request.png"), full_page=True)
    officer.context.close()
    citizen_sees_the_acceptance(citizen, base, info, desk)
    citizen.context.close()
    return info


def citizen_sees_the_acceptance(page: Page, base: str, info, desk) -> None:
    """The citizen's request page is open when the officer accepts: its "What happened" list
    gains the step without a reload (the page's timeline refreshes on a push about it)."""
    url = base + reverse("portal:detail", args=[info.tracking_code])
    open_live(page, url, lambda: page.goto(url))
    timeline = page.locator("#request-timeline li")
    # The citizen's steps (a letter's draft is not one of them: only its issue is).
    shown = info.events.filter(action__in=CITIZEN_TIMELINE)
    expect(timeline).to_have_count(shown.count())
    staff = {k: desk[k] for k in ("officer", "head", "leader")}
    advance(info, staff, "accept")
    expect(timeline).to_have_count(shown.count(), timeout=LIVE)
    assert page.evaluate(UNCHANGED), "the citizen's page was reloaded"


def supervisor_sees_overdue(chromium: Browser, desk, stack, shots, info) -> int:
    """Returns how many fetches the page made to refresh itself after the sweep's pushes."""
    base, clock = stack["base"], stack["clock"]
    # A second request filed the same day: the sweep's two alerts come to the page as a burst.
    staff = {k: desk[k] for k in ("officer", "head", "leader")}
    # The first one was accepted while its citizen watched; both now get their deadlines.
    requests = [advance(info, staff, *STEPS[1:]), advance(second_request(desk), staff, *STEPS)]
    due = requests[0].next_due
    assert due is not None and due > datetime.now(LOCAL_TZ).date(), due
    assert requests[1].next_due == due, (requests[1].next_due, due)

    # Their next deadline is today: one minute before midnight.
    clock.move_to(datetime.combine(due, day_time(23, 59), LOCAL_TZ))
    page = supervisor_on_dashboard(chromium, base, desk["supervisor"])
    tiles, lists = page.locator("#dashboard-tiles"), page.locator("#dashboard-lists")
    rows = [lists.locator("table.tc-attention tr", has_text=r.register_number) for r in requests]
    expect(tile(tiles, "due_soon")).to_have_text("2")
    expect(tile(tiles, "overdue")).to_have_text("0")
    for row in rows:
        expect(row.locator(".tc-badge--due_soon")).to_be_visible()
    page.screenshot(path=str(shots / "live-dashboard-due-today.png"))

    # Thirty seconds past midnight: the deadlines have passed; the scheduler's sweep notices.
    fetched = []
    page.on("request", lambda r: fetched.append(r.url) if DASHBOARD in r.url else None)
    clock.move_to(datetime.combine(due + timedelta(days=1), day_time(0, 0, 30), LOCAL_TZ))
    swept = sweep(stack["env"])
    assert re.search(r"\b2 overdue", swept), swept
    expect(tile(tiles, "overdue")).to_have_text("2", timeout=LIVE)
    expect(tile(tiles, "due_soon")).to_have_text("0")
    for row in rows:
        expect(row.locator(".tc-badge--overdue")).to_be_visible()
    expect(page.locator("#notif-badge")).to_have_text("2")
    assert page.evaluate(UNCHANGED), "the supervisor's dashboard was reloaded"
    assert one_socket_throughout(page), sockets_of(page)
    page.wait_for_timeout(1000)  # a second refresh, if the burst were not coalesced
    # The worker e-mails then pushes each one: the e-mail times show how close the pushes were.
    sent = sorted(desk["supervisor"].notifications.values_list("emailed_at", flat=True))
    apart = (sent[-1] - sent[0]).total_seconds() * 1000
    print(f"live: the supervisor's 2 pushes were {apart:.0f} ms apart")
    assert len(fetched) == 2, fetched  # the tiles fragment and the page, once each
    page.screenshot(path=str(shots / "live-dashboard-overdue.png"))
    return len(fetched)


def tile(tiles, name: str):
    return tiles.locator(f"[data-tile={name}] .tc-tile__n")


def second_request(desk) -> InformationRequest:
    """Filed online today by the same citizen, through the services (with its process)."""
    return filed_online(desk["agency"], desk["citizen"], requester_name="Nguyễn Thị Hoa")


def supervisor_on_dashboard(chromium: Browser, base: str, user) -> Page:
    """Signed in through the login form, so the session's times are the faked clock's."""
    context = chromium.new_context(viewport=DESKTOP, locale="vi-VN")
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.goto(base + "/accounts/login/?next=" + DASHBOARD)
    page.locator("#id_username").fill(user.username)
    page.locator("#id_password").fill(PASSWORD)
    open_live(page, base + DASHBOARD, lambda: page.locator("main button[type=submit]").click())
    return page
