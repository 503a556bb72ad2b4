"""The officer's day in a real browser: a new request is taken from the queue, accepted, assigned,
its deadline checked and its provision drafted; the leader approves; the request is provided."""

import re

import pytest
from django.utils import translation
from playwright.sync_api import Page, expect

from requests_flow.backoffice import forms as f
from requests_flow.choices import Complexity, Role, State
from requests_flow.models import InformationRequest
from tests.helpers import make_agency, people_of
from tests.portal.support import filed_online

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PASSWORD = "mat-khau-thu-nghiem-2026"
# viewflow's own interface words: none may show on a Vietnamese page.
VIEWFLOW_ENGLISH = [
    "Inbox",
    "Queue",
    "Archive",
    "Dashboard",
    "Execute",
    "Assign",
    "Filter",
    "Applications",
    "Created",
    "Task",
    "Process",
    "Log out",
    "Unassign",
]


def vi(text) -> str:
    with translation.override("vi"):
        return str(text)


@pytest.fixture
def people(django_user_model):
    agency = make_agency()
    users = people_of(
        agency,
        django_user_model,
        [
            ("minh", "minh", "Trần Văn Minh", [Role.FOCAL_OFFICER, Role.FOCAL_HEAD]),
            ("hung", "hung", "Phạm Quốc Hùng", [Role.LEADER]),
            ("hoa", "hoa", "Nguyễn Thị Hoa", []),
        ],
        PASSWORD,
    )
    filed_online(agency, users["hoa"])
    return users


def sign_in(page: Page, base: str, username: str) -> None:
    page.goto(base + "/accounts/login/?next=/backoffice/informationrequest/queue/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/backoffice/informationrequest/queue/$"))


def take_from_queue(page: Page, base: str, register_number: str) -> None:
    page.goto(base + "/backoffice/informationrequest/queue/")
    page.get_by_role("link", name=register_number, exact=True).click()
    page.locator("button[name=_continue]").click()  # take the task and continue to it
    expect(page).to_have_url(re.compile(r"/execute/$"))


def execute(page: Page, choice: str, screenshot=None) -> None:
    page.get_by_label(vi(choice), exact=True).check()
    if screenshot:
        page.screenshot(path=str(screenshot), full_page=True)
    submit(page)


def submit(page: Page) -> None:
    """Press the task's main button and wait until the task is done (the page leaves it)."""
    page.locator("form.vf-form button.mdc-button--raised").click()
    expect(page).not_to_have_url(re.compile(r"/(execute|assign)/"))


def test_officer_and_leader_take_a_request_to_provided(
    page: Page, live_server, people, screenshots_dir
):
    base = live_server.url
    sign_in(page, base, "minh")
    expect(page.get_by_role("link", name="01/2026", exact=True)).to_be_visible()
    take_from_queue(page, base, "01/2026")
    execute(
        page,
        dict(f.ReviewForm.base_fields["decision"].choices)["accept"],
        screenshots_dir / "backoffice-review.png",
    )

    take_from_queue(page, base, "01/2026")
    page.locator("#id_officer").click()  # viewflow's Material select
    page.get_by_role("option", name=re.compile("Trần Văn Minh")).click()
    submit(page)

    page.goto(base + "/backoffice/informationrequest/inbox/")
    page.screenshot(path=str(screenshots_dir / "backoffice-inbox.png"), full_page=True)
    body = page.locator("body").inner_text()
    for word in VIEWFLOW_ENGLISH:
        assert not re.search(rf"\b{re.escape(word)}\b", body), f"English on the inbox: {word}"
    page.get_by_role("link", name="01/2026", exact=True).click()
    execute(page, Complexity.SIMPLE.label)

    page.goto(base + "/backoffice/informationrequest/inbox/")
    page.get_by_role("link", name="01/2026", exact=True).click()
    page.get_by_label(vi(f.HandleForm.base_fields["secrecy_reviewed"].label)).check()
    execute(page, dict(f.HandleForm.base_fields["action"].choices)["provide"])

    page.context.clear_cookies()
    sign_in(page, base, "hung")
    take_from_queue(page, base, "01/2026")
    execute(page, dict(f.ApproveForm.base_fields["action"].choices)["approve"])

    request = InformationRequest.objects.get()
    assert request.state == "provided"
    page.goto(base + f"/backoffice/informationrequest/{request.process.pk}/")
    expect(page.get_by_text(vi(State.PROVIDED.label)).first).to_be_visible()
    page.screenshot(path=str(screenshots_dir / "backoffice-detail.png"), full_page=True)


def test_an_officer_takes_selected_tasks_from_the_queue_at_once(
    page: Page, live_server, people, screenshots_dir
):
    """Bulk assign: tick a row, pick the action, confirm; viewflow's page works under our CSP
    (its inline "Back" button became a plain link to the queue)."""
    base = live_server.url
    sign_in(page, base, "minh")
    row = page.locator("tr", has=page.get_by_role("link", name="01/2026", exact=True))
    row.locator("td.vf-list__action-cell input[type=checkbox]").check()
    page.locator(".vf-list__action-select .mdc-select__anchor").click()
    page.get_by_role("option", name="Nhận các công việc đã chọn").click()
    page.get_by_role("button", name="Thực hiện").click()
    back = page.locator("a[name=_confirm]")
    expect(back).to_have_attribute("href", "/backoffice/informationrequest/queue/")
    page.screenshot(path=str(screenshots_dir / "backoffice-bulk-assign.png"), full_page=True)
    page.locator("input[type=submit][name=_confirm]").click()
    expect(page).not_to_have_url(re.compile(r"/tasks/|assign"))
    task = InformationRequest.objects.get().process.task_set.get(status="ASSIGNED")
    assert task.owner == people["minh"]
