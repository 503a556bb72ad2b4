"""The citizen sees a letter only once the clerk issued it (DOMAIN §7.1; issue #13): a draft, or
a letter approved and waiting for its signature or number, is the agency's working paper. Its
page lists the issued letters with their number and date; every other letter's download URL
answers 404, to its own requester too."""

import pytest
from django.urls import reverse

from tests.letters.lifecycle import approve, issue_letter

from .support import filed_online, to_state

pytestmark = pytest.mark.django_db


def detail(client, info) -> str:
    response = client.get(reverse("portal:detail", args=[info.tracking_code]))
    assert response.status_code == 200
    return response.content.decode()


def letters_listed(client, info) -> list:
    response = client.get(reverse("portal:detail", args=[info.tracking_code]))
    return list(response.context["info"].letters.all())


def test_the_receipt_appears_on_the_citizens_page_only_once_issued(agency, citizen, as_citizen):
    info = filed_online(agency, citizen)
    receipt = info.letters.get()
    link = reverse("portal:letter", args=[receipt.pk])
    assert (receipt.status, receipt.number_text) == ("draft", "")
    assert letters_listed(as_citizen, info) == []
    assert link not in detail(as_citizen, info)
    assert as_citizen.get(link).status_code == 404

    approve(receipt)  # approved by the head of the focal unit, not yet signed nor numbered
    assert letters_listed(as_citizen, info) == []
    assert as_citizen.get(link).status_code == 404

    receipt = issue_letter(receipt)
    assert letters_listed(as_citizen, info) == [receipt]
    page = detail(as_citizen, info)
    assert link in page and receipt.number_text in page and "01/PTN-STP" in page
    download = as_citizen.get(link)
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_a_provided_requests_page_lists_its_issued_letters_in_order_of_issue(
    agency, citizen, staff, as_citizen
):
    info = to_state(filed_online(agency, citizen), staff, "provided")
    assert {letter.kind: letter.status for letter in info.letters.all()} == {
        "receipt": "draft",
        "resolution": "draft",  # Form 03, the notice of the time limit at the deadline check
        "cover": "approved",  # approved with the decision (request_approve_provision)
    }
    assert letters_listed(as_citizen, info) == []
    cover = issue_letter(info.letters.get(kind="cover"))
    receipt = issue_letter(info.letters.get(kind="receipt"))
    assert letters_listed(as_citizen, info) == [cover, receipt]
    assert (cover.number_text, receipt.number_text) == ("01/STP-VP", "02/PTN-STP")
