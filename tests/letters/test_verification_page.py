"""The public verification of issued letters (DOMAIN §7.1 point 4; issue #13 item 4): the QR code
and short code on the letter, the page /xac-thuc/<code>/ and the check of an uploaded copy."""

import hashlib
import subprocess
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation

from requests_flow import services
from requests_flow.letters.qr import verification_drawing
from requests_flow.letters.signing import sign_letter
from requests_flow.letters.signing_config import configured_trust
from requests_flow.models import Letter, LetterStatus
from requests_flow.models.letters import VERIFICATION_ALPHABET, VERIFICATION_LENGTH
from requests_flow.tasks import verification_url
from tests.helpers import MONDAY_2026_03_02, file_online
from tests.letters.conftest import AGENCY, APPROVER
from tests.letters.lifecycle import approve, issue_letter, issue_letter_digitally
from tests.letters.pdftext import pdftotext
from tests.letters.samples import pdf as sample_pdf
from tests.security.hostile_files import pdf_with

PUBLIC = "https://tiepcan.example.vn"


@pytest.fixture
def letter(received, pki, settings, tmp_path, monkeypatch) -> Letter:
    """The receipt slip of the citizen's request, issued digitally: approved and signed by the
    head of the focal unit, numbered and sealed by the clerk with the agency's key, the demo CA
    trusted (in a media folder of this test: the shared one keeps files whose names later tests
    expect free)."""
    settings.TIEPCAN_PUBLIC_URL = PUBLIC
    settings.MEDIA_ROOT = tmp_path / "media"
    receipt = received.letters.get(kind="receipt")
    return issue_letter_digitally(
        receipt, pki=pki, settings=settings, folder=tmp_path, monkeypatch=monkeypatch
    )


def page_of(letter: Letter) -> str:
    return reverse("portal:letter_check_code", args=[letter.verification_code])


def stored_bytes(letter: Letter) -> bytes:
    with letter.file.open("rb") as f:
        return f.read()


def one_byte_changed(data: bytes, at: int | None = None) -> bytes:
    at = len(data) // 2 if at is None else at
    return data[:at] + bytes([data[at] ^ 0x01]) + data[at + 1 :]


def check(letter: Letter, data: bytes, name="van-ban.pdf") -> str:
    with translation.override("vi"):
        upload = SimpleUploadedFile(name, data, content_type="application/pdf")
        response = Client().post(page_of(letter), {"pdf": upload})
    assert response.status_code == 200
    return response.content.decode()


def test_every_letter_gets_its_own_unguessable_code(letter):
    code = letter.verification_code
    assert len(code) == VERIFICATION_LENGTH and set(code) <= set(VERIFICATION_ALPHABET)
    other = Letter.objects.create(
        request=letter.request,
        agency=letter.agency,
        kind="supplement",
        year=letter.year,
        number=99,
        symbol="TB-STP",
    )
    assert other.verification_code != code


def test_the_letter_prints_the_code_and_a_qr_code_of_its_page(letter, tmp_path):
    path = tmp_path / "first-page.pdf"
    path.write_bytes(stored_bytes(letter))
    first = subprocess.run(
        ["pdftotext", "-f", "1", "-l", "1", "-layout", str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    url = f"{PUBLIC}/xac-thuc/{letter.verification_code}/"
    assert "Mã xác thực văn bản:" in first
    assert letter.verification_code in first
    assert url in first
    assert verification_url(letter.verification_code) == url
    # No QR decoder is installed: the widget the letter draws holds the URL itself.
    widget = verification_drawing(url).contents[0]
    assert widget.value == url


def test_the_page_shows_the_register_entry_and_nothing_of_the_requester(letter):
    with translation.override("vi"):
        page = Client().get(page_of(letter)).content.decode()
    signer = letter.content["signer"]
    for shown in (
        letter.number_text,
        letter.content["agency"],
        signer["name"],
        signer["title"],
        letter.sha256,
        "Đã ban hành",
    ):
        assert shown in page, shown
    request = letter.request
    for private in (
        request.requester_name,
        request.requester_address,
        request.email,
        request.id_number,
        request.tracking_code,
    ):
        if private:
            assert private not in page, private


def test_a_letter_replaced_by_a_later_one_of_its_kind_is_superseded(letter):
    later = Letter.objects.create(
        request=letter.request,
        agency=letter.agency,
        kind=letter.kind,
        status=LetterStatus.ISSUED,
        year=letter.year,
        number=letter.number + 1,
        symbol=letter.symbol,
        issued_at=letter.issued_at + timedelta(days=1),
        rendered_at=letter.issued_at + timedelta(days=1),
    )
    with translation.override("vi"):
        page = Client().get(page_of(letter)).content.decode()
    assert f"Đã được thay thế bởi văn bản {later.number_text}" in page
    assert "Đã ban hành" not in page


def test_a_later_letter_not_yet_issued_supersedes_nothing(letter):
    """A draft of the same kind (a corrected slip being prepared) is in no register yet."""
    Letter.objects.create(
        request=letter.request, agency=letter.agency, kind=letter.kind, symbol=letter.symbol
    )
    with translation.override("vi"):
        page = Client().get(page_of(letter)).content.decode()
    assert "Đã ban hành" in page and "Đã được thay thế" not in page


def test_a_letter_signed_but_not_issued_is_unknown_here(agency, citizen, officer, head):
    """The approver's signed copy already prints its code and QR code, but the register has no
    number for it yet: the page answers as for any unknown code, and finds it once issued."""
    receipt = file_online(agency, citizen, MONDAY_2026_03_02).letters.get()
    signed = services.letter_sign_paper(letter=approve(receipt), actor=head, now=MONDAY_2026_03_02)
    assert signed.verification_code in pdftotext(services.letter_printable(signed))
    for letter in (receipt, signed):
        with translation.override("vi"):
            page = Client().get(page_of(letter)).content.decode()
        assert "Không có văn bản nào đã ban hành mang mã xác thực này" in page
    issued = issue_letter(signed)
    with translation.override("vi"):
        page = Client().get(page_of(issued)).content.decode()
    assert issued.number_text in page and "Đã ban hành" in page


def test_an_unknown_code_gets_the_same_answer_as_a_mistyped_one(letter):
    with translation.override("vi"):
        unknown = Client().get(reverse("portal:letter_check_code", args=["ABCDEFGHJKMN"]))
        mistyped = Client().get(
            reverse("portal:letter_check_code", args=[letter.verification_code[:-1] + "Z"])
        )
    assert unknown.status_code == mistyped.status_code == 200
    page = unknown.content.decode()
    assert "Không có văn bản nào đã ban hành mang mã xác thực này" in page
    assert letter.number_text not in page and letter.sha256 not in page


def test_the_form_leads_to_the_letters_page(letter):
    typed = " " + letter.verification_code.lower() + " "
    response = Client().get(reverse("portal:letter_check"), {"code": typed})
    assert response.status_code == 302 and response.url == page_of(letter)


def test_the_registers_copy_is_valid_and_a_changed_byte_is_not(letter):
    original = stored_bytes(letter)
    assert "Hợp lệ." in check(letter, original)
    changed = one_byte_changed(original)
    page = check(letter, changed)
    assert "Không hợp lệ." in page
    assert hashlib.sha256(changed).hexdigest() in page
    assert "khác bản lưu trong sổ" in page


def test_a_file_that_is_not_a_pdf_is_named_so(letter):
    page = check(letter, b"GIF89a not a letter", name="anh.pdf")
    assert "Không hợp lệ." in page and "Tệp không phải là PDF." in page


def test_a_pdf_with_active_content_is_not_read_further(letter):
    hostile = pdf_with(b"/OpenAction << /S /JavaScript /JS (app.alert(1)) >>")
    page = check(letter, hostile)
    assert "Không hợp lệ." in page
    assert "chứa nội dung thực thi" in page
    assert "khác bản lưu trong sổ" in page


def test_a_file_over_the_upload_limit_is_refused_before_any_check(letter, settings):
    settings.PORTAL_MAX_ATTACHMENT_BYTES = 2**20
    page = check(letter, stored_bytes(letter) + b"\0" * 2**20)
    assert "Tệp lớn hơn 1 MB." in page
    assert "Hợp lệ." not in page and "Không hợp lệ." not in page


@pytest.fixture
def trusted_demo_ca(pki, settings):
    """The page trusts the test CA (the configured roots are read once per process: cached)."""
    roots = pki.folder / "verification-roots.pem"
    roots.write_bytes(pki.ca.cert_pem())
    settings.TIEPCAN_SIGNING_TRUST_ROOTS = [str(roots)]
    configured_trust.cache_clear()
    yield
    configured_trust.cache_clear()


@pytest.mark.usefixtures("trusted_demo_ca")
def test_a_signed_letter_with_a_changed_byte_reports_its_signature(letter, pki):
    signed = sign_letter(
        sample_pdf("refusal"),
        signer=pki.party(pki.approver, "approver"),
        agency=pki.party(pki.agency, "agency", holder=AGENCY),
        trust=pki.trust,
    )
    letter.file.save("signed.pdf", ContentFile(signed), save=False)
    letter.sha256 = hashlib.sha256(signed).hexdigest()
    letter.save(update_fields=["file", "sha256"])
    assert "Hợp lệ." in check(letter, signed)
    # A byte inside the page content the signatures cover (not the signature value itself).
    changed = one_byte_changed(signed, signed.index(b"stream") + 20)
    page = check(letter, changed)
    assert "Không hợp lệ." in page
    assert hashlib.sha256(changed).hexdigest() in page
    assert f"Chữ ký số của {APPROVER} không hợp lệ." in page


def test_the_page_answers_429_after_the_limit(letter, settings):
    settings.PORTAL_LOOKUP_LIMIT = 2
    client = Client()
    codes = [client.get(page_of(letter)).status_code for _ in range(3)]
    assert codes == [200, 200, 429]
