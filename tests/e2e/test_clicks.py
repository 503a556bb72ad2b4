"""The officer's path from received to provided, counted in clicks (issue #15.11): before, an
officer reviews, the head assigns, the officer checks the deadline, handles, the leader approves;
now a head who also handles accepts, takes and checks the deadline on one screen. Every click the
test makes is one a person makes (menu, row, button, radio, checkbox, select); signing in and
typing are not counted. The figures are printed and in the README."""

import re

import pytest
from django.utils import translation
from playwright.sync_api import Page, expect

from requests_flow.backoffice import forms as f
from requests_flow.choices import Complexity, Role
from requests_flow.models import InformationRequest
from tests.helpers import make_agency, people_of
from tests.portal.support import filed_online

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PASSWORD = "mat-khau-thu-nghiem-2026"


def vi(text) -> str:
    with translation.override("vi"):
        return translation.gettext(str(text))


class Person:
    """One person at the browser: each click() is counted."""

    def __init__(self, page: Page, base: str, number: str):
        self.page, self.base, self.number, self.clicks = page, base, number, 0

    def click(self, locator) -> None:
        locator.click()
        self.clicks += 1

    def check(self, label: str) -> None:
        self.click(self.page.get_by_label(vi(label), exact=True))

    def sign_in(self, username: str) -> None:
        self.page.context.clear_cookies()
        self.page.goto(self.base + "/accounts/login/?next=/backoffice/informationrequest/queue/")
        self.page.locator("#id_username").fill(username)
        self.page.locator("#id_password").fill(PASSWORD)
        self.page.locator("main button[type=submit]").click()  # signing in: not counted
        expect(self.page).to_have_url(re.compile(r"/queue/$"))

    def open_from(self, menu: str) -> None:
        """The sidebar's list, then the request's row."""
        # The sidebar link's name also holds its icon's ligature and its count.
        self.click(self.page.get_by_role("link", name=re.compile(re.escape(menu))).first)
        # Turbo may still be swapping the list in (a visit to the page already shown): wait for
        # it to settle, or the row's click lands on a page being replaced and is lost.
        self.page.wait_for_load_state("networkidle")
        self.click(self.page.get_by_role("link", name=self.number, exact=True))
        expect(self.page).not_to_have_url(re.compile(r"/(queue|inbox)/$"))

    def take(self) -> None:
        self.open_from("Hàng chờ")
        self.click(self.page.locator("button[name=_continue]"))  # "Take and open"
        expect(self.page).to_have_url(re.compile(r"/execute/$"))

    def submit(self) -> None:
        self.click(self.page.locator("form.vf-form button.mdc-button--raised"))
        expect(self.page).not_to_have_url(re.compile(r"/(execute|assign)/"))

    def handle_and_provide(self) -> None:
        self.open_from("Hộp công việc")
        self.check(f.HandleForm.base_fields["secrecy_reviewed"].label)
        self.check(dict(f.HandleForm.base_fields["action"].choices)["provide"])
        self.submit()

    def approve(self) -> None:
        self.take()
        self.check(dict(f.ApproveForm.base_fields["action"].choices)["approve"])
        self.submit()


@pytest.fixture
def people(django_user_model):
    agency = make_agency()
    users = people_of(
        agency,
        django_user_model,
        [
            ("minh", "minh", "Trần Văn Minh", [Role.FOCAL_OFFICER]),
            ("lan", "lan", "Đỗ Thị Lan", [Role.FOCAL_HEAD]),
            ("hung", "hung", "Phạm Quốc Hùng", [Role.LEADER]),
            ("hoa", "hoa", "Nguyễn Thị Hoa", []),
        ],
        PASSWORD,
    )
    filed_online(agency, users["hoa"])
    return users


def three_people(person: Person) -> None:
    """The path as it was: review, assignment and deadline check on three screens."""
    person.sign_in("minh")
    person.take()
    person.check(dict(f.ReviewForm.base_fields["decision"].choices)["accept"])
    person.submit()
    person.sign_in("lan")
    person.take()
    person.click(person.page.locator("#id_officer"))  # viewflow's Material select
    person.click(person.page.get_by_role("option", name=re.compile("Trần Văn Minh")))
    person.submit()
    person.sign_in("minh")
    person.open_from("Hộp công việc")
    person.check(Complexity.SIMPLE.label)
    person.submit()
    person.handle_and_provide()
    person.sign_in("hung")
    person.approve()


def one_screen(person: Person) -> None:
    """The head accepts, takes and checks the deadline on the review, handles, the leader signs."""
    person.sign_in("lan")
    person.take()
    person.check(dict(f.ReviewForm.base_fields["decision"].choices)["accept"])
    person.check("Assign it to me and check the deadline now")
    person.check(Complexity.SIMPLE.label)
    person.submit()
    person.handle_and_provide()
    person.sign_in("hung")
    person.approve()


def test_the_one_screen_path_takes_fewer_clicks_to_provided(page: Page, live_server, people):
    before = Person(page, live_server.url, "01/2026")
    three_people(before)
    assert InformationRequest.objects.get().state == "provided"

    filed_online(people["lan"].memberships.get().agency, people["hoa"])
    after = Person(page, live_server.url, "02/2026")
    one_screen(after)
    assert InformationRequest.objects.get(register_seq=2).state == "provided"

    print(f"clicks from received to provided: {before.clicks} before, {after.clicks} after")
    assert after.clicks <= before.clicks - 5, (before.clicks, after.clicks)
