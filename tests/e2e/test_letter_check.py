"""The public verification page in a real browser (issue #13 item 4): an anonymous visitor opens
the URL of the QR code printed on a letter, sees the letter confirmed, uploads the register's copy
(valid) and the same file with one byte changed (refused, the fingerprint named)."""

import hashlib

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from requests_flow.letters.qr import verification_drawing
from requests_flow.tasks import verification_url
from tests.helpers import STAFF, make_agency, people_of
from tests.letters.lifecycle import issue_letter
from tests.portal.support import walk_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def upload(page: Page, data: bytes) -> None:
    page.locator("#id_pdf").set_input_files(
        {"name": "van-ban.pdf", "mimeType": "application/pdf", "buffer": data}
    )
    page.get_by_role("button", name="Kiểm tra tệp").click()


def test_an_anonymous_visitor_confirms_a_letter_from_its_qr_code(
    page: Page, live_server, django_user_model, settings
):
    settings.TIEPCAN_PUBLIC_URL = live_server.url
    agency = make_agency()
    officer = people_of(agency, django_user_model, STAFF, "Mat-khau-e2e-2026!")["officer"]
    receipt = issue_letter(walk_in(agency, officer).letters.get(kind="receipt"))
    url = verification_url(receipt.verification_code)
    assert verification_drawing(url).contents[0].value == url  # what the QR code holds

    page.goto(url)
    entry = page.locator("#register-entry")
    expect(entry).to_contain_text(receipt.number_text)
    expect(entry).to_contain_text(receipt.sha256)
    expect(page.locator("#letter-status")).to_have_text("Đã ban hành")

    with receipt.file.open("rb") as f:
        original = f.read()
    upload(page, original)
    expect(page.locator("#check-result")).to_contain_text("Hợp lệ.")

    middle = len(original) // 2
    changed = original[:middle] + bytes([original[middle] ^ 1]) + original[middle + 1 :]
    upload(page, changed)
    result = page.locator("#check-result")
    expect(result).to_contain_text("Không hợp lệ.")
    expect(result).to_contain_text(hashlib.sha256(changed).hexdigest())

    page.goto(live_server.url + reverse("portal:letter_check"))
    page.locator("#id_code").fill(receipt.verification_code.lower())
    page.get_by_role("button", name="Xác thực").click()
    expect(page.locator("#register-entry")).to_contain_text(receipt.number_text)
