"""The officer's path after provision in a real browser (issue #14 items 4-5): from the request's
page, record a complaint and its outcome, record the requester's request for correction and
answer it; the answer's letter is listed and the complaint shows with its outcome."""

import re

import pytest
from django.utils import timezone, translation
from playwright.sync_api import Page, expect

from requests_flow.models import Complaint, CorrectionRequest, LetterKind
from tests.backoffice.support import TO_STATE, advance
from tests.helpers import make_agency, people_of
from tests.letters.lifecycle import issue_all
from tests.portal.support import filed_online

from .test_backoffice import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def vi(text) -> str:
    """The Vietnamese of a msgid or of a lazy label."""
    with translation.override("vi"):
        return translation.gettext(text) if isinstance(text, str) else str(text)


@pytest.fixture
def provided(django_user_model):
    agency = make_agency()
    users = people_of(
        agency,
        django_user_model,
        [
            ("officer", "minh", "Trần Văn Minh", ["focal_officer"]),
            ("head", "thu", "Lê Thị Thu", ["focal_head"]),
            ("leader", "hung", "Phạm Quốc Hùng", ["leader"]),
            ("citizen", "hoa", "Nguyễn Thị Hoa", []),
        ],
        PASSWORD,
    )
    request = filed_online(agency, users["citizen"])
    info = advance(request, users, *TO_STATE["provided"])
    issue_all(info)  # provided means sent: a correction needs the issued cover letter
    return info


def open_request(page: Page, base: str, request) -> None:
    page.goto(base + f"/backoffice/informationrequest/{request.process.pk}/")


def test_the_officer_records_a_complaint_and_answers_a_correction(
    page: Page, live_server, provided, screenshots_dir
):
    base, today = live_server.url, timezone.localdate().isoformat()
    page.goto(base + "/accounts/login/")
    page.locator("#id_username").fill("minh")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main button[type=submit]").click()
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))

    open_request(page, base, provided)
    page.get_by_role("link", name=vi("Record a complaint or lawsuit")).click()
    page.get_by_label(vi("Complaint"), exact=True).check()
    page.get_by_label(vi("Filed on")).fill("2099-01-01")
    page.get_by_role("button", name=vi("Save")).click()
    expect(page.get_by_text(vi("The date cannot be in the future."))).to_be_visible()
    page.get_by_label(vi("Filed on")).fill(today)
    page.get_by_role("button", name=vi("Save")).click()
    expect(page).to_have_url(re.compile(rf"/{provided.process.pk}/$"))

    page.get_by_role("link", name=vi("Record the outcome of a complaint or lawsuit")).click()
    page.get_by_label(vi("Resolved in favour of the requester"), exact=True).check()
    page.get_by_label(vi("Outcome on")).fill(today)
    page.get_by_role("button", name=vi("Save")).click()
    expect(page.locator("#complaints")).to_contain_text(vi("Resolved in favour of the requester"))
    assert Complaint.objects.get().outcome == "for_requester"

    page.get_by_role("link", name=vi("Record a request for correction")).click()
    page.get_by_label(vi("Which information is inaccurate, and why")).fill("Thiếu trang 3.")
    page.get_by_role("button", name=vi("Save")).click()
    expect(page.locator("#corrections")).to_contain_text("Thiếu trang 3.")
    correction = CorrectionRequest.objects.get()
    expect(page.locator("#corrections")).to_contain_text(
        correction.milestone.due_date.strftime("%d/%m/%Y")
    )
    page.get_by_role("link", name=vi("Answer the request for correction")).click()
    page.get_by_label(vi("The information was accurate: reasoned reply"), exact=True).check()
    page.locator("#id_text").fill("Bản sao đã cung cấp đủ 12 trang như bản gốc.")
    page.screenshot(path=str(screenshots_dir / "backoffice-correction-answer.png"), full_page=True)
    page.get_by_role("button", name=vi("Save")).click()
    expect(page.locator("#corrections")).to_contain_text("Bản sao đã cung cấp đủ 12 trang")
    correction.refresh_from_db()
    assert correction.letter.kind == LetterKind.CORRECTION
    expect(page.get_by_text(vi(LetterKind.CORRECTION.label)).first).to_be_visible()
