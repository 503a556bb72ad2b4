"""Live updates with exactly what `make run` starts (issue #15.1): `manage.py runall` with the
development settings and no REDIS_URL, so the channel layer is in memory and the task worker is a
separate process. A citizen's request filed meanwhile appears in the officer's open queue, and
the badge counts it, without a reload (the web process's outbox bridge, notifications/bridge.py).
Before the bridge, the queue stayed as it was for 30 s and more."""

import os
import re
import subprocess
import sys

import pytest
from playwright.sync_api import Browser, expect

from requests_flow import workflow
from requests_flow.choices import Channel
from tests.helpers import STAFF, make_agency, people_of, request_data
from tests.processes import ROOT, database_url_for_subprocess, free_port, stop, wait_for_port

from .conftest import signed_in_page

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
QUEUE = "/backoffice/informationrequest/queue/"
LIVE = 20_000  # ms


@pytest.fixture
def make_run(tmp_path):
    """`manage.py runall` as `make run` starts it, on this test's database; no Redis."""
    port = free_port()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "REDIS"))},
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        # The sessions made by this test are signed with the test settings' key.
        "DJANGO_SECRET_KEY": "test-only-key",
        "DATABASE_URL": database_url_for_subprocess(),
        "TIEPCAN_VAR_DIR": str(tmp_path / "var"),
    }
    log = open(tmp_path / "runall.log", "w+")  # noqa: SIM115
    proc = subprocess.Popen(
        [sys.executable, "manage.py", "runall", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        wait_for_port(port, proc, "runall")
        yield f"http://127.0.0.1:{port}"
    finally:
        stop(proc)
        log.seek(0)
        print(log.read()[-3000:])
        log.close()


def test_the_officers_queue_gets_a_new_request_live_under_make_run(
    chromium: Browser, make_run, django_user_model
):
    agency = make_agency()
    people = people_of(
        agency, django_user_model, [*STAFF, ("citizen", "hoa", "Nguyễn Thị Hoa", [])]
    )
    page = signed_in_page(chromium, make_run, people["officer"])
    page.goto(make_run + QUEUE)
    badge, rows = page.locator("#notif-badge"), page.locator("#task-list-rows")
    expect(badge).to_have_attribute("data-count", re.compile(r"^\d+$"))  # the socket is open
    page.evaluate("window.__tiepcanNoReload = true")
    expect(rows.locator("tbody tr")).to_have_count(0)

    info = workflow.submit_request(
        agency=agency,
        data=request_data(requester_name="Nguyễn Thị Hoa"),
        channel=Channel.ELECTRONIC,
        actor=people["citizen"],
        requester_user=people["citizen"],
    )
    expect(rows.get_by_role("link", name=info.register_number, exact=True)).to_be_visible(
        timeout=LIVE
    )
    expect(badge).to_have_text("1", timeout=LIVE)
    assert page.evaluate("window.__tiepcanNoReload === true"), "the page was reloaded"
    page.context.close()


def test_a_row_pressed_while_the_list_is_refreshed_still_opens(
    chromium: Browser, make_run, django_user_model
):
    """A live refresh replaces the list; one that lands between the press on a row and its
    release used to lose the click (no page opened): live.js now holds the swap until the
    release. The press is held here until the refresh's answer has arrived."""
    agency = make_agency()
    people = people_of(
        agency, django_user_model, [*STAFF, ("citizen", "hoa", "Nguyễn Thị Hoa", [])]
    )

    def file():
        return workflow.submit_request(
            agency=agency,
            data=request_data(requester_name="Nguyễn Thị Hoa"),
            channel=Channel.ELECTRONIC,
            actor=people["citizen"],
            requester_user=people["citizen"],
        )

    first = file()
    page = signed_in_page(chromium, make_run, people["officer"])
    page.goto(make_run + QUEUE)
    expect(page.locator("#notif-badge")).to_have_attribute("data-count", re.compile(r"^\d+$"))
    row = page.locator("#task-list-rows").get_by_role("link", name=first.register_number)
    box = row.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.down()
    with page.expect_response(lambda r: r.url.endswith(QUEUE), timeout=LIVE):
        second = file()  # its hint makes the page fetch the list again
    page.wait_for_timeout(500)  # the answer parsed: swapped now, had it not been held
    page.mouse.up()
    expect(page).not_to_have_url(re.compile(r"/queue/$"))
    page.goto(make_run + QUEUE)
    expect(
        page.locator("#task-list-rows").get_by_role("link", name=second.register_number)
    ).to_be_visible()
    page.context.close()
