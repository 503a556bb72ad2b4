"""`manage.py letter_sample --signed`: the sample signed by its signer and its agency, with a
throw-away identity, or with the keys TIEPCAN_SIGNING_KEYS configures for a user and the
agency (then checked against the configured trust roots like any letter)."""

import io
import json

import pytest
from django.core.management import CommandError, call_command
from pypdf import PdfReader

from requests_flow.letters.signing import AGENCY_FIELD, SIGNER_FIELD
from requests_flow.letters.signing_config import configured_trust
from requests_flow.letters.verification import verify_pdf
from requests_flow.models import Agency
from tests.helpers import make_user

from .conftest import PASSPHRASE, Pki
from .samples import flat

SIGNER = "Đặng Thị Ngọc Ánh"


@pytest.fixture
def agency_with_signer(agency, other_agency) -> Agency:
    Agency.objects.filter(pk=other_agency.pk).update(is_active=False)
    agency.signer_prefix, agency.signer_authority = "KT.", "GIÁM ĐỐC"
    agency.signer_title, agency.signer_name = "PHÓ GIÁM ĐỐC", SIGNER
    agency.save()
    return agency


def run(tmp_path, *args) -> tuple[bytes, str]:
    out = io.StringIO()
    path = tmp_path / "refusal.pdf"
    call_command("letter_sample", "--kind", "refusal", "--out", str(path), *args, stdout=out)
    return path.read_bytes(), out.getvalue()


def test_signed_with_a_throw_away_identity(tmp_path, agency_with_signer):
    pdf, out = run(tmp_path, "--signed")
    assert f"signed: {SIGNER}, Sở Tư pháp tỉnh Tuyên Quang" in out
    result = verify_pdf(pdf)  # the throw-away CA is trusted by nobody
    assert [(s.field, s.signer_name) for s in result.signatures] == [
        (SIGNER_FIELD, SIGNER),
        (AGENCY_FIELD, "Sở Tư pháp tỉnh Tuyên Quang"),
    ]
    assert all(s.intact and s.valid and not s.trusted for s in result.signatures)
    text = flat(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages))
    assert "KT. GIÁM ĐỐC" in text and SIGNER in text


@pytest.fixture
def configured(tmp_path, pki: Pki, settings, monkeypatch):
    """Keys for the user anh.dang (the approver's certificate) and the agency STP, trusted."""
    agency_identity = pki.ca.issue("Sở Tư pháp tỉnh Tuyên Quang")
    keys = tmp_path / "keys.json"
    keys.write_text(
        json.dumps(
            {
                "user:anh.dang": {
                    "pkcs12": str(pki.p12(pki.approver, "approver").path),
                    "passphrase_env": "TIEPCAN_TEST_P12",
                },
                "agency:STP": {
                    "pkcs12": str(pki.p12(agency_identity, "stp").path),
                    "passphrase_env": "TIEPCAN_TEST_P12",
                },
            }
        )
    )
    roots = tmp_path / "roots.pem"
    roots.write_bytes(pki.ca.cert_pem())
    monkeypatch.setenv("TIEPCAN_TEST_P12", PASSPHRASE)
    settings.TIEPCAN_SIGNING_KEYS = str(keys)
    settings.TIEPCAN_SIGNING_TRUST_ROOTS = [str(roots)]
    configured_trust.cache_clear()
    yield
    configured_trust.cache_clear()


def test_signed_with_the_configured_keys(
    tmp_path, agency_with_signer, configured, django_user_model
):
    make_user(django_user_model, "anh.dang", SIGNER)
    pdf, _out = run(tmp_path, "--signed", "--signer-user", "anh.dang")
    assert verify_pdf(pdf).ok
    make_user(django_user_model, "an.nguyen", "Nguyễn Văn An")
    with pytest.raises(CommandError, match=r"TIEPCAN_SIGNING_KEYS has no key for user:an\.nguyen"):
        run(tmp_path, "--signed", "--signer-user", "an.nguyen")


def test_signing_is_refused_in_one_readable_line(
    tmp_path, agency_with_signer, configured, django_user_model
):
    """The letter prints another signer than the user whose key signs: refused with the
    service's sentence, and nothing is written."""
    from django.utils import translation

    make_user(django_user_model, "anh.dang", SIGNER)
    agency_with_signer.signer_name = "Nguyễn Văn An"
    agency_with_signer.save()
    with translation.override("vi"), pytest.raises(CommandError) as refused:
        run(tmp_path, "--signed", "--signer-user", "anh.dang")
    assert "Văn bản không ghi tên người phê duyệt “Đặng Thị Ngọc Ánh”" in str(refused.value)
    assert not (tmp_path / "refusal.pdf").exists()
