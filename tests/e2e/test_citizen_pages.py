"""What the citizen reads, in a real browser (issue #15.10 and cosmetic items): a refused
request's page shows the grounds in the law's words and the reasons, not only in the PDF; the
timeline names the outcome, never "Phê duyệt quyết định", nor the leader's internal comment; the
receipt's "why these dates?" carries no staff-only rule-set warning; the page's buttons ("Gửi",
"Rút yêu cầu") are styled, not the browser's grey ones."""

import pytest
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import Browser, Page, expect

from portal.selectors import provisional_deadlines
from requests_flow.choices import RefusalGround
from tests.helpers import STAFF, decided, make_agency, people_of
from tests.portal.support import filed_online

from .conftest import signed_in_page

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
UNVERIFIED = "chưa được đối chiếu"  # "… has not been verified against the official text"


@pytest.fixture
def people(django_user_model) -> dict:
    agency = make_agency()
    found = people_of(agency, django_user_model, [*STAFF, ("citizen", "hoa", "Nguyễn Thị Hoa", [])])
    return {"agency": agency, **found}


def open_as_citizen(chromium: Browser, base: str, people, path: str) -> Page:
    """The page, watched by tests/e2e/guard.py (console errors, CSP, axe) like every page."""
    page = signed_in_page(chromium, base, people["citizen"])
    page.goto(base + path)
    return page


def test_a_refused_requests_page_says_why_in_words(
    chromium: Browser, live_server, people, screenshots_dir
):
    who = [people[k] for k in ("agency", "citizen", "officer", "head", "leader")]
    info = decided(*who, "refuse", "Đồng ý.")
    path = reverse("portal:detail", args=[info.tracking_code])
    page = open_as_citizen(chromium, live_server.url, people, path)
    with translation.override("vi"):
        ground_c = str(RefusalGround.C.label)
    expect(page.locator(".tc-grounds li")).to_have_text([ground_c])
    expect(page.get_by_text("Không thuộc trách nhiệm.")).to_be_visible()  # the reasons
    timeline = page.locator("#request-timeline")
    expect(timeline).to_contain_text("Đã từ chối cung cấp thông tin")
    expect(timeline).not_to_contain_text("Phê duyệt quyết định")
    expect(page.locator("main")).not_to_contain_text("Đồng ý.")  # the leader's, staff only
    page.screenshot(path=str(screenshots_dir / "portal-refused.png"), full_page=True)
    page.context.close()


def test_the_receipt_explains_dates_without_the_staff_warning_and_buttons_are_styled(
    chromium: Browser, live_server, people
):
    info = filed_online(people["agency"], people["citizen"])  # today: the 2026 law, unverified
    staff_lines = [line for _label, r in provisional_deadlines(info) for line in r.explanation()]
    assert any(UNVERIFIED in line for line in staff_lines)  # what staff would read
    base = live_server.url
    page = open_as_citizen(
        chromium, base, people, reverse("portal:received", args=[info.tracking_code])
    )
    why = page.locator("details").first
    why.locator("summary").click()
    expect(why.locator("li").first).to_be_visible()
    expect(page.locator("main")).not_to_contain_text(UNVERIFIED)

    page.goto(base + reverse("portal:detail", args=[info.tracking_code]))
    for name in ("Gửi", "Rút yêu cầu"):
        button = page.get_by_role("button", name=name, exact=True).first
        expect(button).to_be_visible()
        look = button.evaluate(
            "b => { const s = getComputedStyle(b); return [s.backgroundColor, s.borderTopColor]; }"
        )
        # Outlined in the brand colour on white; the browser's default is grey on grey.
        assert look == ["rgb(255, 255, 255)", "rgb(163, 21, 21)"], (name, look)
    page.context.close()
