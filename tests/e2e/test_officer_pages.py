"""The officer's pages in a real browser (issue #15): the inbox on a phone (item 9) and the
citizen's attachments on the review task and the request page (item 4)."""

import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import Browser, Page, expect

from portal import services as portal_services
from requests_flow.backoffice.forms import ReviewForm
from requests_flow.choices import RefusalGround
from requests_flow.models import InformationRequest
from tests.backoffice.support import advance
from tests.helpers import STAFF, make_agency, people_of, signed_in
from tests.portal.support import PDF, filed_online

from .conftest import signed_in_page

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}
INBOX = "/backoffice/informationrequest/inbox/"
QUEUE = "/backoffice/informationrequest/queue/"


@pytest.fixture
def desk(django_user_model) -> dict:
    agency = make_agency()
    people = [*STAFF, ("citizen", "hoa", "Nguyễn Thị Hoa", [])]
    return {"agency": agency, **people_of(agency, django_user_model, people)}


def phone_page(chromium: Browser, base: str, user) -> Page:
    context = chromium.new_context(viewport=PHONE, locale="vi-VN", is_mobile=True, has_touch=True)
    context.set_default_timeout(15_000)
    cookie = signed_in(user).cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": base}])
    return context.new_page()


def fully_shown(page: Page, locator) -> None:
    """On screen, within the viewport's width, and not cut (no ellipsis, no hidden overflow)."""
    expect(locator).to_be_visible()
    box = locator.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box
    assert locator.evaluate("e => e.scrollWidth <= e.clientWidth"), locator


def test_the_inbox_reads_on_a_phone(chromium: Browser, live_server, desk, screenshots_dir):
    """Item 9: at 390 px the officer's inbox has no horizontal scroll, and each row shows its
    register number and its due date in full."""
    staff = {k: desk[k] for k in ("officer", "head", "leader")}
    requests = [
        advance(
            filed_online(desk["agency"], desk["citizen"]), staff, "accept", "assign", "classify"
        )
        for _ in range(4)
    ]
    page = phone_page(chromium, live_server.url, desk["officer"])
    page.goto(live_server.url + INBOX)
    rows = page.locator("#task-list-rows tbody tr")
    expect(rows).to_have_count(len(requests))
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), (
        page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    )
    for info in requests:
        row = rows.filter(has=page.get_by_role("link", name=info.register_number, exact=True))
        fully_shown(page, row.get_by_role("link", name=info.register_number, exact=True))
        due = f"{info.next_due:%d/%m/%Y}"
        fully_shown(page, row.locator("td", has_text=due))
        expect(row).to_contain_text(due)
    page.screenshot(path=str(screenshots_dir / "backoffice-inbox-phone.png"), full_page=True)
    page.context.close()


def test_the_officer_sees_and_downloads_the_citizens_attachments(
    chromium: Browser, live_server, desk
):
    """Item 4: the review task and the request's page list the files the citizen sent, and each
    downloads with its bytes."""
    base = live_server.url
    info = filed_online(desk["agency"], desk["citizen"])
    files = {"giay-uy-quyen.pdf": PDF, "ban-sao-cccd.pdf": PDF.replace(b"%%EOF", b"%%EOF\n")}
    portal_services.save_attachments(
        info,
        [(name, "application/pdf", data) for name, data in files.items()],
        kind="other",
        user=desk["citizen"],
    )
    page = signed_in_page(chromium, base, desk["officer"])
    page.goto(base + QUEUE)
    page.get_by_role("link", name=info.register_number, exact=True).click()
    page.locator("button[name=_continue]").click()  # take the review task
    expect(page).to_have_url(re.compile(r"/review/\d+/execute/$"))
    downloads_each(page, base, files)

    page.goto(base + reverse("informationrequest:process_detail", args=[info.process.pk]))
    downloads_each(page, base, files)
    with page.expect_download() as download:
        page.locator("#requester-documents").get_by_role("link", name="giay-uy-quyen.pdf").click()
    with open(download.value.path(), "rb") as f:
        assert f.read() == files["giay-uy-quyen.pdf"]
    page.context.close()


def downloads_each(page: Page, base: str, files: dict[str, bytes]) -> None:
    documents = page.locator("#requester-documents")
    expect(documents.get_by_role("link")).to_have_count(len(files))
    for name, data in files.items():
        href = documents.get_by_role("link", name=name, exact=True).get_attribute("href")
        answer = page.request.get(base + href)  # the browser's session
        assert answer.status == 200, (name, answer.status)
        assert answer.body() == data, name


def test_the_officer_ticks_refusal_grounds_with_the_keyboard(chromium: Browser, live_server, desk):
    """The refusal grounds are a fieldset of labelled checkboxes (viewflow's multi-select threw
    a script error each time it opened, which the guard now fails on): ticked from the keyboard,
    they reach the drafted refusal."""
    base = live_server.url
    info = filed_online(desk["agency"], desk["citizen"])
    page = signed_in_page(chromium, base, desk["officer"])
    page.goto(base + QUEUE)
    page.get_by_role("link", name=info.register_number, exact=True).click()
    page.locator("button[name=_continue]").click()
    expect(page).to_have_url(re.compile(r"/review/\d+/execute/$"))
    with translation.override("vi"):
        refuse = str(dict(ReviewForm.base_fields["decision"].choices)[ReviewForm.REFUSE])
        legend = str(ReviewForm.base_fields["grounds"].label)
        ground = str(RefusalGround.C.label)
    page.get_by_label(refuse, exact=True).check()
    grounds = page.get_by_role("group", name=legend)
    box = grounds.get_by_role("checkbox", name=ground)
    box.focus()
    page.keyboard.press("Space")
    expect(box).to_be_checked()
    page.locator("textarea[name=reasons]").fill("Thông tin thuộc thẩm quyền của cơ quan khác.")
    page.locator("input[name=competent_agency]").fill("Sở Tài nguyên và Môi trường")
    page.locator("form.vf-form button.mdc-button--raised").click()
    expect(page).not_to_have_url(re.compile(r"/execute/"))
    decision = InformationRequest.objects.get().decisions.get()
    assert decision.grounds == ["c"], decision.grounds
    page.context.close()
