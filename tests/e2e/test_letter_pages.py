"""Issue #13 in a real browser (every page checked by axe, the CSP and the console, as every
browser test): the inbox tells the focal officer a letter waits; the "Outgoing letters" page
leads to it; the draft's body is corrected (an empty body is refused with what to do); the leader
approves it and, without a certificate, is offered the signature on paper only."""

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, expect

from requests_flow.choices import Role
from requests_flow.models import AgencyMembership, LetterKind, LetterStatus
from tests.helpers import STAFF, make_agency, people_of
from tests.portal.support import filed_online

from .conftest import signed_in_page

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

RECEIPT = "Phiếu tiếp nhận yêu cầu cung cấp thông tin (Mẫu số 02)"


@pytest.fixture
def filed(django_user_model, settings) -> dict:
    settings.TIEPCAN_SIGNING_KEYS = ""  # nobody has a certificate
    agency = make_agency()
    people = people_of(
        agency, django_user_model, [*STAFF, ("citizen", "hoa", "Nguyễn Thị Hoa", [])]
    )
    AgencyMembership.objects.filter(user=people["leader"], role=Role.LEADER).update(
        signing_prefix="KT.", signing_authority="Giám đốc", signing_title="Phó Giám đốc"
    )
    info = filed_online(agency, people["citizen"])
    return {"letter": info.letters.get(kind=LetterKind.RECEIPT), **people}


def test_a_draft_is_corrected_and_approved_through_the_pages(
    chromium: Browser, live_server, filed, screenshots_dir
):
    base, letter = live_server.url, filed["letter"]
    page = signed_in_page(chromium, base, filed["officer"])
    page.goto(base + reverse("informationrequest:inbox"))
    page.get_by_role("link", name="1 văn bản đi đang chờ bạn").click()
    expect(page).to_have_url(base + reverse("letters:index"))
    page.get_by_role("link", name=RECEIPT).click()
    expect(page).to_have_url(base + reverse("letters:letter", args=[letter.pk]))
    body = page.get_by_label("Nội dung văn bản")
    body.fill("  ")
    page.get_by_role("button", name="Lưu dự thảo").click()
    expect(page.locator(".tc-field--error")).to_be_visible()
    body.fill("Đoạn thứ nhất đã sửa.\n\nĐoạn thứ hai.")
    page.get_by_role("button", name="Lưu dự thảo").click()
    expect(page.locator(".tc-messages")).to_contain_text("Đã lưu dự thảo.")
    page.screenshot(path=str(screenshots_dir / "backoffice-letter-draft.png"), full_page=True)

    leader = signed_in_page(chromium, base, filed["leader"])
    leader.goto(base + reverse("letters:letter", args=[letter.pk]))
    leader.get_by_role("button", name="Phê duyệt văn bản này").click()
    expect(leader.locator(".tc-messages")).to_contain_text("Đã phê duyệt văn bản")
    expect(leader.get_by_role("button", name="Tôi đã ký bản in")).to_be_visible()
    expect(leader.get_by_role("button", name="Ký số bằng chứng thư số của tôi")).to_have_count(0)
    expect(leader.locator(".tc-warning").last).to_contain_text("chưa được cấu hình chứng thư số")
    leader.get_by_role("button", name="Tôi đã ký bản in").click()
    expect(leader.locator(".tc-messages")).to_contain_text("Đã ghi nhận chữ ký trên bản giấy")
    letter.refresh_from_db()
    assert letter.status == LetterStatus.SIGNED
    assert letter.content["paragraphs"] == ["Đoạn thứ nhất đã sửa.", "Đoạn thứ hai."]
