"""Form 03 in a real browser (issue #14 item 3, #13): the officer takes a complex request filed
online through the deadline check; the page says the resolution slip was drafted, and the
request's page lists it among the letters; once the clerk issues it, its number is there and the
notice milestone is met at that moment (Law 104 Arts. 27, 30(4))."""

import re

import pytest
from playwright.sync_api import Page, expect

from requests_flow.backoffice import forms as f
from requests_flow.choices import Complexity
from requests_flow.models import InformationRequest, LetterKind
from tests.letters.lifecycle import issue_letter

from .test_backoffice import execute, people, sign_in, submit, take_from_queue, vi

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
__all__ = ["people"]  # the fixture, shared with the officer's day


def test_the_deadline_check_of_a_complex_email_request_drafts_form_03(
    page: Page, live_server, people, screenshots_dir
):
    base = live_server.url
    sign_in(page, base, "minh")
    take_from_queue(page, base, "01/2026")
    execute(page, dict(f.ReviewForm.base_fields["decision"].choices)["accept"])
    take_from_queue(page, base, "01/2026")
    page.locator("#id_officer").click()  # viewflow's Material select
    page.get_by_role("option", name=re.compile("Trần Văn Minh")).click()
    submit(page)

    page.goto(base + "/backoffice/informationrequest/inbox/")
    page.get_by_role("link", name="01/2026", exact=True).click()
    execute(page, Complexity.COMPLEX.label)

    request = InformationRequest.objects.get()
    slip = request.letters.get(kind=LetterKind.RESOLUTION)
    expect(page.get_by_text("Đã soạn dự thảo Phiếu giải quyết")).to_be_visible()
    assert request.milestones.get(kind="notify_time_limit").met_at is None  # not sent yet

    slip = issue_letter(slip)  # approved by the head, signed, numbered and scanned
    assert request.milestones.get(kind="notify_time_limit").met_at == slip.issued_at
    page.goto(base + f"/backoffice/informationrequest/{request.process.pk}/")
    letters = page.locator("#letters")
    expect(letters.get_by_text(slip.number_text)).to_be_visible()
    expect(letters.get_by_text(vi(LetterKind.RESOLUTION.label))).to_be_visible()
    page.screenshot(path=str(screenshots_dir / "backoffice-form03.png"), full_page=True)
