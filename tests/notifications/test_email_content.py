"""What an e-mail says and where its link leads (issue #15.2): absolute links from the site's
public address, a receipt for the citizen who submitted, a link for the officers of a request
not yet in a process, the outcome in the title, and no internal comment for the citizen."""

import pytest
from django.core import mail

from notifications.models import Notification
from notifications.tasks import deliver_notification
from tests.helpers import MONDAY_2026_03_02, decided, file_online

PUBLIC = "https://tiepcan.tuyenquang.gov.vn"


@pytest.fixture(autouse=True)
def _public_address_and_emails(settings, citizen, officer, head, leader):
    settings.TIEPCAN_PUBLIC_URL = PUBLIC
    for person in (citizen, officer, head, leader):
        person.email = f"{person.username}@example.vn"
        person.save()


def delivered(kind: str, username: str):
    note = Notification.objects.get(kind=kind, recipient__username=username)
    mail.outbox.clear()
    assert deliver_notification.call(note.pk) is True
    (message,) = mail.outbox
    return message, message.alternatives[0][0]


def test_the_citizen_gets_a_receipt_and_the_officer_a_link_that_opens_from_a_mail_client(
    agency, citizen
):
    info = file_online(agency, citizen, MONDAY_2026_03_02)

    receipt, html = delivered("receive", "hoa")
    page = f"{PUBLIC}/yeu-cau-cua-toi/{info.tracking_code}/"
    assert "01/2026" in receipt.subject
    assert page in receipt.body and f'href="{page}"' in html

    officers, html = delivered("receive", "minh")
    queue = f"{PUBLIC}/backoffice/informationrequest/queue/"
    assert queue in officers.body and f'href="{queue}"' in html


@pytest.mark.parametrize(
    ("kind", "title"),
    [("provide", "Đã cung cấp thông tin"), ("refuse", "Đã từ chối cung cấp thông tin")],
)
def test_the_outcome_is_the_title_and_the_leaders_comment_stays_inside(
    agency, citizen, officer, head, leader, kind, title
):
    decided(agency, citizen, officer, head, leader, kind, "Đồng ý, lưu ý kiểm tra lại phụ lục.")

    to_citizen, html = delivered("approve", "hoa")
    assert title in to_citizen.subject and title in html
    assert "Phê duyệt quyết định" not in to_citizen.subject
    assert "Đồng ý" not in to_citizen.body and "Đồng ý" not in html

    to_officer, _html = delivered("approve", "minh")
    assert title in to_officer.subject
    assert "Đồng ý, lưu ý kiểm tra lại phụ lục." in to_officer.body
