"""E-mails work from a mail client (issue #15 items 2 and 5), in a real browser: the officer's
"new request" e-mail links to the queue where the request waits; the requester who chose "e-mail
attachment" gets the cover letter and the file attached, and the e-mail's link opens their
request page after signing in, where the same file downloads."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from requests_flow import services
from requests_flow.choices import Role
from tests.helpers import make_agency, people_of
from tests.letters.lifecycle import issue_letter
from tests.portal.support import filed_online

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PASSWORD = "mat-khau-thu-nghiem-2026"
PLAN = ("ke-hoach-su-dung-dat-2025.pdf", b"%PDF-1.4 ke hoach " * 20)


@pytest.fixture
def people(django_user_model):
    agency = make_agency()
    return people_of(
        agency,
        django_user_model,
        [
            ("minh", "minh", "Trần Văn Minh", [Role.FOCAL_OFFICER, Role.FOCAL_HEAD]),
            ("hung", "hung", "Phạm Quốc Hùng", [Role.LEADER]),
            ("hoa", "hoa", "Nguyễn Thị Hoa", []),
        ],
        PASSWORD,
        email=True,
    )


def link_in(message) -> str:
    """The link of the e-mail's HTML part, as a mail client shows it."""
    return re.search(r'href="([^"]+)"', message.alternatives[0][0]).group(1)


def sign_in_from_link(page: Page, link: str, username: str) -> None:
    page.goto(link)
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main button[type=submit]").click()


def test_email_links_open_the_right_page_and_the_file_travels(
    page: Page, live_server, people, mailoutbox, settings
):
    settings.TIEPCAN_PUBLIC_URL = live_server.url
    minh, hung, hoa = people["minh"], people["hung"], people["hoa"]
    info = filed_online(minh.memberships.first().agency, hoa)
    call_command("db_worker", batch=True, startup_delay=False, reload=False)
    (new_request,) = [m for m in mailoutbox if m.to == [minh.email]]
    sign_in_from_link(page, link_in(new_request), "minh")
    expect(page).to_have_url(re.compile(r"/backoffice/informationrequest/queue/$"))
    expect(page.get_by_role("link", name=info.register_number, exact=True)).to_be_visible()

    info = services.request_accept(request=info, actor=minh)
    info = services.request_assign(request=info, actor=minh, officer=minh)
    info = services.request_classify(request=info, actor=minh, complexity="simple")
    info = services.request_record_handling(
        request=info, actor=minh, secrecy_reviewed=True, files=[PLAN]
    )
    info = services.request_submit_decision(
        request=info, actor=minh, kind="provide", summary="Kế hoạch sử dụng đất năm 2025."
    )
    approved = services.request_approve_pending(request=info, actor=hung)
    mailoutbox.clear()
    call_command("db_worker", batch=True, startup_delay=False, reload=False)
    assert not [m for m in mailoutbox if m.attachments]  # nothing leaves before the clerk
    issue_letter(approved.letters.get(kind="cover"))  # the information e-mail is queued now
    mailoutbox.clear()
    call_command("db_worker", batch=True, startup_delay=False, reload=False)

    (information,) = [m for m in mailoutbox if m.to == [hoa.email] and m.attachments]
    attached = {name: content for name, content, _type in information.attachments}
    assert attached[PLAN[0]] == PLAN[1]
    page.context.clear_cookies()
    sign_in_from_link(page, link_in(information), "hoa")
    expect(page).to_have_url(re.compile(rf"/yeu-cau-cua-toi/{info.tracking_code}/$"))
    expect(page.get_by_text("Đã gửi thông tin qua thư điện tử").first).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name=PLAN[0]).click()
    with open(download.value.path(), "rb") as handle:
        assert handle.read() == PLAN[1]
