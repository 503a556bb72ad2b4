"""The provided information by e-mail (issue #15.5): when the requester chose "e-mail attachment",
the task worker sends the cover letter, once the clerk issued it (DOMAIN §7.1), and the files to
their address once, or, above the size
limit, the way to download them; the cover letter says which of the two happened."""

import io

import pytest
from django.core import mail
from django.core.management import call_command
from pypdf import PdfReader

from requests_flow import services
from requests_flow.choices import ProvisionForm
from requests_flow.models import Letter, RequestEvent
from requests_flow.tasks import email_information
from tests.helpers import MONDAY_2026_03_02, file_online
from tests.letters.lifecycle import issue_letter, printed

PUBLIC = "https://tiepcan.tuyenquang.gov.vn"
PLAN = ("ke-hoach-2025.pdf", b"%PDF-1.4 plan " * 10)
TABLE = ("bang-gia-dat.csv", "Xã;Giá\nHà Giang;1.200.000\n".encode())


def provided(agency, citizen, officer, head, leader, files, **data):
    info = file_online(agency, citizen, MONDAY_2026_03_02, **data)
    info = services.request_accept(request=info, actor=officer, now=MONDAY_2026_03_02)
    info = services.request_assign(request=info, actor=head, officer=officer)
    info = services.request_classify(request=info, actor=officer, complexity="simple")
    info = services.request_record_handling(
        request=info, actor=officer, secrecy_reviewed=True, files=files
    )
    info = services.request_submit_decision(
        request=info, actor=officer, kind="provide", summary="Kế hoạch sử dụng đất năm 2025."
    )
    return services.request_approve_pending(request=info, actor=leader)


def stored(letter: Letter) -> bytes:
    with letter.file.open("rb") as handle:
        return handle.read()


def run_worker() -> None:
    call_command("db_worker", batch=True, startup_delay=False, reload=False)


def information_messages(address="hoa@example.vn"):
    return [m for m in mail.outbox if m.to == [address] and "thông tin" in m.subject.lower()]


def pdf_text(data: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


@pytest.fixture(autouse=True)
def _public_address(settings):
    settings.TIEPCAN_PUBLIC_URL = PUBLIC


@pytest.mark.django_db(transaction=True)
def test_the_files_and_the_cover_letter_reach_the_address_once(
    agency, citizen, officer, head, leader, client
):
    info = provided(agency, citizen, officer, head, leader, [PLAN, TABLE])
    mail.outbox.clear()
    run_worker()
    assert information_messages() == [], "the cover letter is approved, not yet issued"
    cover = issue_letter(Letter.objects.get(request=info, kind="cover"))  # queues the e-mail
    run_worker()

    (message,) = information_messages()
    attachments = {  # text files come back decoded: compare bytes
        name: content.encode() if isinstance(content, str) else content
        for name, content, _type in message.attachments
    }
    assert attachments[PLAN[0]] == PLAN[1] and attachments[TABLE[0]] == TABLE[1]
    letter_pdf = attachments[f"{cover.number_text.replace('/', '-')}.pdf"]
    assert letter_pdf == stored(cover)  # the issued letter, as the clerk filed it
    assert "gửi kèm theo thư điện tử đến địa chỉ hoa@example.vn" in pdf_text(printed(cover))
    assert info.register_number in message.subject
    page = f"{PUBLIC}/yeu-cau-cua-toi/{info.tracking_code}/"
    html = message.alternatives[0][0]
    assert page in message.body and f'href="{page}"' in html
    assert PLAN[0] in html and info.register_number in html
    event = RequestEvent.objects.get(request=info, action="information_emailed")
    assert set(event.data["attached"]) == set(attachments)
    client.force_login(citizen)
    page = client.get(f"/yeu-cau-cua-toi/{info.tracking_code}/").content.decode()
    assert "Đã gửi thông tin qua thư điện tử" in page, "the citizen's timeline says it was sent"

    # A second run (a worker restarted, the task queued twice) sends nothing more.
    assert email_information.call(info.pk, cover.pk) is False
    run_worker()
    assert len(information_messages()) == 1


@pytest.mark.django_db(transaction=True)
def test_above_the_limit_the_mail_gives_the_page_that_needs_sign_in(
    agency, citizen, officer, head, leader, settings, client
):
    settings.TIEPCAN_EMAIL_FILES_MAX_MB = 1
    big = ("ban-do-quy-hoach.pdf", b"%PDF-1.4 " + b"0" * (1024 * 1024 + 1))
    info = provided(agency, citizen, officer, head, leader, [big])
    cover = issue_letter(Letter.objects.get(request=info, kind="cover"))
    mail.outbox.clear()
    run_worker()

    (message,) = information_messages()
    names = [name for name, _content, _type in message.attachments]
    assert big[0] not in names and len(names) == 1, "only the cover letter travels"
    assert "lớn hơn 1 MB" in message.body
    assert "dung lượng lớn hơn 1 MB" in pdf_text(printed(cover))

    page = f"/yeu-cau-cua-toi/{info.tracking_code}/"
    assert PUBLIC + page in message.body
    assert client.get(page).status_code == 302, "the link asks a stranger to sign in"
    client.force_login(citizen)
    response = client.get(page)
    assert response.status_code == 200 and big[0] in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_nothing_is_emailed_when_the_requester_chose_another_form(
    agency, citizen, officer, head, leader
):
    info = provided(
        agency, citizen, officer, head, leader, [PLAN], provision_form=ProvisionForm.DOWNLOAD
    )
    issue_letter(Letter.objects.get(request=info, kind="cover"))
    mail.outbox.clear()
    run_worker()
    assert information_messages() == []
    assert not RequestEvent.objects.filter(request=info, action="information_emailed").exists()


@pytest.mark.django_db
def test_a_cover_letter_not_yet_issued_is_never_emailed(agency, citizen, officer, head, leader):
    """Even run by hand (or queued by an old deployment) the task sends only an issued letter."""
    info = provided(agency, citizen, officer, head, leader, [PLAN])
    cover = Letter.objects.get(request=info, kind="cover")
    assert cover.status == "approved"
    mail.outbox.clear()
    assert email_information.call(info.pk, cover.pk) is False
    assert information_messages() == []
    assert not RequestEvent.objects.filter(request=info, action="information_emailed").exists()
