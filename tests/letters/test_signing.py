"""Digital signatures on letters (issue #13 item 2; DOMAIN §7.1): a real letter from the letter
renderer is signed by the approver and then the agency, with keys from a PKCS#12 file or a
SoftHSM2 token; pyHanko's own validator accepts both signatures; the certificates are checked
before anything is signed, and every refusal is a Vietnamese sentence."""

import io
import logging

import pytest
from django.utils import timezone, translation
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from requests_flow.letters.appearance import SEAL_DIAMETER, SIGNATURE_WIDTH
from requests_flow.letters.signing import (
    AGENCY_FIELD,
    SIGNER_FIELD,
    SigningRefused,
    letter_signer,
    sign_letter,
)
from requests_flow.letters.signing_config import Party
from requests_flow.letters.verification import verify_pdf

from .conftest import AGENCY, APPROVER, PASSPHRASE, PIN, Pki
from .samples import flat, pdf

pytestmark = pytest.mark.usefixtures("vietnamese")


@pytest.fixture
def vietnamese():
    with translation.override("vi"):
        yield


def signed_with_p12(pki: Pki, kind: str = "refusal") -> bytes:
    return sign_letter(
        pdf(kind),
        signer=pki.party(pki.approver, "approver"),
        agency=pki.party(pki.agency, "agency", holder=AGENCY),
        place="Tỉnh Tuyên Quang",
        trust=pki.trust,
    )


def pyhanko_statuses(signed: bytes, pki: Pki) -> dict:
    reader = PdfFileReader(io.BytesIO(signed))
    context = ValidationContext(trust_roots=list(pki.trust.roots), crls=list(pki.trust.crls))
    return {
        sig.field_name: validate_pdf_signature(sig, signer_validation_context=context)
        for sig in reader.embedded_signatures
    }


def widget_rects(signed: bytes) -> dict[str, list[float]]:
    reader = PdfFileReader(io.BytesIO(signed))
    page = reader.root["/Pages"]["/Kids"][-1].get_object()
    return {
        annot.get_object()["/T"]: [float(v) for v in annot.get_object()["/Rect"]]
        for annot in page["/Annots"]
    }


def assert_accepted(signed: bytes, pki: Pki) -> None:
    statuses = pyhanko_statuses(signed, pki)
    assert list(statuses) == [SIGNER_FIELD, AGENCY_FIELD]
    for status in statuses.values():
        assert status.bottom_line, status.pretty_print_details()
        assert status.docmdp_ok is not False
    holders = [s.signing_cert.subject.native["common_name"] for s in statuses.values()]
    assert holders == [APPROVER, AGENCY]


def test_a_letter_signed_with_pkcs12_keys_passes_pyhankos_validator(pki):
    signed = signed_with_p12(pki)
    assert_accepted(signed, pki)
    # The letter is still the letter: its text reads as before, on the same pages.
    before = PdfFileReader(io.BytesIO(pdf("refusal")))
    after = PdfFileReader(io.BytesIO(signed))
    assert len(after.root["/Pages"]["/Kids"]) == len(before.root["/Pages"]["/Kids"]) == 2
    assert signed.startswith(pdf("refusal"))  # incremental: the original bytes are kept


def test_the_seal_covers_the_left_third_of_the_signature_at_actual_size(pki):
    """Decree 30 Annex I §II.8(a): the seal image, actual size, over about 1/3 of the signer's
    signature image on its left; the signature stands above the signer's name (§II.7(d))."""
    rects = widget_rects(signed_with_p12(pki))
    sx1, sy1, sx2, sy2 = rects[SIGNER_FIELD]
    ax1, ay1, ax2, ay2 = rects[AGENCY_FIELD]
    assert ax2 - ax1 == pytest.approx(SEAL_DIAMETER) and ay2 - ay1 == pytest.approx(SEAL_DIAMETER)
    assert ax2 == pytest.approx(sx1 + SIGNATURE_WIDTH / 3)
    assert ax1 < sx1 < ax2 < sx2  # overlapping, from the left
    assert (ay1 + ay2) / 2 == pytest.approx((sy1 + sy2) / 2)
    # Right column (the signer block), lower half of the page under the last paragraph.
    assert 297 < (sx1 + sx2) / 2 < 595 - 56


def test_a_letter_signed_on_a_softhsm2_token_passes_pyhankos_validator(pki, softhsm):
    signed = sign_letter(
        pdf("refusal"),
        signer=Party(APPROVER, softhsm["approver"]),
        agency=Party(AGENCY, softhsm["agency"]),
        trust=pki.trust,
    )
    assert_accepted(signed, pki)
    assert verify_pdf(signed, pki.trust).ok


def test_a_wrong_pin_is_refused_and_never_shown(pki, softhsm, caplog):
    import dataclasses

    wrong = dataclasses.replace(softhsm["approver"], pin="000000")
    assert "000000" not in repr(wrong) and PIN not in repr(softhsm["approver"])
    with caplog.at_level(logging.DEBUG), pytest.raises(SigningRefused) as refused:
        sign_letter(
            pdf("refusal"),
            signer=Party(APPROVER, wrong),
            agency=Party(AGENCY, softhsm["agency"]),
            trust=pki.trust,
        )
    assert f"Không mở được thiết bị ký số “{softhsm['approver'].token_label}”" in (
        refused.value.message
    )
    assert "000000" not in refused.value.message + caplog.text


def test_verification_reports_both_signatures_and_the_fingerprint(pki):
    import hashlib

    signed = signed_with_p12(pki)
    result = verify_pdf(signed, pki.trust)
    assert result.ok and result.sha256 == hashlib.sha256(signed).hexdigest()
    assert [(s.field, s.signer_name) for s in result.signatures] == [
        (SIGNER_FIELD, APPROVER),
        (AGENCY_FIELD, AGENCY),
    ]
    assert all(
        s.intact and s.valid and s.trusted and not s.modified_after for s in result.signatures
    )


def test_one_changed_byte_makes_the_letter_invalid(pki):
    signed = signed_with_p12(pki)
    changed = bytearray(signed)
    position = signed.index(b"stream", 3000) + 30  # inside the first page's content
    changed[position] ^= 0x01
    result = verify_pdf(bytes(changed), pki.trust)
    assert not result.ok
    assert result.sha256 != verify_pdf(signed, pki.trust).sha256
    assert [s.intact for s in result.signatures] == [False, False]


def test_a_change_appended_after_signing_is_reported(pki):
    """An incremental update that changes what the page shows, after both signatures: each
    signature still covers its own revision, but the letter was modified after it."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    signed = signed_with_p12(pki)
    writer = IncrementalPdfFileWriter(io.BytesIO(signed))
    page_ref = writer.root["/Pages"]["/Kids"][0]
    page = page_ref.get_object()
    stream = generic.StreamObject(stream_data=b"q 1 0 0 RG 90 700 200 20 re f Q")
    page["/Contents"] = generic.ArrayObject([page["/Contents"], writer.add_object(stream)])
    writer.update_container(page)
    out = io.BytesIO()
    writer.write(out)
    result = verify_pdf(out.getvalue(), pki.trust)
    assert not result.ok
    assert all(s.intact and s.valid for s in result.signatures)
    assert all(s.modified_after for s in result.signatures)


def test_unsigned_or_unreadable_files_are_not_valid(pki):
    assert verify_pdf(pdf("refusal"), pki.trust).signatures == ()
    assert not verify_pdf(pdf("refusal"), pki.trust).ok
    garbage = verify_pdf(b"%PDF-1.7\nnot really a PDF", pki.trust)
    assert not garbage.readable and not garbage.ok


def test_an_expired_certificate_is_refused_with_its_date(pki):
    with pytest.raises(SigningRefused) as refused:
        sign_letter(
            pdf("refusal"),
            signer=pki.party(pki.expired, "expired"),
            agency=pki.party(pki.agency, "agency", holder=AGENCY),
            trust=pki.trust,
        )
    message = refused.value.message
    assert f"Chứng thư số của “{APPROVER}” đã hết hạn" in message
    expiry = timezone.localtime(pki.expired.cert.not_valid_after_utc)
    assert f"đã hết hạn ngày {expiry:%d/%m/%Y}" in message


def test_a_certificate_not_yet_valid_is_refused(pki):
    with pytest.raises(SigningRefused, match="chỉ có hiệu lực từ ngày"):
        sign_letter(
            pdf("refusal"),
            signer=pki.party(pki.not_yet_valid, "future"),
            agency=pki.party(pki.agency, "agency", holder=AGENCY),
            trust=pki.trust,
        )


def test_a_revoked_certificate_is_refused(pki):
    with pytest.raises(SigningRefused, match="đã bị thu hồi"):
        sign_letter(
            pdf("refusal"),
            signer=pki.party(pki.revoked, "revoked"),
            agency=pki.party(pki.agency, "agency", holder=AGENCY),
            trust=pki.trust,
        )


def test_the_certificate_must_name_the_approver(pki):
    with pytest.raises(SigningRefused) as refused:
        sign_letter(
            pdf("refusal"),
            signer=pki.party(pki.stranger, "stranger"),
            agency=pki.party(pki.agency, "agency", holder=AGENCY),
            trust=pki.trust,
        )
    assert refused.value.message == (
        f"Chứng thư số ký văn bản là của “Nguyễn Văn An”, không phải của người phê duyệt "
        f"“{APPROVER}”; văn bản chưa được ký."
    )


def test_the_agency_certificate_must_name_the_agency(pki):
    with pytest.raises(SigningRefused, match="Chứng thư số của cơ quan là của “Nguyễn Văn An”"):
        sign_letter(
            pdf("refusal"),
            signer=pki.party(pki.approver, "approver"),
            agency=pki.party(pki.stranger, "stranger", holder=AGENCY),
            trust=pki.trust,
        )


def test_names_match_in_capitals_and_decomposed_unicode(pki):
    """A CA printing "ĐẶNG THỊ NGỌC ÁNH" and a name stored decomposed (NFD) are the same person;
    the letter's signer block is found all the same."""
    import unicodedata

    capitals = pki.ca.issue(APPROVER.upper())
    holder = unicodedata.normalize("NFD", APPROVER)
    signed = sign_letter(
        pdf("refusal"),
        signer=pki.party(capitals, "capitals", holder=holder),
        agency=pki.party(pki.agency, "agency", holder=AGENCY),
        trust=pki.trust,
    )
    assert verify_pdf(signed, pki.trust).ok


def test_a_certificate_from_an_unknown_authority_is_refused(pki):
    from requests_flow.letters.demo_pki import DemoCA

    other = DemoCA("Some Other CA").issue(APPROVER)
    with pytest.raises(SigningRefused, match="không do tổ chức chứng thực tin cậy cấp"):
        sign_letter(
            pdf("refusal"),
            signer=pki.party(other, "other-ca"),
            agency=pki.party(pki.agency, "agency", holder=AGENCY),
            trust=pki.trust,
        )


def test_a_wrong_passphrase_is_refused_and_never_shown(pki, caplog):
    import dataclasses

    key = dataclasses.replace(pki.p12(pki.approver, "approver"), passphrase="sai-mật-khẩu")
    assert "sai-mật-khẩu" not in repr(key) and PASSPHRASE not in repr(pki.p12(pki.agency, "agency"))
    with caplog.at_level(logging.DEBUG), pytest.raises(SigningRefused) as refused:
        sign_letter(
            pdf("refusal"),
            signer=Party(APPROVER, key),
            agency=pki.party(pki.agency, "agency", holder=AGENCY),
            trust=pki.trust,
        )
    assert "sai mật khẩu" in refused.value.message
    assert "sai-mật-khẩu" not in refused.value.message + caplog.text


@pytest.mark.parametrize("renderer", ["ours", "elsewhere"])
def test_the_approver_must_be_the_name_printed_on_the_letter(pki, renderer):
    """A valid certificate of someone else than the signer the letter prints is refused: found
    from the renderer's anchor, or for a PDF made elsewhere, from the page's text."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    letter = pdf("refusal")
    if renderer == "elsewhere":
        writer = IncrementalPdfFileWriter(io.BytesIO(letter))
        writer.root["/Dests"] = generic.DictionaryObject()
        writer.update_root()
        out = io.BytesIO()
        writer.write(out)
        letter = out.getvalue()
    with pytest.raises(SigningRefused) as refused:
        sign_letter(
            letter,
            signer=pki.party(pki.stranger, "stranger", holder="Nguyễn Văn An"),
            agency=pki.party(pki.agency, "agency", holder=AGENCY),
            trust=pki.trust,
        )
    assert refused.value.message == (
        "Văn bản không ghi tên người phê duyệt “Nguyễn Văn An” ở phần chữ ký; văn bản chưa được ký."
    )


def test_a_session_signs_many_letters_with_keys_opened_once(pki):
    with letter_signer(
        pki.party(pki.approver, "approver"),
        pki.party(pki.agency, "agency", holder=AGENCY),
        trust=pki.trust,
    ) as session:
        letters = [session.sign(pdf(kind)) for kind in ("receipt", "refusal", "cover")]
    for signed in letters:
        assert verify_pdf(signed, pki.trust).ok
    assert "Đặng Thị Ngọc Ánh" in flat(
        " ".join(
            p.extract_text() for p in __import__("pypdf").PdfReader(io.BytesIO(letters[0])).pages
        )
    )


def test_the_clerk_adds_the_agencys_signature_later(pki):
    """The approver signs on approval; the clerk's agency signature comes at issuance, in the
    field the approver's certification left for it, and only then."""
    from requests_flow.letters.signing import agency_signer, approver_signer

    with approver_signer(pki.party(pki.approver, "approver"), trust=pki.trust) as approver:
        approved = approver.sign(pdf("extension"))
    halfway = verify_pdf(approved, pki.trust)
    assert [s.signer_name for s in halfway.signatures] == [APPROVER] and halfway.ok
    agency = pki.party(pki.agency, "agency", holder=AGENCY)
    with agency_signer(agency, trust=pki.trust) as clerk:
        issued = clerk.sign(approved, place="Tuyên Quang")
        assert_accepted(issued, pki)
        for not_ready in (pdf("extension"), issued):  # unsigned; already sealed
            with pytest.raises(SigningRefused, match="Cơ quan ký số sau người có thẩm quyền"):
                clerk.sign(not_ready)
